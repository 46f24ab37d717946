"""Hypothesis differential tests: generated templates and data through gotmpl and through Go.

The Go side is the conformance oracle (conftest.go_oracle), one long-lived subprocess per
session. Profiles: "ci" (derandomized, 500 examples per property) and "dev" (quick); pick one with
HYPOTHESIS_PROFILE, raise the count with GOTMPL_FUZZ_EXAMPLES. A Go-free property checks that
parsing is stable under String() and that arbitrary text parses or raises ParseError only.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

import pytest
from conformance_support import expected_outcome, outcome
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

gotmpl = pytest.importorskip("gotmpl")
if not hasattr(gotmpl, "Template"):
    pytest.skip("gotmpl.Template has not landed yet", allow_module_level=True)

_EXTRA = int(os.environ.get("GOTMPL_FUZZ_EXAMPLES", "0"))
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=max(500, _EXTRA),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", deadline=None, max_examples=max(60, _EXTRA), suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# --- strategies ----------------------------------------------------------------------------

KEYS = st.sampled_from(["a", "b", "X", "Name", "k1", "é"])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=8),
)
json_data = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)

VARS = ["$", "$x", "$y"]
literal = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["1.5", "0x10", "'a'", "1e3", "true", "false", "nil", "-0.0", "1i"]),
    st.text('abc <>&"\\', max_size=5).map(
        lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    ),
)
field = st.lists(KEYS, min_size=1, max_size=3).map(lambda ks: "." + ".".join(ks))
#: Operands that name no variable (scoped bodies draw their variables from their own scopes).
variable_free_operand = st.one_of(literal, field, st.just("."))
operand = st.one_of(variable_free_operand, st.sampled_from(VARS), field.map(lambda f: "$" + f))
FUNCS = ["print", "len", "index", "not", "and", "or", "eq", "ne", "lt", "printf", "html", "js"]


@st.composite
def commands(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(operand)
    fn = draw(st.sampled_from(FUNCS))
    args = draw(st.lists(operand, min_size=0, max_size=3))
    if fn == "printf":
        args = [draw(st.sampled_from(['"%v"', '"%d %s"', '"%q"', '"%5.2f"', '"%T"']))] + args
    return " ".join([fn, *args])


@st.composite
def pipelines(draw: st.DrawFn) -> str:
    cmds = [draw(commands())]
    for _ in range(draw(st.integers(0, 2))):
        # Later stages take the previous value; some cannot (an operand, a parenthesized
        # pipeline with arguments), which Go reports at the node the previous stage left.
        stage = ["print", 'printf "%v"', "len", "html", "not", ".a", "$x", '(print 1) "s"', "(.)"]
        cmds.append(draw(st.sampled_from(stage)))
    return " | ".join(cmds)


@st.composite
def bodies(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["text", "action", "decl", "if", "range", "with"]))
        if depth >= 2 and kind in ("if", "range", "with"):
            kind = "action"
        p = draw(pipelines())
        if kind == "text":
            parts.append(draw(st.text("ab \n", max_size=4)))
        elif kind == "action":
            parts.append("{{" + p + "}}")
        elif kind == "decl":
            parts.append("{{" + draw(st.sampled_from(["$x", "$y"])) + " := " + p + "}}")
        else:
            inner = draw(bodies(depth + 1))
            els = draw(st.one_of(st.just(""), bodies(depth + 1).map(lambda b: "{{else}}" + b)))
            head = kind + " " + p
            if kind == "range" and draw(st.booleans()):
                head = "range $i, $e := " + p
            parts.append("{{" + head + "}}" + inner + els + "{{end}}")
    # $x/$y must be declared before use; declare them up front.
    return "{{$x := 1}}{{$y := .}}" + "".join(parts)


class _Scopes:
    """What Go's parser lets a template read at one point: the variables declared so far, an
    if's body staying visible in its else list (Go pops them only at {{end}})."""

    def __init__(self) -> None:
        self.names = ["$"]
        self.count = 0

    def fresh(self) -> str:
        self.count += 1
        return f"$v{self.count}"


