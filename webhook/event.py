"""Flipt's audit event as its webhook templates see it, and Flipt's template funcMap.

Flipt v1.61.1 does not hand its templates the event it created: the event travels as OpenTelemetry
span attributes (actor and payload `json.Marshal`-ed into strings) and is decoded again before the
sinks run. So at template time the payload is whatever `json.Unmarshal` into `any` gives (maps,
slices, float64 numbers, or nil), and `Metadata.Actor` is never a nil pointer. `Event` rebuilds
exactly that value as a gotmpl struct with Go's field names and JSON tags.
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from gotmpl.funcmaps import FLIPT
from gotmpl.gotypes import ANY, STRING, GoType, Pointer, Struct, ptr_to, struct_type
from gotmpl.jsonvalid import go_float
from gotmpl.unicode import equal_fold
from webhook.limits import MAX_EVENT_BYTES, TooLarge

__all__ = ["ACTOR_TYPE", "EVENT_TYPE", "FUNCS", "METADATA_TYPE", "Event", "EventError"]

ACTOR_TYPE = struct_type(
    "audit.Actor",
    [
        ("Authentication", STRING, "authentication,omitempty"),
        ("IP", STRING, "ip,omitempty"),
        ("Email", STRING, "email,omitempty"),
        ("Name", STRING, "name,omitempty"),
        ("Picture", STRING, "picture,omitempty"),
    ],
)
_ACTOR_PTR = ptr_to(ACTOR_TYPE)
METADATA_TYPE = struct_type("audit.Metadata", [("Actor", _ACTOR_PTR, "actor,omitempty")])
EVENT_TYPE = struct_type(
    "audit.Event",
    [
        ("Version", STRING, "version"),
        ("Type", STRING, "type"),
        ("Action", STRING, "action"),
        ("Metadata", METADATA_TYPE, "metadata"),
        ("Payload", ANY, "payload"),
        ("Timestamp", STRING, "timestamp"),
        ("Status", STRING, "status"),
    ],
)

_STRING_FIELDS = ("Version", "Type", "Action", "Timestamp", "Status")


class EventError(ValueError):
    """An event that Flipt could not have produced or decoded; the message names the key."""


#: Flipt v1.61.1's template funcMap (`template.New("").Funcs(funcMap)`).
FUNCS: Mapping[str, Any] = FLIPT


def _json_kind(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, (list, tuple)):
        return "array"
    if isinstance(v, Mapping):
        return "object"
    return type(v).__name__


_SURROGATE = re.compile("[\ud800-\udfff]")


def _fix_surrogates(s: str) -> str:
    """Go decodes an unpaired `\\uD800` escape as U+FFFD; Python keeps the lone surrogate."""
    if s.isascii() or _SURROGATE.search(s) is None:
        return s
    return _SURROGATE.sub("\ufffd", s)


#: Deepest JSON nesting an event may have. Flipt's events nest a few levels; the cap keeps
#: decoding away from the interpreter's recursion limit, which a process may have raised (the
#: C JSON scanner then overflows the C stack instead of raising RecursionError).
MAX_DEPTH = 512
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def _too_deep(text: str | bytes) -> bool:
    """Whether JSON `text` nests deeper than MAX_DEPTH (cheap unless it has many brackets)."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "replace")
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for ch in _NOT_BRACKETS.sub("", _STRINGS.sub("", text)):
        depth += 1 if ch in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


class _NotPlain(Exception):
    """Raised by `_plain_value` for anything `_checked_value` must look at."""


