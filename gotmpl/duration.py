"""Go's time.Duration: ParseDuration, String and the Duration type a timedelta stands for.

Durations are whole nanoseconds; ParseDuration's errors carry Go's exact text (`time: unknown
unit "x" in duration "1x"`). The webhook config and the gotmpl CLI's `--timeout` read durations
through it; gotmpl.pyvalues gives a `timedelta` the type DURATION.
"""

from __future__ import annotations

from typing import Any

from gotmpl.gotypes import INT64, GoValue, named

__all__ = ["DURATION", "DurationError", "format_duration", "parse_duration", "time_quote"]

_UNITS = {
    b"ns": 1,
    b"us": 1_000,
    "µs".encode(): 1_000,  # U+00B5 micro sign
    "μs".encode(): 1_000,  # U+03BC Greek mu
    b"ms": 1_000_000,
    b"s": 1_000_000_000,
    b"m": 60_000_000_000,
    b"h": 3_600_000_000_000,
}
_MAX = 1 << 63


class DurationError(ValueError):
    """A string `time.ParseDuration` rejects; `str()` is Go's error text."""


def time_quote(s: bytes) -> str:
    """Go's time.quote (ParseDuration's errors, GoString's location name): non-ASCII and
    control bytes as \\xNN, quotes and backslashes escaped."""
    out = ['"']
    for b in s:
        if b >= 0x80 or b < 0x20:
            out.append(f"\\x{b:02x}")
        elif b in (0x22, 0x5C):
            out.append("\\" + chr(b))
        else:
            out.append(chr(b))
    out.append('"')
    return "".join(out)


def parse_duration(text: str) -> int:
    """Nanoseconds for a Go duration string such as `15s`, `1m30s`, `500ms`, `-1.5h`."""
    orig = text.encode("utf-8", "surrogatepass")

    def err(message: str) -> DurationError:
        return DurationError(f"time: {message} {time_quote(orig)}")

    s = orig
    neg = False
    if s[:1] in (b"-", b"+"):
        neg = s[:1] == b"-"
        s = s[1:]
    if s == b"0":
        return 0
    if not s:
        raise err("invalid duration")
    total = 0
    while s:
        if not (s[:1] == b"." or s[:1].isdigit()):
            raise err("invalid duration")
        i = 0
        whole = 0
        while i < len(s) and 0x30 <= s[i] <= 0x39:
            whole = whole * 10 + s[i] - 0x30
            if whole > _MAX:
                raise err("invalid duration")
            i += 1
        pre = i > 0
        s = s[i:]
        frac, scale, post = 0, 1.0, False
        if s[:1] == b".":
            s = s[1:]
            i = 0
            overflow = False
            while i < len(s) and 0x30 <= s[i] <= 0x39:
                if not overflow:
                    nxt = frac * 10 + s[i] - 0x30
                    if frac > (_MAX - 1) // 10 or nxt > _MAX:
                        overflow = True
                    else:
                        frac, scale = nxt, scale * 10
                i += 1
            post = i > 0
            s = s[i:]
        if not pre and not post:
            raise err("invalid duration")
        i = 0
        while i < len(s) and not (s[i] == 0x2E or 0x30 <= s[i] <= 0x39):
            i += 1
        if i == 0:
            raise err("missing unit in duration")
        unit_name, s = s[:i], s[i:]
        unit = _UNITS.get(unit_name)
        if unit is None:
            raise err(f"unknown unit {time_quote(unit_name)} in duration")
        if whole > _MAX // unit:
            raise err("invalid duration")
        value = whole * unit
        if frac > 0:
            value += int(float(frac) * (float(unit) / scale))
            if value > _MAX:
                raise err("invalid duration")
        total += value
        if total > _MAX:
            raise err("invalid duration")
    if neg:
        return -total
    if total > _MAX - 1:
        raise err("invalid duration")
    return total


def format_duration(ns: int) -> str:
    """Go's Duration.String: `1h2m3.5s`, `1.5ms`, `0s` (hours are the largest unit)."""
    u = abs(ns)
    if u < 1_000_000_000:
        if u == 0:
            return "0s"
        unit, prec = ("ns", 0) if u < 1000 else ("µs", 3) if u < 1_000_000 else ("ms", 6)
        frac, u = _frac(u, prec)
        text = f"{u}{frac}{unit}"
    else:
        frac, u = _frac(u, 9)
        text = f"{u % 60}{frac}s"
        u //= 60
        if u:
            text = f"{u % 60}m{text}"
            u //= 60
            if u:
                text = f"{u}h{text}"
    return "-" + text if ns < 0 else text


def _frac(v: int, prec: int) -> tuple[str, int]:
    """Go's fmtFrac: the fraction v/10**prec as ".123" (trailing zeros and an all-zero
    fraction left out), and the integer part."""
    digits = ""
    for _ in range(prec):
        v, digit = divmod(v, 10)
        if digits or digit:
            digits = str(digit) + digits
    return ("." + digits if digits else ""), v


_HOUR, _MINUTE, _SECOND = 3_600_000_000_000, 60_000_000_000, 1_000_000_000


def _ns(d: Any) -> int:
    return int(d.value if isinstance(d, GoValue) else d)


def _split(d: Any, unit: int) -> tuple[int, int]:
    """Go's d / unit and d % unit: truncated toward zero."""
    ns = _ns(d)
    q = abs(ns) // unit * (-1 if ns < 0 else 1)
    return q, ns - q * unit


def _float_units(d: Any, unit: int) -> float:
    """Go's Hours, Minutes, Seconds: whole units plus the rest as a fraction."""
    whole, rest = _split(d, unit)
    return float(whole) + float(rest) / unit


#: Go's time.Duration, with its String and conversion methods.
DURATION = named(
    "time.Duration",
    INT64,
    {
        "String": lambda d: format_duration(_ns(d)),
        "Hours": lambda d: _float_units(d, _HOUR),
        "Minutes": lambda d: _float_units(d, _MINUTE),
        "Seconds": lambda d: _float_units(d, _SECOND),
        "Milliseconds": lambda d: GoValue(INT64, _split(d, 1_000_000)[0]),
        "Microseconds": lambda d: GoValue(INT64, _split(d, 1000)[0]),
        "Nanoseconds": lambda d: GoValue(INT64, _ns(d)),
    },
)
