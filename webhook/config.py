"""Load an unchanged Flipt configuration file into what the sender needs.

Reads the whole file as Flipt v1.61.1 does (viper + mapstructure): keys are case-insensitive,
scalars are weakly typed (`enabled: "true"`), a string that is exactly `${VAR}` is replaced by
that environment variable, and `FLIPT_AUDIT_*` environment variables override the file. Flipt's
own checks keep Flipt's messages; every error names the key it is about. Templates are parsed
here, once, so a broken template stops the load instead of the first delivery.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml

import gotmpl
from webhook import standard
from webhook.duration import DurationError, parse_duration
from webhook.event import FUNCS, Event
from webhook.headers import canonical_header, go_note, valid_name, valid_value
from webhook.limits import MAX_CONFIG_BYTES, MAX_TEMPLATE_BYTES, TooLarge, read_text
from webhook.options import (
    STANDARD_SIGNING,
    RelayOptions,
    SenderOptions,
    read_relay_options,
    read_sender_options,
)

__all__ = [
    "DEFAULT_MAX_BACKOFF",
    "ConfigError",
    "Target",
    "WebhookConfig",
    "config_from_dict",
    "expand_events",
    "load_config",
]

#: Flipt's fallback when `max_backoff_duration` is unset or not positive (internal/cmd/grpc.go).
DEFAULT_MAX_BACKOFF = 15.0

_NOUNS = (
    "constraint",
    "distribution",
    "flag",
    "namespace",
    "rollout",
    "rule",
    "segment",
    "token",
    "variant",
)
_VERBS = ("created", "deleted", "updated")
_ENVSUBST = re.compile(r"^\$\{([a-zA-Z_]+[a-zA-Z0-9_]*)\}$")
_WEBHOOK_KEYS = {"enabled", "url", "signing_secret", "max_backoff_duration", "templates"}
_OURS = {"sender", "relay"}  # read by webhook.options; Flipt ignores them
_TEMPLATE_KEYS = {"url", "body", "headers"}
SECRET_KEY = "audit.sinks.webhook.signing_secret"
_NEEDS_WHSEC = "sender.signing: standard needs a whsec_ signing secret"


class ConfigError(ValueError):
    """A configuration Flipt (or this sender) refuses; `key` is the dotted path at fault."""

    def __init__(self, key: str, message: str, path: str | None = None) -> None:
        self.key = key
        self.message = message = _printable(message)
        self.path = path
        where = f"{_printable(path)}: " if path else ""
        at = _printable(key)
        super().__init__(f"{where}{at}: {message}" if key else f"{where}{message}")


def _printable(text: str) -> str:
    """`text` on one line: control characters from the config (a value quoted in a message,
    a key that is a header name) are escaped, so an error is always one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True, repr=False)
class Target:
    """One destination: the URL sink (`template` None) or one entry of `templates`."""

    index: int
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    template: Any = None  # a parsed gotmpl.Template
    key: str = "audit.sinks.webhook"

    @property
    def is_template(self) -> bool:
        """Whether this target renders a template (else it sends the event's JSON)."""
        return self.template is not None

    def __repr__(self) -> str:
        names = ", ".join(name for name, _ in self.headers)
        return f"Target({self.key}, url={redact_url(self.url)!r}, headers=[{names}])"


