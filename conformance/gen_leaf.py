# ruff: noqa: E501  (table data: one template per line)
"""Cases for Go's leaf rules: strings as bytes, Unicode identifiers, and template names in errors.

- exec_bytes: strings spelled with byte escapes (`"\\xc3\\xa9"` is "é"), split and rejoined by
  print/printf/slice, invalid bytes in literals, quoting, escaping, toJson, lexer errors.
- parse_unicode: identifiers and Funcs names with letters and digits of Unicode 15-17, numerals
  Go does not call digits, and how Go quotes a rejected Funcs name.
- parse_names: Go pastes the template's name into its error format, so names holding `%`
  consume the error's arguments; every parse error form under such names.
- exec_compare: eq/ne reaching Go's == on interfaces that hold maps, slices or funcs inside
  arrays and structs (a run-time panic), NaN, and the order in which parts are compared.
- exec_deep_data: data nested 10,000 levels (and json's 10001) through {{.}}, print, printf,
  toJson and eq, built by the `deep` data mode; json.Marshal's cycle errors.
- exec_mapsort: internal/fmtsort's map key order for every kind of key, in fmt and in range.
"""

from __future__ import annotations

from typing import Any

from conformance.gen_common import case

# --- exec_bytes --------------------------------------------------------------------------------

_BYTES_EXEC: list[tuple[str, str | bytes, dict[str, Any]]] = [
    # equality and order
    ("eq-escaped-vs-char", r'{{eq "\xc3\xa9" "é"}}', {}),
    ("ne-escaped-vs-char", r'{{ne "\xc3\xa9" "é"}}', {}),
    ("eq-octal-vs-char", r'{{eq "\303\251" "é"}}', {}),
    ("eq-half-sequence", r'{{eq "\xc3" "é"}}', {}),
    ("eq-euro-three-bytes", r'{{eq "\xe2\x82\xac" "€" "\u20ac"}}', {}),
    ("eq-emoji-four-bytes", r'{{eq "\xf0\x9f\x98\x80" "😀"}}', {}),
    ("eq-data-vs-escaped", r'{{eq .s "\xc3\xa9"}}', {"data": {"s": "é"}}),
    ("eq-printed-join", r'{{eq (print "\xc3" "\xa9") "é"}}', {}),
    ("eq-slice-join", r'{{eq (print (slice "é" 0 1) (slice "é" 1)) "é"}}', {}),
    ("lt-invalid-after-valid", r'{{lt "é" "\xff"}} {{lt "\x80" "é"}} {{lt "\xc3" "é"}}', {}),
    ("le-ge-escaped", r'{{le "\xc3\xa9" "é"}} {{ge "é" "\xc3\xa9"}} {{gt "\xc3\xa9" "é"}}', {}),
    ("eq-surrogate-escape-invalid", r'{{eq "\xed\xa0\x80" "\ufffd"}} {{len "\xed\xa0\x80"}}', {}),
    # index and len
    ("index-map-escaped-key", r'{{index . "\xc3\xa9"}}', {"data": {"é": "found"}}),
    ("index-map-joined-key", r'{{index . (print "\xc3" "\xa9")}}', {"data": {"é": "found"}}),
    ("index-map-missing-half", r'{{index . "\xc3"}}', {"data": {"é": "found"}}),
    ("index-string-bytes", r'{{index "\xc3\xa9" 0}} {{index "é" 1}}', {}),
    (
        "len-escaped",
        r'{{len "\xc3\xa9"}} {{len "é"}} {{len "\xff"}} {{len (print "\xc3" "\xa9")}}',
        {},
    ),
    (
        "range-map-escaped-keys",
        r'{{range $k, $v := .}}{{printf "%q" $k}}={{$v}};{{end}}',
        {"data": {"é": 1, "e": 2, "z": 3}},
    ),
    # printf
    ("printf-q-escaped", r'{{printf "%q" "\xc3\xa9"}}', {}),
    ("printf-q-invalid", r'{{printf "%q" "\xff"}} {{printf "%q" "a\xc3"}}', {}),
    ("printf-plusq-escaped", r'{{printf "%+q" "\xe2\x82\xac"}}', {}),
    ("printf-sharpq-escaped", r'{{printf "%#q" "\xc3\xa9"}} {{printf "%#q" "\xff"}}', {}),
    ("printf-width-escaped", r'{{printf "%3s|%-3s|" "\xc3\xa9" "\xc3\xa9"}}', {}),
    ("printf-width-invalid", r'{{printf "%3s|" "\xff"}}', {}),
    ("printf-prec-escaped", r'{{printf "%.1s|%.2s|" "\xc3\xa9x" "\xc3\xa9x"}}', {}),
    ("printf-prec-q", r'{{printf "%.1q" "\xc3\xa9x"}}', {}),
    ("printf-x-escaped", r'{{printf "%x %X % x" "\xc3\xa9" "é" "\xff"}}', {}),
    ("printf-join-q", r'{{printf "%q" (printf "%s%s" "\xc3" "\xa9")}}', {}),
    ("print-join-q", r'{{printf "%q" (print "\xc3" "\xa9")}}', {}),
    ("println-join-q", r'{{printf "%q" (println "\xc3" "\xa9")}}', {}),
    ("printf-format-escaped", r'{{printf "\xc3\xa9%s" "!"}}', {}),
    ("printf-format-split", r'{{printf "%q" (printf "\xc3%s" "\xa9")}}', {}),
    ("printf-bad-verb-invalid-byte", r'{{printf "%\xff" 1}}', {}),
    ("printf-bad-verb-escaped-rune", r'{{printf "%\xc3\xa9" 1}}', {}),
    ("printf-v-slice-of-escaped", r'{{printf "%v %q" (slice "é" 0 1) (slice "é" 0 1)}}', {}),
    ("printf-c-U", r'{{printf "%c %U %#U" 233 233 233}}', {}),
    ("print-data-and-literal", r'{{printf "%q" (print .s "\xa9")}}', {"data": {"s": "x"}}),
    # slice
    ("slice-half-quoted", r'{{printf "%q" (slice "é" 0 1)}}', {}),
    ("slice-rejoin", r'{{printf "%q" (print (slice "é" 0 1) (slice "é" 1 2))}}', {}),
    ("slice-of-escaped", r'{{slice "\xc3\xa9!" 2}}', {}),
    ("slice-euro-tail", r'{{printf "%q" (slice "€" 1)}}', {}),
    # js, html, urlquery
    ("js-u2028-bytes", r'{{js "\xe2\x80\xa8"}}', {}),
    ("js-u2029-joined", r'{{js (print "\xe2\x80" "\xa9")}}', {}),
    ("js-u2028-char", r'{{js "\u2028"}}', {}),
    ("js-invalid-byte", r'{{printf "%q" (js "\xff")}}', {}),
    ("html-escaped", r'{{html "\xc3\xa9<"}}', {}),
    ("urlquery-escaped", r'{{urlquery "\xc3\xa9" "\xff"}}', {}),
    # toJson
    ("tojson-escaped", r'{{toJson "\xc3\xa9"}}', {"funcs": "test"}),
    ("tojson-invalid", r'{{toJson "\xff"}}', {"funcs": "test"}),
    ("tojson-joined", r'{{toJson (print "\xc3" "\xa9")}}', {"funcs": "test"}),
    ("tojson-half", r'{{toJson (slice "é" 0 1)}}', {"funcs": "test"}),
    ("tojson-u2028-bytes", r'{{toJson "\xe2\x80\xa8"}}', {"funcs": "test"}),
    (
        "tojson-list-of-escaped",
        r"{{toJson (slice .l 0 2)}}",
        {"funcs": "test", "data": {"l": ["é", "x", "y"]}},
    ),
    # template names and error contexts
    ("template-escaped-name", r'{{define "\xc3\xa9"}}body{{end}}{{template "é"}}', {}),
    ("template-missing-escaped", r'{{template "\xc3\xa9"}}', {}),
    ("template-missing-invalid", r'{{template "\xff"}}', {}),
    ("template-missing-half", r'{{define "é"}}x{{end}}{{template "\xc3"}}', {}),
    ("execute-error-context-escaped", r'{{printf "%d" (index "\xc3\xa9" 5)}}', {}),
    ("call-error-quotes-escaped", r'{{index .m "\xc3\xa9" 1}}', {"data": {"m": {"é": "s"}}}),
    ("field-on-string-escaped", r'{{"\xc3\xa9".x}}', {}),
    # raw bytes in the template source: a quoted literal reads each invalid byte as U+FFFD
    ("raw-invalid-in-quoted", b'{{ "\xff" }}', {}),
    ("raw-invalid-in-quoted-with-escape", b'{{ "\xff\\n" }}', {}),
    ("raw-invalid-in-raw-string", b"{{ `\xff` }}", {}),
    ("raw-invalid-char-constant", b"{{ '\xff' }}", {}),
    ("raw-invalid-in-quoted-q", b'{{ printf "%q" "a\xffb" }}', {}),
    ("raw-invalid-raw-q", b'{{ printf "%q" `a\xffb` }}', {}),
    # bytes joined by the executor: a printf result compared, pieces of the output
    ("eq-printf-join", r'{{eq (printf "%s%s" "\xc3" "\xa9") "é"}}', {}),
    ("raw-text-then-action", b'\xc3{{ printf "%s" "" }}\xa9', {}),
    ("actions-join", r'{{print "\xc3"}}{{"\xa9"}}', {}),
    ("text-action-join", b'\xe2\x80{{"\xa8"}}{{len "\xe2\x80\xa8"}}', {}),
]
_BYTES_PARSE: list[tuple[str, str | bytes]] = [
    ("parse-raw-invalid-action", b"{{ \xff }}"),
    ("parse-raw-invalid-after-field", b"{{ .a\xff }}"),
    ("parse-raw-invalid-after-var", b"{{ $a\xff }}"),
    ("parse-raw-invalid-after-ident", b"{{ a\xff }}"),
    ("parse-raw-invalid-string", b'{{ "\xff" }}'),
    ("parse-raw-invalid-raw-string", b"{{ `\xff` }}"),
    ("parse-escaped-string-tree", r'{{ "\xc3\xa9" }}{{template "\xff"}}'),
    ("parse-bad-number-escaped", "{{ 1é }}"),
    ("parse-bad-number-invalid", b"{{ 1\xff }}"),
    ("parse-unexpected-long-item", '{{if 1}}{{else "éééééééééééé"}}{{end}}'),
    (
        "parse-unexpected-long-item-raw-bytes",
        b'{{if 1}}{{else "\xc3\xa9\xff\xc3\xa9\xff\xc3\xa9\xff\xc3\xa9\xff"}}{{end}}',
    ),
    ("parse-unexpected-short-item-raw-bytes", b'{{if 1}}{{else "\xff"}}{{end}}'),
    ("parse-unexpected-item-split-at-ten", b'{{if 1}}{{else "abcdefgh\xc3\xa9"}}{{end}}'),
    ("parse-define-invalid-name-used", b'{{define "a\xffb"}}x{{end}}{{template "a\xffb"}}'),
]


