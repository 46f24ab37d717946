"""Hypothesis strategies for every audit event Flipt v1.61.1 can send to a webhook.

    from hypothesis import given
    from webhook import strategies

    @given(strategies.events(types=["flag", "segment"], actions=["deleted"]))
    def test_my_template(event): ...

Each event is the `webhook.Event` a Flipt template executes against: its payload shaped as
Flipt marshals it for that noun and action (`webhook.flipt_payloads.SHAPES`), after the span
round trip (numbers float64, a denied event's payload nil, the actor never nil). Strings are
drawn to break careless templates: quotes, backslashes, newlines and other control
characters, HTML, emoji, `{{`, escapes that look valid, empty and long strings; only fields
Flipt validates keep Flipt's rules (flag, segment and namespace keys match
`^[-_,A-Za-z0-9]+$`, names are non-empty, ids of stored objects are UUIDs). Numbers are what
Flipt's payload types hold: int32 ranks and float32 percentages, edges included (2147483647,
1e+06 and up, the smallest float32 1e-45): Flipt emits no other numbers, so float64's own
edges cannot reach a template.

Needs hypothesis: `pip install 'gotmpl[fuzz]'`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from webhook import flipt_payloads as fp
from webhook.event import Event

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

#: Strings that have broken webhook templates: each is a different way out of a JSON string
#: or a Go template's expectations. Shrinking prefers the earlier ones.
HOSTILE_STRINGS = (
    "", "a", '"', "\\", "\n", 'say "hi"', "it's", "back\\slash", "line1\nline2", "tab\there",
    "cr\r\n", "nul\x00", "esc\x1b[31m", "del\x7f", "bell\x07", "\u2028\u2029",
    "<script>alert(1)</script>", "a & b < c > d", "{{ .Type }}", "%s %d %!", "\\u0000",
    "\\x41\\n", "\\\"", "🚀 launch", "👩\u200d💻", "\ufeffbom", "zero\u200bwidth", "Zoë 日本語",
    "\u202eRTL", " ", "null", "true", "1e+06", "map[a:1]", "<no value>", "x" * 5000,
    "é" * 2000,
)  # fmt: skip
_AWKWARD_CHARS = "\"\\\n\r\t\x00\x01\x1f\x7f<>&'`{}%$\u2028\u2029\ufeff🚀é"
_KEY_CHARS = "-_,abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_COMPARISON_TYPES = (
    "STRING_COMPARISON_TYPE", "NUMBER_COMPARISON_TYPE", "BOOLEAN_COMPARISON_TYPE",
    "DATETIME_COMPARISON_TYPE", "ENTITY_ID_COMPARISON_TYPE",
)  # fmt: skip
_OPERATORS = (
    "eq", "neq", "lt", "lte", "gt", "gte", "empty", "notempty", "true", "false", "present",
    "notpresent", "prefix", "suffix", "isoneof", "isnotoneof", "contains", "notcontains",
)  # fmt: skip
_MATCH_TYPES = ("ALL_MATCH_TYPE", "ANY_MATCH_TYPE")
_SEGMENT_OPERATORS = ("OR_SEGMENT_OPERATOR", "AND_SEGMENT_OPERATOR")
_INT32_MAX = 2**31 - 1
# Every strategy below is built once (functools.cache): hypothesis validates a strategy the
# first time it draws from it, which costs more than the draw itself.

#: The string every free-text field of an edge event holds: a quote, a backslash, a newline,
#: a tab, HTML, an emoji and U+2028, each a way out of a careless JSON string.
EDGE_TEXT = 'say "hi" \\ \n\t</b>&🚀\u2028'
_EDGES: dict[int, Any] = {}


def _edge(strategy: st.SearchStrategy[Any], value: Any) -> st.SearchStrategy[Any]:
    """`strategy`, with the value its field holds in an edge event (`edge_events`)."""
    _EDGES[id(strategy)] = value
    return strategy


def _edge_of(strategy: st.SearchStrategy[Any]) -> Any:
    return _EDGES[id(strategy)]


@functools.cache
def texts(min_size: int = 0) -> st.SearchStrategy[str]:
    """Any string Flipt stores (valid UTF-8), weighted towards ones that break templates: one
    of `HOSTILE_STRINGS`, a hostile character inside plain text, or random text."""
    pool = tuple(s for s in (*HOSTILE_STRINGS, *_EMBEDDED) if len(s) >= min_size)
    chars = st.one_of(st.sampled_from(_AWKWARD_CHARS), st.characters(codec="utf-8"))
    return _edge(
        st.one_of(st.sampled_from(pool), st.text(chars, min_size=min_size, max_size=8)), EDGE_TEXT
    )


_EMBEDDED = tuple(f"{a}{c}{b}" for c in _AWKWARD_CHARS for a, b in (("a", ""), ("a", "b")))


@functools.cache
def _keys() -> st.SearchStrategy[str]:
    """A key Flipt validated at creation: `^[-_,A-Za-z0-9]+$`."""
    common = ("a", "new-ui", "checkout_v2", "a,b", "-", "0", "A" * 200)
    drawn = st.text(st.sampled_from(_KEY_CHARS), min_size=1, max_size=12)
    return _edge(st.one_of(st.sampled_from(common), drawn), "new-ui,v2_-")


@functools.cache
def _namespace_keys() -> st.SearchStrategy[str]:
    return _edge(st.one_of(st.just("default"), _keys()), "default")


@functools.cache
def _ids() -> st.SearchStrategy[str]:
    """Ids the store generated (UUIDs)."""
    return _edge(st.uuids().map(str), "6e4b7a3e-1f0c-4d2a-9b8e-2c5d7f9a1b3c")


@functools.cache
def _ranks() -> st.SearchStrategy[int]:
    """An int32 rank (validated positive), edges first: 1000000 prints as 1e+06 in a template."""
    edges = (1, 2, 999_999, 1_000_000, _INT32_MAX)
    return _edge(st.one_of(st.sampled_from(edges), st.integers(1, _INT32_MAX)), _INT32_MAX)


@functools.cache
def _percentages() -> st.SearchStrategy[float]:
    """A float32 in [0, 100] (Flipt's validation): its JSON is float32's shortest form."""
    edges = (0.0, 100.0, 50.0, 33.33, 0.1, 1e-45, 1e-05, 99.99999)
    return _edge(st.one_of(st.sampled_from(edges), st.floats(0.0, 100.0, width=32)), 33.33)


@functools.cache
def timestamps() -> st.SearchStrategy[str]:
    """`time.Now().Format(time.RFC3339)` in the server's local zone: seconds, `Z` or ±hh:mm."""
    seconds = st.integers(_Y2000, _Y2100)
    offsets = st.one_of(st.sampled_from(_OFFSETS), st.integers(-12 * 60, 14 * 60))
    return _edge(st.builds(_rfc3339, seconds, offsets), "2024-05-01T10:00:00+05:30")


_Y2000, _Y2100 = 946_684_800, 4_102_444_800
_OFFSETS = (0, 60, 120, -240, -300, 330, 345, 540, -570, 840, -720)  # common zones, edges


def _rfc3339(seconds: int, offset_minutes: int) -> str:
    zone = timezone(timedelta(minutes=offset_minutes))
    text = datetime.fromtimestamp(seconds, zone).isoformat()
    return text[:-6] + "Z" if offset_minutes == 0 else text


@functools.cache
def _ips() -> st.SearchStrategy[str]:
    """The first `x-forwarded-for` value: absent, an address, a proxy list, or whatever a
    client wrote in that header (any visible ASCII, spaces and tabs)."""
    header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.just("\t"))
    return st.one_of(
        st.just(""),
        st.ip_addresses().map(str),
        st.lists(st.ip_addresses().map(str), min_size=2, max_size=3).map(", ".join),
        header_text,
    )