def _plain_value(v: Any, depth: int = 0) -> Any:
    """`_any_value` for plain JSON data (dict, list, str, bool, None, int, finite float),
    without the error paths it tracks for everything else."""
    t = type(v)
    if t is str:
        return v if v.isascii() else _fix_surrogates(v)
    if t is dict:
        if depth >= MAX_DEPTH:
            raise _NotPlain
        out: dict[str, Any] = v.copy()  # members that stay as they are, copied at once
        for k, x in v.items():
            if type(k) is not str or not (k.isascii() or _fix_surrogates(k) == k):
                raise _NotPlain  # _checked_value writes a lone surrogate's U+FFFD
            tx = type(x)
            if not (x is None or tx is bool or (tx is str and x.isascii())):
                out[k] = _plain_value(x, depth + 1)
        return out
    if t is list:
        if depth >= MAX_DEPTH:
            raise _NotPlain
        return [_plain_value(x, depth + 1) for x in v]
    if v is None or t is bool:
        return v
    if t is float and v - v == 0.0:  # finite
        return v
    if t is int and -(2**1023) < v < 2**1023:
        return float(v)
    raise _NotPlain


def _any_value(v: Any, where: str) -> Any:
    """`v` as `json.Unmarshal` into `any` gives it back after `json.Marshal`: float64 numbers."""
    try:
        return _plain_value(v)
    except _NotPlain:
        return _checked_value(v, where)


def _checked_value(v: Any, where: str, depth: int = 0) -> Any:
    """`_any_value` for any value, with the errors naming where in the payload."""
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, str):
        return _fix_surrogates(v)
    if isinstance(v, int):
        try:
            return float(v)
        except OverflowError:
            raise EventError(f"{where}: number {v} does not fit a float64") from None
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise EventError(f"{where}: {v} is not a JSON number") from None
        return v
    if depth >= MAX_DEPTH and isinstance(v, (list, tuple, Mapping)):
        raise EventError(f"event.payload: nested more than {MAX_DEPTH} levels deep")
    if isinstance(v, (list, tuple)):
        return [_checked_value(x, f"{where}[{i}]", depth + 1) for i, x in enumerate(v)]
    if isinstance(v, (Mapping, _Members)):
        out: dict[str, Any] = {}
        for k, x in _members(v, where):
            if not isinstance(k, str):
                raise EventError(f"{where}: object key {k!r} is not a string")
            out[_fix_surrogates(k)] = _checked_value(x, f"{where}.{k}", depth + 1)
        return out
    raise EventError(f"{where}: a {type(v).__name__} is not a JSON value")


class _Members:
    """A JSON object's members in document order, duplicate keys kept (json.loads'
    object_pairs_hook): json.Unmarshal decodes them into a struct one by one, so the last of
    several keys for one field wins and objects for the same field merge."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Members:
    """A decoded JSON object: a dict, unless a key repeats (then _Members, in order)."""
    d = dict(pairs)
    return d if len(d) == len(pairs) else _Members(pairs)


def _members(v: Any, where: str) -> Any:
    """The members of an object (a Mapping, or _Members from JSON text), in order."""
    if isinstance(v, _Members):
        return v.pairs
    if isinstance(v, Mapping):
        return v.items()
    raise EventError(f"{where}: expected an object, got {_json_kind(v)}")


def _field(key: Any, names: tuple[str, ...]) -> str | None:
    """The JSON name of the struct field json.Unmarshal decodes member `key` into: the name
    itself, else one equal to it under Go's case folding (strings.EqualFold), else none."""
    if key in names:
        return key  # type: ignore[no-any-return]
    if isinstance(key, str):
        for name in names:
            if equal_fold(key, name):
                return name
    return None


def _string(v: Any, where: str) -> str:
    if not isinstance(v, str):
        raise EventError(f"{where}: expected a string, got {_json_kind(v)}")
    return _fix_surrogates(v)


_EVENT_NAMES = tuple(f.json_name or f.name for f in EVENT_TYPE.fields)
_ACTOR_NAMES = tuple(f.json_name or f.name for f in ACTOR_TYPE.fields)
_BY_JSON_NAME = {f.json_name: f.name for f in (*EVENT_TYPE.fields, *ACTOR_TYPE.fields)}