def bytes_cases() -> list[dict[str, Any]]:
    """exec_bytes: Go's strings are bytes, whatever spelling builds them."""
    out = [case(f"bytes/{cid}", "exec", text, **kw) for cid, text, kw in _BYTES_EXEC]
    out += [case(f"bytes/{cid}", "parse", text) for cid, text in _BYTES_PARSE]
    return out


# --- parse_unicode -----------------------------------------------------------------------------

#: Letters and digits of Unicode 15-17 (Go 1.27) that Python 3.11's Unicode 14 does not have.
NEW_LETTERS = {
    "arabic-88f": "\u088f", "telugu-c5c": "\u0c5c", "kannada-cdc": "\u0cdc",
    "cyrillic-1c89": "\u1c89", "latin-a7cb": "\ua7cb", "garay-10d4a": "\U00010d4a",
    "tulu-11380": "\U00011380", "kawi-11f04": "\U00011f04", "egyptian-13460": "\U00013460",
    "cjk-ext-h-31350": "\U00031350", "cjk-ext-j-3134a": "\U0003134a",
}  # fmt: skip
NEW_DIGITS = {
    "kawi-11f50": "\U00011f50", "garay-10d40": "\U00010d40", "sunuwar-11bf0": "\U00011bf0",
    "outlined-1ccf0": "\U0001ccf0", "nag-mundari-1e4f0": "\U0001e4f0",
}  # fmt: skip
#: Characters Python's `\w` takes but Go's identifiers do not (No, Nl numerals; marks...).
NOT_ALNUM = {
    "superscript-two-b2": "\u00b2", "roman-one-2160": "\u2160", "circled-one-2460": "\u2460",
    "fraction-half-bd": "\u00bd", "arabic-indic-660": "\u0660", "fullwidth-ff10": "\uff10",
    "modifier-letter-2b0": "\u02b0", "combining-acute-301": "\u0301", "zwj-200d": "\u200d",
    "cjk-4e00": "\u4e00",
}  # fmt: skip
#: Funcs names Go rejects (and how it quotes them), and two it accepts.
FUNC_NAMES = {
    "empty": "", "quote": 'a"b', "space": "a b", "dash": "a-b", "digit-first": "1a",
    "tab": "a\tb", "underscore": "_", "underscore-digit": "_1", "newline": "a\nb",
    "invalid-rune-fffd": "a\ufffd", "bidi-202e": "a\u202e",
}  # fmt: skip