@dataclass(frozen=True, repr=False)
class WebhookConfig:
    """The webhook sink of a Flipt config: targets, secret, retry budget and event filter.

    Built directly, `event_pairs` comes from `events` (Flipt's default `*:*`: every event), with
    Flipt's checker and its errors (ConfigError naming `audit.events`).
    """

    targets: tuple[Target, ...]
    signing_secret: str = ""
    max_backoff: float = DEFAULT_MAX_BACKOFF
    events: tuple[str, ...] = ("*:*",)
    event_pairs: frozenset[str] = frozenset()
    options: SenderOptions = field(default_factory=SenderOptions)
    relay: RelayOptions = field(default_factory=RelayOptions)
    warnings: tuple[str, ...] = ()
    path: str | None = None

    def __post_init__(self) -> None:
        if not self.event_pairs:
            object.__setattr__(self, "event_pairs", expand_events(self.events, self.path))
        if self.options.signing == STANDARD_SIGNING:
            self.standard_key()

    def standard_key(self) -> bytes | None:
        """The Standard Webhooks signing key (`sender.signing: standard`), else None.
        ConfigError on `signing_secret` when the secret is not a `whsec_` secret."""
        if self.options.signing != STANDARD_SIGNING:
            return None
        if not self.signing_secret:
            raise ConfigError(SECRET_KEY, _NEEDS_WHSEC, self.path)
        try:
            return standard.signing_key(self.signing_secret)
        except ValueError as exc:
            raise ConfigError(SECRET_KEY, str(exc), self.path) from None

    @property
    def flipt_secret(self) -> str:
        """The secret of Flipt's X-Flipt-Webhook-Signature: none under Standard Webhooks."""
        return "" if self.options.signing == STANDARD_SIGNING else self.signing_secret

    def accepts(self, event: Event) -> bool:
        """Whether Flipt's `audit.events` filter lets this event through (`type:action`)."""
        return event.pair in self.event_pairs

    @property
    def tls_verify(self) -> bool:
        """Whether TLS certificates are verified (sender.tls_verify)."""
        return self.options.tls_verify

    @property
    def mode(self) -> str:
        """`url` or `templates`: which of Flipt's two webhook modes the config uses."""
        return "templates" if self.targets and self.targets[0].is_template else "url"

    def __repr__(self) -> str:
        secret = "set" if self.signing_secret else "unset"
        return (
            f"WebhookConfig(mode={self.mode}, targets={list(self.targets)!r}, "
            f"signing_secret=<{secret}>, max_backoff={self.max_backoff}s, events={self.events}, "
            f"tls_verify={self.tls_verify}, outbox={'on' if self.options.outbox else 'off'})"
        )


