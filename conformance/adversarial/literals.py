"""Literal and escape forms: Go strings are bytes, numbers have many spellings.

Byte strings, valid UTF-8 or not, are written in every form Go accepts (\\x and octal escapes,
\\u escapes, the UTF-8 text itself, raw strings, raw invalid bytes in the template) and then
compared, indexed, sliced, re-joined with print/slice, printed with %q %x %s and widths and
precisions, escaped with js/html/urlquery, marshalled, and used as map keys. Numbers and char
constants come in every syntax Go's lexer knows, and a few it rejects.
"""

from __future__ import annotations

import random
from typing import Any

from conformance.adversarial.common import exec_case, go_quote

__all__ = ["literal_case"]

BYTES = [
    b"\xc3\xa9", b"e\xcc\x81", b"\xff", b"\xc3", b"a\xc3", b"\xe2\x80\xa8", b"\xe2\x80\xa9",
    b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\x80", b"a\x00b", b"\x7f", b"\xf0\x9f\x98\x80",
    b"\xe2\x80", b"<&>'\"", b"\xef\xbb\xbf", b"abc", b"", b"\t\n\r", b"\xce\xbb\xff\xce\xbb",
    b"\x80\x81", b"%v", b"\\", b"\xe6\x97\xa5\xe6\x9c\xac", b"\x1b[0m", b"\xc2\xa0",
]  # fmt: skip
VERBS = [
    "%q", "%x", "% x", "%X", "%s", "%5s", "%-5s|", "%.1s", "%.2q", "%+q", "%#q", "%v", "%5.1s",
    "%08q", "%.0s", "%10.3q", "%#x", "% X", "%T", "%d", "%c", "%U", "%#U", "%.3x", "%-8q|",
]  # fmt: skip
NUMBERS = [
    "0", "-0", "+1", "0x1F", "0X1f", "0o17", "0O17", "017", "0b101", "0B11", "1_000", "0x_1F",
    "1e3", "1E3", "1.5e-3", ".5", "5.", "0x1p-2", "0x1.8p1", "1i", "2.5i", "1+2i", "-0x10",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "18446744073709551615", "18446744073709551616", "1e308", "1e309", "4.9e-324", "08",
    "0x1p1023", "1_0.5", "0.1", "1e-7", "100000", "1e6", "0b1111_1111", "0o_7", "'a'",
    "'\\x41'", "'\\377'", "'\\u00e9'", "'\\U0001F600'", "'\\''", "'\\n'", "'é'", "'\\t'",
    "1__0", "0x", "1e", "0b2", "'ab'", "''", "'\\ud800'", "0i", "0x1Fi", "1e3i", "-1i",
]  # fmt: skip
BAD_STRINGS = ['"\\z"', '"\\x4"', '"\\400"', '"\\ud800"', '"\\U00110000"', '"a', "`a"]


def _utf8(b: bytes) -> str | None:
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return None


def forms(r: random.Random, b: bytes) -> bytes:
    """One Go literal whose string value is `b`, in a randomly chosen spelling (source bytes)."""
    text = _utf8(b)
    options = ["hex", "octal", "mixed"]
    if text is not None:
        options += ["utf8", "unicode"]
        if "`" not in text:
            options.append("raw")
    else:
        options.append("raw-bytes")
    form = r.choice(options)
    if form == "hex":
        return go_quote(b).encode()
    if form == "octal":
        inner = "".join(
            chr(c) if 0x20 <= c < 0x7F and chr(c) not in '"\\' else f"\\{c:03o}" for c in b
        )
        return f'"{inner}"'.encode()
    if form == "mixed":
        inner = "".join(r.choice([f"\\x{c:02X}", f"\\{c:03o}"]) for c in b)
        return f'"{inner}"'.encode()
    if form == "utf8":
        assert text is not None
        esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{esc}"'.encode()
    if form == "unicode":
        assert text is not None
        inner = "".join(
            ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\'
            else (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}")
            for ch in text
        )  # fmt: skip
        return f'"{inner}"'.encode()
    if form == "raw":
        return b"`" + b + b"`"
    # Raw invalid bytes inside an interpreted string: the template itself is not UTF-8.
    return b'"' + b.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") + b'"'


