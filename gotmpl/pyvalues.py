"""Go meanings of common Python values that plain Go data cannot hold as they are.

- `datetime`: `time.Time` (gotmpl.gotime): prints `2024-01-02 03:04:05.5 +0000 UTC`, toJson
  `"2024-01-02T03:04:05.5Z"`; a naive datetime is local time (Go's time.Local).
- `date`: `civil.Date` (cloud.google.com/go/civil): prints and marshals as `2024-01-02`.
- `Decimal`: `json.Number` of its exact digits: prints `1.50`, toJson `1.50` (NaN and
  Infinity are Go's marshal error).
- `UUID`: `uuid.UUID` (github.com/google/uuid, a `[16]byte`): prints and marshals its
  canonical form.
- `timedelta`: `time.Duration` (gotmpl.duration): prints `1h2m3.5s`, toJson its nanoseconds;
  one too long for it (past about 292 years) is an error, not a wrapped number.
- an `Enum` member: its `.value`, with that value's own meaning.

value.py (and through it fmt, json, the comparisons and the executor) asks `go_meaning` for the
Go value wherever it meets a Python object that is not Go data itself; dataclasses and other
objects are structs there (value.fields). A Python function called from a template still gets
the original Python value.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gotmpl.errors import GoError
from gotmpl.gotypes import INT, INT64, STRING, UINT8, GoType, GoValue, Struct, array_of, named
from gotmpl.gotypes import struct_type as _struct_type

if TYPE_CHECKING:
    import datetime
    import enum
    import uuid

__all__ = ["JSON_NUMBER", "UUID", "civil_date", "go_meaning", "has_meaning", "no_fields"]

_UNSEEN = object()
_Converter = Callable[[Any], Any]
#: The converter of each class met so far (None: no meaning of its own), found once per class.
_CONVERTERS: dict[type, _Converter | None] = {
    t: None for t in (str, int, float, bool, complex, bytes, list, tuple, dict, type(None))
}

_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")


def _number_text(n: Any) -> str:
    return n.value if isinstance(n, GoValue) else str(n)


def _float64(n: Any) -> float:
    """json.Number's Float64 (strconv.ParseFloat of its text)."""
    text = _number_text(n)
    try:
        return float(text) if _JSON_NUMBER.match(text) or text.lower() in _SPECIAL else _bad(text)
    except OverflowError:
        raise GoError('strconv.ParseFloat: parsing "%s": value out of range', text) from None


