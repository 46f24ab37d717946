"""Go's encoding/json.Marshal (Go 1.27: the v1 API on the v2 engine) for our data model.

Rules: HTML-safe string escaping, U+2028/U+2029 escaped, invalid UTF-8 written as a raw U+FFFD,
map keys sorted by their raw bytes, ES6 number formatting, []byte as base64, typed nil maps and
slices as null, struct fields through their json tags, at most 10000 nested objects and arrays
(`exceeded max depth`) and, past 1000, a map, slice or pointer met again inside itself is
`encountered a cycle`. Plain JSON-like values take a fast path (this runs on every webhook
render): gotmpl/plain.py's walk, with CPython's C string encoder patched where Go writes
otherwise and this module's rules for names and numbers; else the general encoder below,
which keeps the open objects and arrays on its own stack, so depth costs no Python recursion.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable, Iterable, Iterator
from json import encoder as _json_encoder
from operator import itemgetter
from typing import Any

from gotmpl.errors import GoError
from gotmpl.gostring import canonical, to_bytes, valid_utf8
from gotmpl.gotypes import (
    MAP_STRING_ANY,
    NO_VALUE,
    SLICE_ANY,
    Field,
    GoType,
    GoValue,
    Pointer,
    Struct,
    float32_round,
)
from gotmpl.jsonvalid import MAX_NESTING_DEPTH as MAX_DEPTH
from gotmpl.plain import PLAIN_DEPTH, PlainText
from gotmpl.pyvalues import JSON_NUMBER, valid_json_number
from gotmpl.strconv.ftoa import format_float
from gotmpl.strconv.quote import quote
from gotmpl.value import dyn, exported, fields, slot

__all__ = ["JSONError", "plain_json", "to_json"]


class JSONError(GoError):
    """json.Marshal failed; the message is Go's (`json: unsupported value: NaN`)."""


class _BadKey(Exception):
    """A map key JSON cannot name; `path` gathers the reference tokens of the map's place."""

    def __init__(self) -> None:
        super().__init__()
        self.path: list[Any] = []


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
    text = plain_json(v)
    if text is not None:
        return text
    write = _PLAIN_SCALARS.get(type(v))
    if write is not None:
        return write(v)
    enc = _Encoder()
    try:
        return enc.run(v)
    except _BadKey as bad:
        offset = len(to_bytes("".join(enc.out))) + 2  # Go counts past the "{"
        path = "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in bad.path)
        where = " within " + quote(path) if path else ""
        raise JSONError(
            "json: unsupported value: jsontext: object member name must be a string"
            f"{where} after offset {offset}"
        ) from None


#: CPython's string encoder (C where built): `"`, `\\` and control characters escaped as Go
#: escapes them, non-ASCII written raw; plain_json patches the rest.
_encode_string: Callable[[str], str] = _json_encoder.encode_basestring


def plain_json(v: Any) -> str | None:
    """json.Marshal of a map or list of plain JSON data (str, bool, None, int, finite float,
    string-keyed dicts, lists, tuples); None for any other value, for data nesting deeper
    than PLAIN_DEPTH, and for strings that are not valid UTF-8. It raises nothing and calls
    nothing the data defines, beyond a map key's hash and equality, which the map itself
    uses (see funcmaps.PLAIN_FORMS).

    Member names and numbers are written by the general encoder's rules (_quote, _float);
    strings by CPython's C string encoder, whose text differs from Go's only where this
    patches it."""
    cls = type(v)
    if cls is dict:
        text = _PLAIN.maps.text(v, 0)
    elif cls is list:
        text = _PLAIN.array(v, 0)
    else:
        return None
    if text is None:
        return None
    if not text.isascii():
        if not valid_utf8(text):
            return None  # Go writes U+FFFD for invalid bytes: the general path's
        if "\u2028" in text or "\u2029" in text:
            text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    # Outside strings no JSON text holds these, and names are written escaped already.
    if "<" in text:
        text = text.replace("<", "\\u003c")
    if ">" in text:
        text = text.replace(">", "\\u003e")
    if "&" in text:
        text = text.replace("&", "\\u0026")
    return text


def _object_pieces(keys: list[str]) -> list[str]:
    return [("{" if i == 0 else ",") + _quote(k) + ":" for i, k in enumerate(keys)] + [
        "}" if keys else "{}"
    ]


