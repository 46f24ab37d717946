"""Execution properties that need no Go: only TemplateError escapes, renders are repeatable,
and one parsed template renders correctly from many threads at once."""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

import pytest
from conformance_support import walker_only
from hypothesis import example, given
from hypothesis import strategies as st
from test_differential import KEYS, bodies, json_data, jumping_bodies, scoped_bodies

from gotmpl import ExecError, Template, TemplateError
from gotmpl.funcmaps import FLIPT
from gotmpl.gotypes import (
    ANY,
    BOOL,
    FLOAT64,
    INT,
    STRING,
    GoValue,
    Pointer,
    Struct,
    addressed,
    named,
    ptr_to,
    struct_type,
)

ANY_TEXT = st.text(
    st.sampled_from(list("{}.$|()\"'`:=-+ abcxyz0123456789,\n")) | st.characters(), max_size=40
)
PY_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.complex_numbers(),
        st.text(max_size=5),
        st.binary(max_size=5),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=3), st.integers()), inner, max_size=3),
    ),
    max_leaves=10,
)


def _outcome(t: Template, data: object) -> tuple[str, str]:
    try:
        return "ok", t.execute(data)
    except TemplateError as e:
        return "error", str(e)


@given(text=ANY_TEXT, data=PY_VALUES)
def test_only_template_errors_escape_any_text_on_any_data(text: str, data: object) -> None:
    try:
        t = Template("t").parse(text)
    except TemplateError:
        return
    _outcome(t, data)


@given(text=bodies(), data=PY_VALUES)
def test_only_template_errors_escape_generated_templates(text: str, data: object) -> None:
    try:
        t = Template("t").parse(text)
    except TemplateError:
        return
    _outcome(t, data)


@given(text=bodies(), data=json_data)
def test_two_renders_give_the_same_result(text: str, data: object) -> None:
    t = Template("t").parse(text)
    assert _outcome(t, data) == _outcome(t, data)


def test_one_template_renders_from_many_threads():
    t = Template("t").parse(
        '{{define "row"}}{{.k}}={{printf "%05.1f" .v}};{{end}}'
        '{{range $i, $e := .}}{{if $i}},{{end}}{{template "row" $e}}{{end}}'
    )
    datasets = [[{"k": f"k{i}-{j}", "v": float(i * j)} for j in range(20)] for i in range(8)]
    expected = [t.execute(d) for d in datasets]
    failures: list[str] = []

    def worker(i: int) -> None:
        for _ in range(200):
            if t.execute(datasets[i]) != expected[i]:
                failures.append(f"thread {i}")
                return

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert not failures
    assert all(not th.is_alive() for th in threads)


def test_go_depth_limit_leaves_the_recursion_limit_as_it_was():
    """Go's 100000-deep {{template}} recursion needs a higher recursion limit; leaving it high
    would let C-recursive code (json.loads of deep input) overflow the C stack later."""
    before = sys.getrecursionlimit()
    t = Template("t").parse('{{define "R"}}{{template "R" .}}{{end}}{{template "R" .}}')
    with pytest.raises(ExecError, match=r"exceeded maximum template depth \(100000\)"):
        t.execute(1)
    assert sys.getrecursionlimit() == before
    with pytest.raises(RecursionError):
        json.loads("[" * 200_000)


def _compiled_and_walked(text: str, data: object, safe: bool = False) -> tuple[Any, Any]:
    """The outcomes of two renders of `text` on `data` through compiled bodies (the first
    compiles; the second runs the flat body where the template has one), and through the
    walker alone."""
    t = Template("t", safe=safe).parse(text)
    compiled = _outcome(t, data), _outcome(t, data)
    with walker_only():
        t = Template("t", safe=safe).parse(text)
        walked = _outcome(t, data), _outcome(t, data)
    return compiled, walked


def _flat(paths: list[str], texts: list[str]) -> str:
    """A body of texts and operand actions only: the shape compile.flat_body renders without
    a State."""
    return "".join(t + "{{" + p + "}}" for p, t in zip(paths, texts, strict=False)) + texts[-1]


_FLAT_TEXTS = st.lists(st.sampled_from(["", "|", "é", '"k": "', "\xc3", "\n"]), min_size=5)


