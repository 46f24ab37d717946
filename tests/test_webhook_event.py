"""webhook.Event rebuilds the value Flipt v1.61.1's templates execute against."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gotmpl.gotypes import Pointer, Struct
from webhook import EVENT_TYPE, Event, EventError
from webhook import event as event_module

FULL = {
    "version": "0.2",
    "type": "flag",
    "action": "created",
    "metadata": {"actor": {"authentication": "oidc", "ip": "1.2.3.4", "email": "a@b.c"}},
    "payload": {"key": "k", "rank": 3, "list": [1, "x", None, {"n": 2}], "on": True},
    "timestamp": "2024-01-01T00:00:00Z",
    "status": "success",
}


def actor(event: Event) -> Pointer:
    return event.get("Metadata").get("Actor")


def test_fields_use_go_names_and_types():
    e = Event.from_dict(FULL)
    assert isinstance(e, Struct) and e.type == EVENT_TYPE
    assert [f.name for f in EVENT_TYPE.fields] == [
        "Version", "Type", "Action", "Metadata", "Payload", "Timestamp", "Status",
    ]  # fmt: skip
    assert [f.json_name for f in EVENT_TYPE.fields] == [
        "version", "type", "action", "metadata", "payload", "timestamp", "status",
    ]  # fmt: skip
    assert (e.get("Version"), e.get("Type"), e.get("Action")) == ("0.2", "flag", "created")
    assert e.get("Status") == "success" and e.get("Timestamp") == "2024-01-01T00:00:00Z"
    assert actor(e).type.name == "*audit.Actor"
    assert actor(e).target.get("Email") == "a@b.c" and actor(e).target.get("Name") == ""


def test_payload_numbers_are_float64_everywhere():
    p = Event.from_dict(FULL).get("Payload")
    assert p == {"key": "k", "rank": 3.0, "list": [1.0, "x", None, {"n": 2.0}], "on": True}
    assert type(p["rank"]) is float and type(p["list"][3]["n"]) is float
    assert p["on"] is True


@pytest.mark.parametrize("meta", [None, {}, {"actor": None}])
def test_actor_is_never_nil_after_round_trip(meta):
    obj = {"type": "flag", "action": "created"}
    if meta is not None:
        obj["metadata"] = meta
    a = actor(Event.from_dict(obj))
    assert not a.is_nil
    assert all(a.target.get(f) == "" for f in ("Authentication", "IP", "Email", "Name", "Picture"))


def test_without_round_trip_missing_actor_is_a_typed_nil():
    a = actor(Event.from_dict({"type": "flag"}, round_trip=False))
    assert a.is_nil and a.type.name == "*audit.Actor"


def test_null_payload_stays_nil():
    assert Event.from_dict({**FULL, "payload": None}).get("Payload") is None
    assert Event.from_dict({"type": "flag"}).get("Payload") is None


def test_keys_match_case_insensitively_like_json_unmarshal():
    e = Event.from_dict({"Type": "flag", "ACTION": "deleted", "Metadata": {"Actor": {"IP": "x"}}})
    assert e.pair == "flag:deleted"
    assert actor(e).target.get("IP") == "x"


def test_from_json_and_lone_surrogates_become_replacement_char():
    e = Event.from_json('{"type":"flag","action":"updated","payload":{"s":"a\\ud800b"}}')
    assert e.get("Payload") == {"s": "a\ufffdb"}


@pytest.mark.parametrize(
    ("obj", "key"),
    [
        ({"version": 1}, "event.version"),
        ({"metadata": []}, "event.metadata"),
        ({"metadata": {"actor": "me"}}, "event.metadata.actor"),
        ({"metadata": {"actor": {"email": 3}}}, "event.metadata.actor.email"),
        ({"payload": {"x": float("nan")}}, "event.payload.x"),
        ({"payload": {"x": object()}}, "event.payload.x"),
    ],
)
def test_bad_events_name_the_key(obj, key):
    with pytest.raises(EventError, match=key.replace(".", r"\.")):
        Event.from_dict(obj)


@pytest.mark.parametrize("text", ["{", '{"payload": NaN}', "[1]", '{"payload": 1e999}'])
def test_bad_json_is_an_event_error(text):
    with pytest.raises(EventError):
        Event.from_json(text)


def test_pair_and_valid():
    e = Event.from_dict(FULL)
    assert e.pair == "flag:created" and e.valid
    assert not Event.from_dict({"type": "flag", "action": "created"}).valid


JSON_LIKE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**1000), 2**1000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON_LIKE)
def test_plain_payloads_take_the_fast_path_to_the_same_value(value):
    """The fast conversion of plain JSON data equals the checked one, or leaves the value to
    it (a key holding a lone surrogate, which st.text draws)."""
    checked = event_module._checked_value(value, "p")
    try:
        assert event_module._plain_value(value) == checked
    except event_module._NotPlain:
        assert "\ufffd" in repr(checked)
    assert event_module._any_value(value, "p") == checked


def shape(v: object) -> object:
    """Everything a gotmpl value holds, struct slots included, comparable with ==
    (pointers compare by identity otherwise)."""
    if isinstance(v, Struct):
        slots = {s: getattr(v, s) for c in type(v).__mro__ for s in getattr(c, "__slots__", ())}
        return (
            type(v).__name__,
            slots.pop("type").name,
            {k: shape(x) for k, x in slots.pop("values").items()},
            slots,
        )
    if isinstance(v, Pointer):
        return ("ptr", v.type.name, shape(v.target))
    return v


def test_decoded_structs_are_what_struct_builds():
    """The decoders build their structs without Struct()'s checks; every slot must still be
    what Struct() sets (a slot gotmpl adds would fail here, not at render time)."""
    for obj in (FULL, {"type": "flag"}, {"Type": "x", "metadata": {"actor": {"IP": "y"}}}):
        e = Event.from_dict(obj)
        meta = e.get("Metadata")
        built = Struct(EVENT_TYPE, **{**e.values, "Metadata": Struct(meta.type, **meta.values)})
        assert shape(e)[1:] == shape(built)[1:] and type(e) is Event
        target = actor(e).target
        assert shape(target) == shape(Struct(target.type, **target.values))


def _usually(values: st.SearchStrategy[object], otherwise: st.SearchStrategy[object]):
    return st.integers(0, 4).flatmap(lambda n: values if n else otherwise)


#: Mostly what json.Marshal writes for a Go string, sometimes what needs a closer look.
TEXTS = _usually(
    st.sampled_from(["", "flag", "0.2", "created"]),
    st.sampled_from(["é", "a\ud800b"]) | st.text(max_size=3),
)


def _maybe(values: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Mostly `values`, sometimes what json.Marshal never writes there."""
    odd = st.none() | st.integers() | st.just(["x"]) | st.just({"a": 1})
    return _usually(values, odd)


