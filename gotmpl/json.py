"""Go's encoding/json.Marshal (Go 1.27: the v1 API on the v2 engine) for our data model.

Rules: HTML-safe string escaping, U+2028/U+2029 escaped, invalid UTF-8 written as a raw U+FFFD,
map keys sorted by their raw bytes, ES6 number formatting, []byte as base64, typed nil maps and
slices as null, struct fields through their json tags. Plain JSON-like values take a fast path
(this runs on every webhook render): CPython's C encoder, patched where Go writes otherwise, when
the data is such that the patched text provably equals Go's; else the general encoder below.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Iterable
from json import encoder as _json_encoder
from typing import Any

from gotmpl.errors import GoError
from gotmpl.fmt.values import dyn, fields, slot
from gotmpl.gostring import canonical, to_bytes, valid_utf8
from gotmpl.gotypes import NO_VALUE, Field, GoType, GoValue, Pointer, Struct, float32_round
from gotmpl.strconv.ftoa import format_float
from gotmpl.strconv.quote import quote

__all__ = ["JSONError", "to_json"]


class JSONError(GoError):
    """json.Marshal failed; the message is Go's (`json: unsupported value: NaN`)."""


class _BadKey(Exception):
    """A map key JSON cannot name; carries the JSON pointer to the map, built while unwinding."""

    def __init__(self) -> None:
        super().__init__()
        self.path: list[str] = []

    def within(self, token: str | int) -> None:
        """Prefix the pointer with one more reference token (RFC 6901 escaping)."""
        self.path.append("/" + str(token).replace("~", "~0").replace("/", "~1"))


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
for _c in range(0x20):
    _ESCAPES.setdefault(chr(_c), f"\\u{_c:04x}")
_NEEDS_ESCAPE = re.compile('[\\x00-\\x1f"\\\\<>&\u2028\u2029\ud800-\udfff]')
_INTS = frozenset(
    {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64"}
) | {"uintptr"}
_F32_SMALL = float32_round(1e-6)
_F32_LARGE = float32_round(1e21)


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    esc = _ESCAPES.get(c)
    return esc if esc is not None else "\ufffd"  # a lone surrogate is an invalid byte


def _quote(s: str) -> str:
    if _NEEDS_ESCAPE.search(s) is None:
        return '"' + s + '"'
    # Bytes of a valid sequence may be spelled as escapes: only truly invalid ones are U+FFFD.
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, canonical(s)) + '"'


def _float(x: float, bits: int = 64) -> str:
    """ES6 number text of a float (float32 with float32 shortest digits)."""
    if x != x or x in (math.inf, -math.inf):
        raise JSONError("json: unsupported value: " + format_float(x, "g", -1))
    a = abs(x)
    if bits == 32:
        x = float32_round(x)
        a = abs(x)
        small, large = _F32_SMALL, _F32_LARGE
    else:
        if a >= 1e-4 and a < 1e16:
            r = repr(x)
            return r[:-2] if r.endswith(".0") else r
        small, large = 1e-6, 1e21
    if a != 0 and (a < small or a >= large):
        text = format_float(x, "e", -1, bits)
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return text
    return format_float(x, "f", -1, bits)


def to_json(v: Any) -> str:
    """json.Marshal(v) as a string; raises JSONError with Go's message."""
    cls = type(v)
    if (cls is dict or cls is list) and _C_ENCODE is not None:
        text = _fast(v)
        if text is not None:
            return text
    out: list[str] = []
    try:
        _plain(v, out)
    except _BadKey as bad:
        offset = len(to_bytes("".join(out))) + 2  # Go counts past the "{"
        where = " within " + quote("".join(reversed(bad.path))) if bad.path else ""
        raise JSONError(
            "json: unsupported value: jsontext: object member name must be a string"
            f"{where} after offset {offset}"
        ) from None
    return "".join(out)


