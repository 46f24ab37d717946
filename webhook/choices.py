"""Where a generated event's choices come from: the `Choices` protocol, and `RandomChoices`.

`webhook.eventgen` builds every Flipt event from a handful of primitive choices (an integer,
an item of a sequence, a string over an alphabet, a float32, a UUID, an IP address). Two
sources answer them: hypothesis (`webhook.strategies`, which can then shrink the event it
found) and `RandomChoices`, a seeded random walk that answers in bulk, thousands of events a
second, for `check --fuzz`. One generator, so both make events of the same shapes.
"""

from __future__ import annotations

import ipaddress
import random
import uuid
from collections.abc import Sequence
from typing import Protocol, TypeVar

from gotmpl.gotypes import float32_round

__all__ = ["Choices", "RandomChoices"]

T = TypeVar("T")


class Choices(Protocol):
    """The primitive choices a generator makes. Under hypothesis each shrinks towards its
    simplest answer: `integer` towards `lo` (or 0), `choice` towards the first option,
    `boolean` towards False, strings towards the shortest."""

    def integer(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        ...

    def choice(self, options: Sequence[T]) -> T:
        """One of `options` (not empty)."""
        ...

    def boolean(self) -> bool:
        """True or False."""
        ...

    def float32(self, lo: float, hi: float) -> float:
        """A float32 value in [lo, hi] (both float32 values), as a Python float."""
        ...

    def text(self, alphabet: str, min_size: int, max_size: int, any_char: bool = False) -> str:
        """A string of `min_size` to `max_size` characters of `alphabet`; with `any_char`,
        any character UTF-8 can encode as likely as one of `alphabet`."""
        ...

    def uuid(self) -> str:
        """A random (version 4) UUID, as Go's uuid.String() prints it."""
        ...

    def ip(self) -> str:
        """An IPv4 or IPv6 address, as Go's net.IP.String() prints it."""
        ...


class RandomChoices:
    """`Choices` from `random.Random(seed)`: the same seed, the same answers."""

    __slots__ = ("_rng",)

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def integer(self, lo: int, hi: int) -> int:
        """Uniform in [lo, hi]."""
        return self._rng.randint(lo, hi)

    def choice(self, options: Sequence[T]) -> T:
        """Any of `options`, each as likely."""
        return self._rng.choice(options)

    def boolean(self) -> bool:
        """True half the time."""
        return self._rng.random() < 0.5

    def float32(self, lo: float, hi: float) -> float:
        """Uniform in [lo, hi], rounded to the nearest float32."""
        return float32_round(self._rng.uniform(lo, hi))  # stays in [lo, hi]: both are float32

    def text(self, alphabet: str, min_size: int, max_size: int, any_char: bool = False) -> str:
        """A uniform length, then each character from `alphabet` (with `any_char`, half of
        them any character: ASCII half the time, else any code point above it)."""
        rng = self._rng
        size = rng.randint(min_size, max_size)
        if not any_char:
            return "".join(rng.choices(alphabet, k=size))
        return "".join(
            rng.choice(alphabet) if rng.random() < 0.5 else _character(rng) for _ in range(size)
        )

    def uuid(self) -> str:
        """128 random bits, with version 4's and the variant's bits set."""
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def ip(self) -> str:
        """IPv4 or IPv6 (each half the time), every address as likely."""
        rng = self._rng
        if rng.random() < 0.5:
            return str(ipaddress.IPv4Address(rng.getrandbits(32)))
        return str(ipaddress.IPv6Address(rng.getrandbits(128)))


def _character(rng: random.Random) -> str:
    """Any character UTF-8 can encode (no lone surrogates), ASCII half the time: the
    control characters and punctuation that break templates are ASCII."""
    if rng.random() < 0.5:
        return chr(rng.randrange(0x80))
    code = rng.randrange(0x80, 0x110000 - 0x800)
    return chr(code + 0x800 if code >= 0xD800 else code)