KEYS = ["version", "type", "action", "timestamp", "status", "metadata", "payload"]
ACTOR_KEYS = ["authentication", "ip", "email", "name", "picture"]


MARSHALED_TEXTS = st.sampled_from(["", "flag", "0.2", "created"])


@st.composite
def flipt_like_events(draw: st.DrawFn) -> dict[str, object]:
    """Events as json.Marshal writes Flipt's (every string field, an actor with some of its
    fields or none), and near misses of them: a key missing, null, of another type, non-ASCII,
    differently cased or unknown."""
    marshaled = draw(st.booleans())
    texts = MARSHALED_TEXTS if marshaled else TEXTS
    obj: dict[str, object] = {k: draw(texts) for k in KEYS[:5]}
    actor = {k: draw(texts) for k in draw(st.lists(st.sampled_from(ACTOR_KEYS), unique=True))}
    meta: dict[str, object] = {"actor": actor} if actor or draw(st.booleans()) else {}
    obj["metadata"] = meta
    obj["payload"] = draw(JSON_LIKE)
    if marshaled:
        return obj
    if draw(st.booleans()):
        actor[draw(st.sampled_from([*ACTOR_KEYS, "IP", "Email", "x"]))] = draw(_maybe(TEXTS))
    if draw(st.booleans()):
        meta[draw(st.sampled_from(["actor", "Actor", "other"]))] = draw(_maybe(st.just(actor)))
    obj["metadata"] = draw(_maybe(st.just(meta)))
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=2, unique=True)):
        if draw(st.booleans()):
            del obj[key]
        else:
            obj[key] = draw(_maybe(TEXTS))
    if draw(st.booleans()):
        obj[draw(st.sampled_from(["Type", "ACTION", "extra"]))] = draw(_maybe(TEXTS))
    return obj


@given(flipt_like_events(), st.booleans())
def test_marshaled_events_decode_as_the_general_decoder_does(obj, round_trip):
    """The shortcut for events shaped as json.Marshal writes them gives exactly what the
    general decoder (json.Unmarshal's rules) gives, or declines."""
    try:
        general = event_module._fields(obj, round_trip)
    except EventError as exc:
        with pytest.raises(EventError, match=re.escape(str(exc))):
            Event.from_dict(obj, round_trip=round_trip)
        return
    fast = event_module._marshaled_fields(obj, round_trip)
    if fast is not None:
        assert {k: shape(v) for k, v in fast.items()} == {k: shape(v) for k, v in general.items()}
    event = Event.from_dict(obj, round_trip=round_trip)
    assert {k: shape(v) for k, v in event.values.items()} == {
        k: shape(v) for k, v in general.items()
    }


def test_events_as_flipt_writes_them_take_the_shortcut():
    line = (Path(event_module.__file__).parent / "examples" / "events.jsonl").read_text()
    for text in line.splitlines():
        assert event_module._marshaled_fields(json.loads(text), True) is not None
