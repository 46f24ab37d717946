"""Hypothesis strategies for every audit event Flipt v1.61.1 can send to a webhook.

    from hypothesis import given
    from webhook import strategies

    @given(strategies.events(types=["flag", "segment"], actions=["deleted"]))
    def test_my_template(event): ...

Each event is the `webhook.Event` a Flipt template executes against: its payload shaped as
Flipt marshals it for that noun and action (`webhook.flipt_payloads.SHAPES`), after the span
round trip (numbers float64, a denied event's payload nil, the actor never nil). The events
are `webhook.eventgen`'s, with hypothesis answering the generator's choices, so hypothesis
shrinks a failing event to a small one; `check --fuzz` walks the same generator in bulk.
Strings are drawn to break careless templates (`HOSTILE_STRINGS`, hostile characters in
plain text, random text); only fields Flipt validates keep Flipt's rules. Numbers are what
Flipt's payload types hold: int32 ranks and float32 percentages, edges included (2147483647,
1e+06 and up, the smallest float32 1e-45): Flipt emits no other numbers, so float64's own
edges cannot reach a template.

Needs hypothesis (the `fuzz` extra: `pip install '.[fuzz]'` from a checkout).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from webhook import eventgen
from webhook.choices import Choices
from webhook.event import Event
from webhook.eventgen import EDGE_TEXT, HOSTILE_STRINGS, edge_events

__all__ = [
    "EDGE_TEXT",
    "HOSTILE_STRINGS",
    "actors",
    "constraints",
    "distributions",
    "edge_events",
    "events",
    "flags",
    "namespaces",
    "payloads",
    "rollouts",
    "rules",
    "segments",
    "texts",
    "timestamps",
    "tokens",
    "variants",
]

T = TypeVar("T")


# Each strategy below is built once (functools.cache): hypothesis validates a strategy the
# first time it draws from it, which costs more than the draw itself.
@functools.cache
def _integers(lo: int, hi: int) -> st.SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.cache
def _floats32(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, width=32)


@functools.cache
def _text(alphabet: str, min_size: int, max_size: int, any_char: bool) -> st.SearchStrategy[str]:
    chars = st.sampled_from(alphabet)
    if any_char:
        chars = st.one_of(chars, st.characters(codec="utf-8"))
    return st.text(chars, min_size=min_size, max_size=max_size)


_BOOLEANS = st.booleans()
_UUIDS = st.uuids(version=4).map(str)
_IPS = st.ip_addresses().map(str)


class _HypothesisChoices:
    """`Choices` answered by hypothesis draws, so hypothesis can shrink what they build."""

    __slots__ = ("_draw",)

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return self._draw(_integers(lo, hi))

    def choice(self, options: Sequence[T]) -> T:
        return options[self._draw(_integers(0, len(options) - 1))]

    def boolean(self) -> bool:
        return self._draw(_BOOLEANS)

    def float32(self, lo: float, hi: float) -> float:
        return self._draw(_floats32(lo, hi))

    def text(self, alphabet: str, min_size: int, max_size: int, any_char: bool = False) -> str:
        return self._draw(_text(alphabet, min_size, max_size, any_char))

    def uuid(self) -> str:
        return self._draw(_UUIDS)

    def ip(self) -> str:
        return self._draw(_IPS)


def _strategy(draw: Callable[[Choices], T]) -> st.SearchStrategy[T]:
    """The values `draw` makes, with hypothesis making its choices."""

    @st.composite
    def strategy(hypothesis_draw: st.DrawFn) -> T:
        return draw(_HypothesisChoices(hypothesis_draw))

    return strategy()


@functools.cache
def texts(min_size: int = 0) -> st.SearchStrategy[str]:
    """Any string Flipt stores (valid UTF-8), weighted towards ones that break templates: one
    of `HOSTILE_STRINGS`, a hostile character inside plain text, or random text."""
    return _strategy(eventgen.texts(min_size).draw)


@functools.cache
def timestamps() -> st.SearchStrategy[str]:
    """`time.Now().Format(time.RFC3339)` in the server's local zone: seconds, `Z` or ±hh:mm."""
    return _strategy(eventgen.TIMESTAMPS.draw)


@functools.cache
def actors() -> st.SearchStrategy[Any]:
    """`*audit.Actor` as `authn.ActorFromContext` fills it for each authentication method."""
    return _strategy(eventgen.ACTORS.draw)


@functools.cache
def payloads(noun: str, action: str) -> st.SearchStrategy[Any]:
    """The Go payload values a successful `noun:action` event carries, before the round trip."""
    return _strategy(eventgen.payloads(noun, action))


def events(
    types: Iterable[str] | None = None,
    actions: Iterable[str] | None = None,
    *,
    denied: bool = True,
    pairs: Iterable[tuple[str, str]] | None = None,
) -> st.SearchStrategy[Event]:
    """Events Flipt v1.61.1 emits of these `types` (nouns) and `actions` (created, updated,
    deleted; all when None), only of the (noun, action) `pairs` when given. With `denied`,
    some are the authorizer's denials: status `denied`, payload nil. A pair Flipt never
    emits (token:updated) is left out."""
    among = eventgen.emitted_pairs(types, actions, pairs)
    return _strategy(lambda c: eventgen.event(c, among, denied))


def _noun(name: str) -> Any:
    def strategy(
        actions: Iterable[str] | None = None, *, denied: bool = True
    ) -> st.SearchStrategy[Event]:
        return events([name], actions, denied=denied)

    strategy.__name__ = strategy.__qualname__ = f"{name}s"
    strategy.__doc__ = f"`events(types=[{name!r}], ...)`: {name} events as Flipt emits them."
    return strategy


flags = _noun("flag")
variants = _noun("variant")
segments = _noun("segment")
constraints = _noun("constraint")
rules = _noun("rule")
distributions = _noun("distribution")
namespaces = _noun("namespace")
rollouts = _noun("rollout")
tokens = _noun("token")