@given(text=scoped_bodies(), data=json_data)
def test_variable_scopes_compile_as_the_walker_runs_them(text: str, data: object) -> None:
    """Dense declarations, assignments and reads through compiled bodies and the walker."""
    compiled, walked = _compiled_and_walked(text, data)
    assert compiled == walked


@given(text=jumping_bodies(), data=json_data)
def test_jumps_out_of_declaring_statements_compile_as_the_walker_runs_them(
    text: str, data: object
) -> None:
    """Breaks and continues out of nested statements that declared leave the stack as the
    walker's iteration cleanup does."""
    compiled, walked = _compiled_and_walked(text, data)
    assert compiled == walked


@given(text=bodies(), data=json_data)
def test_generated_bodies_match_the_walker(text: str, data: object) -> None:
    """The compiled bodies and the walker they fall back to agree on every generated
    template."""
    compiled, walked = _compiled_and_walked(text, data)
    assert compiled == walked


def _upper(s: Struct) -> str:
    return str(s.get("S")).upper()


_INNER = struct_type("main.Inner", [("S", STRING), ("N", INT)])
_OUTER = struct_type(
    "main.Outer",
    [
        ("S", STRING),
        ("N", INT),
        ("F", FLOAT64),
        ("B", BOOL),
        ("Named", named("main.MyString", STRING)),
        ("Any", ANY),
        ("In", _INNER),
        ("Ptr", ptr_to(_INNER)),
        ("hidden", STRING),
    ],
    methods={"Upper": _upper},
)
_FIELD_VALUES = {
    "S": st.none() | st.text(max_size=3),
    "N": st.none() | st.integers(-5, 5),
    "F": st.none() | st.floats(-10, 10),
    "B": st.none() | st.booleans(),
    "Named": st.none() | st.text(max_size=3).map(lambda s: GoValue(_OUTER.field("Named").type, s)),
    "Any": st.none()
    | st.text(max_size=2)
    | st.builds(lambda s: Struct(_INNER, S=s), st.text(max_size=2)),
    "In": st.none() | st.builds(lambda s: Struct(_INNER, S=s, N=1), st.text(max_size=2)),
    "Ptr": st.none() | st.builds(lambda s: Pointer(Struct(_INNER, S=s)), st.text(max_size=2)),
    "hidden": st.none() | st.just("h"),
}


@st.composite
def _outer_structs(draw: st.DrawFn) -> object:
    values = {}
    for name, strategy in _FIELD_VALUES.items():
        if draw(st.booleans()):  # unset fields read as their zero value
            values[name] = draw(strategy)
    value = Struct(_OUTER, **values)
    return draw(st.sampled_from([value, Pointer(value), addressed(value)]))


_FIELD_PATHS = [
    ".S",
    ".N",
    ".F",
    ".B",
    ".Named",
    ".Any",
    ".Any.S",
    ".In",
    ".In.S",
    ".Ptr.S",
    ".Ptr",
    ".hidden",
    ".Upper",
    ".Nope",
    ".S.X",
]


@given(
    paths=st.lists(st.sampled_from(_FIELD_PATHS), min_size=1, max_size=4),
    data=_outer_structs(),
)
def test_generated_struct_field_reads_match_the_walker(paths: list[str], data: object) -> None:
    """Field reads on a struct dot (direct, addressable or through a pointer; set, unset and
    nil fields; methods, unexported and interface fields) give what the closure compiler
    gives."""
    text = "".join(
        f'{{{{{p}}}}}|{{{{printf "%v" {p}}}}}|{{{{if {p}}}}}t{{{{end}}}};' for p in paths
    )
    compiled, walked = _compiled_and_walked(text, data)
    assert compiled == walked


class _Plain:
    kind = "class attribute"

    def __init__(self, **attrs: Any) -> None:
        self.__dict__.update(attrs)

    def Greet(self, who: str) -> str:  # noqa: N802 - a Go-style method name
        return "hi " + who

    @property
    def prop(self) -> str:
        return "property"


class _Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a: Any, b: Any) -> None:
        self.a, self.b = a, b


class _Dynamic(_Plain):
    def __getattr__(self, name: str) -> Any:
        return "dyn-" + name


class _Callable(_Plain):
    def __call__(self) -> str:
        return "called"


class _Failure(Exception):
    pass


