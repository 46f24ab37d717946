"""Write the fmt/json case files: conformance/cases/fmt_print, fmt_printf, json_marshal (.jsonl).

Inputs only; Go's answers come from `python -m conformance.regen fmt_print fmt_printf
json_marshal`. Every template is one call `{{F ARG...}}` with F in printf/print/println/toJson/
typeOf and ARGs that are literals or field references, so tests/test_gofmt.py and
tests/test_gojson.py can replay each case as a direct gofmt/gojson call.

Run: `python conformance/fmtoracle/gen_cases.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parent.parent / "cases"

# json_int data: integers are Go int, other numbers float64.
DATA: dict[str, Any] = {
    "i": 42,
    "neg": -42,
    "z": 0,
    "big": 9007199254740993,
    "f": 3.14159,
    "fneg": -2.5,
    "fone": 1.0,
    "fhalf": 0.5,
    "fbig": 1e21,
    "fmil": 1000000.0,
    "fsmall": 1e-7,
    "fexp": 1.234567e-5,
    "s": "héllo",
    "e": "",
    "q": 'a"b\\c\n\t<>',
    "u": "日本😀",
    "b": True,
    "bf": False,
    "n": None,
    "l": [1, "a", None, 2.5, True],
    "li": [1, 2, 3],
    "m": {"b": 1, "a": [1, 2], "c": {"z": None, "y": "s"}},
    "el": [],
    "em": {},
}
VALUE_KEYS = list(DATA)
VERBS = [
    "v", "+v", "#v", "T", "d", "s", "q", "x", "X", "o", "O", "b",
    "e", "E", "f", "F", "g", "G", "t", "c", "U", "p", "w",
]  # fmt: skip
FIXTURES = [
    "str", "err", "mixed", "intkeys", "ifacekeys", "floatkeys", "boolkeys", "bytes", "runes",
    "cplx", "f32", "u8", "arr", "anon", "nilmap", "nilslice", "nilP", "PP", "emptystruct",
    "uint14", "cplx16", "ints", "int8_5", "uint64_5", "uintptr5", "runeE", "complex64_1",
    "arr0", "bytesEmpty", "msiAB", "nilIntPtr", "nilMapPtr",
]  # fmt: skip
FIXTURE_VERBS = ["v", "+v", "#v", "T", "d", "s", "q", "x", "5v", "-8v|", "e", "t"]


# Maps and slices of the kind the render path's fast paths (gojson's C encoder, gofmt's %v of
# plain data) take or must step aside from: float thresholds, HTML characters, U+2028/U+2029,
# key order beyond ASCII, nested empties, nulls, -0 and huge integers.
FAST_PATH_VALUES: dict[str, Any] = {
    "payload": {"key": "flipt", "rank": 1, "rollout": 50.5, "enabled": True, "x": None,
                "threshold": {"percentage": 100.0, "value": False}, "tags": ["a", "b"]},
    "floats": {"a": [9.99e-5, 0.0001, 0.00012, 9999999999999998.0, 1e16, 1.5e16, -0.0001,
                     -1e16, 0.0, -0.0, 9007199254740992.0, 100.0, 123456.0, 0.5, -3.0],
               "b": 1e-4, "c": 1e15, "d": 1e20, "e": 1e21, "f": 1e-6, "g": 1e-7},
    "html": {"<k>": "a<b>&c", "&": ["<", ">", "&", "&amp;"], "q": "\"\\/\b\f\n\r\t"},
    "lines": {"\u2028": "a\u2028b\u2029c", "l": ["\u2029"], "é\u2028": 1},
    "keys": {"é": 1, "z": 2, "日": 3, "😀": 4, "\ue000": 5, "\uffff": 6, "A": 7, "\u007f": 8,
             "\u0080": 9, "\u2028": 10, "ÿ": 11, "Ā": 12, "": 13, "a b": 14, "a": 15},
    "empties": {"a": {}, "b": [], "c": [{}], "d": {"e": [], "f": {}}, "g": [[], [[]]], "h": ""},
    "nulls": {"a": None, "b": [None], "c": {"d": None}, "e": [None, {"f": None}]},
    "negzero": {"a": -0.0, "b": [-0.0, 0.0], "c": -0.5},
    "huge": {"a": 9223372036854775807, "b": -9223372036854775808, "c": 1.8446744073709552e19,
             "e": [9007199254740993, 1e300, 1.2345678901234568e29]},
    "dotzero": {"v": "1.0", "w": "x.0,", "y": ".0]", "z": ".0}", "n": 1.0, "m": [2.0, "3.0"]},
    "controls": {"\u0000": "\u0001\u001f\u007f", "\t": ["\u000b", "\u001b"]},
    "vfloats": [1e-4, 9.99e-5, 999999.0, 1e6, 999999.9999999999, -999999.5, 123456.0, 0.5, -2.0,
                1e20, 1e21, 0.0, -0.0, 3.0, 1e-7, {"a": 1e6, "b": [12345.678, -1e-4]}],
    "deep": {"a": [{"b": [{"c": {}}, [], None, True]}, ["x", ["y", []]]], "z": {"y": {"x": 1}}},
}  # fmt: skip


def q(s: str) -> str:
    """A Go string literal for `s` (JSON's escapes are valid Go escapes)."""
    return json.dumps(s, ensure_ascii=False)


class Writer:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.rows: list[dict[str, Any]] = []
        self.ids: set[str] = set()

    def add(self, cid: str, template: str, mode: str = "json_int", data: Any = None) -> None:
        cid = f"{self.prefix}/{cid}"
        n = 2
        base = cid
        while cid in self.ids:
            cid = f"{base}#{n}"
            n += 1
        self.ids.add(cid)
        row: dict[str, Any] = {"id": cid, "kind": "exec", "name": "t", "template": template}
        row["funcs"] = "test"
        row["data_mode"] = mode
        if data is not None and not mode.startswith("go:"):
            row["data"] = data
        self.rows.append(row)

    def write(self, name: str) -> int:
        path = CASES / f"{name}.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) for r in self.rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return len(lines)


def printf_cases() -> Writer:
    w = Writer("printf")
    # Every verb against every kind of JSON-decoded value.
    for verb in VERBS:
        for key in VALUE_KEYS:
            if verb == "p" and key in ("l", "li", "m", "el", "em"):
                continue  # a real heap address
            w.add(f"{verb}/{key}", "{{printf " + q("%" + verb) + " ." + key + "}}", data=DATA)
    # Every verb against typed Go fixtures.
    for fx in FIXTURES:
        fmt = "|".join("%" + v for v in FIXTURE_VERBS)
        w.add(f"fixture/{fx}", "{{printf " + q(fmt) + " . . . . . . . . . . . .}}", f"go:{fx}")
        # %w outside Errorf: the whole operand in one %!w(...), except where fmt prints []byte.
        w.add(f"fixturew/{fx}", '{{printf "%w|%5w|%#w|%+w" . . . .}}', f"go:{fx}")
    # Flags, width and precision per kind (literal arguments).
    ints = ["0", "7", "-7", "255", "-255", "65", "128512", "9223372036854775807"]
    int_fmts = [
        "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "% 05d", "%.3d", "%8.3d", "%.0d",
        "%#x", "%#X", "%#o", "%#b", "%#O", "%08b", "%-#10x|", "%x", "%X", "%c", "%q",
        "%+q", "%#q", "%U", "%#U", "%#.6U", "%5c|", "%-6q|", "%v", "%#v", "%+v",
    ]  # fmt: skip
    for f in int_fmts:
        w.add(f"int/{f}", "{{printf " + q("[" + f + "]" * len(ints)) + " " + " ".join(ints) + "}}")
    floats = [
        "0.0", "-0.0", "1.0", "2.5", "3.5", "-0.4", "0.15", "1234.5678", "1e21", "1e20",
        "1e-7", "123456.0", "1234567.0", "0.0001", "0.00001", "100.0", "1e100", "0.1",
        "9007199254740993.0", "5e-324", "1.7976931348623157e308", "0.3",
    ]  # fmt: skip
    float_fmts = [
        "%v", "%e", "%E", "%f", "%F", "%g", "%G", "%x", "%X", "%b", "%.0f", "%.1f", "%.2f",
        "%.3e", "%.0e", "%.3g", "%.10g", "%.2g", "%.0g", "%#g", "%#.3g", "%#v", "%8.3f",
        "%-8.2f|", "%08.3f", "%+.1f", "% .2f", "%+08.2f", "%#.0f", "%#.0e", "%#x", "%.2x",
        "%.0x", "%10.3v", "%-10v|", "%+v", "%#.4x", "%020.3e", "%.20f", "%.17g", "%#.20g",
    ]  # fmt: skip
    for f in float_fmts:
        w.add(
            f"float/{f}",
            "{{printf " + q("[" + f + "]" * len(floats)) + " " + " ".join(floats) + "}}",
        )
    strs = ['""', '"abc"', '"héllo"', '"a\\"b"', '"back`q"', '"\\u00e9\\t\\n"', '"日本😀"']
    str_fmts = [
        "%s", "%5s", "%-5s|", "%.2s", "%5.1s", "%05s", "%.0s", "%q", "%+q", "%#q", "%#+q",
        "%x", "%X", "% x", "%#x", "% #X", "%.2x", "%10x", "%-10x|", "%v", "%#v", "%8q",
        "%T", "%10T|", "%d", "%t",
    ]  # fmt: skip
    for f in str_fmts:
        w.add(f"str/{f}", "{{printf " + q("[" + f + "]" * len(strs)) + " " + " ".join(strs) + "}}")
    for f in ["%t", "%5t", "%-6t|", "%v", "%#v", "%q", "%d", "%s", "%x"]:
        w.add(f"bool/{f}", "{{printf " + q(f + "," + f) + " true false}}")
    # Compound values apply the verb per element.
    for f in ["%3v", "%q", "%5.1f", "%x", "%X", "%d", "%s", "%05d", "%-4v|", "%+q", "%#v", "%e"]:
        w.add(f"compound/{f}", "{{printf " + q(f + "|" + f + "|" + f) + " .li .l .m}}", data=DATA)
    # Error forms and argument handling.
    errors = [
        ('"%d" 1 2', None), ('"%d" 1 "a" nil 2.5', None), ('"%d %d" 1', None),
        ('"%" 1', None), ('"abc%"', None), ('"%z" 1', None), ('"%%|%5%|%v"', None),
        ('"%!" 1', None), ('"%[2]d %[1]d" 1 2', None), ('"%[2]d %d" 1 2 3', None),
        ('"%d %d %#[1]x %#x" 16 17', None), ('"%[3]d %[0]d %[x]d" 1 2', None),
        ('"%[3]*.[2]*[1]f" 12.0 2 6', None), ('"%[1]d %[1]d %[1]d" 5', None),
        ('"%[2]*[1]d" 12 5', None), ('"%[5]d"', None), ('"%[1]"', None), ('"%[1"', None),
        ('"%[]d" 1', None), ('"%[-1]d" 1', None), ('"%[1]2d" 1', None), ('"%[1].2d" 1', None),
        ('"%.[2]d" 1 2', None), ('"%*d|%-*d|%.*f|%*d|" 5 42 5 42 2 3.14159 -5 42', None),
        ('"%*d" "x" 42', None), ('"%.*d" "x" 42', None), ('"%*d" 10000000 1', None),
        ('"%.*d" -1 42', None), ('"%.*d" 1000001 42', None), ('"%*d" 1000001 1', None),
        ('"%-*d|" 3 1', None), ('"%*s" nil "x"', None), ('"%.*s" 2.0 "abc"', None),
        ('"%d %s %v %T %x" nil nil nil nil nil', None), ('"%s %d" .n .n', DATA),
        ('"%v %s" .nokey .nokey', DATA), ('"%d" "x"', None), ('"%d" 1.5', None),
        ('"%s" 1', None), ('"%t" 1', None), ('"%s" nil', None), ('"%d" 1e3', None),
        ('"%s" \'x\'', None), ('"%v %d %s" \'x\' \'é\' \'😀\'', None),
        ('"%c|%c|%c" -1 1114112 55296', None),
        ('"%U %U" -1 1114112', None), ('"%q %q" 55296 -5', None), ('"%5.2%|%-5%|"', None),
        ('"%123456789d" 1', None), ('"%.123456789d" 1', None), ('"%1000" 1', None),
        ('"%é %☺" 1 2', None), ('"%-+ #0d" 5', None), ('"%0-5d|" 5', None),
        ('"%+-5d|" 5', None), ('"%x %X" -1 -9223372036854775807', None),
        ('"%08.3d|%-08d|" -5 -5', None), ('"%#08x|%# x|" 255 255', None),
        ('"%6.2v|%-6.3v|" 3.14159 "abcdef"', None), ('"%[1]v %[1]T %[1]q" "x"', None),
        ('"%v|%s|%q" .l .l .l', DATA), ('"%d" .m', DATA), ('"%s" .m', DATA),
        ('"%x" .l', DATA), ('"%t" .l', DATA),
        ('"%w|%5w|%-5w|%#w|%+w|%.2w" 1 "x" 2.5 .l .m nil', DATA), ('"%w %[1]w %w" 1', None),
        ('"%w" .li', DATA), ('"%w" .em', DATA), ('"%#w" .m', DATA), ('"%w %d" .n .i', DATA),
    ]  # fmt: skip
    for i, (args, data) in enumerate(errors):
        w.add(f"error/{i}", "{{printf " + args + "}}", data=data)
    return w


def print_cases() -> Writer:
    w = Writer("print")
    for key in VALUE_KEYS + ["nokey"]:
        w.add(f"one/{key}", "{{print ." + key + "}}", data=DATA)
        w.add(f"ln/{key}", "{{println ." + key + "}}", data=DATA)
        w.add(f"type/{key}", "{{typeOf ." + key + "}}", data=DATA)
    pairs = [
        ("i", "i"), ("s", "s"), ("i", "s"), ("s", "i"), ("n", "n"), ("s", "n"), ("n", "s"),
        ("e", "e"), ("l", "m"), ("f", "b"), ("s", "e"), ("e", "i"), ("nokey", "i"),
    ]  # fmt: skip
    for a, b in pairs:
        w.add(f"two/{a}-{b}", f"{{{{print .{a} .{b}}}}}", data=DATA)
        w.add(f"twoln/{a}-{b}", f"{{{{println .{a} .{b}}}}}", data=DATA)
    lits = [
        "1 2", '"a" "b"', '1 "a" 2', '"a" 1 "b"', "nil nil", "1 nil", '"" ""', "1.5 2.5",
        "true false", "'x' 1", '"x" 1.0 "y"', "1e6 1e-5 1e21 123456.0 1234567.0 0.0001",
        "-0.0 0.30000000000000004 9007199254740992.0 100.0",
    ]  # fmt: skip
    for i, args in enumerate(lits):
        w.add(f"lit/{i}", "{{print " + args + "}}")
        w.add(f"litln/{i}", "{{println " + args + "}}")
    floats = [1.0, 2.5, 1e6, 1e-05, 123456.0, 1234567.0, 123456.7, 0.0001, 100.0, 1e21, -0.0,
              0.30000000000000004, 9007199254740992.0, 1e-300, 5e-324, 1.7976931348623157e308,
              123456789.0, 0.000123, 1e15, 1e16, 12345678.9]  # fmt: skip
    w.add("floats", "{{print .}}", data=floats)
    for i, x in enumerate(floats):
        w.add(f"float/{i}", "{{print .}}", data=[x])
    for fx in FIXTURES:
        w.add(f"fixture/{fx}", "{{print .}}", f"go:{fx}")
        w.add(f"fixturetype/{fx}", "{{typeOf .}}", f"go:{fx}")
        w.add(f"fixtureln/{fx}", "{{println . .}}", f"go:{fx}")
    w.add("fixture/mixed.i", "{{print .i .u .f .i8 .s}}", "go:mixed")
    w.add("fixture/mixed.types", '{{printf "%T %T %T %T %T" .i .u .f .i8 .s}}', "go:mixed")
    w.add("fixture/PP.fields", "{{print .Name .Age .Inner .Tags .M .Nilp .Any}}", "go:PP")
    for name, v in FAST_PATH_VALUES.items():
        w.add(f"fast/{name}", "{{print .}}", data=v)
        w.add(f"fastf/{name}", "{{print .}}", "json", data=v)
    return w


def json_cases() -> Writer:
    w = Writer("json")
    for key in VALUE_KEYS + ["nokey"]:
        w.add(f"key/{key}", "{{toJson ." + key + "}}", data=DATA)
    w.add("all", "{{toJson .}}", data=DATA)
    w.add("all/float", "{{toJson .}}", "json", data=DATA)
    values: list[Any] = [
        {"b": 1, "a": [1, 2.5, None, True, "x"], "B": {}, "_": [], "aa": 0, "é": 1, "Z": 2,
         "10": 3, "9": 4},
        '<a href="x">&\'\u2028\u2029\u0000\u001f\t\n\r\b\f\u007fé😀\\/',
        [1000000.0, 1e20, 1e21, 1e-06, 1e-07, 0.1, 100.0, -0.0, 1.5e300, 1.2345678901234567e19,
         1.234e-06, 5e-324, 1.7976931348623157e308, 0.30000000000000004, 123456789.0, 1e-300],
        9007199254740993, -9223372036854775808, 9223372036854775807, 0, -1,
        {"a<": 1, "a[": 2, "a;": 3, "a\\": 4, "a\"": 5, "a\n": 6, "a\u007f": 7, "aé": 8},
        [[], {}, [[]], [{}], {"x": []}], "", " ", "\u2028", "日本語", "😀", "\ufffd", "\ufeff",
        {"": 1}, [None, None], True, False, None, [True, False, None, 0, "", [], {}],
        {"z": {"y": {"x": {"w": [1, [2, [3, {"v": None}]]]}}}},
        "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u000b\u000e\u000f\u0010\u0011\u001a\u001b",
        "<script>alert('x' && \"y\")</script>", [0.1, 0.2, 0.7, 1.1, 2.675, 1e-5, 12345.6789],
        [1e15, 1e16, 1e17, 123456789012345680000.0, 999999999999999900000.0, 1e-6, 9.99e-7],
    ]  # fmt: skip
    for i, v in enumerate(values):
        w.add(f"value/{i}", "{{toJson .}}", data=v)
        w.add(f"valuef/{i}", "{{toJson .}}", "json", data=v)
    more = ["P", "fn", "ch", "seq", "tVal", "ptrint", "newInt", "sliceV", "nestedkeys"]
    for fx in FIXTURES + more:
        w.add(f"fixture/{fx}", "{{toJson .}}", f"go:{fx}")
    lits = [
        "1", "1.5", "'x'", '"\\xff a"', "nil", "true", '"<>&"', "1e21", "1e20", "-0.0", "0x10",
        "1e-7", "123456789.0", '"\\u2028"', '"\\xc3\\x28"', '"\\xed\\xa0\\x80"', '"a\\x80\\x80b"',
    ]  # fmt: skip
    for i, lit in enumerate(lits):
        w.add(f"lit/{i}", "{{toJson " + lit + "}}")
    for name, v in FAST_PATH_VALUES.items():
        w.add(f"fast/{name}", "{{toJson .}}", data=v)
        w.add(f"fastf/{name}", "{{toJson .}}", "json", data=v)
    return w


def main() -> None:
    total = 0
    for name, writer in (
        ("fmt_printf", printf_cases()),
        ("fmt_print", print_cases()),
        ("json_marshal", json_cases()),
    ):
        n = writer.write(name)
        total += n
        print(f"{name}: {n} cases")
    print(f"total: {total}")


if __name__ == "__main__":
    main()
