"""webhook.strategies: every event Flipt v1.61.1 emits, shaped as Flipt marshals it.

The shapes are webhook.flipt_payloads.SHAPES (read from Flipt's source); these tests check
that the strategies produce every (noun, action) and status, that each payload has exactly
the JSON keys its Go type marshals (omitempty fields only when set), that the values went
through the span round trip, and that the README's table is SHAPES.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from gotmpl.json import to_json
from webhook import Event, strategies
from webhook import flipt_payloads as fp

README = Path(__file__).resolve().parent.parent / "README.md"
FAST = settings(
    max_examples=300,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _json_keys(t):
    """(always present, present only when set) JSON keys of payload type `t`."""
    always = {f.json_name for f in t.fields if not f.omitempty}
    return always, {f.json_name for f in t.fields if f.omitempty}


def _matches(payload, shape_type) -> bool:
    if shape_type is fp.TOKEN_METADATA:
        return isinstance(payload, dict) and all(isinstance(v, str) for v in payload.values())
    always, optional = _json_keys(shape_type)
    return isinstance(payload, dict) and always <= set(payload) <= always | optional


def check_shape(event: Event) -> None:
    noun, action = event.get("Type"), event.get("Action")
    payload = event.get("Payload")
    assert event.get("Version") == "0.2"
    assert event.get("Metadata").get("Actor").target is not None  # never nil after the trip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", event.get("Timestamp"))
    if event.get("Status") == "denied":
        assert (noun, action) in fp.DENIABLE and payload is None
        return
    assert event.get("Status") == "success"
    shapes = fp.SHAPES[(noun, action)]
    assert any(_matches(payload, s.type) for s in shapes), (noun, action, payload)
    for v in _leaves(payload):  # json.Unmarshal into any: no ints survive
        assert v is None or isinstance(v, (str, bool, float)), v


def _leaves(v):
    if isinstance(v, dict):
        for x in v.values():
            yield from _leaves(x)
    elif isinstance(v, list):
        for x in v:
            yield from _leaves(x)
    else:
        yield v


def _category(event: Event) -> tuple[str, str, int | None]:
    """(pair, status, index of the matching shape in SHAPES[pair]; None when denied)."""
    pair = (event.get("Type"), event.get("Action"))
    if event.get("Status") == "denied":
        return (*pair, None)  # type: ignore[return-value]
    shapes = fp.SHAPES[pair]
    return (*pair, next(i for i, s in enumerate(shapes) if _matches(event.get("Payload"), s.type)))


def test_every_pair_status_and_shape_is_produced():
    """One seeded run draws every (noun, action), each of its payload shapes, each denial,
    and the numeric edges: 2147483647 and float32's 33.33 (Go's json.Marshal of a float32
    is its shortest float32 form, which json.Unmarshal reads as that float64)."""
    seen: set[tuple[str, str, int | None]] = set()
    numbers: set[float] = set()

    @seed(0)
    @settings(FAST, max_examples=2500)
    @given(strategies.events())
    def collect(event):
        check_shape(event)
        seen.add(_category(event))
        payload = event.get("Payload") or {}
        numbers.update(v for v in _leaves(payload) if isinstance(v, float))

    collect()
    expected = {(*p, i) for p, shapes in fp.SHAPES.items() for i in range(len(shapes))}
    expected |= {(*p, None) for p in fp.DENIABLE}
    assert seen == expected
    assert {2147483647.0, 1000000.0, 33.33} <= numbers


def test_flipt_never_emits_reads_or_token_updates():
    assert ("token", "updated") not in fp.EMITTED
    assert all(a != "read" for _, a in fp.EMITTED)
    assert len(fp.EMITTED) == 26
    with pytest.raises(ValueError, match="emits no"):
        strategies.events(["token"], ["updated"])
    with pytest.raises(ValueError, match="unknown action 'read'"):
        strategies.events(actions=["read"])
    with pytest.raises(ValueError, match="unknown event type 'flags'"):
        strategies.events(types=["flags"])


@FAST
@given(strategies.events())
def test_generated_events_have_documented_shapes(event):
    check_shape(event)


@FAST
@given(strategies.events())
def test_event_survives_flipt_json_round_trip(event):
    """What a template sees is a fixed point: marshalling and decoding again changes nothing
    (the URL-mode body decodes to the same event)."""
    again = Event.from_json(to_json(event))
    assert to_json(again) == to_json(event)


@pytest.mark.parametrize(
    ("name", "noun"), [(f"{n}s", n) for n in fp.NOUNS], ids=[f"{n}s" for n in fp.NOUNS]
)
def test_one_strategy_per_noun(name, noun):
    @seed(0)
    @settings(FAST, max_examples=30)
    @given(getattr(strategies, name)())
    def run(event):
        assert event.get("Type") == noun

    run()


def test_strings_include_what_breaks_templates():
    @seed(1)
    @settings(FAST, max_examples=400)
    @given(strategies.texts())
    def collect(s):
        seen.update(c for c in s if c in '"\\\n\x00<')

    seen: set[str] = set()
    collect()
    assert seen == set('"\\\n\x00<')


def test_strategies_do_not_load_with_webhook():
    """`import webhook` does not import hypothesis (it is the `fuzz` extra's)."""
    code = "import sys, webhook; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def shape_table() -> str:
    """The README's table, written from SHAPES."""
    rows = ["| Event | Payload (JSON keys; `?` only when set) | Made in Flipt v1.61.1 |"]
    rows.append("|---|---|---|")
    for (noun, action), shapes in fp.SHAPES.items():
        for s in shapes:
            if s.type is fp.TOKEN_METADATA:
                keys = "`map[string]string`: the token's metadata"
            else:
                keys = ", ".join(
                    f"`{f.json_name}{'?' if f.omitempty else ''}`" for f in s.type.fields
                )
                keys = f"`{s.type.name}`: {keys}"
            rows.append(f"| `{noun}:{action}` | {keys} | {s.source} |")
    return "\n".join(rows)


def test_readme_table_is_shapes():
    text = README.read_text(encoding="utf-8")
    assert shape_table() in text


def test_edge_events_cover_every_pair_and_shape_the_same_way_every_time():
    edges = strategies.edge_events()
    for event in edges:
        check_shape(event)
    expected = {(*p, i) for p, shapes in fp.SHAPES.items() for i in range(len(shapes))}
    expected |= {(*p, None) for p in fp.DENIABLE}
    assert sorted(map(_category, edges), key=str) == sorted(expected, key=str)
    assert [to_json(e) for e in edges] == [to_json(e) for e in strategies.edge_events()]
    texts = [v for e in edges for v in _leaves(e.get("Payload")) if isinstance(v, str)]
    assert strategies.EDGE_TEXT in texts
    only = strategies.edge_events(pairs=[("flag", "deleted")])
    assert [(e.pair, e.get("Status")) for e in only] == [
        ("flag:deleted", "success"),
        ("flag:deleted", "denied"),
    ]


def test_token_metadata_may_hold_any_key():
    """Token metadata is whatever its creator passed: a key named like value()'s own
    parameter (`t`, drawn by hypothesis once) is a key like any other."""
    md = fp.value(fp.TOKEN_METADATA, t="x", fields="y")
    assert md.value == {"t": "x", "fields": "y"}