# CPython's C encoder, compact, keys sorted by code point, non-ASCII written raw. On the data
# `_integral_floats` admits its output differs from Go's only where `_fast` patches it.
_C_ENCODE = (
    _json_encoder.c_make_encoder(
        None, None, _json_encoder.c_encode_basestring, None, ":", ",", True, False, False
    )
    if _json_encoder.c_make_encoder is not None and _json_encoder.c_encode_basestring is not None
    else None
)
_INTEGRAL_END = re.compile(r"\.0(?=[,\]}])")  # "3.0" is float repr's; Go writes "3"


def _fast(v: dict | list) -> str | None:
    """json.Marshal of plain JSON data through the C encoder; None when the output could differ
    from Go's (other types, non-string keys, floats repr writes in exponent form, surrogates)."""
    try:
        integral = _integral_floats(v)
        if integral < 0:
            return None
        text = "".join(_C_ENCODE(v, 0))  # type: ignore[misc]
    except (RecursionError, ValueError):
        return None  # the general path reports (or survives) it as before
    if integral:
        # Each integral float's repr ends in ".0" and is followed by , ] or }; other floats
        # have no trailing zero. A further match is inside a string: leave it to the general path.
        text, n = _INTEGRAL_END.subn("", text)
        if n != integral:
            return None
    if not text.isascii():
        if not valid_utf8(text):
            return None  # invalid UTF-8: U+FFFD, and key order is no longer code point order
        if "\u2028" in text or "\u2029" in text:
            text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    # Outside strings the encoder writes none of these, so every one is string content.
    if "<" in text:
        text = text.replace("<", "\\u003c")
    if ">" in text:
        text = text.replace(">", "\\u003e")
    if "&" in text:
        text = text.replace("&", "\\u0026")
    return text


def _integral_floats(v: dict | list | tuple) -> int:
    """How many integral floats plain JSON data holds, or -1 when it holds anything else:
    a key that is not a str, a subclass, NO_VALUE, or a float outside [1e-4, 1e16) but 0."""
    if type(v) is dict:
        for k in v:
            if type(k) is not str:
                return -1
        v = v.values()  # type: ignore[assignment]
    n = 0
    for x in v:
        t = type(x)
        if t is str or t is bool or x is None or t is int:
            continue
        if t is float:
            if 1e-4 <= x < 1e16 or -1e16 < x <= -1e-4:
                if x.is_integer():
                    n += 1
            elif x == 0:
                n += 1
            else:
                return -1
        elif t is dict or t is list or t is tuple:
            m = _integral_floats(x)
            if m < 0:
                return -1
            n += m
        else:
            return -1
    return n


def _plain(v: Any, out: list[str]) -> None:
    """Encode a value held in an interface (the fast path for JSON-like Python values)."""
    cls = type(v)
    if cls is str:
        out.append(_quote(v))
    elif cls is int:
        out.append(str(v))
    elif cls is float:
        out.append(_float(v))
    elif cls is bool:
        out.append("true" if v else "false")
    elif v is None or v is NO_VALUE:
        out.append("null")
    elif cls is dict and all(type(k) is str for k in v):
        _object([(k, _quote(k), val) for k, val in v.items()], None, out)
    elif cls is list or cls is tuple:
        out.append("[")
        for i, item in enumerate(v):
            if i:
                out.append(",")
            try:
                _plain(item, out)
            except _BadKey as bad:
                bad.within(i)
                raise
        out.append("]")
    else:
        t, raw = dyn(v)
        if t is None:
            out.append("null")
        else:
            _typed(t, raw, out)


def _object(entries: list[tuple[Any, str, Any]], elem: GoType | None, out: list[str]) -> None:
    """Write members sorted by raw key bytes; entries are (raw key text, quoted key, value)."""
    if all(type(k) is str and k.isascii() for k, _, _ in entries):
        entries.sort(key=lambda e: e[0])
    else:
        entries.sort(key=lambda e: to_bytes(e[0]))
    out.append("{")
    for i, (key, quoted, val) in enumerate(entries):
        if i:
            out.append(",")
        out.append(quoted)
        out.append(":")
        try:
            if elem is None:
                _plain(val, out)
            else:
                _slot(val, elem, out)
        except _BadKey as bad:
            bad.within(key)
            raise
    out.append("}")