def _finite_float(x: float) -> str | None:
    return _float(x) if math.isfinite(x) else None  # Go's error is the general path's


#: JSON of plain data; objects' members in the byte order of their names (as open_map).
_PLAIN = PlainText(
    string=_encode_string,
    words=("true", "false", "null"),
    number=_finite_float,
    array=("[", ",", "]"),
    pieces=_object_pieces,
    order=to_bytes,
)


#: How deep the encoder goes before it checks maps, slices and pointers for cycles (Go's
#: startDetectingCyclesAfter); the nesting limit is jsonvalid.MAX_NESTING_DEPTH.
_CYCLE_DEPTH = 1000
#: How many objects and arrays are written in place, inside one another, before they go on the
#: encoder's stack (see _Encoder).
_NEST = 32

#: JSON text of the plain scalars an interface holds, by Python type.
_PLAIN_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _quote,
    int: str,
    float: _float,
    bool: lambda b: "true" if b else "false",
    type(None): lambda _: "null",
    type(NO_VALUE): lambda _: "null",
}

#: A member of an object or array: the text before it (separator, key), its reference token,
#: its value and the static type of its slot (None: an interface; _TEXT: the text is all).
_Member = tuple[str, Any, Any, Any]
_TEXT = object()


def _array(items: Any, elem: GoType | None) -> Iterator[_Member]:
    """The members of an array of `items` of static type `elem`."""
    sep = ""
    for i, item in enumerate(items):
        yield sep, i, item, elem
        sep = ","


def _object(order: list[tuple[str, Any]], elem: GoType | None) -> Iterator[_Member]:
    """The members of an object: (name, value) in order, values of static type `elem`."""
    sep = ""
    for name, item in order:
        yield sep + _quote(name) + ":", name, item, elem
        sep = ","


