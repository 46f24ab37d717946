"""hypothesis against the config loader and the event decoder: malformed YAML and JSON, wrong
types, huge values. Only clean errors that name the key come out, never a traceback, also
through the CLI."""

from __future__ import annotations

import contextlib
import io
import json
import math
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from webhook import ConfigError, Event, EventError, core, load_config
from webhook.cli import main

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**18, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["1s", "-5s", "9999999999h", "${HOME}", "${NOPE}", "true", "0x1f", "1e400"]),
    st.sampled_from(["http://127.0.0.1/x", "ftp://x", "a\r\nb", "{{ .Nope", "{{ toJson . }}"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)

#: Every key the loader reads, as a path into the YAML document.
KEYS = [
    ("audit", "sinks", "webhook", "enabled"),
    ("audit", "sinks", "webhook", "url"),
    ("audit", "sinks", "webhook", "signing_secret"),
    ("audit", "sinks", "webhook", "max_backoff_duration"),
    ("audit", "sinks", "webhook", "templates"),
    ("audit", "sinks", "webhook", "templates", 0),
    ("audit", "sinks", "webhook", "templates", 0, "url"),
    ("audit", "sinks", "webhook", "templates", 0, "body"),
    ("audit", "sinks", "webhook", "templates", 0, "headers"),
    ("audit", "sinks", "webhook", "templates", 0, "headers", "X-Key"),
    ("audit", "sinks", "webhook", "sender"),
    ("audit", "sinks", "webhook", "sender", "tls_verify"),
    ("audit", "sinks", "webhook", "sender", "attempt_timeout"),
    ("audit", "sinks", "webhook", "sender", "max_concurrency"),
    ("audit", "sinks", "webhook", "sender", "close_timeout"),
    ("audit", "sinks", "webhook", "sender", "backoff_base"),
    ("audit", "sinks", "webhook", "sender", "outbox"),
    ("audit", "sinks", "webhook", "sender", "template_budget"),
    ("audit", "sinks", "webhook", "sender", "template_budget", "output_bytes"),
    ("audit", "sinks", "webhook", "sender", "template_budget", "wall_time"),
    (
        "audit",
        "sinks",
        "webhook",
    ),
    ("audit", "sinks", "kafka", "enabled"),
    ("audit", "events"),
    ("audit", "buffer", "capacity"),
    ("audit", "buffer", "flush_period"),
    ("audit",),
]


def skeleton() -> dict:
    return {
        "audit": {
            "sinks": {
                "webhook": {
                    "enabled": True,
                    "signing_secret": "fuzz-secret",
                    "templates": [
                        {"url": "http://127.0.0.1:9/x", "body": "{}", "headers": {"X-Key": "v"}}
                    ],
                    "sender": {"template_budget": {}},
                }
            },
            "events": ["*:*"],
            "buffer": {"capacity": 2},
        }
    }


def put(doc: dict, path: tuple, value) -> None:
    node = doc
    for part in path[:-1]:
        node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
    node[path[-1]] = value


def check_config_text(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "flipt.yml"
        p.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
        try:
            load_config(p, env={})
        except ConfigError as exc:
            assert str(exc).startswith(str(p))
            assert "Traceback" not in str(exc)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["check", "--config", str(p)], out=io.StringIO())
        assert code in (0, 2), err.getvalue()
        assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
        assert err.getvalue().count("\n") <= 1


@FUZZ
@given(st.sampled_from(KEYS), values)
@example(("audit", "events"), ["\n"])  # a value quoted in the message once spanned two lines
def test_config_value_of_any_type_at_any_key(path, value):
    doc = skeleton()
    put(doc, path, value)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "flipt.yml"
        p.write_text(yaml.safe_dump(doc))
        try:
            load_config(p, env={})
        except ConfigError as exc:
            assert exc.key.startswith("audit"), exc  # the error names a key
            assert "Traceback" not in str(exc)
    check_config_text(yaml.safe_dump(doc))


@FUZZ
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_config_malformed_text(text):
    check_config_text(text)


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(["[" * 5000, "a: " * 3000 + "1", "x: " + "9" * 100_000, "- " * 4000]))
def test_config_huge_and_deep_documents(text):
    check_config_text(text)


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=15,
)
event_dicts = st.fixed_dictionaries(
    {},
    optional={
        "version": json_values,
        "type": json_values,
        "action": json_values,
        "metadata": st.one_of(json_values, st.fixed_dictionaries({"actor": json_values})),
        "payload": json_values,
        "timestamp": json_values,
        "status": json_values,
        "Payload": json_values,
    },
)


def render_or_clean_error(event: Event) -> None:
    from webhook.config import Target

    try:
        core.render_body(Target(0, "http://127.0.0.1/"), event)
    except core.RenderError as exc:
        assert exc.reason


@FUZZ
@given(st.one_of(event_dicts, json_values))
def test_event_decoder_from_dict(obj):
    try:
        event = Event.from_dict(obj)
    except EventError as exc:
        assert str(exc).startswith("event"), exc  # names the key: event.payload[2].x
        return
    render_or_clean_error(event)


@FUZZ
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300), event_dicts.map(json.dumps)))
def test_event_decoder_from_json(text):
    try:
        event = Event.from_json(text)
    except EventError as exc:
        assert str(exc).startswith("event")
        return
    render_or_clean_error(event)


def test_event_decoder_huge_values():
    for text in ["[" * 100_000, '{"payload": ' + "[" * 5000 + "]" * 5000 + "}"]:
        with contextlib.suppress(EventError):
            Event.from_json(text)
    big = {"payload": {"n": 10**400}}
    try:
        Event.from_dict(big)
    except EventError as exc:
        assert "event.payload.n" in str(exc)
    deep: object = 1
    for _ in range(5000):
        deep = [deep]
    try:
        event = Event.from_dict({"payload": deep})
    except EventError as exc:
        assert "event.payload" in str(exc)
    else:
        render_or_clean_error(event)
    assert math.isfinite(Event.from_dict({"payload": {"x": 1e308}}).get("Payload")["x"])


CONFIG = """
audit:
  sinks:
    webhook:
      enabled: true
      templates:
        - url: http://127.0.0.1:9/x
          body: '{"p": {{ toJson .Payload }}, "a": "{{ .Metadata.Actor.Email }}"}'
"""


@FUZZ
@given(st.one_of(st.text(max_size=300), st.lists(event_dicts, max_size=3).map(json.dumps)))
def test_cli_check_with_any_event_file(text):
    with tempfile.TemporaryDirectory() as d:
        cfg = Path(d) / "flipt.yml"
        cfg.write_text(CONFIG)
        events = Path(d) / "events.json"
        events.write_text(text, encoding="utf-8", errors="surrogatepass")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["check", "--config", str(cfg), "--event", str(events)], out=io.StringIO())
        assert code in (0, 1, 2), err.getvalue()
        assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
