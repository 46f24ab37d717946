"""gotmpl.meta.references: what a template set reads, from its parse trees.

Over every conformance template Go parses: references() works (trees nested thousands deep
included), and what it reports is in the tree (each field path in its template's canonical
text, at a location holding a field or variable, each function an identifier of the text,
each called template a {{template}} of it). Then facts about hand-picked template texts.
"""

from __future__ import annotations

import re

from conformance_support import build, load

import gotmpl
from gotmpl.meta import ELEMENT, references
from gotmpl.strconv.quote import quote

CASES = [
    (cid, case)
    for cid, case, expected in load({"parse", "exec"})
    if expected["ok"] or expected.get("phase") == "exec"
]


def _source_at(t: gotmpl.Template, template: str, where: str) -> str:
    """The source text of `template` (of t's set) from Go's name:line:col (col in bytes)."""
    _, line, col = where.rsplit(":", 2)
    u = t.lookup(template) or t
    assert u.tree is not None
    row = u.tree.root.src.text.split("\n")[int(line) - 1].encode("utf-8", "surrogateescape")
    return row[int(col) :].decode("utf-8", "surrogateescape")


def test_cases_present() -> None:
    assert len(CASES) > 2000


def test_references_are_in_the_tree() -> None:
    checked = 0
    for cid, case in CASES:
        try:
            t = build(case)["t"]
        except (gotmpl.TemplateError, ValueError, TypeError, KeyError):
            continue  # a set Go builds only with its fixtures' funcs (checked elsewhere)
        refs = references(t)
        canon = {u.name: str(u.tree) for u in t.templates() if u.tree is not None}
        everything = "\n".join(canon.values())
        for ref in refs.fields:
            if ref.start == "." or ref.start.startswith("$"):
                assert str(ref) in canon[ref.template], (cid, ref)
            assert _source_at(t, ref.template, ref.where)[:1] in ".$)", (cid, ref)
        for name in refs.functions:
            assert re.search(rf"(?<![\w.$]){re.escape(name)}(?!\w)", everything), (cid, name)
        for name in refs.templates:
            assert f"template {quote(name)}" in everything, (cid, name)
        checked += 1
    assert checked > 2000


def _fields(t: gotmpl.Template) -> list[tuple[str, str, str, list[tuple[str, ...]]]]:
    return [(f.template, f.start, str(f), sorted(f.resolved)) for f in references(t).fields]


def test_dot_follows_with_range_variables_and_template_calls() -> None:
    t = gotmpl.Template("main").parse(
        "{{with .Metadata.Actor}}{{.Email}}{{else}}{{.Type}}{{end}}"
        "{{range $i, $p := .Payload.items}}{{$p.name}}{{.x}}{{$.Type}}{{end}}"
        '{{$a := .Metadata}}{{$a.Actor.IP}}{{template "sub" .Metadata}}'
        '{{define "sub"}}{{.Actor.Name}}{{(index .x 0).Y}}{{len $.z}}{{end}}'
    )
    assert _fields(t) == [
        ("main", ".", ".Metadata.Actor", [("Metadata", "Actor")]),
        ("main", ".", ".Email", [("Metadata", "Actor", "Email")]),
        ("main", ".", ".Type", [("Type",)]),
        ("main", ".", ".Payload.items", [("Payload", "items")]),
        ("main", "$p", "$p.name", [("Payload", "items", ELEMENT, "name")]),
        ("main", ".", ".x", [("Payload", "items", ELEMENT, "x")]),
        ("main", "$", "$.Type", [("Type",)]),
        ("main", ".", ".Metadata", [("Metadata",)]),
        ("main", "$a", "$a.Actor.IP", [("Metadata", "Actor", "IP")]),
        ("main", ".", ".Metadata", [("Metadata",)]),
        ("sub", ".", ".Actor.Name", [("Metadata", "Actor", "Name")]),
        ("sub", ".", ".x", [("Metadata", "x")]),
        ("sub", "(index .x 0)", "(index .x 0).Y", []),
        ("sub", "$", "$.z", [("Metadata", "z")]),
    ]
    refs = references(t)
    assert refs.variables == {"$", "$i", "$p", "$a"}
    assert refs.functions == {"index", "len"}
    assert refs.templates == {"sub"}


def test_assignment_and_calls() -> None:
    t = (
        gotmpl.Template("t")
        .funcs({"f": str})
        .parse(
            "{{$v := .A}}{{if .c}}{{$v = .B}}{{end}}{{$v.X}}"
            '{{(f .D).E}}{{with f .G}}{{.H}}{{end}}{{.M 1}}{{template "none"}}'
        )
    )
    got = {str(f): sorted(f.resolved) for f in references(t).fields}
    assert got["$v.X"] == [("A", "X"), ("B", "X")]
    assert got["(f .D).E"] == [] and got[".H"] == [] and got[".M"] == [("M",)]
    assert references(t).templates == {"none"}


def test_where_is_gos_location() -> None:
    t = gotmpl.Template("n").parse("ab\n{{ .A.B }} {{ $x := 1 }}{{ $x }}")
    (ref,) = references(t).fields
    line, col = ref.where.split(":")[1:]
    assert (ref.where, _source_at(t, "n", ref.where)[:2]) == ("n:2:5", ".B")
    assert (line, col) == ("2", "5")


def test_deep_trees() -> None:
    depth = 3000
    src = "{{with .a}}" * depth + "{{.z}}" + "{{end}}" * depth
    (ref,) = references(gotmpl.Template("d").parse(src)).fields[-1:]
    assert ref.resolved == {("a",) * depth + ("z",)}
    parens = "{{" + "(" * 500 + ".x.y" + ")" * 500 + ".w}}"
    assert [str(f) for f in references(gotmpl.Template("p").parse(parens)).fields] == [
        ".x.y",
        "(" * 500 + ".x.y" + ")" * 500 + ".w",
    ]


def test_template_never_parsed() -> None:
    refs = references(gotmpl.Template("e"))
    assert (refs.fields, refs.variables, refs.functions, refs.templates) == (
        (),
        set(),
        set(),
        set(),
    )