def _slot(v: Any, static: GoType | None, out: list[str]) -> None:
    if static is None or static.kind == "interface":
        # An `any` field or element (an event's Payload) tries the fast path once; _plain's own
        # recursion does not, so a value that fails it is walked at most twice.
        cls = type(v)
        if (cls is dict or cls is list) and _C_ENCODE is not None:
            text = _fast(v)
            if text is not None:
                out.append(text)
                return
        _plain(v, out)
        return
    t, raw = slot(v, static)
    if t is None:
        out.append("null")
    else:
        _typed(t, raw, out)


def _typed(t: GoType, raw: Any, out: list[str]) -> None:
    """Encode a payload of Go type `t`."""
    k = t.kind
    if k == "string":
        out.append(_quote(raw))
    elif k in _INTS:
        out.append(str(int(raw)))
    elif k == "float64":
        out.append(_float(raw))
    elif k == "float32":
        out.append(_float(raw, 32))
    elif k == "bool":
        out.append("true" if raw else "false")
    elif k == "slice" or k == "array":
        _list(t, raw, out)
    elif k == "map":
        _map(t, raw, out)
    elif k == "ptr":
        target = raw.target if isinstance(raw, Pointer) else None
        if isinstance(raw, BaseException):
            out.append("{}")
        elif target is None:
            out.append("null")
        else:
            _slot(target, t.elem, out)
    elif k == "struct":
        _struct(t, raw, out)
    elif k == "interface":
        _plain(raw, out)
    else:
        raise JSONError("json: unsupported type: " + t.name)


def _list(t: GoType, raw: Any, out: list[str]) -> None:
    if raw is None and t.kind == "slice":
        out.append("null")
        return
    elem = t.elem
    if t.kind == "slice" and elem is not None and elem.kind == "uint8":
        data = raw if isinstance(raw, (bytes, bytearray)) else bytes(_u8(x) for x in raw)
        out.append('"' + base64.b64encode(data).decode("ascii") + '"')
        return
    out.append("[")
    for i, item in enumerate(raw or ()):
        if i:
            out.append(",")
        try:
            _slot(item, elem, out)
        except _BadKey as bad:
            bad.within(i)
            raise
    out.append("]")


def _u8(x: Any) -> int:
    return x.value if isinstance(x, GoValue) else int(x)


def _key_text(kt: GoType | None, raw: Any, static_key: GoType | None) -> str:
    """The member name of a map key: strings as is, numbers in JSON number syntax."""
    if kt is None:
        raise _BadKey()
    k = kt.kind
    if k == "string":
        return raw
    if k in _INTS:
        return str(int(raw))
    if k in ("float32", "float64") and static_key is not None and static_key.kind != "interface":
        return _float(raw, 32 if k == "float32" else 64)
    if k in ("complex64", "complex128", "func", "chan"):
        raise JSONError("json: unsupported type: " + kt.name)
    raise _BadKey()


def _map(t: GoType, raw: dict | None, out: list[str]) -> None:
    if raw is None:
        out.append("null")
        return
    key_t = t.key
    entries = []
    for key, val in raw.items():
        kt, kraw = slot(key, key_t)
        text = _key_text(kt, kraw, key_t)
        entries.append((text, _quote(text), val))
    _object(entries, t.elem, out)


def _struct(t: GoType, raw: Any, out: list[str]) -> None:
    if isinstance(raw, Struct) and raw.type is t:
        get = raw.get
        members = [(j, key, ft, get(name), f) for j, key, ft, name, f in _struct_plan(t)]
    else:
        meta = {f.name: f for f in t.fields} if isinstance(raw, Struct) else {}
        resolved = _resolve((n, ft, v, meta.get(n)) for n, ft, v in fields(t, raw))
        members = [(j, _quote(j) + ":", ft, v, f) for j, ft, v, f in resolved]
    out.append("{")
    first = True
    for jname, key, ftype, value, f in members:
        if f is not None and f.omitempty and _is_empty(value, ftype):
            continue
        if not first:
            out.append(",")
        first = False
        out.append(key)
        try:
            if f is not None and f.json_string:
                _string_option(value, ftype, out)
            elif type(value) is str and ftype is not None and ftype.kind == "string":
                out.append(_quote(value))  # what _slot does for it, without the dispatch
            else:
                _slot(value, ftype, out)
        except _BadKey as bad:
            bad.within(jname)
            raise
    out.append("}")


