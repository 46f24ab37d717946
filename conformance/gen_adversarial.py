"""`python -m conformance.gen_adversarial`: write cases/exec_adversarial.jsonl.

A few minimal cases for each class of difference the adversarial generators found
(conformance/adversarial; see `python -m conformance.adversarial --shrink`), most of them the
generators' own reduced reproducers. Ids are `adv/<class>/<n>`. Expected results come only
from Go: `python -m conformance.regen exec_adversarial`. Data stays under 600 levels deep so
the fixture runners' JSON loading (Python's default recursion limit) can read every line.
"""

from __future__ import annotations

from typing import Any

from conformance.adversarial.common import nest
from conformance.gen_common import Ids, case, write_cases

FLIPT = {"name": "", "funcs": "flipt", "data_mode": "flipt_event"}


def _event(payload: Any) -> dict[str, Any]:
    return {
        "version": "0.2",
        "type": "flag",
        "action": "created",
        "metadata": {"actor": {"authentication": "token", "ip": "10.0.0.1"}},
        "payload": payload,
        "timestamp": "2024-05-01T10:00:00Z",
        "status": "success",
    }


def _chain(n: int) -> str:
    arms = "".join(f"{{{{else if eq . {i}}}}}{i}" for i in range(1, n))
    return "{{if eq . 0}}0" + arms + "{{else}}none{{end}}"