@functools.lru_cache(maxsize=256)  # every delivery report redacts its target's URL again
def redact_url(url: str) -> str:
    """The URL's scheme, host and port only: paths and queries often hold tokens (Slack)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<invalid url>"
    rest = "/…" if parts.path not in ("", "/") or parts.query else "/"
    return f"{parts.scheme}://{host}{port}{rest}"


class _Reader:
    """Walks the parsed YAML with viper's rules: lowercased keys, env overrides, weak types."""

    def __init__(self, root: Any, env: Mapping[str, str], path: str | None) -> None:
        self.root = root
        self.env = env
        self.path = path
        #: key -> "${VAR} is not set" (or "is empty") for each `${VAR}` that came out empty
        self.unset: dict[str, str] = {}

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(key, message, self.path)

    def get(self, key: str) -> Any:
        """The value at dotted `key`: the FLIPT_ env var if set and non-empty, else the file's."""
        env_name = "FLIPT_" + key.upper().replace(".", "_")
        if self.env.get(env_name):
            return self.env[env_name]
        node: Any = self.root
        for part in key.split("."):
            if not isinstance(node, Mapping):
                return None
            node = _lower_keys(node).get(part)
        return node

    def subst(self, value: Any, key: str | None = None) -> Any:
        """`value`, or the environment variable it names as `${VAR}` (Flipt's envsubst hook).
        A variable that is unset or empty gives "", and is noted under `key` in `unset`."""
        if isinstance(value, str):
            m = _ENVSUBST.match(value)
            if m:
                name = m.group(1)
                found = self.env.get(name, "")
                if not found and key is not None:
                    state = "is empty" if name in self.env else "is not set"
                    self.unset[key] = f"${{{name}}} {state}"
                return found
        return value

    def unset_note(self, key: str) -> str:
        """ "; ${VAR} is not set" when `key`'s value came out empty that way, else ""."""
        return f"; {self.unset[key]}" if key in self.unset else ""

    def string(self, key: str, value: Any) -> str:
        value = self.subst(value, key)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return repr(value).removesuffix(".0") if value.is_integer() else repr(value)
        if isinstance(value, str):
            return value
        raise self.error(key, f"expected a string, got {_kind(value)}")

    def boolean(self, key: str, value: Any) -> bool:
        value = self.subst(value, key)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return value != 0
        if isinstance(value, str):
            truth = {"1": True, "t": True, "true": True, "0": False, "f": False, "false": False}
            if value == "":
                return False
            if value.lower() in truth and value in (value.lower(), value.upper(), value.title()):
                return truth[value.lower()]
            raise self.error(key, f"cannot parse {_short(value)} as bool")
        raise self.error(key, f"expected a bool, got {_kind(value)}")

    def duration(self, key: str, value: Any) -> int:
        """Nanoseconds, as mapstructure decodes into time.Duration (a bare number is ns)."""
        value = self.subst(value, key)
        if value is None or value == "":
            return 0
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (int, float)):
            return self._finite_int(key, value, "duration")
        if isinstance(value, str):
            try:
                return parse_duration(value)
            except DurationError as exc:
                raise self.error(key, str(exc)) from None
        raise self.error(key, f"expected a duration, got {_kind(value)}")

    def integer(self, key: str, value: Any) -> int:
        value = self.subst(value, key)
        if value is None or value == "":
            return 0
        if isinstance(value, (bool, int, float)):
            return self._finite_int(key, value, "int")
        if isinstance(value, str):
            try:
                n = int(value, 0)
            except ValueError:
                raise self.error(key, f"cannot parse {_short(value)} as int") from None
            return self._finite_int(key, n, "int")
        raise self.error(key, f"expected an int, got {_kind(value)}")

    def _finite_int(self, key: str, value: float, kind: str) -> int:
        """Go's int64 range: YAML's `.inf`, `.nan` and 1e400 are not durations or ints."""
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error(key, f"{value} is not a valid {kind}")
        n = int(value)
        if not -(1 << 63) <= n < (1 << 63):
            raise self.error(key, f"{kind} out of range")
        return n

    def strings(self, key: str, value: Any) -> list[str]:
        value = self.subst(value, key)
        if isinstance(value, str):
            return value.split()  # Flipt's stringToSliceHookFunc: strings.Fields
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, got {_kind(value)}")
        return [self.string(f"{key}[{i}]", v) for i, v in enumerate(value)]


def _short(text: str, limit: int = 40) -> str:
    """A value quoted for an error message, cut short: a 1 MB typo is not worth echoing."""
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit]}…" ({len(text)} chars)'


def _kind(v: Any) -> str:
    if isinstance(v, Mapping):
        return "a map"
    if isinstance(v, list):
        return "a list"
    return type(v).__name__


def _lower_keys(node: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in node.items()}


_CTL = re.compile("[\x00-\x1f\x7f]")
#: An authority httpx.URL is sure to accept: optional user info, a DNS name or dotted
#: numbers, an optional port. httpx refuses only what it checks further: hosts that look like
#: IP addresses but are not, hosts IDNA cannot encode, and URLs longer than 64 KiB.
_PLAIN_AUTHORITY = re.compile(
    r"(?:[A-Za-z0-9._~!$&'()*+,;=:%-]*@)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?)(?::[0-9]{1,5})?"
)
_IPV4_STYLE = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")  # httpx's IPv4_STYLE_HOSTNAME
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")  # what ipaddress.IPv4Address accepts
_HTTPX_MAX_URL = 65536


def _surely_sendable(url: str, authority: str) -> bool:
    """Whether httpx.URL certainly accepts `url` (an http(s) URL free of control characters
    with this authority), so that loading a usual config need not import httpx, which takes
    longer than the rest of `python -m webhook check`. False sends the URL to httpx itself."""
    if len(url) > _HTTPX_MAX_URL or not url.isascii():
        return False
    m = _PLAIN_AUTHORITY.fullmatch(authority)
    if m is None:
        return False
    host = m.group(1)
    return _IPV4_STYLE.fullmatch(host) is None or _IPV4.fullmatch(host) is not None