def unicode_cases() -> list[dict[str, Any]]:
    """parse_unicode: identifiers by Go's Unicode tables."""
    out = []
    for k, ch in {**NEW_LETTERS, **NEW_DIGITS}.items():
        out.append(
            case(
                f"unicode/field-a-{k}",
                "exec",
                "{{.a" + ch + "}}",
                data_mode="json_int",
                data={"a" + ch: 1},
            )
        )
        out.append(
            case(
                f"unicode/var-x-{k}",
                "exec",
                "{{$x" + ch + " := 2}}{{$x" + ch + "}}",
                data_mode="json_int",
            )
        )
        out.append(
            case(
                f"unicode/func-f-{k}",
                "exec",
                "{{f" + ch + " 1 2}}",
                funcs="test",
                func_aliases={"f" + ch: "add"},
                data_mode="json_int",
            )
        )
    for k, ch in NEW_LETTERS.items():
        out.append(
            case(
                f"unicode/field-leading-{k}",
                "exec",
                "{{." + ch + "}}",
                data_mode="json_int",
                data={ch: "v"},
            )
        )
        out.append(
            case(
                f"unicode/func-leading-{k}",
                "exec",
                "{{" + ch + " 1 2}}",
                funcs="test",
                func_aliases={ch: "add"},
                data_mode="json_int",
            )
        )
        out.append(case(f"unicode/ident-leading-{k}", "parse", "{{" + ch + "}}"))
    for k, ch in NEW_DIGITS.items():
        out.append(
            case(
                f"unicode/func-leading-digit-{k}",
                "parse",
                "{{1}}",
                funcs="test",
                func_aliases={ch + "f": "add"},
            )
        )
        out.append(case(f"unicode/ident-leading-digit-{k}", "parse", "{{" + ch + "}}"))
    for k, ch in NOT_ALNUM.items():
        out.append(
            case(
                f"unicode/func-name-{k}",
                "parse",
                "{{1}}",
                funcs="test",
                func_aliases={"a" + ch: "add"},
            )
        )
        out.append(case(f"unicode/field-{k}", "parse", "{{.a" + ch + "}}"))
        out.append(case(f"unicode/var-{k}", "parse", "{{$a" + ch + " := 1}}"))
    for k, name in FUNC_NAMES.items():
        out.append(
            case(f"unicode/funcs-{k}", "parse", "{{1}}", funcs="test", func_aliases={name: "add"})
        )
    return out


