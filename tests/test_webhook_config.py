"""load_config reads unchanged Flipt config files with Flipt's rules and messages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from webhook import ConfigError, Event, load_config
from webhook.config import DEFAULT_MAX_BACKOFF, _surely_sendable

URL_CFG = """
audit:
  sinks:
    webhook:
      enabled: true
      url: https://hooks.example.com/flipt
      signing_secret: s3crET
      max_backoff_duration: 1m30s
"""

TPL_CFG = """
version: "1.0"
log:
  level: debug
audit:
  events: [flag:created, "segment:*"]
  sinks:
    webhook:
      enabled: true
      templates:
        - url: http://127.0.0.1:9/slack
          headers:
            content-type: application/json
            x-custom-header: abc
            Authorization: Bearer very-secret-token
          body: '{"text": "{{ .Type }}/{{ .Action }}"}'
        - url: http://127.0.0.1:9/json
          method: POST
          body: '{"payload": {{ toJson .Payload }}}'
"""


def write(tmp_path: Path, text: str, name: str = "flipt.yml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def load(tmp_path: Path, text: str, env: dict[str, str] | None = None):
    return load_config(write(tmp_path, text), env=env or {})


def test_url_mode(tmp_path):
    c = load(tmp_path, URL_CFG)
    assert c.mode == "url" and len(c.targets) == 1
    assert c.targets[0].url == "https://hooks.example.com/flipt" and not c.targets[0].is_template
    assert c.signing_secret == "s3crET"
    assert c.max_backoff == 90.0
    assert c.events == ("*:*",)
    assert c.accepts(Event.from_dict({"type": "token", "action": "deleted"}))
    assert not c.accepts(Event.from_dict({"type": "flag", "action": "read"}))


def test_template_mode_headers_filter_and_warnings(tmp_path):
    c = load(tmp_path, TPL_CFG)
    assert c.mode == "templates" and [t.index for t in c.targets] == [0, 1]
    assert c.targets[0].headers == (
        ("Content-Type", "application/json"),
        ("X-Custom-Header", "abc"),
        ("Authorization", "Bearer very-secret-token"),
    )
    assert c.targets[1].headers == ()
    assert c.max_backoff == DEFAULT_MAX_BACKOFF
    assert c.accepts(Event.from_dict({"type": "segment", "action": "deleted"}))
    assert not c.accepts(Event.from_dict({"type": "flag", "action": "updated"}))
    assert any("templates[1].method" in w and "ignores" in w for w in c.warnings)


def test_secrets_stay_out_of_reprs(tmp_path):
    c = load(tmp_path, TPL_CFG.replace("templates:", "signing_secret: hush-hush\n      templates:"))
    text = repr(c) + repr(c.targets) + str(c)
    assert "hush-hush" not in text and "very-secret-token" not in text
    assert "/slack" not in text  # URL paths may hold tokens


@pytest.mark.parametrize(
    ("snippet", "key", "message"),
    [
        ("enabled: true", "audit.sinks.webhook", "url or template(s) not provided"),
        (
            "enabled: true\n      url: http://a.b\n"
            "      templates: [{url: http://c.d, body: '{}'}]",
            "audit.sinks.webhook",
            "only one of url or template(s) allowed",
        ),
        ("enabled: false\n      url: http://a.b", "audit.sinks.webhook.enabled", "not enabled"),
        (
            "enabled: true\n      url: http://a.b\n      max_backoff_duration: 15",
            None,
            None,
        ),
        (
            "enabled: true\n      url: http://a.b\n      max_backoff_duration: fast",
            "audit.sinks.webhook.max_backoff_duration",
            'time: invalid duration "fast"',
        ),
        (
            "enabled: true\n      url: http://a.b\n      max_backoff_duration: 10x",
            "audit.sinks.webhook.max_backoff_duration",
            'time: unknown unit "x" in duration "10x"',
        ),
        ("enabled: true\n      url: ftp://a.b/x", "audit.sinks.webhook.url", "http"),
        ("enabled: true\n      url: not a url", "audit.sinks.webhook.url", "http"),
        (
            "enabled: true\n      templates: [{url: 'file:///etc/passwd', body: '{}'}]",
            "audit.sinks.webhook.templates[0].url",
            "http",
        ),
        (
            'enabled: true\n      templates: [{url: "http://a.b", body: "{}", '
            'headers: {X-A: "v\\r\\nX-Injected: 1"}}]',
            "audit.sinks.webhook.templates[0].headers.X-A",
            "CR or LF",
        ),
        (
            'enabled: true\n      templates: [{url: "http://a.b", body: "{}", '
            'headers: {"Bad Name": "v"}}]',
            "audit.sinks.webhook.templates[0].headers.Bad Name",
            "header name",
        ),
        ("enabled: maybe\n      url: http://a.b", "audit.sinks.webhook.enabled", "bool"),
    ],
)
def test_webhook_errors_name_the_key(tmp_path, snippet, key, message):
    text = f"audit:\n  sinks:\n    webhook:\n      {snippet}\n"
    if key is None:  # valid, with a warning: Flipt reads a bare number as nanoseconds
        c = load(tmp_path, text)
        assert c.max_backoff == 15e-9
        assert any("nanoseconds" in w for w in c.warnings)
        return
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert info.value.key == key
    assert message in info.value.message
    assert str(info.value).startswith(str(tmp_path / "flipt.yml"))


def test_a_header_name_with_a_newline_is_a_one_line_error(tmp_path):
    """Found by hypothesis: the key path holds the header name, newline and all."""
    text = (
        "audit:\n  sinks:\n    webhook:\n      enabled: true\n"
        '      templates: [{url: "http://a.b", body: "{}", headers: {"X\\nY": v}}]\n'
    )
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert info.value.key == "audit.sinks.webhook.templates[0].headers.X\nY"
    assert "\n" not in str(info.value)
    assert "headers.X\\nY: " in str(info.value)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ("[flag]", "invalid event pair: flag"),
        ("[flags:created]", "invalid noun: flags"),
        ("[flag:read]", "invalid verb: read"),
        ("['flag:*', flag:created]", "repeated event pair: flag:created"),
        ("[]", "no event pairs exist"),
    ],
)
def test_event_filter_errors_are_flipts(tmp_path, events, message):
    text = f"audit:\n  events: {events}\n  sinks:\n    webhook:\n      enabled: true\n      url: http://a.b\n"
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert (info.value.key, info.value.message) == ("audit.events", message)


@pytest.mark.parametrize(
    ("buffer", "key", "message"),
    [
        ("capacity: 11", "audit.buffer.capacity", "buffer capacity below 2 or above 10"),
        (
            "flush_period: 1m",
            "audit.buffer.flush_period",
            "flush period below 2 minutes or greater than 5 minutes",
        ),
    ],
)
def test_buffer_errors_are_flipts(tmp_path, buffer, key, message):
    text = f"audit:\n  buffer:\n    {buffer}\n"
    text += "  sinks:\n    webhook:\n      enabled: true\n      url: http://a.b\n"
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert (info.value.key, info.value.message) == (key, message)


def test_template_parse_error_names_index_and_gos_message(tmp_path):
    text = """
    audit:
      sinks:
        webhook:
          enabled: true
          templates:
            - url: http://a.b
              body: '{}'
            - url: http://a.b
              body: '{"x": "{{ .Type }"}'
    """
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert info.value.key == "audit.sinks.webhook.templates[1].body"
    assert info.value.message.startswith("template: :1: ")


def test_undefined_function_is_a_load_error(tmp_path):
    text = URL_CFG.replace(
        "url: https://hooks.example.com/flipt",
        "templates: [{url: 'http://a.b', body: '{{ toYaml . }}'}]",
    )
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert 'function "toYaml" not defined' in info.value.message


def test_env_overrides_and_envsubst(tmp_path):
    text = """
    audit:
      sinks:
        webhook:
          enabled: false
          url: ${HOOK_URL}
          signing_secret: from-file
    """
    env = {
        "FLIPT_AUDIT_SINKS_WEBHOOK_ENABLED": "true",
        "FLIPT_AUDIT_SINKS_WEBHOOK_SIGNING_SECRET": "from-env",
        "FLIPT_AUDIT_SINKS_WEBHOOK_MAX_BACKOFF_DURATION": "500ms",
        "FLIPT_AUDIT_EVENTS": "flag:created  flag:deleted",
        "HOOK_URL": "http://127.0.0.1:1/hook",
    }
    c = load(tmp_path, text, env)
    assert c.targets[0].url == "http://127.0.0.1:1/hook"
    assert c.signing_secret == "from-env"
    assert c.max_backoff == 0.5
    assert c.events == ("flag:created", "flag:deleted")
    # an empty variable does not override (viper's AllowEmptyEnv is false)
    env["FLIPT_AUDIT_SINKS_WEBHOOK_SIGNING_SECRET"] = ""
    assert load(tmp_path, text, env).signing_secret == "from-file"


def test_env_cannot_set_templates(tmp_path):
    env = {"FLIPT_AUDIT_SINKS_WEBHOOK_TEMPLATES": "x"}
    with pytest.raises(ConfigError) as info:
        load(tmp_path, "audit:\n  sinks:\n    webhook:\n      enabled: true\n", env)
    assert info.value.key == "audit.sinks.webhook.templates"


def test_keys_are_case_insensitive_like_viper(tmp_path):
    c = load(
        tmp_path, "Audit:\n  Sinks:\n    Webhook:\n      Enabled: 'TRUE'\n      URL: http://a.b\n"
    )
    assert c.targets[0].url == "http://a.b"


@pytest.mark.parametrize(
    "text", ["audit: [", "- a list\n- at top", "audit:\n  sinks: 3\n", "\tbad: indent"]
)
def test_malformed_files_are_clean_errors(tmp_path, text):
    with pytest.raises(ConfigError):
        load(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("audit: [1, 2]\n", "audit: expected a map, got a list"),
        ("audit: 5\n", "audit: expected a map, got int"),
        ("audit:\n  sinks: [1]\n", "audit.sinks: expected a map, got a list"),
        ("- a list\n- at top\n", "expected a map at the top level, got a list"),
    ],
)
def test_a_wrongly_typed_section_is_named_not_taken_for_a_disabled_sink(tmp_path, text, message):
    """`audit: [1, 2]` read as 'the webhook sink is not enabled', which sent a user to the
    wrong key."""
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    assert str(info.value) == f"{tmp_path / 'flipt.yml'}: {message}"


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "nope.yml")


def test_bundled_examples_load():
    root = Path(__file__).resolve().parent.parent / "webhook" / "examples"
    env = {
        "WEBHOOK_DEMO_URL": "http://127.0.0.1:1/a",
        "WEBHOOK_DEMO_SECRET": "x",
        "WEBHOOK_DEMO_SLACK_URL": "http://127.0.0.1:1/b",
        "WEBHOOK_DEMO_JSON_URL": "http://127.0.0.1:1/c",
    }
    assert load_config(root / "flipt-url.yml", env=env).mode == "url"
    assert len(load_config(root / "flipt-templates.yml", env=env).targets) == 2


HOOK = """
audit:
  sinks:
    webhook:
      enabled: true