def _strings(r: random.Random) -> tuple[str, bytes, Any]:
    b1 = r.choice(BYTES)
    b2 = b1 if r.random() < 0.5 else r.choice(BYTES)
    l1, l2 = forms(r, b1), forms(r, b2)
    half = r.randint(0, len(b1)) if b1 else 0
    ops = {
        "eq": b"{{eq %s %s}}|{{ne %s %s}}|{{lt %s %s}}" % (l1, l2, l1, l2, l1, l2),
        "len": b"{{len %s}}" % l1,
        "index": b"{{index %s %d}}" % (l1, half if half < len(b1) else 0),
        "slice": b"{{slice %s %d}}|{{slice %s 0 %d}}" % (l1, half, l1, half),
        "printf": b'{{printf "%s" %s}}' % (r.choice(VERBS).encode(), l1),
        "printf2": b'{{printf "%s|%s" %s %s}}'
        % (r.choice(VERBS).encode(), r.choice(VERBS).encode(), l1, l2),
        "escape": b"{{%s %s}}" % (r.choice([b"js", b"html", b"urlquery", b"print"]), l1),
        "action": b"{{%s}}" % l1,
        "toJson": b"{{toJson %s}}" % l1,
        "rejoin": b"{{$a := slice %s 0 %d}}{{$b := slice %s %d}}{{$j := print $a $b}}"
        b'{{printf "%%q %%d %%v" $j (len $j) (eq $j %s)}}' % (l1, half, l1, half, l2),
        "rejoin-printf": b'{{printf "%%q" (printf "%%s%%s" (slice %s 0 %d) (slice %s %d))}}'
        % (l1, half, l1, half),
        "pipeline": b'{{%s | printf "%%q" | js}}' % l1,
        "compare-slice": b"{{eq (slice %s 0 %d) (slice %s 0 %d)}}" % (l1, half, l2, half),
        "print-bytes": b"{{print (slice %s 0 %d) 1 (slice %s %d)}}" % (l1, half, l1, half),
    }
    op = r.choice(list(ops))
    if op.startswith(("slice", "rejoin", "compare", "print-bytes")) and half > len(b2):
        op = "eq"
    return f"string/{op}", ops[op], None


def _map_keys(r: random.Random) -> tuple[str, bytes, Any]:
    """JSON object keys with non-ASCII text, reached with byte-escaped literals."""
    keys = ["é", "e\u0301", "\u2028", "\ufffd", "日本", "a b", "", "<k>", "\U0001f600", "\u00a0"]
    data = {k: i for i, k in enumerate(r.sample(keys, r.randint(2, len(keys))))}
    key = r.choice(keys).encode()
    lit = forms(r, key if r.random() < 0.8 else key[:-1])
    op = r.choice(["index", "range", "field", "toJson", "printf"])
    if op == "index":
        text = b"{{index . %s}}" % lit
    elif op == "range":
        text = b'{{range $k, $v := .}}{{printf "%q=%v " $k $v}}'
        text += b"{{if eq $k " + lit + b"}}!{{end}}{{end}}"
    elif op == "field":
        name = key if key and key.decode().isidentifier() else b"x"
        text = b"{{." + name + b"}}"
    elif op == "toJson":
        text = b"{{toJson .}}"
    else:
        text = b'{{printf "%v|%#v|%+q" . . .}}'
    return f"mapkey/{op}", text, data


def _numbers(r: random.Random) -> tuple[str, bytes, Any]:
    n, m = r.choice(NUMBERS), r.choice(NUMBERS)
    v1, v2 = r.choice(VERBS), r.choice(VERBS)
    ops = {
        "print": _act(n),
        "typed": _act('printf "%T %v"', n, n),
        "eq": _act("eq", n, m) + "|" + _act("lt", n, m),
        "add": _act("add", n, "1"),
        "index": _act("index .l", n),
        "slice": _act('slice "abcdef"', n),
        "verbs": _act(f'printf "{v1} {v2}"', n, m),
        "char": _act('printf "%c|%q|%U|%d|%x"', n, n, n, n, n),
        "len-arg": _act("len", n),
        "pipe": _act(n, "| print"),
    }
    op = r.choice(list(ops))
    return f"number/{op}", ops[op].encode(), {"l": [10, 20, 30]}


def _act(*words: str) -> str:
    return "{{" + " ".join(words) + "}}"


def _text_bytes(r: random.Random) -> tuple[str, bytes, Any]:
    """Non-UTF-8 bytes in the template itself: text, comments, actions, raw strings."""
    b = r.choice([b"\xff", b"\xc3", b"\xe9", b"\xed\xa0\x80", b"\x80abc"])
    where = r.choice(["text", "comment", "action", "raw", "trim", "quoted", "bad-escape"])
    text = {
        "text": b"caf" + b + b" {{.}} " + b,
        "comment": b"a{{/* " + b + b" */}}b",
        "action": b"{{ " + b + b" }}",
        "raw": b'{{printf "%q" `' + b + b"`}}",
        "trim": b + b" \n{{- . -}}\n " + b,
        "quoted": b'{{len "' + b + b'"}}',
        "bad-escape": b"{{" + r.choice(BAD_STRINGS).encode() + b"}}",
    }[where]
    return f"template-bytes/{where}", text, "dot"


def literal_case(r: random.Random) -> dict[str, Any]:
    """One literal or escape form, used the ways templates use strings and numbers."""
    shape, text, data = r.choice([_strings, _strings, _map_keys, _numbers, _text_bytes])(r)
    return exec_case(shape, text, funcs="test", data_mode="json_int", data=data)