# --- parse_names -------------------------------------------------------------------------------

NAMES = {
    "pct-v": "%v", "pct-s-pct-d": "%s%d", "100-pct": "100%", "pct-pct": "%%", "pct-w": "%w",
    "pct-d": "%d", "pct-q": "%q", "pct-T": "%T", "pct-x": "%x", "pct-bang": "%!",
    "index-2": "%[2]v", "star-d": "%*d", "prec-s": "%.3s", "width-v": "%-5v|", "plus-v": "%+v",
    "sharp-v": "%#v", "pct-c": "%c", "lone-pct": "%", "pct-s-pct-s-pct-s": "%s%s%s",
    "pct-space": "a % b", "pct-U": "%U", "pct-z": "%z", "pct-e": "%e",
}  # fmt: skip
#: One template per parse error form of Go's parser and lexer.
ERRORS = {
    "unterminated-string": '{{ "abc }}',
    "unclosed-action-multiline": "{{ 1\n\n",
    "unclosed-comment": "{{/* x",
    "bad-character": "{{ .a# }}",
    "missing-value": "{{if}}{{end}}",
    "end-at-top": "x{{end}}",
    "else-at-top": "{{else}}",
    "else-in-define": '{{define "x"}}{{else}}{{end}}',
    "end-in-block-context": '{{block "b" .}}{{else}}{{end}}',
    "expected-end": "{{if 1}}{{else}}{{else}}{{end}}",
    "function-not-defined": "{{nofunc 1}}",
    "undefined-variable": "{{$x}}",
    "non-executable": "{{1 | 2}}",
    "integer-overflow": "{{99999999999999999999}}",
    "invalid-string": '{{"\\z"}}',
    "invalid-char": "{{'\\z'}}",
    "malformed-char": "{{'ab'}}",
    "multiple-definition": '{{define "a"}}x{{end}}{{define "a"}}y{{end}}',
    "multiple-definition-quote": '{{define "a\\"b"}}x{{end}}{{define "a\\"b"}}y{{end}}',
    "unexpected-eof": "{{if 1}}",
    "break-outside-range": "{{break}}",
    "dot-after-term": '{{"a".X}}',
    "too-many-declarations": "{{range $a, $b, $c := .}}{{end}}",
    "unexpected-in-operand": "{{ 1 ( }}",
    "template-clause": "{{template 1}}",
    "unexpected-in-end": "{{if 1}}{{end 1}}",
    "unexpected-in-else": "{{if 1}}{{else 1}}{{end}}",
    "empty-pipeline": "{{}}",
    "range-initialize": "{{range $a, 1}}{{end}}",
    "illegal-number": "{{0x}}",
    "complex-syntax": "{{1+2}}",
}
#: Errors whose first argument is an {{end}}/{{else}} node; a verb that does not call its
#: String() prints the node's fields, among them the parser's *Tree: a heap address, or with
#: a bad verb the whole tree and its func map's code addresses. No fixed text to compare.
NODE_ERRORS = {
    "end-at-top",
    "else-at-top",
    "else-in-define",
    "end-in-block-context",
    "expected-end",
}
NODE_DUMPING_NAMES = {
    "100-pct", "pct-w", "pct-d", "pct-bang", "sharp-v", "pct-c", "lone-pct", "pct-space",
    "pct-U", "pct-z", "pct-e",
}  # fmt: skip


