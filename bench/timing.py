"""How every Python-side number is measured: calibrated batches, median time per operation.

bench/gobench/main.go measures Go the same way, so ratios compare like with like.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Budget", "FULL", "QUICK", "TINY", "median_ns"]


@dataclass(frozen=True)
class Budget:
    """Batches per measurement and the target length of one batch, in seconds."""

    batches: int
    batch_seconds: float


FULL = Budget(batches=11, batch_seconds=0.02)
QUICK = Budget(batches=3, batch_seconds=0.004)
TINY = Budget(batches=1, batch_seconds=0.0002)  # smoke tests: runs everything, measures nothing


def median_ns(op: Callable[[], object], budget: Budget) -> float:
    """Median nanoseconds per call of `op` over `budget.batches` batches.

    The batch size is calibrated first (doubling until a batch takes a quarter of the target,
    then scaled), so fast and slow operations both get batches long enough for the clock.
    Medians of batches shrug off the scheduler hiccups these shared machines have.
    """
    clock = time.perf_counter_ns
    target = budget.batch_seconds * 1e9
    n = 1
    while True:
        t0 = clock()
        for _ in range(n):
            op()
        elapsed = clock() - t0
        if elapsed >= target / 4 or n >= 1 << 20:
            n = max(1, int(n * target / max(elapsed, 1)))
            break
        n *= 2
    gc.collect()
    per_op = []
    for _ in range(budget.batches):
        t0 = clock()
        for _ in range(n):
            op()
        per_op.append((clock() - t0) / n)
    return statistics.median(per_op)
