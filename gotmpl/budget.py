"""Execution budgets: bounds on the work one render may do (Go has none; ours are opt-in).

A template from an untrusted or careless author must not hang or flood the process that
renders it: `{{range 1000000000}}`, unbounded recursion through `{{template}}`, or an output of
gigabytes. A `Budget` caps output bytes, range iterations, template call depth and wall time;
exceeding one ends the render with an ExecError that names the budget. Plain `execute` uses
none, as Go; the webhook sender sets defaults for its configs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gotmpl.gostring import byte_len

__all__ = ["Budget", "BudgetExceeded", "Meter"]


@dataclass(frozen=True)
class Budget:
    """Limits for one render; None means unlimited."""

    output_bytes: int | None = None
    range_iterations: int | None = None
    template_depth: int | None = None
    seconds: float | None = None

    def __post_init__(self) -> None:
        for name in ("output_bytes", "range_iterations", "template_depth", "seconds"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"budget {name} must not be negative, got {value}")


class BudgetExceeded(Exception):
    """Raised inside the engine; the executor turns it into an ExecError at the current node."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Meter:
    """What one render has used of its budget. Checked where work can grow without bound:
    every write against the output budget (before writing), every range iteration and
    template call against the others and the clock."""

    __slots__ = ("budget", "iterations", "deadline", "_ticks")

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.iterations = 0
        self.deadline = None if budget.seconds is None else time.monotonic() + budget.seconds
        self._ticks = 0

    def metered(self, write: Callable[[str], Any]) -> Callable[[str], Any]:
        """`write` counting the output budget's UTF-8 bytes, refusing a write that would
        exceed it (`write` itself when the output is unlimited)."""
        limit = self.budget.output_bytes
        if limit is None:
            return write
        used = 0

        def write_within(text: str) -> Any:
            nonlocal used
            used += byte_len(text)
            if used > limit:
                raise BudgetExceeded(f"output budget exceeded: more than {limit} bytes")
            return write(text)

        return write_within

    def iteration(self) -> None:
        """Count one range iteration; raise BudgetExceeded past `range_iterations`."""
        limit = self.budget.range_iterations
        if limit is not None:
            self.iterations += 1
            if self.iterations > limit:
                raise BudgetExceeded(f"range budget exceeded: more than {limit} iterations")
        self.clock()

    def call(self, depth: int) -> None:
        """Check a {{template}} call `depth` levels deep against `template_depth`, and the clock."""
        limit = self.budget.template_depth
        if limit is not None and depth > limit:
            raise BudgetExceeded(f"template depth budget exceeded: more than {limit} calls deep")
        self.clock()

    def clock(self) -> None:
        """Check the wall-time budget (reading the clock only every 64th step)."""
        if self.deadline is None:
            return
        self._ticks += 1
        checked = self._ticks & 63 == 0 or self._ticks == 1
        if checked and time.monotonic() > self.deadline:
            raise BudgetExceeded(f"time budget exceeded: more than {self.budget.seconds:g}s")