def names_cases() -> list[dict[str, Any]]:
    """parse_names: every parse error form under template names holding `%`."""
    out = []
    for nk, name in NAMES.items():
        for ek, text in ERRORS.items():
            if ek in NODE_ERRORS and nk in NODE_DUMPING_NAMES:
                continue
            out.append(case(f"names/{nk}/{ek}", "parse", text, name=name))
    for nk in ("pct-v", "pct-s-pct-d", "plus-v"):  # the node prints the tree's delimiters
        out.append(
            case(f"names/{nk}/delims-end", "parse", "[[end]]", name=NAMES[nk], delims=["[[", "]]"])
        )
    return out


# --- exec_compare ------------------------------------------------------------------------------

#: Templates over the go:uncomparable fixture (oracle/fixtures.go, tests/gofixtures.py).
COMPARE = {
    "array-map-same": "{{eq .am .am}}",
    "array-map-twins": "{{ne .am .am2}}",
    "array-differ-before-map": "{{eq .ai .ai2}}",
    "array-map-after-equal": "{{eq .ai .ai}}",
    "array-types-differ-before-map": "{{eq .ai .am}}",
    "array-slice": "{{eq .as .as}}",
    "struct-map-field": "{{eq .pm .pm}}",
    "struct-differ-before-slice": "{{eq .pd .pd2}}",
    "struct-slice-after-equal": "{{ne .pd .pd}}",
    "struct-func-field": "{{eq .pf .pf}}",
    "struct-nested-map": "{{eq .pn .pn}}",
    "struct-comparable-values": "{{eq .pt .pt2}} {{ne .pt .pt2}}",
    "array-nan": "{{eq .nan .nan}} {{ne .nan .nan}}",
    "pointer-same": "{{eq .ptr .ptr}}",
    "several-then-panic": "{{eq .ai .ai2 .ai}}",
    "several-true-first": "{{eq .pt .pt2 .pm}}",
    "struct-vs-int": "{{eq .pm 1}}",
    "struct-vs-pointer": "{{eq .pm .ptr}}",
    "in-if": "{{if eq .pm .pm}}yes{{end}}",
    "in-pipeline": "{{.am | eq .am}}",
    "range-elements": "{{range $k, $v := .}}{{if eq $v $v}}{{$k}}{{end}}{{end}}",
}


def compare_cases() -> list[dict[str, Any]]:
    """exec_compare: Go's == where it panics, stops early, or never equals."""
    return [
        case(f"compare/{k}", "exec", text, data_mode="go:uncomparable")
        for k, text in COMPARE.items()
    ]


# --- exec_deep_data ----------------------------------------------------------------------------

