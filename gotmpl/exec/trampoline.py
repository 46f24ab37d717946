"""Recursion on an explicit stack: how the walker and the resolver go as deep as Go does.

Go's executor recurses freely (goroutine stacks grow to a gigabyte); Python's recursion limit
would end a template nested a few hundred levels deep. Code that recurses over a template is
written as generators that `yield` the generator of each recursive call and receive its result;
`run` drives them on a list, so Python's own stack stays a few frames deep however deep the
template or the data goes. An exception raised in a callee is thrown into its caller, so
`try`/`finally` and `except` behave as in ordinary recursion.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeVar

__all__ = ["Step", "run"]

T = TypeVar("T")

#: A recursive step: yields the generators of its recursive calls, returns its result.
Step = Generator["Step[Any]", Any, T]


def run(step: Step[T]) -> T:
    """Run `step` and every call it yields to completion; return its result."""
    callers: list[Step[Any]] = []
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            if error is None:
                callee = step.send(value)
            else:
                raised, error = error, None
                callee = step.throw(raised)
        except StopIteration as done:
            if not callers:
                return done.value  # type: ignore[no-any-return]
            step, value = callers.pop(), done.value
            continue
        except BaseException as exc:
            if not callers:
                raise
            step, value, error = callers.pop(), None, exc
            continue
        callers.append(step)
        step, value = callee, None