_SPECIAL = frozenset({"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})


def _bad(text: str) -> float:
    raise GoError('strconv.ParseFloat: parsing "%s": invalid syntax', text)


def _int64(n: Any) -> GoValue:
    """json.Number's Int64 (strconv.ParseInt of its text, base 10): digits are read in order,
    so a number that overflows before its first bad character is out of range."""
    text = _number_text(n)
    digits = text[1:] if text[:1] in "+-" else text
    value = 0
    for c in digits or "x":
        if not "0" <= c <= "9":
            raise GoError('strconv.ParseInt: parsing "%s": invalid syntax', text)
        value = value * 10 + ord(c) - 48
        if value >= 1 << 64:
            break
    value = -value if text[:1] == "-" else value
    if not -(1 << 63) <= value < 1 << 63:
        raise GoError('strconv.ParseInt: parsing "%s": value out of range', text)
    return GoValue(INT64, value)


#: encoding/json's Number: a string type that marshals as the number literal it holds.
JSON_NUMBER = named(
    "json.Number", STRING, {"String": _number_text, "Float64": _float64, "Int64": _int64}
)


def valid_json_number(text: str) -> bool:
    """encoding/json's isValidNumber."""
    return _JSON_NUMBER.match(text) is not None


def _uuid_of(v: Any) -> uuid.UUID:
    import uuid  # loaded already: a uuid.UUID value was met

    return uuid.UUID(bytes=bytes(v.value))


#: google/uuid's UUID: [16]byte printed and marshaled (MarshalText) in its canonical form.
UUID = named(
    "uuid.UUID",
    array_of(16, UINT8),
    {
        "String": lambda v: str(_uuid_of(v)),
        "URN": lambda v: _uuid_of(v).urn,
        "MarshalText": lambda v: str(_uuid_of(v)),
    },
)


def _date_string(d: Struct) -> str:
    from gotmpl.gotime import MONTH

    month = d.get("Month")
    number = month.value if isinstance(month, GoValue) and month.type == MONTH else month
    return f"{d.get('Year'):04d}-{number:02d}-{d.get('Day'):02d}"


@functools.cache
def civil_date() -> GoType:
    """cloud.google.com/go/civil's Date (made on first use: its Month is time.Month, and
    gotmpl.gotime loads Python's datetime)."""
    from gotmpl.gotime import MONTH

    return _struct_type(
        "civil.Date",
        [("Year", INT), ("Month", MONTH), ("Day", INT)],
        {"String": _date_string, "MarshalText": _date_string},
    )


def _from_date(d: datetime.date) -> Struct:
    from gotmpl.gotime import MONTH

    return Struct(civil_date(), Year=d.year, Month=GoValue(MONTH, d.month), Day=d.day)


def _from_datetime(dt: datetime.datetime) -> Struct:
    from gotmpl.gotime import from_datetime

    return from_datetime(dt)


def _from_timedelta(d: datetime.timedelta) -> GoValue:
    from gotmpl.duration import DURATION

    ns = (d.days * 86400 + d.seconds) * 10**9 + d.microseconds * 1000
    if not -(1 << 63) <= ns < 1 << 63:
        raise GoError("%s does not fit Go's time.Duration (about 292 years either way)", str(d))
    return GoValue(DURATION, ns)


def _from_enum(member: enum.Enum) -> Any:
    return go_meaning(member.value)


def _classify(cls: type) -> _Converter | None:
    """The converter for instances of `cls`. The modules are looked up, not imported: a value
    of their classes exists only once its module is loaded (so gotmpl's import pays nothing)."""
    loaded = sys.modules
    if "enum" in loaded and issubclass(cls, loaded["enum"].Enum):
        return _from_enum
    if "datetime" in loaded:
        if issubclass(cls, loaded["datetime"].timedelta):
            return _from_timedelta
        if issubclass(cls, loaded["datetime"].datetime):
            return _from_datetime
        if issubclass(cls, loaded["datetime"].date):
            return _from_date
    if "decimal" in loaded and issubclass(cls, loaded["decimal"].Decimal):
        return lambda d: GoValue(JSON_NUMBER, str(d))
    if "uuid" in loaded and issubclass(cls, loaded["uuid"].UUID):
        return lambda u: GoValue(UUID, list(u.bytes))
    return None


def no_fields(obj: Any) -> GoError:
    """The error for reading the fields of an object that has no Go meaning and no public
    instance attributes, nor a `__dict__` for any (a `pathlib.Path`, a `Fraction`, an
    `ipaddress` address, a `datetime.time`): as an empty struct it would print `{}`, which is
    never what was meant."""
    from gotmpl.gotypes import type_of

    return GoError(
        "%s has no Go meaning: no attributes to read as struct fields "
        "(pass str() of it, or a dataclass or dict)",
        type_of(obj).name,
    )


def has_meaning(cls: type) -> bool:
    """Whether instances of `cls` stand for a Go value of their own (see the module's table)."""
    conv = _CONVERTERS.get(cls, _UNSEEN)
    if conv is _UNSEEN:
        conv = _CONVERTERS[cls] = _classify(cls)
    return conv is not None


def go_meaning(v: Any) -> Any:
    """The Go value `v` stands for (a Struct or GoValue), or `v` itself when it is Go data or
    an object read as a struct of its attributes."""
    conv = _CONVERTERS.get(type(v), _UNSEEN)
    if conv is _UNSEEN:
        conv = _CONVERTERS[type(v)] = _classify(type(v))
    return v if conv is None else conv(v)  # type: ignore[operator]