class _Encoder:
    """One json.Marshal call off the fast path: Go's marshalers over our data model.

    Go's encoder recurses once per level. Here the outer _NEST objects and arrays are written
    in place, recursing as Go does; deeper ones go on `frames` ([members, closing bracket,
    reference token of the member being written, cycle keys]), written by `drain`'s loop, so
    depth costs no Python recursion.
    """

    __slots__ = ("out", "frames", "nest", "seen")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.frames: list[list[Any]] = []
        self.nest = 0  # objects and arrays being written in place
        self.seen: set[tuple[Any, ...]] | None = None  # maps, slices, pointers being written

    def run(self, v: Any) -> str:
        """The JSON text of `v` held in an interface."""
        self.value(v, None)
        return "".join(self.out)

    def value(self, v: Any, static: GoType | None) -> None:
        """Write a value stored in a slot of type `static` (None: an interface), or open its
        object or array. Pointers and interfaces are followed in a loop."""
        out = self.out
        keys: list[tuple[Any, ...]] | None = None
        pushed = len(self.frames)
        while True:
            if static is None or static.kind == "interface":
                cls = v.__class__
                write = _PLAIN_SCALARS.get(cls)
                if write is not None:
                    out.append(write(v))
                    break
                if cls is dict or cls is list or cls is tuple:
                    # An `any` field or element (an event's Payload) tries the fast path once;
                    # plain data inside plain data does not (it failed it as a whole).
                    if (
                        static is not None
                        and self.nest + len(self.frames) + PLAIN_DEPTH <= MAX_DEPTH
                    ):
                        text = plain_json(v)
                        if text is not None:
                            out.append(text)
                            break
                    if cls is not dict:
                        self.open_list(v, None, SLICE_ANY)
                        break
                    if all(type(k) is str for k in v):
                        self.open_map(v, MAP_STRING_ANY, None)
                        break
                t, raw = dyn(v)
            else:
                t, raw = slot(v, static)
            if t is None:
                out.append("null")
                break
            k = t.kind
            if k == "ptr" and isinstance(raw, Pointer) and raw.target is not None:
                if self.nest + len(self.frames) >= _CYCLE_DEPTH:
                    keys = keys or []
                    keys.append(self.visit(t, raw.target))
                v, static = raw.target, t.elem
                continue
            if k == "interface":
                v, static = raw, None
                continue
            self.typed(t, raw)
            break
        if keys:
            if len(self.frames) > pushed:  # the target's object, on the stack: leave with it
                frame = self.frames[-1]
                frame[3] = (frame[3] or []) + keys
            else:
                self.seen.difference_update(keys)  # type: ignore[union-attr]

    def visit(self, t: GoType, raw: Any, length: int = 0) -> tuple[Any, ...]:
        """Go's visitPointer: note a map, slice or pointer target being written; meeting it
        again inside itself is a cycle."""
        key = (t.name, id(raw), length)
        if self.seen is None:
            self.seen = set()
        elif key in self.seen:
            raise JSONError("json: unsupported value: encountered a cycle via " + t.name)
        self.seen.add(key)
        return key

    def open(self, members: Iterator[_Member], brackets: str, key: tuple[Any, ...] | None) -> None:
        """Write an object or array: in place while few are open, else left on the stack for
        `drain`."""
        if self.nest + len(self.frames) == MAX_DEPTH:
            raise JSONError("exceeded max depth")
        out = self.out
        out.append(brackets[0])
        if self.nest >= _NEST:
            self.frames.append([members, brackets[1], None, [key] if key else None])
            return
        self.nest += 1
        frames, value = self.frames, self.value
        try:
            for prefix, token, v, static in members:  # noqa: B007 - the except reads token
                out.append(prefix)
                if static is None:
                    write = _PLAIN_SCALARS.get(v.__class__)
                    if write is not None:
                        out.append(write(v))
                        continue
                elif static is _TEXT:
                    continue
                value(v, static)
                if frames:
                    self.drain()
        except _BadKey as bad:
            bad.path.insert(0, token)
            raise
        out.append(brackets[1])
        self.nest -= 1

    def drain(self) -> None:
        """Write the objects and arrays left on the stack, innermost first."""
        frames, out, value = self.frames, self.out, self.value
        while frames:
            frame = frames[-1]
            n = len(frames)
            for prefix, token, v, static in frame[0]:
                out.append(prefix)
                if static is None:
                    write = _PLAIN_SCALARS.get(v.__class__)
                    if write is not None:
                        out.append(write(v))
                        continue
                elif static is _TEXT:
                    continue
                frame[2] = token
                value(v, static)
                if len(frames) != n:
                    break  # the member opened an object or array: write it first
            else:
                out.append(frame[1])
                frames.pop()
                if frame[3]:
                    self.seen.difference_update(frame[3])  # type: ignore[union-attr]

    def typed(self, t: GoType, raw: Any) -> None:
        """Write a payload of Go type `t` (not a non-nil pointer nor an interface)."""
        k = t.kind
        out = self.out
        if t.named and t.methods and self.marshaler(t, raw):
            return
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
            if raw is None and k == "slice":
                out.append("null")
                return
            elem = t.elem
            if k == "slice" and elem is not None and elem.kind == "uint8":
                data = raw if isinstance(raw, (bytes, bytearray)) else bytes(_u8(x) for x in raw)
                out.append('"' + base64.b64encode(data).decode("ascii") + '"')
                return
            self.open_list(raw, elem, t if k == "slice" else None)
        elif k == "map":
            if raw is None:
                out.append("null")
                return
            self.open_map(raw, t, t.elem)
        elif k == "ptr":
            out.append("{}" if isinstance(raw, BaseException) else "null")
        elif k == "struct":
            self.open(iter(_struct_members(t, raw)), "{}", None)
        else:
            raise JSONError("json: unsupported type: " + t.name)

    def marshaler(self, t: GoType, raw: Any) -> bool:
        """Go's Marshaler, TextMarshaler and json.Number rules for the types gotmpl.pyvalues
        gives Python values (their methods return the text); False for other types."""
        if t is JSON_NUMBER:
            text = raw or "0"
            if not valid_json_number(text):
                raise JSONError(
                    "json: error calling MarshalJSONTo for type *json.Number: cannot parse "
                    + quote(text)
                    + " as JSON number: invalid syntax"
                )
            self.out.append(text)
            return True
        recv = raw if isinstance(raw, Struct) else GoValue(t, raw)
        marshal = t.methods.get("MarshalJSON")
        if marshal is not None:
            self.out.append(marshal(recv))
            return True
        marshal = t.methods.get("MarshalText")
        if marshal is not None:
            self.out.append(_quote(marshal(recv)))
            return True
        return False

    def open_list(self, items: Any, elem: GoType | None, slice_t: GoType | None) -> None:
        """Write an array of `items`: a slice of type `slice_t` (checked for cycles), or an
        array (None)."""
        key = None
        if slice_t is not None and self.nest + len(self.frames) >= _CYCLE_DEPTH:
            key = self.visit(slice_t, items, len(items))
        self.open(_array(items, elem), "[]", key)

    def open_map(self, m: dict[Any, Any], t: GoType, elem: GoType | None) -> None:
        """Write the object of map `m` of type `t`, members sorted by the raw bytes of their
        names; a key JSON cannot name is _BadKey."""
        key = self.visit(t, m) if self.nest + len(self.frames) >= _CYCLE_DEPTH else None
        if t is MAP_STRING_ANY:
            names = list(m)
        else:
            static_key = t.key
            try:
                names = [_key_text(*slot(k, static_key), static_key) for k in m]
            except _BadKey as bad:
                bad.path = [frame[2] for frame in self.frames]  # the open objects on the stack
                raise
        if all(name.isascii() for name in names):
            order = sorted(zip(names, m.values(), strict=True), key=itemgetter(0))
        else:
            order = sorted(zip(names, m.values(), strict=True), key=lambda e: to_bytes(e[0]))
        self.open(_object(order, elem), "{}", key)


