"""What an interrupted `send` left unfinished, in one line for stderr: Ctrl-C must not end a
run without saying which deliveries it never decided, and where they are now."""

from __future__ import annotations

from collections.abc import Iterable

from webhook.result import CloseReport

__all__ = ["Tally", "number_ranges"]

#: Pending delivery ids the line names; `replay --list` shows them all when an outbox keeps them.
SHOWN_IDS = 5


def number_ranges(numbers: Iterable[int]) -> str:
    """Sorted numbers as ranges: `0, 2-5, 9`."""
    spans: list[list[int]] = []
    for n in sorted(set(numbers)):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


class Tally:
    """The (event, target) deliveries a run planned, and which of them it has decided."""

    def __init__(self, events: int, targets: Iterable[int]) -> None:
        indexes = tuple(targets)
        self.planned = {(n, t) for n in range(events) for t in indexes}
        self.decided: set[tuple[int, int]] = set()

    def decide(self, event: int, target: int) -> None:
        """Record that the delivery of `event` to `target` was decided (reported)."""
        self.decided.add((event, target))

    def interrupted(self, close: CloseReport | None) -> str:
        """The line that says what the interruption left: how many deliveries, of which
        events, the ids the sender had taken up (those in flight among them), and whether
        the outbox keeps them."""
        left = self.planned - self.decided
        events = sorted({n for n, _ in left})
        noun = "event" if len(events) == 1 else "events"
        line = f"interrupted: {len(left)} of {len(self.planned)} deliveries unfinished"
        if left:
            line += f" ({noun} {number_ranges(events)})"
        pending = close.pending if close is not None else ()
        if pending:
            shown = ", ".join(pending[:SHOWN_IDS])
            more = f" and {len(pending) - SHOWN_IDS} more" if len(pending) > SHOWN_IDS else ""
            line += f"; pending ids {shown}{more} (those in flight may have arrived)"
        if close is not None and close.persisted:
            return line + "; kept in the outbox: `python -m webhook replay` resends them"
        return line + "; NOT persisted (no outbox): send those events again"