"""


@pytest.mark.parametrize(("env", "state"), [({}, "is not set"), ({"SECRET": ""}, "is empty")])
def test_an_unset_signing_secret_warns_naming_the_variable(tmp_path, env, state):
    text = HOOK + "      url: http://127.0.0.1:9/\n      signing_secret: ${SECRET}\n"
    c = load(tmp_path, text, env)
    assert c.signing_secret == ""  # Flipt's rule: the value is empty, so nothing is signed
    assert c.warnings == (
        f"audit.sinks.webhook.signing_secret: ${{SECRET}} {state}, so requests are NOT signed",
    )


def test_an_unset_url_is_named_in_the_error(tmp_path):
    with pytest.raises(ConfigError) as info:
        load(tmp_path, HOOK + "      url: ${HOOK_URL}\n", {})
    assert info.value.key == "audit.sinks.webhook"
    assert info.value.message == (
        "url or template(s) not provided (audit.sinks.webhook.url: ${HOOK_URL} is not set)"
    )


def test_an_unset_template_url_is_named_in_the_error(tmp_path):
    text = HOOK + "      templates:\n        - url: ${SLACK_URL}\n          body: '{}'\n"
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text, {"SLACK_URL": ""})
    assert info.value.key == "audit.sinks.webhook.templates[0].url"
    assert info.value.message.endswith("; ${SLACK_URL} is empty")


def test_other_unset_variables_warn_naming_key_and_variable(tmp_path):
    text = (
        HOOK + "      templates:\n        - url: http://127.0.0.1:9/\n          body: '{}'\n"
        "          headers:\n            Authorization: ${TOKEN}\n"
    )
    c = load(tmp_path, text, {})
    assert c.targets[0].headers == (("Authorization", ""),)  # as Flipt sends it
    assert c.warnings == (
        "audit.sinks.webhook.templates[0].headers.Authorization: ${TOKEN} is not set, "
        "so the value is empty",
    )


def test_an_unset_enabled_is_named_in_the_error(tmp_path):
    text = "audit:\n  sinks:\n    webhook:\n      enabled: ${ON}\n      url: http://a.b\n"
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text, {})
    assert info.value.key == "audit.sinks.webhook.enabled"
    assert info.value.message.endswith("so Flipt sends nothing; ${ON} is not set")


_HOSTS = st.sampled_from(
    ["a.b", "example.com", "127.0.0.1", "1.2.3.999", "01.2.3.4", "256.0.0.1", "[::1]", "[zz]",
     "xn--nxasmq6b.com", "bücher.de", "\u2603.com", "a_b", "-a.b.", "a..b", "ex ample", "%41",
     "1.2.3"]
)  # fmt: skip
_AUTHORITIES = st.tuples(
    st.sampled_from(["", "user@", "u:p@", "a@b@", "%zz@"]),
    _HOSTS | st.text(max_size=6),
    st.sampled_from(["", ":80", ":65535", ":99999", ":", ":x", ":1:2"]),
).map("".join)
_URLS = st.tuples(
    st.sampled_from(["http://", "https://"]),
    _AUTHORITIES,
    st.sampled_from(["", "/", "/p?q=1#f", "/a b", "/é", "?x", "#y"]) | st.text(max_size=5),
).map("".join)


@given(_URLS)
def test_urls_loaded_without_httpx_are_ones_httpx_accepts(url):
    """Loading a config parses a usual URL without httpx (it doubles `check`'s start); every
    URL passed without asking httpx must be one httpx.URL accepts."""
    from urllib.parse import urlsplit

    if any(ord(c) < 0x20 or c == "\x7f" for c in url):
        return  # loading refuses control characters before this question is asked
    try:
        authority = urlsplit(url).netloc
    except ValueError:
        return
    if _surely_sendable(url, authority):
        httpx.URL(url)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://1.2.3.999/", "Invalid IPv4 address"),
        ("http://\u2603.com/", "Invalid IDNA hostname"),
        ("http://h/" + "a" * 70_000, "URL too long"),
    ],
)
def test_urls_httpx_refuses_are_refused_at_load(tmp_path, url, why):
    with pytest.raises(ConfigError) as info:
        load(tmp_path, f"audit:\n  sinks:\n    webhook:\n      enabled: true\n      url: {url}\n")
    assert info.value.key == "audit.sinks.webhook.url" and why in info.value.message
