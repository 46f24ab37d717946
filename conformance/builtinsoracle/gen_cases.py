"""Write conformance/cases/builtins_*.jsonl: template cases for every builtin and its errors.

Inputs only; `python -m conformance.regen builtins_compare builtins_funcs` asks Go for the
expected answers. Run: `python -m conformance.builtinsoracle.gen_cases`.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parents[1] / "cases"

# JSON data (json_int: integers are Go int) with one value of each JSON kind.
KINDS_DATA = {"i": 1, "i0": 0, "neg": -1, "f": 1.5, "f1": 1.0, "s": "a", "s2": "b", "e": "",
              "u": "é", "t": True, "ff": False, "n": None, "l": [1], "l2": [1],
              "m": {"k": 1}, "em": {}}  # fmt: skip
# Operands: JSON fields of every kind, a missing key, and every literal form.
OPERANDS = [".i", ".neg", ".f", ".f1", ".s", ".u", ".t", ".n", ".x", ".l", ".m", ".em",
            "1", "-1", "1.5", "1.0", "'a'", "0x61", '"a"', '"b"', "true", "false", "2i",
            "nil", "(.i)", "(.n)"]  # fmt: skip
# Cases whose Go output holds a func's code address (html/print of a func) are left out: the
# address changes with every build. tVal (exec_test.go's T) fields of typed kinds.
TVAL_OPERANDS = [".I", ".U16", ".FloatZero", ".ComplexZero", ".S", ".True", ".SI", ".AI",
                 ".MSI", ".PI", ".NIL", ".U", ".V0", ".Empty3", ".Empty4", ".Str", "3", "-1",
                 "0", "1.5", '"x"', "nil"]  # fmt: skip


_COMPOSITE = {".SI", ".AI", ".MSI", ".V0", ".Str", ".PI", ".U", ".Empty3", ".Empty4"}


def case(cid: str, template: str, mode: str = "json_int", data: Any = KINDS_DATA,
         **extra: Any) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {"id": cid, "kind": "exec", "name": "t", "template": template,
                           "data_mode": mode}  # fmt: skip
    if not mode.startswith("go:") and data is not None:
        out["data"] = data
    out.update(extra)
    return out


def compare_cases() -> list[dict[str, Any]]:
    out = []
    n = 0
    for fn in ("eq", "lt"):
        for a, b in itertools.product(OPERANDS, repeat=2):
            n += 1
            out.append(case(f"{fn}-{n:04d}", f"{{{{{fn} {a} {b}}}}}"))
    small = [".i", ".f", ".s", ".t", ".n", ".x", ".l", "1", "2", "1.5", '"a"', "true", "nil"]
    for fn in ("ne", "le", "gt", "ge"):
        for a, b in itertools.product(small, repeat=2):
            n += 1
            out.append(case(f"{fn}-{n:04d}", f"{{{{{fn} {a} {b}}}}}"))
    for fn in ("eq", "ne", "lt", "le", "gt", "ge"):
        for a, b in itertools.product([".i", ".u", ".f", ".i8", ".s", "1", "-3", "1.0"], repeat=2):
            n += 1
            out.append(case(f"mixed-{fn}-{n:04d}", f"{{{{{fn} {a} {b}}}}}", "go:mixed"))
    for fn, operands in (("eq", TVAL_OPERANDS), ("lt", TVAL_OPERANDS[::2])):
        for a, b in itertools.product(operands, repeat=2):
            if {a, b} & {".PI", ".U"} and {a, b} & _COMPOSITE:
                continue  # Go's message would print a heap address
            n += 1
            out.append(case(f"tval-{fn}-{n:04d}", f"{{{{{fn} {a} {b}}}}}", "go:tVal"))
    typed = {"u8": ["200", "-1", "200.0", "300", '"x"'], "f32": ["0.1", "1", "0.5"],
             "uint14": ["14", "-1", "15"], "int8_5": ["5", "6", "-1"],
             "uint64_5": ["5", "-5"], "cplx": ["1.5", "2i"], "ptrint": ["7", "nil"],
             "nilP": ["nil", "1"], "nilmap": ["nil"], "nilslice": ["nil"], "fn": ["nil"],
             "arr": ["nil", "."], "str": ["."], "anon": [".", "nil"], "bytes": ["nil", "."],
             "runeE": ["101", "'e'", "101.0"], "cplx16": ["16.2-17i", "1"],
             "complex64_1": ["1", "1i", "1+0i"], "uintptr5": ["5", "-5"]}  # fmt: skip
    for fixture, others in typed.items():
        for o in others:
            for fn in ("eq", "lt", "ge"):
                n += 1
                out.append(case(f"{fixture}-{fn}-{n:04d}", f"{{{{{fn} . {o}}}}}", f"go:{fixture}"))
    for tpl in ("{{eq 1 2 3 1}}", "{{eq 1 2 3}}", "{{eq 1 2 \"x\"}}", "{{eq 1 1 \"x\"}}",
                "{{eq .x 1 .y}}", "{{eq .n .x}}", "{{eq 1}}", "{{eq}}", "{{ne 1}}",
                "{{ne 1 2 3}}", "{{lt 1}}", "{{lt 1 2 3}}", "{{eq .l .l2}}", "{{eq .m .m}}",
                "{{eq .l .m}}", "{{eq .m .l}}", "{{eq .l nil}}", "{{eq nil .m}}",
                "{{eq .em nil}}", "{{eq 1 1 (fail)}}", "{{eq 2 1 (fail)}}",
                "{{if eq .i 1}}one{{end}}", "{{1 | eq 1}}", "{{.i | lt 0}}",
                "{{eq \"é\" .u}}", "{{lt \"é\" \"z\"}}", "{{lt \"Z\" \"a\"}}",
                "{{lt \"\" \"a\"}}", "{{lt \"ab\" \"a\"}}"):  # fmt: skip
        n += 1
        out.append(case(f"misc-{n:04d}", tpl, funcs="test"))
    return out


INDEX = [
    "{{index .l 0}}", "{{index .l 1}}", "{{index .l 2}}", "{{index .l -1}}", "{{index .l 1.0}}",
    "{{index .l .i0}}", "{{index .l nil}}", "{{index .l .n}}", "{{index .l .x}}",
    '{{index .l "0"}}', "{{index .l true}}", "{{index .l 'a'}}", "{{index .l}}",
    '{{index .m "k"}}', '{{index .m "zz"}}', "{{index .m 1}}", "{{index .m nil}}",
    "{{index .m .n}}", '{{index .nest "a" 1 "b"}}', '{{index .nest "a" 0 "b"}}',
    '{{index .nest "a" 5}}', '{{index .nest "zz" 0}}', '{{index .nest "a" 0 "b" 0}}',
    '{{index "abc" 1}}', '{{index "abc" 3}}', '{{index "abc" 4}}', '{{index "héllo" 2}}',
    "{{index .s 0}}", "{{index .n 0}}", "{{index .x 0}}", "{{index nil 0}}", "{{index 3 0}}",
    "{{index 1.5 0}}", "{{index true 0}}", "{{index .t 0}}", "{{index .ll 0 1}}",
    "{{index .ll 1 0}}", "{{index .ll 0 0 0}}", "{{index .ln 0 0}}", '{{index . "i"}}',
    '{{index . "x"}}', "{{printf \"%T\" (index \"abc\" 0)}}", "{{index .l 0 | printf \"%T\"}}",
    "{{0 | index .l}}", "{{index .l (len .l)}}", "{{index .l 9223372036854775807}}",
]  # fmt: skip
INDEX_DATA = {**KINDS_DATA, "nest": {"a": [{"b": "deep"}, 2]}, "ll": [[1, 2], [3]],
              "ln": [None], "l": [10, 20]}  # fmt: skip
INDEX_TVAL = [
    "{{index .SI 2}}", "{{index .SI 3}}", "{{index .AI 2}}", "{{index .AI 3}}",
    "{{index .PAI 1}}", '{{index .MSI "one"}}', '{{index .MSI "zz"}}', "{{index .MSI 1}}",
    "{{index .MII 1}}", "{{index .MII 99}}", '{{index .MII "1"}}', "{{index .MI32S 2}}",
    "{{index .MI64S 3}}", "{{index .MUI32S 3}}", "{{index .MUI64S 2}}", "{{index .MI8S 2}}",
    "{{index .MI8S 258}}", "{{index .MUI8S 2}}", "{{index .MUI8S -254}}", "{{index .MXI 1}}",
    '{{index .MXI "one"}}', "{{index .MXI nil}}", "{{index .MXI 1.5}}",
    '{{index .SMSI 1 "eleven"}}',
    "{{index .SI .U16}}", "{{index .SI .I}}", "{{index .NIL 0}}", "{{index .PSI 0}}",
    "{{index .SIEmpty 0}}", "{{index .MSIEmpty \"a\"}}", "{{index .SB 0}}", "{{index .S 0}}",
    "{{index .U 0}}", "{{index .Empty3 0}}", "{{index .Empty4 0}}", "{{index .MSI nil}}",
    "{{index .SI .FloatZero}}", "{{index .SI .True}}",
]  # fmt: skip
SLICE = [
    '{{slice "abcdef" 1 3}}', '{{slice "abc"}}', '{{slice "abc" 1}}', '{{slice "abc" 3}}',
    '{{slice "abc" 4}}', '{{slice "abc" 2 1}}', '{{slice "abc" 0 4}}', '{{slice "abc" 1 2 3}}',
    '{{slice "héllo" 1 2 | printf "%q"}}', '{{slice "abc" -1}}', '{{slice "abc" 1.0}}',
    '{{slice "abc" nil}}', '{{slice "abc" "1"}}', "{{slice .l 1}}", "{{slice .l 1 2}}",
    "{{slice .l 0 1 2}}", "{{slice .l 0 1 3}}", "{{slice .l 1 2 1}}", "{{slice .l 0 0 0}}",
    "{{slice .l 1 2 3 4}}", "{{slice .l .i}}", "{{slice .l (.i)}}", "{{slice .l .n}}",
    "{{slice .l .x}}", "{{$i := .i}}{{slice .l $i}}", "{{slice .n 1}}", "{{slice .x 1}}",
    "{{slice nil}}", "{{slice 3}}", "{{slice .m 0}}", "{{slice .t}}", "{{slice .s}}",
    "{{slice .s 0 1}}", "{{slice .l}}", "{{len (slice .l 1)}}", "{{printf \"%T\" (slice .l 1)}}",
    "{{1 | slice .l}}", '{{slice "abc" 1 1}}', '{{slice "" 0 0}}',
]  # fmt: skip
SLICE_TVAL = [
    "{{slice .SI 1}}", "{{slice .SI 1 2 3}}", "{{slice .SICap 1 5}}", "{{slice .SICap 1 2 5}}",
    "{{slice .SICap 1 2 6}}", "{{slice .AI 1}}", "{{slice .PAI 1}}", "{{slice .PAI 1 2 3}}",
    "{{slice .S 1}}", "{{slice .NIL}}", "{{slice .PSI 1}}", "{{slice .MSI}}", "{{slice .SI .U16}}",
    "{{slice .SIEmpty}}", "{{printf \"%T\" (slice .PAI 1)}}", "{{slice .SB 1}}",
]  # fmt: skip
LEN = [
    '{{len "héllo"}}', "{{len .l}}", "{{len .m}}", "{{len .em}}", "{{len .s}}", "{{len .e}}",
    "{{len 3}}", "{{len .i}}", "{{len .f}}", "{{len .t}}", "{{len .x}}", "{{len .n}}",
    "{{len nil}}", "{{len (.n)}}", "{{len 1.5}}", "{{len true}}", "{{len}}", "{{len .l .l}}",
    "{{.l | len}}", "{{len (index .nest \"a\")}}", "{{len 'a'}}", "{{len 2i}}",
]  # fmt: skip
LEN_TVAL = ["{{len .SI}}", "{{len .AI}}", "{{len .PAI}}", "{{len .MSI}}", "{{len .NIL}}",
            "{{len .PSI}}", "{{len .PI}}", "{{len .S}}", "{{len .U}}", "{{len .SIEmpty}}",
            "{{len .Empty3}}", "{{len .Empty4}}", "{{len .V0}}", "{{len .SMSI}}"]  # fmt: skip
LOGIC = [
    "{{and 1 0 2}}", "{{and 1 2}}", "{{or 0 \"\" 3}}", "{{or 0 \"\"}}", "{{and 1}}", "{{or 0}}",
    "{{and}}", "{{or}}", "{{and 0 (fail)}}", "{{or 1 (fail)}}", "{{and 1 (fail)}}",
    "{{or 0 (fail)}}", "{{0 | and 1}}", "{{1 | or 0}}", "{{2 | and 1}}", "{{0 | or 0}}",
    "{{and .i .x}}", "{{and .x .i}}", "{{or .x .n}}", "{{or .n .x}}", "{{and .l .m}}",
    "{{or .em .l}}", "{{and .t .ff}}", "{{or .ff .e}}", "{{and 1.5 0.0}}", "{{or 0.0 2i}}",
    "{{or nil 1}}", "{{and nil 1}}", "{{printf \"%T\" (and 1 .f)}}", "{{or .x .x | printf \"%v\"}}",
    "{{not 0}}", "{{not 1}}", "{{not \"\"}}", "{{not .x}}", "{{not nil}}", "{{not .n}}",
    "{{not .l}}", "{{not .em}}", "{{not .m}}", "{{not 0.0}}", "{{not 0i}}", "{{not \"0\"}}",
    "{{not}}", "{{not 1 2}}", "{{not .t}}", "{{not .ff}}", "{{.i | not}}",
    "{{if and .i .s}}yes{{end}}", "{{with or .x .s}}{{.}}{{end}}",
]  # fmt: skip
LOGIC_TVAL = ["{{not .V0}}", "{{not .NIL}}", "{{not .PI}}", "{{not .SIEmpty}}", "{{not .AI}}",
              "{{not .ComplexZero}}", "{{not .Empty0}}", "{{not .Empty3}}", "{{and .U .I}}",
              "{{or .NIL .U16}}", "{{not .BinaryFunc}}", "{{not .MSIEmpty}}"]  # fmt: skip
ESCAPE_ARGS = [
    '"<a href=\'x\'>&\\"</a>\\x00"', '1 "<" 2', '"a\'b\\"c\\\\d<e>f&g=h\\ni\\u2028j é"',
    '"\\U000E0001\\x1f\\x7f"', '"\\u00a0\\u200b\\ufeff\\U0001F600"', '"a b&c=d/é?-_.~!*\'()"',
    '1 2 "x y"', ".x", ".n", ".x .x", "nil", '"a" 1 "b" 2 3', ".l", ".m", ".t 1.5 2i",
    '"plain"', "", '"%41 +"', ".u", '"\\t\\r\\n"', "'a'", "(.n)",
]  # fmt: skip
PRINT = [
    '{{print 1 2 "a" "b" 3 nil 4}}', '{{print "a" 1 "b"}}', '{{println 1 "a" 2}}', "{{print}}",
    "{{println}}", "{{print .a .b}}", "{{print .x .n}}", '{{printf "%v %s %T" .n .n .n}}',
    '{{printf "%d-%s" 1 "a"}}', '{{printf "%d" "x"}}', "{{printf}}", "{{printf 1}}",
    '{{printf "%v" .x}}', '{{printf "%T" .x}}', '{{printf "x"}}', '{{printf "%v" .l}}',
    '{{printf "%5.2f|%x|%q" 3.14159 255 "é"}}', '{{"x" | printf "%s-%s" "a"}}',
    "{{print .l .m .f .t}}", "{{println .x}}", '{{printf "%!"}}', '{{printf "%d %d" 1}}',
    '{{printf "%[2]d %[1]d" 1 2}}', "{{print 1.0 1e6 1e-5 2i}}",
]  # fmt: skip
PRINT_TVAL = ["{{print .U}}", "{{print .NIL}}", "{{print .V0}}",
              "{{print .Str}}", "{{print .Err}}", "{{printf \"%v\" .U}}", "{{html .U}}",
              "{{js .PI}}", "{{urlquery .NIL}}", "{{html .V0}}", "{{html .W0}}",
              "{{html .Str}}", "{{js .Err}}", "{{urlquery .V1}}"]  # fmt: skip
CALL = ["{{call nil}}", "{{call .x}}", "{{call .s}}", "{{call .n}}", "{{call}}",
        '{{call .s 1}}', "{{call 1}}"]  # fmt: skip
CALL_TVAL = ['{{call .BinaryFunc "1" "2"}}', '{{call .BinaryFunc "1"}}',
             "{{call .BinaryFunc 1 2}}",
             '{{call .VariadicFunc "a" "b"}}', "{{call .VariadicFunc}}",
             '{{call .VariadicFuncInt 1 "a"}}', "{{call .VariadicFuncInt}}",
             "{{call .NilOKFunc nil}}",
             "{{call .ErrFunc}}", "{{call .PanicFunc}}", "{{call .I}}", "{{call .NIL}}",
             "{{call .TooFewReturnCountFunc}}", '{{"x" | call .BinaryFunc "1"}}']  # fmt: skip
TYPED_FIXTURES = {
    "bytes": ["{{index . 1}}", "{{slice . 1}}", "{{len .}}", "{{html .}}", "{{print .}}"],
    "runes": ["{{index . 1}}", "{{slice . 1}}", "{{len .}}", "{{js .}}"],
    "arr": ["{{index . 2}}", "{{index . 3}}", "{{slice . 1}}", "{{len .}}", "{{not .}}"],
    "intkeys": ["{{index . 3}}", "{{index . 4}}", '{{index . "3"}}', "{{len .}}", "{{index . -1}}"],
    "ifacekeys": ['{{index . "a"}}', "{{index . 2}}", "{{index . 1.5}}", "{{index . true}}",
                  "{{index . nil}}", "{{index . 9}}"],
    "floatkeys": ["{{index . 2.5}}", "{{index . 2}}", "{{index . -1.0}}"],
    "boolkeys": ["{{index . true}}", "{{index . 1}}"],
    "ch": ["{{len .}}", "{{not .}}", "{{index . 0}}", "{{slice .}}"],
    "seq": ["{{len .}}", "{{not .}}", "{{index . 0}}"],
    "nilmap": ['{{index . "a"}}', "{{len .}}", "{{not .}}", "{{index . 1}}"],
    "nilslice": ["{{index . 0}}", "{{slice .}}", "{{slice . 0 0}}", "{{len .}}", "{{not .}}"],
    "ptrint": ["{{len .}}", "{{index . 0}}", "{{not .}}", "{{html .}}"],
    "nilP": ["{{len .}}", "{{index . 0}}", "{{slice .}}", "{{not .}}", "{{html .}}",
             "{{print .}}"],
    "str": ["{{html .}}", "{{js .}}", "{{urlquery .}}", "{{print .}}", "{{len .}}"],
    "err": ["{{html .}}", "{{print .}}", "{{not .}}"],
    "u8": ["{{index \"abc\" .}}", "{{slice \"abc\" .}}", "{{len .}}", "{{not .}}"],
    "fn": ["{{call .}}", "{{not .}}", "{{len .}}", "{{index . 0}}"],
    "anon": ["{{not .}}", "{{len .}}", "{{html .}}", "{{index . 0}}"],
    "emptystruct": ["{{not .}}", "{{html .}}", "{{eq . .}}"],
    "uint64_5": ["{{index \"abcdef\" .}}", "{{slice \"abcdef\" .}}"],
    "msiAB": ['{{index . "a"}}', '{{index . "c"}}', "{{len .}}"],
    "emptyMapPtr": ['{{index . "a"}}', "{{len .}}"],
    "nilMapPtr": ['{{index . "a"}}', "{{len .}}"],
    "P": ["{{len .Tags}}", "{{index .Tags 1}}", '{{index .M "k"}}', '{{index .M "z"}}',
          "{{call .F 4}}", "{{eq .Name \"Ann\"}}", "{{html .Inner}}", "{{not .Nilp}}",
          "{{eq .Nilp nil}}", "{{eq .Any nil}}", "{{len .Any}}", "{{index .Nilp 0}}"],
}  # fmt: skip


def func_cases() -> list[dict[str, Any]]:
    out = []
    groups = [("index", INDEX, INDEX_TVAL, INDEX_DATA), ("slice", SLICE, SLICE_TVAL, INDEX_DATA),
              ("len", LEN, LEN_TVAL, INDEX_DATA), ("logic", LOGIC, LOGIC_TVAL, KINDS_DATA),
              ("print", PRINT, PRINT_TVAL, {**KINDS_DATA, "a": None, "b": None}),
              ("call", CALL, CALL_TVAL, KINDS_DATA)]  # fmt: skip
    for name, plain, tval, data in groups:
        for i, tpl in enumerate(plain):
            out.append(case(f"{name}-{i:03d}", tpl, data=data, funcs="test"))
        for i, tpl in enumerate(tval):
            out.append(case(f"{name}-tval-{i:03d}", tpl, "go:tVal"))
    for fn in ("html", "js", "urlquery"):
        for i, args in enumerate(ESCAPE_ARGS):
            out.append(case(f"{fn}-{i:03d}", f"{{{{{fn} {args}}}}}".replace(" }}", "}}")))
            if args:
                out.append(case(f"{fn}-pipe-{i:03d}", f"{{{{{args} | {fn}}}}}"))
    for fixture, tpls in TYPED_FIXTURES.items():
        for i, tpl in enumerate(tpls):
            out.append(case(f"{fixture}-{i:03d}", tpl, f"go:{fixture}"))
    out.append(case("missingkey-index", '{{index . "y"}}', options=["missingkey=error"]))
    out.append(case("missingkey-zero-index", '{{index . "y"}}', options=["missingkey=zero"]))
    return out


def write(name: str, cases: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), name
    with (CASES / f"{name}.jsonl").open("w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")


def main() -> None:
    write("builtins_compare", compare_cases())
    write("builtins_funcs", func_cases())


if __name__ == "__main__":
    main()