#: What prints or compares a whole value, at 10,000 levels.
DEEP_TEMPLATES = {
    "action": "{{.}}",
    "print": "{{print .}}",
    "printf-v": '{{printf "%v" .}}',
    "printf-plus-v": '{{printf "%+v" .}}',
    "eq": "{{eq . .}}",
    "ne-range": "{{range .}}{{ne . .}}{{end}}",
    "leaves": "{{eq . .}} {{len (print .)}} {{len (toJson .)}}",
}
#: Forms with longer output, at 3,000 levels (past Python's recursion limit all the same).
DEEP_TEMPLATES_3000 = {
    "println": "{{println . 1}}",
    "printf-sharp-v": '{{printf "%#v" .}}',
    "printf-verbs": '{{printf "%d|%s|%q|%x|%6.2f" . . . . .}}',
}
#: Shapes fmt can print (a pointer below the top prints as a heap address: toJson and eq only).
DEEP_SHAPES = {
    "slice": ["slice"],
    "map": ["map"],
    "struct": ["struct"],
    "map-slice": ["map", "slice"],
    "struct-map-slice": ["struct", "map", "slice"],
}
DEEP_LEAVES = {"str": "x", "obj": {"k": [1, 2.5, None]}}


def deep_cases() -> list[dict[str, Any]]:
    """exec_deep_data: data nested 10,000 levels through fmt, json and eq; json's own limits
    (10000 levels, cycles reported past depth 1000)."""
    out = []

    def deep(cid: str, text: str, shapes: list[str], depth: int, leaf: Any = 1) -> None:
        data = {"shapes": shapes, "depth": depth, "leaf": leaf}
        out.append(case(f"deep/{cid}", "exec", text, funcs="test", data_mode="deep", data=data))

    for sk, shapes in DEEP_SHAPES.items():
        for tk, text in DEEP_TEMPLATES.items():
            deep(f"{sk}/{tk}", text, shapes, 10000)
        for tk, text in DEEP_TEMPLATES_3000.items():
            deep(f"{sk}/{tk}-3000", text, shapes, 3000)
        for lk, leaf in DEEP_LEAVES.items():
            deep(f"{sk}/leaf-{lk}", DEEP_TEMPLATES["leaves"], shapes, 10000, leaf)
    deep("ptr/eq", "{{eq . .}} {{ne . .}}", ["ptr"], 10000)
    deep("struct-ptr/tojson", "{{toJson .}}", ["struct", "ptr"], 10000)
    full = {"slice", "struct-map-slice", "ptr"}  # others: past the limit only (long outputs)
    for sk, shapes in {**DEEP_SHAPES, "ptr": ["ptr"]}.items():
        for depth in (9999, 10000, 10001, 20000):  # encoding/json stops past 10000 levels
            if depth > 10000 or sk in full:
                deep(f"{sk}/tojson-{depth}", "{{toJson .}}", shapes, depth)
    for key in ("m", "alt", "s", "p", "two"):  # json.Marshal's cycle check, past depth 1000
        out.append(
            case(
                f"deep/cycle-{key}",
                "exec",
                f"{{{{toJson .{key}}}}}",
                funcs="test",
                data_mode="go:cyclic",
            )
        )
    return out


# --- exec_mapsort ------------------------------------------------------------------------------

#: Maps of the go:sortkeys fixture, printed (where fmt prints no address) and ranged over.
SORTED_MAPS = ["floats", "cplx", "structs", "arrays", "iface", "keyi", "strs", "uints", "bools"]


def mapsort_cases() -> list[dict[str, Any]]:
    """exec_mapsort: internal/fmtsort's key order, the same for fmt and for range."""
    out = []
    for name in SORTED_MAPS:
        for form, text in {
            "print": f"{{{{print .{name}}}}}",
            "sharp-v": f'{{{{printf "%#v" .{name}}}}}',
            "range": f'{{{{range $k, $v := .{name}}}}}{{{{printf "%v=%v;" $k $v}}}}{{{{end}}}}',
        }.items():
            out.append(case(f"mapsort/{name}/{form}", "exec", text, data_mode="go:sortkeys"))
    # A pointer key prints as its address: the values show the order (nil first).
    ptr_range = "{{range $k, $v := .ptrs}}{{$v}};{{end}}"
    out.append(case("mapsort/ptrs/range", "exec", ptr_range, data_mode="go:sortkeys"))
    out.append(
        case(
            "mapsort/ptrs/tojson-keys-error",
            "exec",
            "{{toJson .ptrs}}",
            funcs="test",
            data_mode="go:sortkeys",
        )
    )
    return out