@st.composite
def _scoped_operand(draw: st.DrawFn, sc: _Scopes, depth: int) -> str:
    pick = draw(st.integers(0, 9))
    if pick < 3:
        return draw(st.sampled_from(sc.names))
    if pick < 4:
        return draw(st.sampled_from(sc.names)) + "." + draw(KEYS)
    if pick < 6 and depth < 3:
        # A parenthesized pipeline, often declaring (Go pushes it where it is evaluated).
        inner = draw(_scoped_pipeline(sc, depth + 1))
        if draw(st.booleans()):
            name = sc.fresh()
            inner = f"{name} := {inner}"
            sc.names.append(name)
        return f"({inner})"
    return draw(variable_free_operand)


@st.composite
def _scoped_pipeline(draw: st.DrawFn, sc: _Scopes, depth: int = 0) -> str:
    fn = draw(st.sampled_from(["", "print", "and", "or", "len", "eq", "not", "index"]))
    count = 1 if not fn else draw(st.integers(1, 3))
    args = [draw(_scoped_operand(sc, depth)) for _ in range(count)]
    return " ".join([fn, *args]) if fn else args[0]


@st.composite
def scoped_bodies(
    draw: st.DrawFn, sc: _Scopes | None = None, depth: int = 0, in_range: bool = False
) -> str:
    """Template bodies dense in variables: declarations in every kind of list (range else
    lists, if bodies read from their else lists), in parenthesized and and/or arguments,
    reassignment at depth, range variables of both forms, break and continue anywhere in a
    range body."""
    sc = sc or _Scopes()
    parts = []
    kinds = ["text", "read", "decl", "assign", "if", "range", "with"]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from([*kinds, "jump"] if in_range else kinds))
        if depth >= 3 and kind in ("if", "range", "with"):
            kind = "decl"
        if kind == "jump":
            parts.append(draw(st.sampled_from(["{{break}}", "{{continue}}"])))
        elif kind == "text":
            parts.append(draw(st.sampled_from(["a", " ", "\n", "|"])))
        elif kind == "read":
            parts.append("{{" + draw(_scoped_pipeline(sc)) + "}}")
        elif kind == "decl":
            pipe = draw(_scoped_pipeline(sc))
            name = sc.fresh()
            sc.names.append(name)
            parts.append(f"{{{{{name} := {pipe}}}}}")
        elif kind == "assign":
            target = draw(st.sampled_from(sc.names))
            parts.append(f"{{{{{target} = {draw(_scoped_pipeline(sc))}}}}}")
        else:
            mark = len(sc.names)
            head = kind + " " + draw(_scoped_pipeline(sc))
            if kind == "range" and draw(st.booleans()):
                names = [sc.fresh(), sc.fresh()]
                if draw(st.booleans()) and len(sc.names) > 2:
                    names = draw(st.permutations(sc.names[1:]))[:2]
                    head = f"range {names[0]}, {names[1]} = " + head[len("range ") :]
                else:
                    head = f"range {names[0]}, {names[1]} := " + head[len("range ") :]
                    sc.names.extend(names)
            body = draw(scoped_bodies(sc, depth + 1, in_range or kind == "range"))
            tail = ""
            if draw(st.booleans()):
                tail = "{{else}}" + draw(scoped_bodies(sc, depth + 1, in_range))
            parts.append("{{" + head + "}}" + body + tail + "{{end}}")
            del sc.names[mark:]
    return "".join(parts)