def _decode_actor(actor: dict[str, str] | None, v: Any, where: str) -> dict[str, str] | None:
    """json.Unmarshal of `v` into the *audit.Actor field holding `actor` (None: nil): null
    makes it nil, an object decodes into the Actor it points at (or a new one)."""
    if v is None:
        return None
    actor = {} if actor is None else actor
    for key, x in _members(v, where):
        name = _field(key, _ACTOR_NAMES)
        if name is not None and x is not None:  # JSON null leaves a Go string as it was
            actor[_BY_JSON_NAME[name]] = _string(x, f"{where}.{name}")
    return actor


_S = TypeVar("_S", bound=Struct)


def _struct(cls: type[_S], struct_type: GoType, values: dict[str, Any]) -> _S:
    """A `cls` (a gotmpl Struct) of `struct_type` holding `values`: Go field names of that
    type and Go values, as the decoders here build them. gotmpl's `Struct()` would check every
    name against the type again, a third of the time decoding an event takes; this builds it as
    `gotmpl.gotypes.addressed()` builds its twins (tests compare every slot with `Struct()`'s)."""
    s = object.__new__(cls)
    s.type, s.values, s.addressable = struct_type, values, False
    return s


def _metadata(actor: dict[str, str] | None, round_trip: bool) -> Struct:
    """`audit.Metadata{Actor}` holding `actor`'s fields; the pointer is nil only when there was
    no actor and no span round trip (the round trip decodes even a missing one into a new
    Actor)."""
    if actor is None and not round_trip:
        pointer = Pointer(None, _ACTOR_PTR)
    else:
        pointer = Pointer(_struct(Struct, ACTOR_TYPE, actor or {}), _ACTOR_PTR)
    return _struct(Struct, METADATA_TYPE, {"Actor": pointer})


def _fields(obj: Any, round_trip: bool) -> dict[str, Any]:
    """The Event's fields from JSON-shaped `obj`, by json.Unmarshal's rules: keys matched to
    fields by Go's case folding, members applied in order (the last of several for one field
    wins, objects for one struct merge), null leaving a field as it was."""
    values: dict[str, Any] = dict.fromkeys(_STRING_FIELDS, "")
    actor: dict[str, str] | None = None  # the zero Event's Metadata.Actor is nil
    payload: Any = None
    for key, v in _members(obj, "event"):
        name = _field(key, _EVENT_NAMES)
        if name is None:
            continue
        if name == "metadata":
            if v is None:  # null leaves a struct as it was
                continue
            for mkey, mv in _members(v, "event.metadata"):
                if _field(mkey, ("actor",)) is not None:
                    actor = _decode_actor(actor, mv, "event.metadata.actor")
        elif name == "payload":
            payload = v  # an interface is replaced, not merged
        elif v is not None:
            values[_BY_JSON_NAME[name]] = _string(v, f"event.{name}")
    values["Metadata"] = _metadata(actor, round_trip)
    values["Payload"] = _any_value(payload, "event.payload")
    return values


_STRING_KEYS = {f.json_name: f.name for f in EVENT_TYPE.fields if f.name in _STRING_FIELDS}
#: Every member json.Marshal writes for an audit.Event (the strings, then metadata and
#: payload), and the fields they decode into.
_MARSHALED_MEMBERS = operator.itemgetter(*_STRING_KEYS, "metadata", "payload")
_MARSHALED_FIELDS = (*_STRING_KEYS.values(), "Metadata", "Payload")
#: The fields' dict from the members in that order: a dict display built once from
#: _MARSHALED_FIELDS, half the cost of dict(zip(...)) per event.
_FIELDS_OF = eval(  # noqa: S307 - source made here from the field names alone
    "lambda m: {" + ", ".join(f"{name!r}: m[{i}]" for i, name in enumerate(_MARSHALED_FIELDS)) + "}"
)
_ACTOR_KEYS = {f.json_name: f.name for f in ACTOR_TYPE.fields}