# (class, template, options): one row per case; the class names the findings table's row.
CASES: list[tuple[str, str | bytes, dict[str, Any]]] = [
    # 1. A declaration in the else-list of a range without variables shifts later ones.
    ("range-else-decl", '{{range .e}}{{else}}{{$y := "Y"}}{{end}}{{$a := 2}}{{$a}}',
     {"data": {"e": []}}),
    ("range-else-decl",
     '{{ range .Payload.variants }}{{ else }}{{ $note := "none" }}{{ end }}'
     '{{- $color := "good" -}}{"color": "{{ $color }}"}',
     {**FLIPT, "data": _event({"key": "k", "variants": []})}),
    ("range-else-decl",
     '{{range .e}}{{else}}{{$n := 3}}{{end}}{{$c := "x"}}{{if eq $c "good"}}g{{end}}',
     {"data": {"e": []}, "data_mode": "json_int"}),
    ("range-else-decl",
     "{{range .e}}{{else}}{{$n := 10}}{{end}}{{$p := .m}}{{range $k, $v := $p}}{{$k}}{{end}}",
     {"data": {"e": [], "m": {"a": 1}}, "data_mode": "json_int"}),
    # 2. A declaration inside a parenthesized argument shifts or hides later variables.
    ("paren-decl", "{{print ($y := 1)}}{{$a := 2}}{{$a}}", {}),
    ("paren-decl", "{{$x := (not ($y := .))}}{{print $y $x}}", {"data": {}}),
    ("paren-decl", "{{$x := 1}}{{($x := 2)}}{{$x}}", {}),
    ("paren-decl", "{{range $k, $v := .}}{{print ($v := 1)}}{{$v}}{{end}}", {"data": [5]}),
    ("paren-decl", "{{print ($ := 5)}}{{$}}", {"data": {"a": 1}}),
    ("andor-decl", "{{$v := and .t ($b := .) | len}}{{print $b $v}}", {"data": {"t": True}}),
    ("andor-decl", '{{$e := or "" ($e := (not "s")) -1}}{{print $e}}', {"data_mode": "json_int"}),
    # 3. A variable undefined at run time: Go names the variable's node.
    ("undefined-at-run-time", '{{or "s" ($i := 1)}}{{print $i}}', {}),
    ("undefined-at-run-time", "{{if false}}{{$x := 1}}{{else}}{{$x}}{{end}}", {}),
    ("undefined-at-run-time", "{{$x := $x}}", {}),
    ("undefined-at-run-time", "{{with or .t ($a := -1)}}{{not $a}}{{end}}", {"data": {"t": True}}),
    ("undefined-at-run-time",
     "{{or (not .m) ($ := not $.l) (and $ ($a := print -1 1))}}{{print $a}}",
     {"data": {"m": {"a": 1}, "l": [1]}}),
    # 4. Nesting Go handles: control structures, parentheses and calls, data.
    ("deep-controls", "{{if 1}}" * 200 + "x" + "{{end}}" * 200, {}),
    ("deep-controls", "{{with .}}" * 200 + "{{.}}" + "{{end}}" * 200, {"data": "s"}),
    ("deep-controls", "{{range .}}" * 200 + "{{.}}" + "{{end}}" * 200, {"data": nest(7, 200)}),
    ("deep-controls", _chain(165), {"data": 164, "data_mode": "json_int"}),
    ("deep-controls", "{{if 1}}" * 10000 + "x" + "{{end}}" * 10000, {}),
    ("deep-parens", "{{" + "print (" * 150 + "1" + ")" * 150 + "}}", {}),
    ("deep-parens", "{{print " + "(" * 330 + "1" + ")" * 330 + "}}", {}),
    ("deep-parens", "{{print " + "(" * 10000 + "1" + ")" * 10000 + "}}", {}),
    # Go's parser limit itself (equal today): a guard for the redesign.
    ("deep-parens", "{{print " + "(" * 10001 + "1" + ")" * 10001 + "}}", {}),
    ("deep-data", "{{.}}", {"data": nest(1, 505)}),
    ("deep-data", '{{printf "%#v" .}}', {"data": nest("s", 400)}),
    ("deep-data", "{{eq . .}}", {"data": nest(1, 400)}),
    # 5. Go strings are bytes.
    ("string-bytes", '{{eq "\\xc3\\xa9" "é"}}', {}),
    ("string-bytes", '{{toJson "\\xc3\\xa9"}}|{{printf "%q %x" "\\303\\251" "\\xc3\\xa9"}}',
     {"funcs": "test"}),
    ("string-bytes", '{{index . "\\xc3\\xa9"}}', {"data": {"é": 1}}),
    ("string-bytes", '{{define "\\xc3\\xa9"}}[{{.}}]{{end}}', {"data": 1, "execute": "é"}),
    ("string-bytes", '{{define "\\xe2\\x80\\xa8"}}{{.x.y}}{{end}}{{template "\\xe2\\x80\\xa8" 1}}',
     {}),
    # 6. Letters and digits of Unicode 15-17 in identifiers.
    ("recent-unicode", "{{.a\U00011f50}}", {"data": {"a\U00011f50": "ok"}}),
    ("recent-unicode", "{{$x\U00010d4a := 1}}{{$x\U00010d4a}}", {}),
    ("recent-unicode", "{{range $\U0001e4d0b, $e := .}}{{$\U0001e4d0b}}{{end}}", {"data": [5, 6]}),
    ("recent-unicode", "{{a\U00016d40 1 2}}",
     {"funcs": "test", "func_aliases": {"a\U00016d40": "add"}}),
    # 7. Template names Go formats into its messages; raw bytes Go reads as U+FFFD.
    ("percent-name", "{{end}}", {"name": "a%sb"}),
    ("percent-name", "{{.missing}}", {"name": "100%", "options": ["missingkey=error"], "data": {}}),
    ("percent-name", "{{.n.x}}", {"name": "%%", "data": {"n": None}}),
    ("percent-name", "{{nofunc 1}}", {"name": "%[2]v"}),
    ("percent-name", "{{fail}}", {"name": "%!", "funcs": "test"}),
    ("raw-bytes", b"{{ \xff }}", {}),
    ("raw-bytes", b'{{len "\xe9"}}|{{printf "%q" "\xc0\x80"}}', {}),
    # 8. eq/ne on a struct whose interface field holds a map.
    ("uncomparable", "{{eq . .}}", {**FLIPT, "data": _event({"key": "k"})}),
    ("uncomparable", "{{ne $ .}}", {**FLIPT, "data": _event({"a": [1]})}),
    # 10. A JSON-decoded list's capacity (append growth) bounds `slice`.
    ("json-capacity", "{{slice .l 0 4}}", {"data": {"l": [1, 2, 3]}}),
    ("json-capacity", "{{slice .l 1 2 4}}", {"data": {"l": [1, 2, 3]}}),
    ("json-capacity", "{{slice .l 4}}", {"data": {"l": [1, 2, 3]}}),
    # New: names in Go's own messages are quoted with %q.
    ("quoted-names", "x", {"execute": 'a\nb\\c"d'}),
    ("quoted-names", "x", {"funcs": "test", "func_aliases": {"a\u200d": "add"}}),
    ("quoted-names", "x", {"funcs": "test", "func_aliases": {"a\nb": "add"}}),
    # New: Funcs rejects names Go's identifier rule rejects (numbers that are not Nd).
    ("func-name-rule", "{{\u00b2b 1 2}}", {"funcs": "test", "func_aliases": {"\u00b2b": "add"}}),
    ("func-name-rule", "{{a\u216b 1 2}}", {"funcs": "test", "func_aliases": {"a\u216b": "add"}}),
]  # fmt: skip


def adversarial_cases() -> list[dict[str, Any]]:
    """The case dicts, ids `adv/<class>/<n>`."""
    ids = Ids()
    out = []
    counts: dict[str, int] = {}
    for cls, text, opts in CASES:
        counts[cls] = counts.get(cls, 0) + 1
        out.append(case(ids(f"adv/{cls}/{counts[cls]}"), "exec", text, **opts))
    return out


def main() -> None:
    """Write conformance/cases/exec_adversarial.jsonl."""
    write_cases("exec_adversarial", adversarial_cases())


if __name__ == "__main__":
    main()
