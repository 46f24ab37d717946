"""Go's time.ParseDuration (and time's own quoting, which its errors use).

Results are whole nanoseconds (Go's `time.Duration`); errors carry Go's exact text
(`time: unknown unit "x" in duration "1x"`). The webhook config and the gotmpl CLI's
`--timeout` read durations through it.
"""

from __future__ import annotations

__all__ = ["DurationError", "parse_duration", "time_quote"]

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