def _check_url(r: _Reader, key: str, url: str) -> str:
    """`url` if it can be sent to; else the error names `key`. Control characters (CR, LF, TAB,
    NUL, ...) are refused as Go's url.Parse refuses them (urlsplit would drop some silently)."""
    if _CTL.search(url):
        raise r.error(key, "invalid URL: net/url: invalid control character in URL")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise r.error(key, f"invalid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise r.error(key, "must be an http:// or https:// URL with a host" + r.unset_note(key))
    if _surely_sendable(url, parts.netloc):
        return url
    import httpx

    try:
        httpx.URL(url)  # what the sender will parse: refuses what it could never send
    except httpx.InvalidURL as exc:
        raise r.error(key, f"invalid URL: {exc}") from None
    return url


def _headers(r: _Reader, key: str, value: Any, warnings: list[str]) -> tuple[tuple[str, str], ...]:
    value = r.subst(value, key)
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise r.error(key, f"expected a map of header names to values, got {_kind(value)}")
    out: dict[str, tuple[str, str]] = {}
    for name, raw in value.items():
        name = str(name)
        hkey = f"{key}.{name}"
        text = r.string(hkey, raw)
        if "\r" in name or "\n" in name or "\r" in text or "\n" in text:
            raise r.error(hkey, "header names and values must not contain CR or LF")
        if not valid_value(text):
            why = "header values must not contain control characters (tab aside)"
            raise r.error(hkey, f"{why}: Go's net/http refuses them")
        if not valid_name(name):
            raise r.error(hkey, "not a valid HTTP header name")
        canon = canonical_header(name)
        if canon.lower() in out:
            warnings.append(f"{hkey}: repeats header {canon}; Flipt keeps only one, so do we")
        note = go_note(canon)
        if note is not None:
            warnings.append(f"{hkey}: {note[1]}")
            if not note[0]:
                out.pop(canon.lower(), None)
                continue
        out[canon.lower()] = (canon, text)
    return tuple(out.values())


def expand_events(events: Iterable[str], path: str | None = None) -> frozenset[str]:
    """Flipt's `audit.NewChecker`: the `type:action` pairs `noun:verb` patterns name, with its
    error messages (ConfigError on `audit.events`)."""
    key = "audit.events"
    nouns = {n: (n,) for n in _NOUNS} | {"*": _NOUNS}
    verbs = {v: (v,) for v in _VERBS} | {"*": _VERBS}
    pairs: set[str] = set()
    for ep in events:
        parts = ep.split(":")
        if len(parts) < 2:
            raise ConfigError(key, f"invalid event pair: {ep}", path)
        if parts[0] not in nouns:
            raise ConfigError(key, f"invalid noun: {parts[0]}", path)
        if parts[1] not in verbs:
            raise ConfigError(key, f"invalid verb: {parts[1]}", path)
        for noun in nouns[parts[0]]:
            for verb in verbs[parts[1]]:
                pair = f"{noun}:{verb}"
                if pair in pairs:
                    raise ConfigError(key, f"repeated event pair: {pair}", path)
                pairs.add(pair)
    if not pairs:
        raise ConfigError(key, "no event pairs exist", path)
    return frozenset(pairs)


def _parse_template(r: _Reader, key: str, body: str) -> Any:
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > MAX_TEMPLATE_BYTES:
        raise r.error(key, str(TooLarge("template body", MAX_TEMPLATE_BYTES, size)))
    try:
        return gotmpl.Template("", safe=True).funcs(FUNCS).parse(body)
    except gotmpl.TemplateError as exc:
        raise r.error(key, str(exc)) from None
    except RecursionError:
        raise r.error(key, "template is nested too deeply to parse") from None


def _templates(r: _Reader, value: Any, warnings: list[str]) -> list[Target]:
    base = "audit.sinks.webhook.templates"
    if value is None:
        return []
    if isinstance(value, str):
        raise r.error(base, "expected a list of {url, headers, body} maps, got a string")
    if not isinstance(value, list):
        raise r.error(base, f"expected a list, got {_kind(value)}")
    targets = []
    for i, item in enumerate(value):
        key = f"{base}[{i}]"
        if not isinstance(item, Mapping):
            raise r.error(key, f"expected a map, got {_kind(item)}")
        item = _lower_keys(item)
        for extra in sorted(set(item) - _TEMPLATE_KEYS):
            warnings.append(f"{key}.{extra}: Flipt ignores this key (templates always POST)")
        url = _check_url(r, f"{key}.url", r.string(f"{key}.url", item.get("url")))
        body = r.string(f"{key}.body", item.get("body"))
        headers = _headers(r, f"{key}.headers", item.get("headers"), warnings)
        template = _parse_template(r, f"{key}.body", body)
        targets.append(Target(i, url, headers, body, template, key))
    return targets


def load_config(
    path: str | os.PathLike[str], *, env: Mapping[str, str] | None = None
) -> WebhookConfig:
    """Read a Flipt config file (and `FLIPT_*` overrides from `env`, default os.environ).

    Raises ConfigError naming the key for anything Flipt would refuse, for a disabled webhook
    sink, and for this sender's own safety checks (URL scheme, CR/LF in headers). The file's
    YAML is then read by `config_from_dict`.
    """
    spath = os.fspath(path)
    try:
        text = read_text(spath, MAX_CONFIG_BYTES, "config file")
    except TooLarge as exc:
        raise ConfigError("", str(exc), spath) from None
    except OSError as exc:
        raise ConfigError("", f"cannot read config: {exc.strerror or exc}", spath) from None
    except UnicodeDecodeError as exc:
        raise ConfigError("", f"config is not UTF-8: {exc.reason}", spath) from None
    try:
        root = yaml.safe_load(text)
    except RecursionError:
        raise ConfigError("", "invalid YAML: nested too deeply", spath) from None
    except ValueError:  # PyYAML's int() of a number with more than 4300 digits
        raise ConfigError("", "invalid YAML: a number is too large", spath) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        raise ConfigError("", f"invalid YAML: {problem}{where}", spath) from None
    return config_from_dict({} if root is None else root, env=env, path=spath)


def config_from_dict(
    mapping: Mapping[str, Any],
    env: Mapping[str, str] | None = None,
    *,
    path: str | None = None,
) -> WebhookConfig:
    """A config from Flipt's configuration as a mapping (what `yaml.safe_load` of Flipt's file
    gives), with exactly `load_config`'s rules, warnings and errors: case-insensitive keys,
    weak types, `${VAR}` from `env`, `FLIPT_*` overrides from `env` (default os.environ; pass
    `{}` to read nothing from the environment). `path` only labels errors.
    """
    env = os.environ if env is None else env
    if not isinstance(mapping, Mapping):
        raise ConfigError("", f"expected a map at the top level, got {_kind(mapping)}", path)
    warnings: list[str] = []
    return _build(_Reader(mapping, env, path), warnings)


def _unset_warnings(r: _Reader, secret_key: str) -> list[str]:
    """A warning for each `${VAR}` that came out empty (Flipt goes on with ""): the signing
    secret's says signing is off, which Flipt does without a word."""
    out = []
    for key, unset in r.unset.items():
        if key == secret_key:
            out.append(f"{key}: {unset}, so requests are NOT signed")
        else:
            out.append(f"{key}: {unset}, so the value is empty")
    return out


def _build(r: _Reader, warnings: list[str]) -> WebhookConfig:
    wkey = "audit.sinks.webhook"
    for key in ("audit", "audit.sinks", wkey):  # a list here is not a disabled sink
        section = r.get(key)
        if section is not None and not isinstance(section, Mapping):
            raise r.error(key, f"expected a map, got {_kind(section)}")
    for extra in sorted(set(_lower_keys(section or {})) - _WEBHOOK_KEYS - _OURS):
        warnings.append(f"{wkey}.{extra}: Flipt ignores this key")
    if not r.boolean(f"{wkey}.enabled", r.get(f"{wkey}.enabled")):
        raise r.error(
            f"{wkey}.enabled",
            "the webhook sink is not enabled, so Flipt sends nothing"
            + r.unset_note(f"{wkey}.enabled"),
        )
    url = r.string(f"{wkey}.url", r.get(f"{wkey}.url"))
    raw_templates = r.get(f"{wkey}.templates")
    has_templates = bool(raw_templates)
    # AuditConfig.validate, in Flipt's order: webhook, kafka, buffer; then the event checker;
    # templates are parsed last, when Flipt builds the sink.
    if not url and not has_templates:
        unset = [f"{k}: {r.unset[k]}" for k in (f"{wkey}.url", f"{wkey}.templates") if k in r.unset]
        hint = f" ({'; '.join(unset)})" if unset else ""
        raise r.error(wkey, f"url or template(s) not provided{hint}")
    if url and has_templates:
        raise r.error(wkey, "only one of url or template(s) allowed")
    if r.boolean("audit.sinks.kafka.enabled", r.get("audit.sinks.kafka.enabled")):
        if not r.string("audit.sinks.kafka.topic", r.get("audit.sinks.kafka.topic")):
            raise r.error("audit.sinks.kafka", "kafka topic not provided")
        servers = r.get("audit.sinks.kafka.bootstrap_servers")
        if not r.strings("audit.sinks.kafka.bootstrap_servers", servers or []):
            raise r.error("audit.sinks.kafka", "kafka bootstrap_servers not provided")
    capacity = r.get("audit.buffer.capacity")
    capacity = 2 if capacity is None else r.integer("audit.buffer.capacity", capacity)
    if capacity < 2 or capacity > 10:
        raise r.error("audit.buffer.capacity", "buffer capacity below 2 or above 10")
    flush = r.get("audit.buffer.flush_period")
    flush_ns = 120 * 10**9 if flush is None else r.duration("audit.buffer.flush_period", flush)
    if flush_ns < 120 * 10**9 or flush_ns > 300 * 10**9:
        raise r.error(
            "audit.buffer.flush_period", "flush period below 2 minutes or greater than 5 minutes"
        )
    bkey = f"{wkey}.max_backoff_duration"
    backoff_raw = r.get(bkey)
    backoff_ns = r.duration(bkey, backoff_raw)
    if isinstance(backoff_raw, (int, float)) and not isinstance(backoff_raw, bool) and backoff_ns:
        warnings.append(f"{bkey}: a bare number is read as {backoff_ns} nanoseconds; write 15s")
    max_backoff = backoff_ns / 1e9 if backoff_ns > 0 else DEFAULT_MAX_BACKOFF
    events_raw = r.get("audit.events")
    events = ["*:*"] if events_raw is None else r.strings("audit.events", events_raw)
    pairs = expand_events(events, r.path)
    secret = r.string(f"{wkey}.signing_secret", r.get(f"{wkey}.signing_secret"))
    if url:
        targets = [Target(0, _check_url(r, f"{wkey}.url", url), key=f"{wkey}.url")]
    else:
        targets = _templates(r, raw_templates, warnings)
    options = read_sender_options(r, warnings)
    if options.signing == STANDARD_SIGNING:
        if not secret:
            raise r.error(SECRET_KEY, _NEEDS_WHSEC + r.unset_note(SECRET_KEY))
        try:
            note = standard.key_size_note(standard.signing_key(secret))
        except ValueError:
            note = None  # WebhookConfig says what is wrong with it
        if note is not None:
            warnings.append(f"{SECRET_KEY}: {note}")
    relay = read_relay_options(r)
    warnings += _unset_warnings(r, f"{wkey}.signing_secret")
    return WebhookConfig(
        targets=tuple(targets),
        signing_secret=secret,
        max_backoff=max_backoff,
        events=tuple(events),
        event_pairs=pairs,
        options=options,
        relay=relay,
        warnings=tuple(warnings),
        path=r.path,
    )