def _struct_members(t: GoType, raw: Any) -> list[_Member]:
    """A struct's members: its JSON fields in order, omitempty ones left out when empty, the
    text of fields written at once joined to what follows."""
    if isinstance(raw, Struct) and raw.type is t:
        get = raw.get
        fields_ = [(j, key, ft, get(name), f) for j, key, ft, name, f in _struct_plan(t)]
    else:
        meta = {f.name: f for f in t.fields} if isinstance(raw, Struct) else {}
        resolved = _resolve(
            (n, ft, v, meta.get(n)) for n, ft, v in fields(t, raw) if exported(raw, n)
        )
        fields_ = [(j, _quote(j) + ":", ft, v, f) for j, ft, v, f in resolved]
    members: list[_Member] = []
    text = ""  # written before the next member
    for jname, key, ftype, value, f in fields_:
        if f is not None and f.omitempty and _is_empty(value, ftype):
            continue
        text += key if not text and not members else "," + key
        if f is not None and f.json_string:
            inner = _string_option(value, ftype)
            if inner is not None:
                text += inner
                continue
        elif type(value) is str and ftype is not None and ftype.kind == "string":
            text += _quote(value)  # what the encoder does for it, without the dispatch
            continue
        members.append((text, jname, value, ftype))
        text = ""
    if text:
        members.append((text, None, None, _TEXT))
    return members


def _string_option(v: Any, static: GoType | None) -> str | None:
    """The `,string` tag option: a scalar (or a pointer to one) is written inside a string;
    None when the value is written as usual."""
    if static is None or static.kind == "interface":
        return None
    t, raw = slot(v, static)
    if t is not None and t.kind == "ptr":
        if not isinstance(raw, Pointer) or raw.target is None:
            return "null"
        t, raw = slot(raw.target, t.elem)
    if t is None or not (t.kind in _INTS or t.kind in ("string", "bool", "float32", "float64")):
        return None
    enc = _Encoder()
    enc.typed(t, raw)
    inner = "".join(enc.out)
    return _quote(inner) if t.kind == "string" else '"' + inner + '"'


def _u8(x: Any) -> int:
    return x.value if isinstance(x, GoValue) else int(x)


def _key_text(kt: GoType | None, raw: Any, static_key: GoType | None) -> str:
    """The member name of a map key: strings as is, numbers in JSON number syntax."""
    if kt is None:
        raise _BadKey()
    k = kt.kind
    if k == "string":
        text: str = raw
        return text
    if k in _INTS:
        return str(int(raw))
    if k in ("float32", "float64") and static_key is not None and static_key.kind != "interface":
        return _float(raw, 32 if k == "float32" else 64)
    if k in ("complex64", "complex128", "func", "chan"):
        raise JSONError("json: unsupported type: " + kt.name)
    raise _BadKey()


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
        if f is not None and not f.exported:
            continue  # a Python object's fields come filtered by value.exported
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