def _marshaled_fields(obj: dict[str, Any], round_trip: bool) -> dict[str, Any] | None:
    """`_fields(obj)` for an event as json.Marshal writes Flipt's (its seven members and no
    other, ASCII strings, a metadata object holding at most the actor), else None: any other
    shape is left to `_fields`, which then also gives a malformed event its error. The
    payload goes through the same decoder on both paths."""
    if len(obj) != len(EVENT_TYPE.fields):  # a member twice in other case, or an unknown one
        return None
    try:
        members = _MARSHALED_MEMBERS(obj)  # KeyError: a member is missing
        plain = "".join(members[:-2]).isascii()  # TypeError: a null or not a string
    except (KeyError, TypeError):
        return None
    meta = members[-2]
    if type(meta) is not dict:
        return None
    actor: dict[str, str] | None = None
    given = meta.get("actor")
    if given is not None:
        if type(given) is not dict or len(meta) != 1:
            return None
        try:
            actor = {}
            for k, v in given.items():  # a loop: a comprehension is a call more
                actor[_ACTOR_KEYS[k]] = v
            plain = plain and "".join(actor.values()).isascii()
        except (KeyError, TypeError):
            return None
    elif meta:  # a member other than the actor, or a null actor
        return None
    if not plain:  # lone surrogates to fix, or not: _fields looks at each string
        return None
    values: dict[str, Any] = _FIELDS_OF(members)
    values["Metadata"] = _metadata(actor, round_trip)
    values["Payload"] = _any_value(members[-1], "event.payload")
    return values


class Event(Struct):
    """Flipt's `audit.Event` value (a gotmpl `Struct` of `EVENT_TYPE`), ready to render.

    Build it with `Event.from_dict` / `Event.from_json` from the event as Flipt emits it in JSON
    (the URL sink's body, the log sink's line, the docs' examples). Fields use Go's names:
    `event.get("Type")`, `{{ .Metadata.Actor.Email }}`.
    """

    __slots__ = ()

    def __init__(self, **fields: Any) -> None:
        if "Metadata" not in fields:
            fields["Metadata"] = _metadata(None, round_trip=True)
        super().__init__(EVENT_TYPE, **fields)

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any], *, round_trip: bool = True) -> Event:
        """The event Flipt's template sees for the JSON-shaped event `obj`.

        With `round_trip` (the default, and what every Flipt template sees), the actor is always
        a non-nil pointer and the payload is re-decoded. `round_trip=False` keeps a missing or
        null actor as a nil `*audit.Actor`, as an `audit.Event` built directly in Go code (the
        sink's unit tests) has it.
        """
        try:
            values = _marshaled_fields(obj, round_trip) if type(obj) is dict else None
            if values is None:
                values = _fields(obj, round_trip)
        except RecursionError:
            raise EventError("event.payload: nested too deeply") from None
        return _struct(cls, EVENT_TYPE, values)

    @classmethod
    def from_json(cls, text: str | bytes, *, round_trip: bool = True) -> Event:
        """`from_dict` of one JSON event; malformed JSON raises EventError with its position,
        and so does an event larger than `webhook.limits.MAX_EVENT_BYTES`."""

        def reject(name: str) -> Any:
            raise ValueError(f"{name} is not valid JSON")

        # a str of n characters is at most 4n bytes of UTF-8: encode only when that is too many
        if len(text) > MAX_EVENT_BYTES // 4:
            raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
            if len(raw) > MAX_EVENT_BYTES:
                raise EventError(str(TooLarge("event", MAX_EVENT_BYTES, len(raw))))
        if _too_deep(text):
            raise EventError(f"event: invalid JSON: nested more than {MAX_DEPTH} levels deep")
        try:
            obj = json.loads(
                text, parse_float=go_float, parse_constant=reject, object_pairs_hook=_object
            )
        except (ValueError, RecursionError) as exc:
            raise EventError(f"event: invalid JSON: {exc}") from None
        return cls.from_dict(obj, round_trip=round_trip)

    @property
    def pair(self) -> str:
        """`type:action`, the string Flipt's `audit.events` filter matches."""
        return f"{self.get('Type')}:{self.get('Action')}"

    @property
    def valid(self) -> bool:
        """Flipt's `Event.Valid()`: version, action, type and timestamp are all set."""
        return all(self.get(name) for name in ("Version", "Action", "Type", "Timestamp"))