@st.composite
def jumping_bodies(draw: st.DrawFn) -> str:
    """A range that runs, whose body declares inside nested if/with/range statements (or
    their else lists) and breaks or continues from there, before and after scoped bodies
    that read and declare: a jump skips the nested statements' own cleanup, so the range
    must pop what they pushed."""
    sc = _Scopes()
    before = draw(scoped_bodies(sc, 2))
    mark = len(sc.names)
    head = "range " + draw(st.sampled_from(["2", "3", "$", ". | len"]))
    if draw(st.booleans()):
        names = [sc.fresh(), sc.fresh()]
        head = f"range {names[0]}, {names[1]} := " + head[len("range ") :]
        sc.names.extend(names)
    inside = len(sc.names)
    inner = draw(scoped_bodies(sc, 2, True))
    del sc.names[inside:]  # what the nested statements declare ends with them
    for _ in range(draw(st.integers(1, 3))):  # nested statements, innermost first
        name = sc.fresh()
        cond = draw(st.sampled_from(["1", "$", "0", "eq 1 1"]))
        jump = draw(st.sampled_from(["{{break}}", "{{continue}}"]))
        stmt = draw(st.sampled_from(["if", "with", "range"]))
        body = f"{{{{{name} := {cond}}}}}{inner}{jump}"
        if stmt != "range" and draw(st.booleans()):  # the jump from the else list
            inner = f"{{{{{stmt} not {cond}}}}}{{{{else}}}}{body}{{{{end}}}}"
        else:
            inner = f"{{{{{stmt} {cond}}}}}{body}{{{{end}}}}"
    body = draw(scoped_bodies(sc, 2, True)) + inner + draw(scoped_bodies(sc, 2, True))
    del sc.names[mark:]
    after = draw(scoped_bodies(sc, 2))
    probe = sc.fresh()  # a declaration after it all, read back: the stack is as Go's
    after += f'{{{{{probe} := "probe"}}}}{{{{{probe}}}}}{{{{{draw(st.sampled_from(sc.names))}}}}}'
    return f"{before}{{{{{head}}}}}{body}{{{{end}}}}{after}"


# --- against the oracle ----------------------------------------------------------------------


def _compare(go_oracle: Any, case: dict[str, Any]) -> None:
    want = expected_outcome(go_oracle.run(case))
    got = outcome(case)
    if case["kind"] == "parse" and not want["ok"]:
        want.pop("partial", None)
        got.pop("partial", None)
    assert got == want, case


@pytest.mark.go
@given(text=bodies())
def test_parse_matches_go(go_oracle: Any, text: str) -> None:
    _compare(go_oracle, {"id": "fuzz", "kind": "parse", "template": text})


@pytest.mark.go
@given(text=bodies(), data=json_data, mode=st.sampled_from(["json", "json_int"]))
def test_exec_matches_go(go_oracle: Any, text: str, data: Any, mode: str) -> None:
    case = {"id": "fuzz", "kind": "exec", "template": text, "data_mode": mode, "data": data}
    _compare(go_oracle, case)


@pytest.mark.go
@given(text=scoped_bodies(), data=json_data)
def test_variable_scopes_match_go(go_oracle: Any, text: str, data: Any) -> None:
    case = {"id": "fuzz", "kind": "exec", "template": text, "data_mode": "json_int", "data": data}
    _compare(go_oracle, case)


@pytest.mark.go
@given(text=jumping_bodies(), data=json_data)
def test_jumps_out_of_declaring_statements_match_go(go_oracle: Any, text: str, data: Any) -> None:
    case = {"id": "fuzz", "kind": "exec", "template": text, "data_mode": "json_int", "data": data}
    _compare(go_oracle, case)


DELIMS = st.sampled_from([("{{", "}}"), ("<<", ">>"), ("[[", "]]"), ("(", ")"), ("«", "»")])


@given(text=bodies())
def test_string_roundtrip_is_stable(text: str) -> None:
    try:
        first = str(gotmpl.Template("t").parse(text).tree)
    except gotmpl.ParseError:
        return
    assert str(gotmpl.Template("t").parse(first).tree) == first


@given(
    text=st.text(st.sampled_from(list("{}[]<>()-/*. $\"'`|:=a1\n\t")), max_size=30),
    delims=DELIMS,
)
def test_arbitrary_text_parses_or_raises_parse_error(text: str, delims: tuple[str, str]) -> None:
    with contextlib.suppress(gotmpl.ParseError):
        gotmpl.Template("t").delims(*delims).parse(text)
