"""Go's `time.ParseDuration`, so `max_backoff_duration: 1m30s` means what it means to Flipt.

The parser is gotmpl's (gotmpl.duration): results are whole nanoseconds (Go's
`time.Duration`); errors carry Go's exact text (`time: unknown unit "x" in duration "1x"`).
"""

from __future__ import annotations

from gotmpl.duration import DurationError, parse_duration

__all__ = ["DurationError", "format_seconds", "parse_duration"]


def format_seconds(seconds: float) -> str:
    """A short human form for reports: `0.5s`, `15s`, `1.25s`."""
    return f"{seconds:.3f}".rstrip("0").rstrip(".") + "s"