def _objects() -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.none(), st.integers(-3, 3), st.text("ab", max_size=2), st.booleans(), st.floats(0, 2)
    )
    names = st.sampled_from(["a", "b", "mro", "kind", "prop", "_a", "Greet"])

    def objects(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        attrs = st.dictionaries(names, inner, max_size=3)
        return st.one_of(
            attrs.map(lambda d: _Plain(**d)),
            attrs.map(lambda d: _Dynamic(**d)),
            attrs.map(lambda d: _Callable(**d)),
            st.tuples(inner, inner).map(lambda ab: _Slotted(*ab)),
            attrs.map(lambda d: _Failure("boom", d)),
            st.dictionaries(names, inner, max_size=2),
        )

    return st.recursive(leaf, objects, max_leaves=6)


_OBJECT_PATHS = [".o.a", ".o.b", ".o.a.b", ".o.mro", ".o.kind", ".o.prop", ".o._a", ".o.Greet"]


@given(paths=st.lists(st.sampled_from(_OBJECT_PATHS), min_size=1, max_size=3), obj=_objects())
def test_python_object_attributes_read_as_the_walker_reads_them(paths: list[str], obj: Any) -> None:
    """Attributes of plain Python objects (with methods, properties, slots, __getattr__,
    __call__, exceptions, private and class attributes) read the same inline and in the
    walker."""
    forms = ["{{%s}}", '{{printf "%%v" %s}}', "{{if %s}}t{{end}}", "{{$x := %s}}{{$x}}"]
    text = ";".join(form % p for p in paths for form in forms)
    compiled, walked = _compiled_and_walked(text, {"o": obj})
    assert compiled == walked


_FLAT_OPERANDS = ["."] + _FIELD_PATHS + ['"lit"', "7", "1.5", "true"]


@given(
    paths=st.lists(st.sampled_from(_FLAT_OPERANDS), min_size=1, max_size=4),
    texts=_FLAT_TEXTS,
    data=_outer_structs(),
    safe=st.booleans(),
)
def test_flat_bodies_on_structs_match_the_walker(
    paths: list[str], texts: list[str], data: object, safe: bool
) -> None:
    """Bodies of texts and operand actions (rendered without a State when every operand is
    a string or a number) give the walker's output and errors on every struct shape."""
    compiled, walked = _compiled_and_walked(_flat(paths, texts), data, safe)
    assert compiled == walked


@given(
    paths=st.lists(st.sampled_from(_OBJECT_PATHS), min_size=1, max_size=3),
    texts=_FLAT_TEXTS,
    obj=_objects(),
    safe=st.booleans(),
)
@example(paths=[".o.a", ".o.b"], texts=["<", "|", ">", "", ""], obj=_Plain(a="x", b=1), safe=True)
def test_flat_bodies_on_python_objects_match_the_walker(
    paths: list[str], texts: list[str], obj: Any, safe: bool
) -> None:
    """A flat body of a safe set runs outside the set's policy, so it must not read what the
    policy forbids: attributes of plain objects come out as the walker gives them."""
    compiled, walked = _compiled_and_walked(_flat(paths, texts), {"o": obj}, safe)
    assert compiled == walked


@given(
    paths=st.lists(st.sampled_from([".", ".a", ".b.X", ".Name", ".k1.a", '"x"']), min_size=1),
    texts=_FLAT_TEXTS,
    datas=st.lists(json_data, min_size=1, max_size=4),
)
def test_one_flat_template_renders_a_run_of_data_as_the_walker(
    paths: list[str], texts: list[str], datas: list[object]
) -> None:
    """One template rendering data of changing shapes (the flat body giving up on one of
    them for good) gives what the walker gives for each."""
    text = _flat(paths, texts)
    t = Template("t").parse(text)
    t.execute({})  # compiled on a first render, as a webhook's templates are
    compiled = [_outcome(t, d) for d in datas]
    with walker_only():
        walked = [_outcome(Template("t").parse(text), d) for d in datas]
    assert compiled == walked


@given(
    paths=st.lists(st.sampled_from([".l", ".m", ".m.k", ".l.x"]), min_size=1, max_size=3),
    obj=_objects(),
    safe=st.booleans(),
)
@example(paths=[".m", ".l"], obj=_Plain(a=1), safe=True)
def test_printed_containers_fail_where_the_walker_fails(
    paths: list[str], obj: Any, safe: bool
) -> None:
    """A map or list printed by an action goes to fmt from compiled code; what fmt refuses
    inside it (in safe mode, an object it holds) fails at that action, as printValue does."""
    text = "|".join("{{" + p + "}}" for p in paths)
    compiled, walked = _compiled_and_walked(text, {"l": [obj, 1], "m": {"k": obj}}, safe)
    assert compiled == walked


_CALL_OPERANDS = [".", ".a", ".b", ".k1.a", '"x"', "7"]


@given(
    paths=st.lists(st.sampled_from(_CALL_OPERANDS), min_size=1, max_size=3),
    calls=st.lists(st.booleans(), min_size=3, max_size=3),
    texts=_FLAT_TEXTS,
    datas=st.lists(st.dictionaries(KEYS, PY_VALUES | json_data, max_size=4), max_size=4),
    safe=st.booleans(),
)
def test_flat_bodies_calling_flipts_to_json_match_the_walker(
    paths: list[str], calls: list[bool], texts: list[str], datas: list[object], safe: bool
) -> None:
    """Flipt's toJson in a flat body: its plain form answers for JSON-shaped data and
    declines the rest (floats in exponent form, NaN, surrogates, tuples, bytes, complex
    numbers, keys that are not strings), where toJson itself then runs, or fails, as the
    walker says; over a run of data, as a webhook target renders."""
    ops = [f"toJson {p}" if call else p for p, call in zip(paths, calls, strict=False)]
    text = _flat(ops, texts)
    t = Template("t", safe=safe).funcs(FLIPT).parse(text)
    compiled = [_outcome(t, d) for d in [*datas, *datas]]
    with walker_only():
        w = Template("t", safe=safe).funcs(FLIPT).parse(text)
        walked = [_outcome(w, d) for d in [*datas, *datas]]
    assert compiled == walked


def test_a_function_named_to_json_without_a_plain_form_is_called() -> None:
    """The plain form belongs to Flipt's toJson itself, not to the name: a set's own toJson
    renders its own result in a flat body."""
    t = Template("t").funcs({"toJson": lambda v: f"mine:{v}"}).parse("{{toJson .a}}|{{.b}}")
    assert [t.execute({"a": [1], "b": "x"}) for _ in range(2)] == ["mine:[1]|x"] * 2


_STRINGER = named("main.Name", STRING, methods={"String": lambda v: "named:" + v.value})
_PRINTF_ARGS = st.one_of(
    st.text('ab"é', min_size=1, max_size=3),
    st.integers(-300, 300),
    st.text('ab"é', min_size=1, max_size=3),
    st.integers(-300, 300),
    st.floats(),
    st.booleans(),
    PY_VALUES,
    st.text(max_size=3).map(lambda s: GoValue(_STRINGER, s)),
    st.sampled_from(["\xc3", "\xa9", 'é"\\\n', "\udcff"]),
)


@given(
    verbs=st.lists(
        st.sampled_from(["%v", "%q", "%s", "%d", "%x", "%-5s", "%5.2f", "%t", "%%", "%T"]),
        min_size=1,
        max_size=4,
    ),
    texts=st.lists(st.sampled_from(["", " ", "é", "|"]), min_size=5, max_size=5),
    extra=st.sampled_from([0, 0, 0, -1, 1]),
    datas=st.lists(st.lists(_PRINTF_ARGS, min_size=5, max_size=5), min_size=1, max_size=3),
)
def test_printf_of_a_constant_format_matches_the_walker(
    verbs: list[str], texts: list[str], extra: int, datas: list[list[object]]
) -> None:
    """printf with a constant format of any verbs, the right number of arguments or one too
    few or too many, plain and other values (Stringers, bytes, invalid UTF-8), compiled as
    `%`, as fmt's plain formatter or as the builtin, against the walker."""
    fmt = "".join(t + v for t, v in zip(texts, verbs, strict=False))
    count = max(0, sum(v != "%%" for v in verbs) + extra)
    args = " ".join(f"(index . {i})" if i % 2 else f".a{i}" for i in range(count))
    text = f'{{{{printf "{fmt}" {args}}}}}'
    compiled, walked = [], []
    for values in datas:
        data: Any = {f"a{i}": v for i, v in enumerate(values)} | dict(enumerate(values))
        compiled.append(_compiled_and_walked(text, data)[0])
        walked.append(_compiled_and_walked(text, data)[1])
    assert compiled == walked