@functools.cache
def actors() -> st.SearchStrategy[Any]:
    """`*audit.Actor` as `authn.ActorFromContext` fills it for each authentication method."""
    plain = st.builds(fp.actor, st.sampled_from(("none", "token", "kubernetes", "cloud")), _ips())
    with_profile = st.builds(
        fp.actor, st.sampled_from(("oidc", "github", "jwt")), _ips(), texts(), texts(), texts()
    )
    edge = fp.actor("oidc", '203.0.113.7, "x"', EDGE_TEXT, EDGE_TEXT, EDGE_TEXT)
    return _edge(st.one_of(plain, with_profile), edge)


def _struct(t: Any, **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Values of payload type `t` whose fields are drawn from `fields`."""
    edge = fp.value(t, **{name: _edge_of(s) for name, s in fields.items()})
    return _edge(st.fixed_dictionaries(fields).map(lambda f: fp.value(t, **f)), edge)


def _bools() -> st.SearchStrategy[bool]:
    return _edge(st.booleans(), True)


def _one_of(names: tuple[str, ...]) -> st.SearchStrategy[str]:
    return _edge(st.sampled_from(names), names[-1])


def _lists(elements: st.SearchStrategy[Any], min_size: int = 0) -> st.SearchStrategy[Any]:
    edge = [_edge_of(elements)] * max(min_size, 1)
    return _edge(st.lists(elements, min_size=min_size, max_size=max(min_size, 3)), edge)


@functools.cache
def _constraint() -> st.SearchStrategy[Any]:
    return _struct(
        fp.CONSTRAINT,
        Id=_ids(), SegmentKey=_keys(), Type=_one_of(_COMPARISON_TYPES),
        Property=texts(1), Operator=_one_of(_OPERATORS), Value=texts(),
        NamespaceKey=_namespace_keys(),
    )  # fmt: skip


@functools.cache
def _distribution() -> st.SearchStrategy[Any]:
    return _struct(
        fp.DISTRIBUTION, Id=_ids(), RuleId=_ids(), VariantId=_ids(), Rollout=_percentages()
    )


@functools.cache
def _segment_refs() -> st.SearchStrategy[dict[str, str]]:
    """A rule's or rollout's segment: one key, or several joined by "," with the operator
    (audit.NewRule / NewRollout join `SegmentKeys` and set `SegmentOperator`)."""
    several = st.fixed_dictionaries(
        {
            "Key": st.lists(_keys(), min_size=2, max_size=3).map(",".join),
            "Operator": st.sampled_from(_SEGMENT_OPERATORS),
        }
    )
    edge = {"Key": "new-ui,v2_-,b", "Operator": "AND_SEGMENT_OPERATOR"}
    return _edge(st.one_of(st.fixed_dictionaries({"Key": _keys()}), several), edge)


@functools.cache
def _rule() -> st.SearchStrategy[Any]:
    def build(f: dict[str, Any]) -> Any:
        ref = f.pop("ref")
        f["SegmentKey"] = ref["Key"]
        if "Operator" in ref:
            f["SegmentOperator"] = ref["Operator"]
        return fp.value(fp.RULE, **f)

    fields = {
        "Id": _ids(), "FlagKey": _keys(), "ref": _segment_refs(),
        "Distributions": _lists(_distribution()), "Rank": _ranks(),
        "NamespaceKey": _namespace_keys(),
    }  # fmt: skip
    edge = build({name: _edge_of(s) for name, s in fields.items()})
    return _edge(st.fixed_dictionaries(fields).map(build), edge)


@functools.cache
def _rollout() -> st.SearchStrategy[Any]:
    threshold = _struct(fp.ROLLOUT_THRESHOLD, Percentage=_percentages(), Value=_bools())
    segment = st.tuples(_segment_refs(), _bools()).map(
        lambda rv: fp.value(fp.ROLLOUT_SEGMENT, Value=rv[1], **rv[0])
    )
    rule = st.one_of(
        threshold.map(lambda t: {"Threshold": t}), segment.map(lambda s: {"Segment": s})
    )
    fields = {
        "NamespaceKey": _namespace_keys(), "FlagKey": _keys(), "Rank": _ranks(),
        "Description": texts(), "ID": _ids(),
    }  # fmt: skip
    edge = fp.value(
        fp.ROLLOUT, **{n: _edge_of(s) for n, s in fields.items()}, Threshold=_edge_of(threshold)
    )
    return _edge(
        st.tuples(st.fixed_dictionaries(fields), rule).map(
            lambda fr: fp.value(fp.ROLLOUT, **fr[0], **fr[1])
        ),
        edge,
    )


@functools.cache
def _attachments() -> st.SearchStrategy[str]:
    """A variant attachment: empty or a JSON document (Flipt validates it with json.Valid)."""
    docs = st.recursive(
        st.none() | _bools() | st.integers() | texts(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts(), inner, max_size=3),
        max_leaves=6,
    )
    strategy = st.one_of(st.just(""), docs.map(lambda d: json.dumps(d, ensure_ascii=False)))
    return _edge(strategy, json.dumps({EDGE_TEXT: [EDGE_TEXT, 1e21]}, ensure_ascii=False))


@functools.cache
def _token_metadata() -> st.SearchStrategy[Any]:
    """`Authentication.Metadata` of a token: what its creator passed, then the name (always),
    the description and the namespace (when given) under Flipt's keys."""

    def build(parts: tuple[dict[str, str], str, str, str]) -> Any:
        given, name, description, namespace = parts
        md = dict(given)
        md["io.flipt.auth.token.name"] = name
        if description:
            md["io.flipt.auth.token.description"] = description
        if namespace:
            md["io.flipt.auth.token.namespace"] = namespace
        return fp.value(fp.TOKEN_METADATA, **md)

    given = st.dictionaries(texts(), texts(), max_size=3)
    namespace = st.one_of(st.just(""), _keys())
    edge = build(({EDGE_TEXT: EDGE_TEXT}, EDGE_TEXT, EDGE_TEXT, "new-ui"))
    return _edge(st.tuples(given, texts(), texts(), namespace).map(build), edge)


@functools.cache
def _optional_text() -> st.SearchStrategy[str]:
    return _edge(st.one_of(st.just(""), texts()), EDGE_TEXT)


def _shape_strategies() -> dict[Any, st.SearchStrategy[Any]]:
    """One strategy per payload type of `SHAPES`."""
    return {
        fp.FLAG: _struct(
            fp.FLAG,
            Key=_keys(), Name=texts(1), Description=texts(), Enabled=_bools(),
            NamespaceKey=_namespace_keys(), DefaultVariant=_optional_text(),
        ),
        fp.VARIANT: _struct(
            fp.VARIANT,
            Id=_ids(), FlagKey=_keys(), Key=texts(1), Name=texts(), Description=texts(),
            Attachment=_attachments(), NamespaceKey=_namespace_keys(),
        ),
        fp.SEGMENT: _struct(
            fp.SEGMENT,
            Key=_keys(), Name=texts(1), Description=texts(),
            Constraints=_lists(_constraint()),
            MatchType=_one_of(_MATCH_TYPES), NamespaceKey=_namespace_keys(),
        ),
        fp.CONSTRAINT: _constraint(),
        fp.RULE: _rule(),
        fp.DISTRIBUTION: _distribution(),
        fp.NAMESPACE: _struct(
            fp.NAMESPACE,
            Key=_keys(), Name=texts(1), Description=texts(), Protected=_bools(),
        ),
        fp.ROLLOUT: _rollout(),
        # deletes carry the request: any text the client sent, required fields non-empty
        fp.DELETE_FLAG: _struct(fp.DELETE_FLAG, Key=texts(1), NamespaceKey=_optional_text()),
        fp.DELETE_VARIANT: _struct(
            fp.DELETE_VARIANT, Id=texts(1), FlagKey=texts(1), NamespaceKey=_optional_text()
        ),
        fp.DELETE_SEGMENT: _struct(
            fp.DELETE_SEGMENT, Key=texts(1), NamespaceKey=_optional_text()
        ),
        fp.DELETE_CONSTRAINT: _struct(
            fp.DELETE_CONSTRAINT, Id=texts(1), SegmentKey=texts(1), NamespaceKey=_optional_text()
        ),
        fp.DELETE_RULE: _struct(
            fp.DELETE_RULE, Id=texts(1), FlagKey=texts(1), NamespaceKey=_optional_text()
        ),
        fp.DELETE_DISTRIBUTION: _struct(
            fp.DELETE_DISTRIBUTION,
            Id=texts(1), FlagKey=texts(1), RuleId=texts(1), VariantId=texts(1),
            NamespaceKey=_optional_text(),
        ),
        fp.DELETE_NAMESPACE: _struct(fp.DELETE_NAMESPACE, Key=texts(1), Force=_bools()),
        fp.DELETE_ROLLOUT: _struct(
            fp.DELETE_ROLLOUT, Id=texts(1), NamespaceKey=_optional_text(), FlagKey=texts(1)
        ),
        fp.ORDER_RULES: _struct(
            fp.ORDER_RULES,
            FlagKey=texts(1), RuleIds=_lists(texts(1), min_size=2),
            NamespaceKey=_optional_text(),
        ),
        fp.ORDER_ROLLOUTS: _struct(
            fp.ORDER_ROLLOUTS,
            FlagKey=texts(1), NamespaceKey=_optional_text(),
            RolloutIds=_lists(texts(1), min_size=2),
        ),
        fp.TOKEN_METADATA: _token_metadata(),
    }  # fmt: skip


_SHAPE_STRATEGIES = _shape_strategies()


@functools.cache
def payloads(noun: str, action: str) -> st.SearchStrategy[Any]:
    """The Go payload values a successful `noun:action` event carries, before the round trip."""
    shapes = fp.SHAPES.get((noun, action))
    if shapes is None:
        raise ValueError(f"Flipt v1.61.1 emits no {noun}:{action} events")
    return st.one_of(*(_SHAPE_STRATEGIES[s.type] for s in shapes))


def _pairs(
    types: Iterable[str] | None,
    actions: Iterable[str] | None,
    only: Iterable[tuple[str, str]] | None = None,
) -> list[tuple[str, str]]:
    """The emitted (noun, action) pairs of these types and actions (and among `only`)."""
    nouns = fp.NOUNS if types is None else tuple(types)
    verbs = fp.ACTIONS if actions is None else tuple(actions)
    for n in nouns:
        if n not in fp.NOUNS:
            raise ValueError(f"unknown event type {n!r}; Flipt's are {', '.join(fp.NOUNS)}")
    for a in verbs:
        if a not in fp.ACTIONS:
            raise ValueError(f"unknown action {a!r}; Flipt emits {', '.join(fp.ACTIONS)}")
    pairs = [p for p in fp.EMITTED if p[0] in nouns and p[1] in verbs]
    if only is not None:
        pairs = [p for p in pairs if p in set(only)]
    if not pairs:
        raise ValueError("Flipt v1.61.1 emits no event of these types and actions")
    return pairs


@st.composite
def _event(draw: st.DrawFn, pairs: list[tuple[str, str]], denied: bool) -> Event:
    noun, action = draw(st.sampled_from(pairs))
    status = "success"
    if denied and (noun, action) in fp.DENIABLE and draw(st.booleans()):
        status = "denied"
    payload = None if status == "denied" else draw(payloads(noun, action))
    return fp.emit(noun, action, payload, draw(actors()), draw(timestamps()), status)


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
    return _event(_pairs(types, actions, pairs), denied)


def edge_events(
    types: Iterable[str] | None = None,
    actions: Iterable[str] | None = None,
    *,
    pairs: Iterable[tuple[str, str]] | None = None,
) -> list[Event]:
    """A fixed list of events, the same on every call: for each (noun, action) and each of
    its payload shapes, one event whose every free-text field is `EDGE_TEXT` (keys, ids and
    enums as Flipt validates them, numbers at their edges: rank 2147483647, rollout 33.33),
    and for each pair that can be denied, its denial."""
    out = []
    actor, when = _edge_of(actors()), _edge_of(timestamps())
    for noun, action in _pairs(types, actions, pairs):
        for shape in fp.SHAPES[(noun, action)]:
            payload = _edge_of(_SHAPE_STRATEGIES[shape.type])
            out.append(fp.emit(noun, action, payload, actor, when))
        if (noun, action) in fp.DENIABLE:
            out.append(fp.emit(noun, action, None, actor, when, "denied"))
    return out


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
