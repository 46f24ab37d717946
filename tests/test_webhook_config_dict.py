"""Config in code: `config_from_dict` is `load_config` without the file (same rules, warnings
and errors), and a `WebhookConfig` built directly delivers every event, as Flipt's default
`audit.events` (`*:*`) does."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_reliability_fuzz import FUZZ, KEYS, put, skeleton, values

import webhook
from webhook import ConfigError, Event, Target, WebhookConfig, config_from_dict, load_config
from webhook.receiver import Receiver

ENV = {"HOOK_URL": "http://127.0.0.1:9/hook", "SECRET": "s3crET", "FLIPT_AUDIT_EVENTS": ""}


def summary(config: WebhookConfig) -> tuple:
    """Everything a config holds, parsed templates compared by their source."""
    targets = [(t.index, t.url, t.headers, t.body, t.key) for t in config.targets]
    return (
        targets,
        config.signing_secret,
        config.max_backoff,
        config.events,
        config.event_pairs,
        config.options,
        config.warnings,
    )


def both(doc: object, env: dict[str, str]) -> tuple[object, object]:
    """What load_config makes of `doc` written as YAML, and what config_from_dict makes of the
    same YAML read back: a summary, or the error's (key, message)."""
    text = yaml.safe_dump(doc)
    out = []
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "flipt.yml"
        p.write_text(text)
        for load in (
            lambda: load_config(p, env=env),
            lambda: config_from_dict(yaml.safe_load(text), env),
        ):
            try:
                out.append(summary(load()))
            except ConfigError as exc:
                out.append((exc.key, exc.message))
    return out[0], out[1]


@FUZZ
@given(st.sampled_from(KEYS), values)
def test_same_rules_warnings_and_errors_as_load_config(path, value):
    doc = skeleton()
    put(doc, path, value)
    from_file, from_dict = both(doc, ENV)
    assert from_file == from_dict


HOOK = {"audit": {"sinks": {"webhook": {"enabled": True, "url": "${HOOK_URL}"}}}}


def test_env_substitution_overrides_and_warnings():
    doc = {
        "AUDIT": {  # keys are case-insensitive, as in the file
            "events": ["flag:*"],
            "sinks": {
                "webhook": {"Enabled": "true", "url": "${HOOK_URL}", "signing_secret": "${NOPE}"}
            },
        }
    }
    env = {
        "HOOK_URL": "http://127.0.0.1:9/h",
        "FLIPT_AUDIT_SINKS_WEBHOOK_MAX_BACKOFF_DURATION": "1m",
    }
    from_file, from_dict = both(doc, env)
    assert from_file == from_dict
    c = config_from_dict(doc, env)
    assert c.targets[0].url == "http://127.0.0.1:9/h" and c.max_backoff == 60.0
    assert c.warnings == (
        "audit.sinks.webhook.signing_secret: ${NOPE} is not set, so requests are NOT signed",
    )
    assert c.accepts(Event.from_dict({"type": "flag", "action": "deleted"}))
    assert not c.accepts(Event.from_dict({"type": "segment", "action": "deleted"}))


def test_errors_name_the_key_without_a_file():
    with pytest.raises(ConfigError) as info:
        config_from_dict(HOOK, {})
    assert str(info.value) == (
        "audit.sinks.webhook: url or template(s) not provided "
        "(audit.sinks.webhook.url: ${HOOK_URL} is not set)"
    )
    with pytest.raises(ConfigError, match="^expected a map at the top level, got a list$"):
        config_from_dict([1], {})  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as info:
        config_from_dict({"audit": {"events": ["flag:read"], **HOOK["audit"]}}, ENV)
    assert (info.value.key, info.value.message) == ("audit.events", "invalid verb: read")


def test_env_defaults_to_os_environ(monkeypatch):
    monkeypatch.setenv("HOOK_URL", "http://127.0.0.1:9/from-environ")
    assert config_from_dict(HOOK).targets[0].url == "http://127.0.0.1:9/from-environ"


ALL_PAIRS = [f"{n}:{v}" for n in webhook.config._NOUNS for v in webhook.config._VERBS]


def test_a_config_built_directly_delivers_every_event_type():
    with Receiver() as receiver:
        config = WebhookConfig((Target(0, f"{receiver.url}/all"),))
        with webhook.Sender(config) as sender:
            for pair in ALL_PAIRS:
                noun, verb = pair.split(":")
                [result] = sender.send(Event.from_dict({"type": noun, "action": verb}))
                assert result.delivered, (pair, result.reason)
        assert len(receiver.requests) == len(ALL_PAIRS) == 27
    assert config.events == ("*:*",) and sorted(config.event_pairs) == sorted(ALL_PAIRS)


def test_a_config_built_directly_uses_flipts_checker():
    config = WebhookConfig((Target(0, "http://127.0.0.1:9/"),), events=("segment:*",))
    assert config.accepts(Event.from_dict({"type": "segment", "action": "created"}))
    assert not config.accepts(Event.from_dict({"type": "flag", "action": "created"}))
    with pytest.raises(ConfigError) as info:
        WebhookConfig((Target(0, "http://127.0.0.1:9/"),), events=("flags:created",))
    assert (info.value.key, info.value.message) == ("audit.events", "invalid noun: flags")
