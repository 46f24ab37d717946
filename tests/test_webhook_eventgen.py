"""webhook.eventgen's bulk random walk: the events `check --fuzz` renders.

The walk runs the generator hypothesis runs (webhook.strategies), with `RandomChoices`
answering its choices; these tests hold its events to the same shape check as the
strategies' (test_webhook_strategies.check_shape, from SHAPES), check that a bounded walk
reaches every (noun, action), payload shape and denial, and that a seed fixes the events.
The Go oracle checks a sample of the walk's events on every run
(test_webhook_strategies_go.py).
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
import uuid

import pytest
from test_webhook_strategies import _category, _leaves, check_shape

from gotmpl.gotypes import float32_round
from gotmpl.json import to_json
from webhook import eventgen
from webhook import flipt_payloads as fp
from webhook.choices import RandomChoices

EVERY = {(*p, i) for p, shapes in fp.SHAPES.items() for i in range(len(shapes))}
EVERY |= {(*p, None) for p in fp.DENIABLE}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_bounded_walk_produces_every_pair_shape_and_denial(seed):
    """1500 events reach every (noun, action), each of its payload shapes and each denial
    (the rarest, a pair's second shape, is 1 event in 104), and the numeric edges."""
    seen: set[tuple[str, str, int | None]] = set()
    numbers: set[float] = set()
    for event in eventgen.bulk(fp.EMITTED, 1500, seed):
        check_shape(event)
        seen.add(_category(event))
        numbers.update(v for v in _leaves(event.get("Payload")) if isinstance(v, float))
    assert seen == EVERY
    assert {2147483647.0, 1000000.0, 33.33} <= numbers


def test_the_walk_keeps_to_the_pairs_it_is_given():
    among = eventgen.emitted_pairs(["rule"], ["updated", "deleted"])
    assert among == [("rule", "updated"), ("rule", "deleted")]
    categories = {_category(e) for e in eventgen.bulk(among, 300, 0)}
    assert categories == {c for c in EVERY if c[:2] in among}
    with pytest.raises(ValueError, match="emits no event"):
        eventgen.emitted_pairs(["token"], ["updated"])


def test_same_seed_same_events_other_seed_other_events():
    def walk(seed: int) -> list[str]:
        return [to_json(e) for e in eventgen.bulk(fp.EMITTED, 200, seed)]

    assert walk(5) == walk(5)
    assert walk(5) != walk(6)


def test_the_walk_is_the_same_in_every_process():
    """No set or dict order (hash seeds differ per process) reaches the events."""
    code = (
        "import hashlib; from gotmpl.json import to_json; from webhook import eventgen; "
        "from webhook.flipt_payloads import EMITTED; "
        "print(hashlib.sha256(''.join(to_json(e) for e in eventgen.bulk(EMITTED, 300, 9))"
        ".encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(n)},
        ).stdout
        for n in (1, 2)
    }
    assert len(digests) == 1


def test_walk_strings_include_what_breaks_templates():
    c = RandomChoices(1)
    seen = {ch for _ in range(400) for ch in eventgen.texts().draw(c) if ch in '"\\\n\x00<'}
    assert seen == set('"\\\n\x00<')
    assert all(eventgen.texts(1).draw(c) for _ in range(400))  # names are never empty


def test_random_choices_answer_as_the_protocol_says():
    c = RandomChoices(3)
    floats = [c.float32(0.0, 100.0) for _ in range(500)]
    assert all(0.0 <= f <= 100.0 and float32_round(f) == f for f in floats)
    assert len(set(floats)) > 400
    keys = [c.text("ab", 1, 4) for _ in range(200)]
    assert set("".join(keys)) == set("ab") and {len(k) for k in keys} == {1, 2, 3, 4}
    anything = "".join(c.text("a", 0, 8, any_char=True) for _ in range(500))
    anything.encode("utf-8")  # no lone surrogates
    assert any(ord(ch) > 0xFFFF for ch in anything) and any(ord(ch) < 0x20 for ch in anything)
    assert all(uuid.UUID(c.uuid()).version == 4 for _ in range(50))
    addresses = [ipaddress.ip_address(c.ip()) for _ in range(100)]
    assert {a.version for a in addresses} == {4, 6}
