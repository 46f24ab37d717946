"""Identifiers and names: recent-Unicode letters and digits, and template names Go formats.

Go 1.27's identifiers take letters (Unicode category L) and digits (Nd) of Unicode 17.0, so
characters added in Unicode 15, 16 and 17 are identifier characters in Go; other numbers
(No, Nl: `²`, `Ⅻ`) never are. Template names reach Go's error text through a format string
(`template: NAME:LINE: ...` is built with Sprintf, then used as Errorf's format), so `%` in a
name consumes the message's arguments; quotes, backslashes and non-UTF-8 bytes in names are
quoted with %q in some messages and printed raw in others.
"""

from __future__ import annotations

import random
from typing import Any

from conformance.adversarial.common import exec_case, go_quote

__all__ = ["name_case"]

# Letters and digits in Go 1.27's tables (unicode.Version 17.0.0) that Python 3.11's Unicode
# 14.0 leaves unassigned: found by running unicode.IsLetter/IsDigit over every code point.
# Scripts and blocks of Unicode 15.0 to 17.0; "digit" marks Nd, the rest are letters.
RECENT = [
    "\U00011f50",  # Kawi digit
    "\U00011f04",  # Kawi
    "\U0001e4d0",  # Nag Mundari
    "\U0001e4f0",  # Nag Mundari digit
    "\U00031350",  # CJK Extension H
    "\U0002ebf0",  # CJK Extension I
    "\U00010d4a",  # Garay
    "\U00010d40",  # Garay digit
    "\U00016100",  # Gurung Khema
    "\U00016d40",  # Kirat Rai
    "\U0001e5d0",  # Ol Onal
    "\U000116d0",  # Myanmar Extended-C digit
    "\U0001ccf0",  # outlined digit
    "\ua7cb",  # Latin Extended-D
    "\u1c89",  # Cyrillic Extended-C
    "\U00010940",  # Sidetic
    "\U00011db0",  # Tolong Siki
    "\U00011de0",  # Tolong Siki digit
    "\U00016ea0",  # Beria Erfe
    "\U0001e6c0",  # Tai Yo
    "\u0c5c",  # Telugu
    "\U0002b739",  # CJK Extension B addition
]
# Old enough for every table: letters (Lu Ll Lt Lm Lo) and Nd digits Go accepts, and numbers
# of other categories (No, Nl) and marks Go rejects although Python's isalnum accepts some.
OLD_OK = ["é", "ǅ", "ª", "ʰ", "日", "٣", "߀", "_", "Ω", "ß"]
OLD_BAD = ["²", "ⅰ", "Ⅻ", "①", "·", "\u0301", "\u200d", "¼", "〇"]

PERCENT_NAMES = [
    "%", "%%", "%v", "%s", "%q", "%!", "100%", "a%sb", "%[1]s", "%*d", "%.3s", "%x%x", "%w",
    "%T", "%[2]v", "%-5s", "%c", "%U", "%t", "50% off",
]  # fmt: skip
ODD_NAMES = ['"', 'a"b', "\\", "a\nb", "é", "日本", "{{", " ", "<>", "", "t", "a\tb", "\u2028"]


def _ident(r: random.Random) -> str:
    """An identifier tail: recent or old letters/digits, sometimes one Go rejects."""
    x = r.random()
    pool = RECENT if x < 0.6 else OLD_OK if x < 0.85 else OLD_BAD
    ch = r.choice(pool)
    return r.choice(["a" + ch, ch + "b", "x" + ch + ch, "A" + ch + "1"])


def _identifiers(r: random.Random) -> dict[str, Any]:
    name = _ident(r)
    where = r.choice(["field", "var", "func", "chain", "define"])
    if where == "field":
        return exec_case(f"ident/{where}", "{{." + name + "}}", data={name: "ok"})
    if where == "chain":
        text = "{{$." + name + "." + name + "}}|{{with ." + name + "}}{{." + name + "}}{{end}}"
        return exec_case(f"ident/{where}", text, data={name: {name: 1}})
    if where == "var":
        text = "{{$" + name + " := 1}}{{$" + name + "}}{{range $" + name + ", $e := .}}"
        text += "{{$" + name + "}}{{end}}"
        return exec_case(f"ident/{where}", text, data=[5, 6])
    if where == "func":
        return exec_case(
            f"ident/{where}", "{{" + name + " 1 2}}", funcs="test", func_aliases={name: "add"}
        )
    text = '{{define "' + name + '"}}[{{.}}]{{end}}{{template "' + name + '" 1}}'
    return exec_case(f"ident/{where}", text, data=None)


ERRORS = [
    ("parse-unclosed", "{{.x"),
    ("parse-end", "{{end}}"),
    ("parse-func", "{{nofunc 1}}"),
    ("parse-var", "{{$nope}}"),
    ("exec-field", "{{.x.y}}"),
    ("exec-index", "{{index .l 5}}"),
    ("exec-call", "{{fail}}"),
    ("exec-args", "{{add 1}}"),
    ("exec-nomap", '{{template "nope"}}'),
    ("exec-missing", "{{.missing}}"),
    ("exec-nil", "{{.n.x}}"),
    ("exec-ok", "{{.s}}"),
]


def _template_names(r: random.Random) -> dict[str, Any]:
    """Odd names for the root template, a defined template, or the one executed by name."""
    name = r.choice(PERCENT_NAMES + ODD_NAMES)
    label, body = r.choice(ERRORS)
    data = {"x": 1, "l": [1], "n": None, "s": "ok"}
    opts = ["missingkey=error"] if label == "exec-missing" else None
    where = r.choice(["root", "define", "execute"])
    if where == "root":
        return exec_case(
            f"tname/root/{label}", body, name=name, funcs="test", data=data, options=opts
        )
    # Names are written as Go literals, so bytes that are not UTF-8 can be names too.
    raw = name.encode() if r.random() < 0.8 else name.encode() + b"\xff"
    lit = go_quote(raw)
    text = f"{{{{define {lit}}}}}{body}{{{{end}}}}"
    if where == "define":
        return exec_case(
            f"tname/define/{label}",
            text + f"{{{{template {lit} .}}}}",
            funcs="test",
            data=data,
            options=opts,
        )
    target = raw.decode("utf-8", "replace") if r.random() < 0.9 else name + "?"
    return exec_case(
        f"tname/execute/{label}", text, funcs="test", data=data, options=opts, execute=target
    )


def name_case(r: random.Random) -> dict[str, Any]:
    """One case about identifier characters or template names."""
    return (_identifiers if r.random() < 0.5 else _template_names)(r)
