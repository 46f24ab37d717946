"""Templates reach only the data they are given: no Python internals through fields, methods,
`call` or printing, whatever names a template tries."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from gotmpl import Template, TemplateError

SECRET = "s3cr3t-internal-value"


@dataclass
class Account:
    Name: str
    _token: str = SECRET

    def Greet(self, who: str) -> str:
        return "hi " + who

    def _reset(self) -> str:
        return SECRET


class Service:
    def __init__(self) -> None:
        self.Public = "ok"
        self._private = SECRET

    def Hello(self) -> str:
        return "hello"


DUNDERS = [
    "__class__", "__dict__", "__globals__", "__init__", "__module__", "__doc__", "__code__",
    "__builtins__", "__subclasses__", "__mro__", "__base__", "__reduce__", "__getattribute__",
    "_token", "_private", "_reset", "__self__", "__func__", "__closure__", "f_globals", "mro",
    "keys", "items", "values", "get", "pop", "update", "copy", "append", "format", "join",
    "upper", "encode", "real", "imag", "conjugate", "bit_length", "Name", "Greet", "Public",
]  # fmt: skip
DATA = [Account("Ann"), Service(), {"k": Account("Bob")}, ["x", Service()], "text", 3, 1.5, b"b"]


def render(text: str, data: object) -> str:
    try:
        return Template("t").parse(text).execute(data)
    except TemplateError as e:
        return str(e)


@given(
    path=st.lists(st.sampled_from(DUNDERS), min_size=1, max_size=3),
    data=st.sampled_from(DATA),
    form=st.sampled_from(["{{.%s}}", "{{$.%s}}", "{{(.).%s}}", "{{call .%s}}", "{{print .%s}}"]),
)
def test_no_path_reaches_python_internals(path: list[str], data: object, form: str) -> None:
    out = render(form % ".".join(path), data)
    assert SECRET not in out
    for leak in (
        "<class ",
        "<function ",
        "<bound method",
        "<built-in",
        "object at 0x",
        "mappingproxy",
    ):
        assert leak not in out, out


def test_underscore_names_are_unexported_fields():
    assert render("{{._token}}", Account("Ann")) == (
        'template: t:1:2: executing "t" at <._token>: '
        "_token is an unexported field of struct type main.Account"
    )
    assert SECRET not in render("{{._reset}}", Account("Ann"))
    assert SECRET not in render("{{._private}}", Service())


def test_container_methods_are_not_reachable():
    assert render("{{.keys}}", {"a": 1}) == render("{{.nosuchkey}}", {"a": 1})
    assert "can't evaluate field upper" in render("{{.upper}}", "abc")
    assert "can't evaluate field append" in render("{{.append}}", [1])


def test_call_on_non_functions_is_gos_error():
    assert "non-function .Name of type string" in render("{{call .Name}}", Account("Ann"))
    assert "call of nil" in render("{{call .missing}}", {})


def test_printing_an_object_shows_only_its_public_fields():
    out = render('{{.}} {{printf "%+v" .}}', Account("Ann"))
    assert "Ann" in out and SECRET not in out
