"""Go's time.Time for Python datetimes: String, Format, GoString, MarshalJSON and accessors.

A datetime is seen as the Go value `time.Time` (gotmpl.pyvalues). Its struct holds Go's own
unexported fields (wall: the nanoseconds, ext: seconds since January 1, year 1, loc: a
*time.Location, nil for UTC), so what a template can and cannot reach is what Go allows; the
methods below are Go's (time/format.go, format_rfc3339.go), ported for the values a Python
datetime can hold (years 1 to 9999, microsecond precision, offsets under 24 hours).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable
from typing import Any

from gotmpl.duration import time_quote
from gotmpl.gotypes import (
    INT,
    INT64,
    STRING,
    UINT64,
    GoType,
    GoValue,
    Pointer,
    Struct,
    named,
    ptr_to,
    struct_type,
)

__all__ = [
    "MONTH",
    "TIME",
    "WEEKDAY",
    "from_datetime",
    "go_format",
]

_LONG_MONTHS = ("January", "February", "March", "April", "May", "June") + (
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_LONG_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
#: Seconds from January 1, year 1 to the Unix epoch (Go's unixToInternal).
_UNIX_TO_INTERNAL = 62135596800


def _month_string(m: Any) -> str:
    n = m.value if isinstance(m, GoValue) else m
    return _LONG_MONTHS[n - 1] if 1 <= n <= 12 else f"%!Month({n})"


def _weekday_string(d: Any) -> str:
    n = d.value if isinstance(d, GoValue) else d
    return _LONG_DAYS[n] if 0 <= n <= 6 else f"%!Weekday({n})"


MONTH = named("time.Month", INT, {"String": _month_string})
WEEKDAY = named("time.Weekday", INT, {"String": _weekday_string})
#: The zone a datetime's location shows: Go's Location has many; a datetime has one at a time.
LOCATION = struct_type("time.Location", [("name", STRING), ("zone", STRING), ("offset", INT)])
_LOCATION_PTR = ptr_to(LOCATION)
_LOCATIONS: dict[tuple[str, str, int], Pointer] = {}


def _location(name: str, abbrev: str, offset: int) -> Pointer:
    """One *time.Location per (name, abbreviation, offset), so equal times compare equal."""
    key = (name, abbrev, offset)
    loc = _LOCATIONS.get(key)
    if loc is None:
        if len(_LOCATIONS) >= 1024:
            _LOCATIONS.clear()
        loc = _LOCATIONS[key] = Pointer(
            Struct(LOCATION, name=name, zone=abbrev, offset=offset), _LOCATION_PTR
        )
    return loc


def from_datetime(dt: _dt.datetime) -> Struct:
    """The time.Time a datetime stands for. A naive datetime is local time (Go's time.Local),
    as Python's own `astimezone()` reads it."""
    loc_name: str | None = None
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.astimezone()
        loc_name = "Local"
    tz = dt.tzinfo
    off = dt.utcoffset()
    assert tz is not None and off is not None
    offset = off.days * 86400 + off.seconds
    abbrev = dt.tzname() or ""
    if loc_name is None:
        if isinstance(tz, _dt.timezone):
            # Only timezone.utc has offset 0 and no name of its own.
            if offset and abbrev == _dt.timezone(off).tzname(None):
                abbrev = ""  # no name given: Go's FixedZone("", offset)
            loc_name = abbrev
        else:
            loc_name = getattr(tz, "key", None) or getattr(tz, "zone", None) or abbrev
    naive = dt.replace(tzinfo=None) - _dt.timedelta(seconds=offset)
    seconds = (naive - _dt.datetime(1, 1, 1)) // _dt.timedelta(seconds=1)
    # Go's time.UTC is a nil *Location.
    utc = tz is _dt.UTC
    loc = Pointer(None, _LOCATION_PTR) if utc else _location(loc_name, abbrev, offset)
    return Struct(TIME, wall=dt.microsecond * 1000, ext=seconds, loc=loc)


def _parts(t: Any) -> tuple[_dt.datetime, int, str | None, str, int]:
    """(wall-clock datetime in its zone, nanoseconds, location name (None: time.UTC),
    abbreviation, offset)."""
    if isinstance(t, _dt.datetime):
        t = from_datetime(t)
    loc = t.get("loc")
    name: str | None
    if loc.target is None:
        name, abbrev, offset = None, "UTC", 0
    else:
        name, abbrev, offset = (loc.target.get(k) for k in ("name", "zone", "offset"))
    clock = _dt.datetime(1, 1, 1) + _dt.timedelta(seconds=t.get("ext") + offset)
    return clock, t.get("wall"), name, abbrev, offset


def _int(x: int, width: int) -> str:
    """Go's appendInt: decimal, zero-padded to `width` digits after the sign."""
    digits = str(abs(x)).rjust(width, "0")
    return "-" + digits if x < 0 else digits


def _nano(nanos: int, digits: int, trim: bool, sep: str) -> str:
    """Go's appendNano: a fractional second of `digits` digits, trailing zeros cut if `trim`."""
    if trim and (digits == 0 or nanos == 0):
        return ""
    s = sep + _int(nanos, 9)[:digits]
    if trim:
        s = s.rstrip("0")
        if s == sep:
            s = ""
    return s


# Layout elements, as nextStdChunk finds them: (text before, element, text after).
_ZONES = (
    ("-070000", "-070000"),
    ("-07:00:00", "-07:00:00"),
    ("-0700", "-0700"),
    ("-07:00", "-07:00"),
    ("-07", "-07"),
)
_ISO_ZONES = tuple(("Z" + z[1:], "Z" + e[1:]) for z, e in _ZONES)


def _next_chunk(layout: str) -> tuple[str, str, str]:
    """Go's nextStdChunk: the text before the first layout element, the element, the rest
    (the element is "" when there is none). Fractional seconds are `.000`/`,999` etc."""
    n = len(layout)
    for i, c in enumerate(layout):
        rest = layout[i:]
        if c == "J" and rest.startswith("Jan"):
            if rest.startswith("January"):
                return layout[:i], "January", layout[i + 7 :]
            if not ("a" <= rest[3:4] <= "z"):
                return layout[:i], "Jan", layout[i + 3 :]
        elif c == "M" and len(rest) >= 3:
            if rest.startswith("Mon"):
                if rest.startswith("Monday"):
                    return layout[:i], "Monday", layout[i + 6 :]
                if not ("a" <= rest[3:4] <= "z"):
                    return layout[:i], "Mon", layout[i + 3 :]
            if rest.startswith("MST"):
                return layout[:i], "MST", layout[i + 3 :]
        elif c == "0":
            if len(rest) >= 2 and "1" <= rest[1] <= "6":
                return layout[:i], rest[:2], layout[i + 2 :]
            if rest.startswith("002"):
                return layout[:i], "002", layout[i + 3 :]
        elif c == "1":
            if rest.startswith("15"):
                return layout[:i], "15", layout[i + 2 :]
            return layout[:i], "1", layout[i + 1 :]
        elif c == "2":
            if rest.startswith("2006"):
                return layout[:i], "2006", layout[i + 4 :]
            return layout[:i], "2", layout[i + 1 :]
        elif c == "_":
            if rest.startswith("_2"):
                if rest.startswith("_2006"):
                    return layout[: i + 1], "2006", layout[i + 5 :]
                return layout[:i], "_2", layout[i + 2 :]
            if rest.startswith("__2"):
                return layout[:i], "__2", layout[i + 3 :]
        elif c in "345":
            return layout[:i], c, layout[i + 1 :]
        elif c == "P" and rest.startswith("PM"):
            return layout[:i], "PM", layout[i + 2 :]
        elif c == "p" and rest.startswith("pm"):
            return layout[:i], "pm", layout[i + 2 :]
        elif c in "-Z":
            for text, elem in _ZONES if c == "-" else _ISO_ZONES:
                if rest.startswith(text):
                    return layout[:i], elem, layout[i + len(text) :]
        elif c in ".," and i + 1 < n and layout[i + 1] in "09":
            j = i + 1
            while j < n and layout[j] == layout[i + 1]:
                j += 1
            if not (j < n and "0" <= layout[j] <= "9"):
                return layout[:i], layout[i:j], layout[j:]
    return layout, "", ""


def go_format(t: Any, layout: str) -> str:
    """Go's Time.Format: `layout` written out for time `t` (a time.Time value or datetime)."""
    clock, nanos, _, abbrev, offset = _parts(t)
    out: list[str] = []
    while layout:
        prefix, elem, layout = _next_chunk(layout)
        out.append(prefix)
        if not elem:
            break
        out.append(_element(elem, clock, nanos, abbrev, offset))
    return "".join(out)


def _element(elem: str, clock: _dt.datetime, nanos: int, abbrev: str, offset: int) -> str:
    """One layout element of Go's appendFormat."""
    hour12 = clock.hour % 12 or 12
    table: dict[str, Callable[[], str]] = {
        "2006": lambda: _int(clock.year, 4),
        "06": lambda: _int(clock.year % 100, 2),
        "January": lambda: _LONG_MONTHS[clock.month - 1],
        "Jan": lambda: _LONG_MONTHS[clock.month - 1][:3],
        "1": lambda: str(clock.month),
        "01": lambda: _int(clock.month, 2),
        "Monday": lambda: _LONG_DAYS[(clock.weekday() + 1) % 7],
        "Mon": lambda: _LONG_DAYS[(clock.weekday() + 1) % 7][:3],
        "2": lambda: str(clock.day),
        "_2": lambda: str(clock.day).rjust(2),
        "02": lambda: _int(clock.day, 2),
        "__2": lambda: str(clock.timetuple().tm_yday).rjust(3),
        "002": lambda: _int(clock.timetuple().tm_yday, 3),
        "15": lambda: _int(clock.hour, 2),
        "3": lambda: str(hour12),
        "03": lambda: _int(hour12, 2),
        "4": lambda: str(clock.minute),
        "04": lambda: _int(clock.minute, 2),
        "5": lambda: str(clock.second),
        "05": lambda: _int(clock.second, 2),
        "PM": lambda: "PM" if clock.hour >= 12 else "AM",
        "pm": lambda: "pm" if clock.hour >= 12 else "am",
    }
    simple = table.get(elem)
    if simple is not None:
        return simple()
    if elem[0] in ".,":
        return _nano(nanos, len(elem) - 1, elem[1] == "9", elem[0])
    if elem == "MST" and abbrev:
        return abbrev
    if elem[0] == "Z" and offset == 0:
        return "Z"
    # Go divides with truncation, and negates the offset only when the minutes are negative:
    # an offset of -30s is "+0000", and its seconds "-30".
    minutes = int(offset / 60)
    sign = "-" if minutes < 0 else "+"
    seconds = int(math.fmod(-offset if minutes < 0 else offset, 60))
    minutes = abs(minutes)
    if elem == "MST":
        return sign + _int(minutes // 60, 2) + _int(minutes % 60, 2)
    s = sign + _int(minutes // 60, 2)
    colon = ":" in elem
    if elem[1:] != "07":
        s += (":" if colon else "") + _int(minutes % 60, 2)
    if len(elem) in (7, 9):  # -070000, -07:00:00 and their Z forms
        s += (":" if colon else "") + _int(seconds, 2)
    return s


def _string(t: Any) -> str:
    return go_format(t, "2006-01-02 15:04:05.999999999 -0700 MST")


def _go_string(t: Any) -> str:
    clock, nanos, name, _, _ = _parts(t)
    if name is None:
        loc = "time.UTC"
    elif name == "Local":
        loc = "time.Local"
    else:
        loc = "time.Location(" + time_quote(name.encode("utf-8", "surrogateescape")) + ")"
    return (
        f"time.Date({clock.year}, time.{_LONG_MONTHS[clock.month - 1]}, {clock.day}, "
        f"{clock.hour}, {clock.minute}, {clock.second}, {nanos}, {loc})"
    )


def _rfc3339(t: Any) -> str:
    """RFC 3339 with Go's nanosecond rule (trailing zeros cut), as MarshalJSON writes it.
    A datetime's year and offset always fit RFC 3339, so Go's range errors cannot arise."""
    return go_format(t, "2006-01-02T15:04:05.999999999Z07:00")


def _unix(t: Any) -> int:
    return int(_unix_parts(t)[0])


def _unix_parts(t: Any) -> tuple[int, int]:
    if isinstance(t, _dt.datetime):
        t = from_datetime(t)
    return t.get("ext") - _UNIX_TO_INTERNAL, t.get("wall")


def _in_utc(t: Any) -> Struct:
    if isinstance(t, _dt.datetime):
        t = from_datetime(t)
    return Struct(TIME, wall=t.get("wall"), ext=t.get("ext"), loc=Pointer(None, _LOCATION_PTR))


def _format(t: Any, layout: str) -> str:
    return go_format(t, layout)


def _nanos(t: Any) -> int:
    """Nanoseconds since January 1, year 1, UTC: the instant, for comparing two times."""
    if isinstance(t, _dt.datetime):
        t = from_datetime(t)
    return int(t.get("ext")) * 10**9 + int(t.get("wall"))


def _equal(t: Any, u: Any) -> bool:
    return _nanos(t) == _nanos(u)


def _before(t: Any, u: Any) -> bool:
    return _nanos(t) < _nanos(u)


def _after(t: Any, u: Any) -> bool:
    return _nanos(t) > _nanos(u)


def _compare(t: Any, u: Any) -> int:
    a, b = _nanos(t), _nanos(u)
    return (a > b) - (a < b)


def _sub(t: Any, u: Any) -> GoValue:
    """Go's Sub: t - u as a Duration, saturated at its limits as Go saturates it."""
    from gotmpl.duration import DURATION

    return GoValue(DURATION, min(max(_nanos(t) - _nanos(u), -(1 << 63)), (1 << 63) - 1))


TIME: GoType = struct_type(
    "time.Time",
    [("wall", UINT64), ("ext", INT64), ("loc", _LOCATION_PTR)],
    {
        "String": _string,
        "GoString": _go_string,
        "Format": _format,
        "MarshalJSON": lambda t: '"' + _rfc3339(t) + '"',
        "MarshalText": _rfc3339,
        "Unix": lambda t: GoValue(INT64, _unix(t)),
        "UnixMilli": lambda t: GoValue(INT64, _unix(t) * 1000 + _unix_parts(t)[1] // 10**6),
        "UnixMicro": lambda t: GoValue(INT64, _unix(t) * 10**6 + _unix_parts(t)[1] // 1000),
        "UnixNano": lambda t: GoValue(INT64, _unix(t) * 10**9 + _unix_parts(t)[1]),
        "Year": lambda t: _parts(t)[0].year,
        "Month": lambda t: GoValue(MONTH, _parts(t)[0].month),
        "Day": lambda t: _parts(t)[0].day,
        "Hour": lambda t: _parts(t)[0].hour,
        "Minute": lambda t: _parts(t)[0].minute,
        "Second": lambda t: _parts(t)[0].second,
        "Nanosecond": lambda t: _parts(t)[1],
        "Weekday": lambda t: GoValue(WEEKDAY, (_parts(t)[0].weekday() + 1) % 7),
        "YearDay": lambda t: _parts(t)[0].timetuple().tm_yday,
        "IsZero": lambda t: _unix_parts(t) == (-_UNIX_TO_INTERNAL, 0),
        "UTC": _in_utc,
        "Equal": _equal,
        "Before": _before,
        "After": _after,
        "Compare": _compare,
        "Sub": _sub,
    },
)
# The argument of these is a Go time.Time parameter (Go's conversions and errors): a GoType as
# its annotation, set here since TIME is made from the methods.
for _method in (_equal, _before, _after, _compare, _sub):
    _method.__annotations__["u"] = TIME