_PLANS: dict[int, tuple[GoType, list[tuple[str, str, GoType | None, str, Field | None]]]] = {}


def _struct_plan(t: GoType) -> list[tuple[str, str, GoType | None, str, Field | None]]:
    """A struct type's JSON members in order: (JSON name, its quoted text and ":", field type,
    Go field name, field). Types are immutable, so it is computed once per type."""
    entry = _PLANS.get(id(t))
    if entry is not None and entry[0] is t:
        return entry[1]
    meta = {f.name: f for f in t.fields}
    resolved = _resolve((f.name, f.type, f.name, meta.get(f.name)) for f in t.fields)
    plan = [(j, _quote(j) + ":", ft, name, f) for j, ft, name, f in resolved]
    if len(_PLANS) >= 1024:
        _PLANS.clear()  # types made on the fly (tests, fuzzing) must not pile up
    _PLANS[id(t)] = (t, plan)  # holding t keeps its id from being reused
    return plan


def _resolve(
    items: Iterable[tuple[str, GoType | None, Any, Field | None]],
) -> list[tuple[str, GoType | None, Any, Field | None]]:
    """encoding/json's field selection over (Go name, type, payload, field): exported, not
    tagged "-", and of fields sharing a JSON name the tagged one, or none when tied."""
    members: dict[str, tuple[bool, GoType | None, Any, Field | None]] = {}
    dropped: set[str] = set()
    for name, ftype, payload, f in items:
        if not name[:1].isupper():
            continue
        if f is not None and f.json_skip:
            continue
        jname = (f.json_name if f is not None else None) or name
        tagged = f is not None and f.json_name is not None
        if jname in dropped:
            continue
        prev = members.get(jname)
        if prev is not None:
            if prev[0] and not tagged:
                continue
            if tagged == prev[0]:
                del members[jname]
                dropped.add(jname)
                continue
        members[jname] = (tagged, ftype, payload, f)
    return [(j, ft, payload, f) for j, (_, ft, payload, f) in members.items()]


def _is_empty(v: Any, static: GoType | None) -> bool:
    """v1's omitempty test: false, 0, "", nil pointer/interface, empty array/slice/map/string."""
    if static is None or static.kind == "interface":
        return v is None or v is NO_VALUE  # an interface is empty only when nil
    t, raw = slot(v, static)
    if t is None:
        return True
    k = t.kind
    if k in ("slice", "map", "array", "string"):
        return raw is None or len(raw) == 0
    if k == "ptr":
        return not isinstance(raw, Pointer) or raw.target is None
    if k in _INTS or k in ("float32", "float64", "bool"):
        return not raw
    if k in ("func", "chan", "interface"):
        return raw is None
    return False


def _string_option(v: Any, static: GoType | None, out: list[str]) -> None:
    """The `,string` tag option: scalars (or pointers to them) are written inside a string."""
    if static is None or static.kind == "interface":
        _plain(v, out)
        return
    t, raw = slot(v, static)
    if t is not None and t.kind == "ptr":
        if not isinstance(raw, Pointer) or raw.target is None:
            out.append("null")
            return
        t, raw = slot(raw.target, t.elem)
    if t is None or not (t.kind in _INTS or t.kind in ("string", "bool", "float32", "float64")):
        _slot(v, static, out)
        return
    inner: list[str] = []
    _typed(t, raw, inner)
    out.append(_quote("".join(inner)) if t.kind == "string" else '"' + inner[0] + '"')
