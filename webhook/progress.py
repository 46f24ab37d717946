"""`send`'s progress line on a terminal: sent, delivered, failed and rate, redrawn in place.

Only for people watching: the CLI shows it when stderr is a terminal, so a report piped to a
file or read by a program never holds it. At most five redraws a second, whatever the rate.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from webhook.result import DeliveryResult

__all__ = ["Progress"]

_CLEAR = "\r\x1b[K"  # back to the line's start, erase to its end
_EVERY = 0.2  # seconds between redraws


class Progress:
    """Counts results as they are decided and redraws one status line on `err`."""

    def __init__(
        self, err: TextIO, total: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.err = err
        self.total = total
        self.clock = clock
        self.start = clock()
        self.sent = self.delivered = self.failed = 0
        self._drawn_at: float | None = None

    def add(self, result: DeliveryResult) -> None:
        """Count `result`; redraw if the last redraw is old enough."""
        self.sent += 1
        self.delivered += result.delivered
        self.failed += not result.ok
        now = self.clock()
        if self._drawn_at is None or now - self._drawn_at >= _EVERY:
            self._draw(now)

    def clear(self) -> None:
        """Erase the line, so a report line written to the same terminal starts clean."""
        if self._drawn_at is not None:
            self.err.write(_CLEAR)
            self.err.flush()

    def finish(self) -> None:
        """Draw the final counts and end the line."""
        self._draw(self.clock())
        self.err.write("\n")
        self.err.flush()

    def line(self, now: float) -> str:
        """The status line at clock time `now`: counts so far and the rate since the start."""
        rate = self.sent / max(now - self.start, 1e-9)
        return (
            f"sent {self.sent}/{self.total}, delivered {self.delivered}, "
            f"failed {self.failed}, {rate:.0f}/s"
        )

    def _draw(self, now: float) -> None:
        self.err.write(_CLEAR + self.line(now))
        self.err.flush()
        self._drawn_at = now
