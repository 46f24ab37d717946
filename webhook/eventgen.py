"""One generator of the audit events Flipt v1.61.1 emits, over any source of choices.

`event(choices, pairs)` draws a (noun, action), a status, a payload of one of that pair's
`flipt_payloads.SHAPES` with each field filled as Flipt fills it, an actor and a timestamp,
and takes them through Flipt's span round trip (`flipt_payloads.emit`). Every draw is a
primitive of `webhook.choices.Choices`, so the one generator runs under hypothesis
(`webhook.strategies`, which shrinks what it finds) and as a seeded bulk random walk
(`bulk`, what `check --fuzz` renders). Each field's generator (`Gen`) also holds the value
that field has in the fixed edge events (`edge_events`).

Strings are drawn to break careless templates: quotes, backslashes, newlines and other
control characters, HTML, emoji, `{{`, escapes that look valid, empty and long strings; only
fields Flipt validates keep Flipt's rules (flag, segment and namespace keys match
`^[-_,A-Za-z0-9]+$`, names are non-empty, ids of stored objects are UUIDs). Numbers are what
Flipt's payload types hold: int32 ranks and float32 percentages, edges included.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Generic, TypeVar

from webhook import flipt_payloads as fp
from webhook.choices import Choices, RandomChoices
from webhook.event import Event

__all__ = [
    "ACTORS",
    "EDGE_TEXT",
    "HOSTILE_STRINGS",
    "TIMESTAMPS",
    "Gen",
    "bulk",
    "edge_events",
    "emitted_pairs",
    "event",
    "payloads",
    "texts",
]

T = TypeVar("T")
Draw = Callable[[Choices], T]

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
#: The string every free-text field of an edge event holds: a quote, a backslash, a newline,
#: a tab, HTML, an emoji and U+2028, each a way out of a careless JSON string.
EDGE_TEXT = 'say "hi" \\ \n\t</b>&🚀\u2028'
_AWKWARD_CHARS = "\"\\\n\r\t\x00\x01\x1f\x7f<>&'`{}%$\u2028\u2029\ufeff🚀é"
_EMBEDDED = tuple(f"{a}{c}{b}" for c in _AWKWARD_CHARS for a, b in (("a", ""), ("a", "b")))
_KEY_CHARS = "-_,abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_COMMON_KEYS = ("a", "new-ui", "checkout_v2", "a,b", "-", "0", "A" * 200)
_HEADER_CHARS = "".join(map(chr, range(0x20, 0x7F))) + "\t"
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
_RANK_EDGES = (1, 2, 999_999, 1_000_000, _INT32_MAX)  # 1000000 prints as 1e+06 in a template
_PERCENT_EDGES = (0.0, 100.0, 50.0, 33.33, 0.1, 1e-45, 1e-05, 99.99999)
_Y2000, _Y2100 = 946_684_800, 4_102_444_800
_OFFSETS = (0, 60, 120, -240, -300, 330, 345, 540, -570, 840, -720)  # common zones, edges
_PLAIN_METHODS = ("none", "token", "kubernetes", "cloud")
_PROFILE_METHODS = ("oidc", "github", "jwt")


@dataclass(frozen=True, slots=True)
class Gen(Generic[T]):
    """How one value is drawn from a `Choices`, and the value it holds in an edge event."""

    draw: Callable[[Choices], T]
    edge: T


def _sampled(options: tuple[T, ...]) -> Gen[T]:
    """One of `options`; the last in an edge event."""
    return Gen(lambda c: c.choice(options), options[-1])


def _either(first: Draw[T], second: Draw[T], edge: T) -> Gen[T]:
    """Drawn by `first` or by `second` (shrinking prefers `first`)."""
    return Gen(lambda c: second(c) if c.boolean() else first(c), edge)


def _struct(t: Any, **fields: Gen[Any]) -> Gen[Any]:
    """Values of payload type `t` whose fields are drawn from `fields`."""
    items = tuple(fields.items())
    return Gen(
        lambda c: fp.value(t, **{name: g.draw(c) for name, g in items}),
        fp.value(t, **{name: g.edge for name, g in items}),
    )


def _lists(element: Gen[T], min_size: int = 0) -> Gen[list[T]]:
    """`min_size` to `max(min_size, 3)` elements; an edge event holds max(min_size, 1)."""
    most = max(min_size, 3)
    return Gen(
        lambda c: [element.draw(c) for _ in range(c.integer(min_size, most))],
        [element.edge] * max(min_size, 1),
    )


@functools.cache
def texts(min_size: int = 0) -> Gen[str]:
    """Any string Flipt stores (valid UTF-8), weighted towards ones that break templates: one
    of `HOSTILE_STRINGS`, a hostile character inside plain text, or random text."""
    pool = tuple(s for s in (*HOSTILE_STRINGS, *_EMBEDDED) if len(s) >= min_size)
    return _either(
        lambda c: c.choice(pool),
        lambda c: c.text(_AWKWARD_CHARS, min_size, 8, any_char=True),
        EDGE_TEXT,
    )


_TEXTS, _NAMES = texts(), texts(1)
_BOOLS: Gen[bool] = Gen(lambda c: c.boolean(), True)
#: A key Flipt validated at creation: `^[-_,A-Za-z0-9]+$`.
_KEYS = _either(
    lambda c: c.choice(_COMMON_KEYS), lambda c: c.text(_KEY_CHARS, 1, 12), "new-ui,v2_-"
)
_NAMESPACE_KEYS = _either(lambda c: "default", _KEYS.draw, "default")
_OPTIONAL_TEXT = _either(lambda c: "", _TEXTS.draw, EDGE_TEXT)
#: Ids the store generated (UUIDs).
_IDS = Gen(lambda c: c.uuid(), "6e4b7a3e-1f0c-4d2a-9b8e-2c5d7f9a1b3c")
#: An int32 rank (validated positive), edges first.
_RANKS = _either(lambda c: c.choice(_RANK_EDGES), lambda c: c.integer(1, _INT32_MAX), _INT32_MAX)
#: A float32 in [0, 100] (Flipt's validation): its JSON is float32's shortest form.
_PERCENTAGES = _either(lambda c: c.choice(_PERCENT_EDGES), lambda c: c.float32(0.0, 100.0), 33.33)


def _rfc3339(seconds: int, offset_minutes: int) -> str:
    zone = timezone(timedelta(minutes=offset_minutes))
    text = datetime.fromtimestamp(seconds, zone).isoformat()
    return text[:-6] + "Z" if offset_minutes == 0 else text


def _timestamp(c: Choices) -> str:
    seconds = c.integer(_Y2000, _Y2100)
    offset = c.integer(-12 * 60, 14 * 60) if c.boolean() else c.choice(_OFFSETS)
    return _rfc3339(seconds, offset)


#: `time.Now().Format(time.RFC3339)` in the server's local zone: seconds, `Z` or ±hh:mm.
TIMESTAMPS = Gen(_timestamp, "2024-05-01T10:00:00+05:30")


def _ip(c: Choices) -> str:
    """The first `x-forwarded-for` value: absent, an address, a proxy list, or whatever a
    client wrote in that header (any visible ASCII, spaces and tabs)."""
    way = c.integer(0, 3)
    if way == 0:
        return ""
    if way == 1:
        return c.ip()
    if way == 2:
        return ", ".join(c.ip() for _ in range(c.integer(2, 3)))
    return c.text(_HEADER_CHARS, 0, 20)


def _actor(c: Choices) -> Any:
    if c.boolean():
        method = c.choice(_PROFILE_METHODS)
        ip = _ip(c)
        return fp.actor(method, ip, _TEXTS.draw(c), _TEXTS.draw(c), _TEXTS.draw(c))
    return fp.actor(c.choice(_PLAIN_METHODS), _ip(c))


#: `*audit.Actor` as `authn.ActorFromContext` fills it for each authentication method.
ACTORS = Gen(_actor, fp.actor("oidc", '203.0.113.7, "x"', EDGE_TEXT, EDGE_TEXT, EDGE_TEXT))

_CONSTRAINTS = _struct(
    fp.CONSTRAINT,
    Id=_IDS, SegmentKey=_KEYS, Type=_sampled(_COMPARISON_TYPES), Property=_NAMES,
    Operator=_sampled(_OPERATORS), Value=_TEXTS, NamespaceKey=_NAMESPACE_KEYS,
)  # fmt: skip
_DISTRIBUTIONS = _struct(
    fp.DISTRIBUTION, Id=_IDS, RuleId=_IDS, VariantId=_IDS, Rollout=_PERCENTAGES
)


def _several_segments(c: Choices) -> dict[str, str]:
    keys = [_KEYS.draw(c) for _ in range(c.integer(2, 3))]
    return {"Key": ",".join(keys), "Operator": c.choice(_SEGMENT_OPERATORS)}


#: A rule's or rollout's segment: one key, or several joined by "," with the operator
#: (audit.NewRule / NewRollout join `SegmentKeys` and set `SegmentOperator`).
_SEGMENT_REFS = _either(
    lambda c: {"Key": _KEYS.draw(c)},
    _several_segments,
    {"Key": "new-ui,v2_-,b", "Operator": "AND_SEGMENT_OPERATOR"},
)


def _rule(fields: dict[str, Any]) -> Any:
    ref = fields.pop("ref")
    fields["SegmentKey"] = ref["Key"]
    if "Operator" in ref:
        fields["SegmentOperator"] = ref["Operator"]
    return fp.value(fp.RULE, **fields)


def _fields(c: Choices, gens: dict[str, Gen[Any]]) -> dict[str, Any]:
    return {name: g.draw(c) for name, g in gens.items()}


def _edges(gens: dict[str, Gen[Any]]) -> dict[str, Any]:
    return {name: g.edge for name, g in gens.items()}


_RULE_FIELDS: dict[str, Gen[Any]] = {
    "Id": _IDS, "FlagKey": _KEYS, "ref": _SEGMENT_REFS, "Distributions": _lists(_DISTRIBUTIONS),
    "Rank": _RANKS, "NamespaceKey": _NAMESPACE_KEYS,
}  # fmt: skip
_RULES = Gen(lambda c: _rule(_fields(c, _RULE_FIELDS)), _rule(_edges(_RULE_FIELDS)))

_THRESHOLDS = _struct(fp.ROLLOUT_THRESHOLD, Percentage=_PERCENTAGES, Value=_BOOLS)


def _rollout_segment(c: Choices) -> Any:
    ref = _SEGMENT_REFS.draw(c)
    return fp.value(fp.ROLLOUT_SEGMENT, Value=_BOOLS.draw(c), **ref)


_ROLLOUT_FIELDS: dict[str, Gen[Any]] = {
    "NamespaceKey": _NAMESPACE_KEYS, "FlagKey": _KEYS, "Rank": _RANKS, "Description": _TEXTS,
    "ID": _IDS,
}  # fmt: skip


def _rollout(c: Choices) -> Any:
    fields = _fields(c, _ROLLOUT_FIELDS)
    if c.boolean():
        return fp.value(fp.ROLLOUT, **fields, Segment=_rollout_segment(c))
    return fp.value(fp.ROLLOUT, **fields, Threshold=_THRESHOLDS.draw(c))


_ROLLOUTS = Gen(
    _rollout, fp.value(fp.ROLLOUT, **_edges(_ROLLOUT_FIELDS), Threshold=_THRESHOLDS.edge)
)


def _json_document(c: Choices, depth: int = 2) -> Any:
    """A small JSON document: null, a bool, an integer, a string, or (`depth` allowing) an
    array or object of at most three of these."""
    way = c.integer(0, 5 if depth else 3)
    if way == 0:
        return None
    if way == 1:
        return c.boolean()
    if way == 2:
        return c.integer(-(2**63), 2**63 - 1)
    if way == 3:
        return _TEXTS.draw(c)
    if way == 4:
        return [_json_document(c, depth - 1) for _ in range(c.integer(0, 3))]
    return {_TEXTS.draw(c): _json_document(c, depth - 1) for _ in range(c.integer(0, 3))}


#: A variant attachment: empty or a JSON document (Flipt validates it with json.Valid).
_ATTACHMENTS = _either(
    lambda c: "",
    lambda c: json.dumps(_json_document(c), ensure_ascii=False),
    json.dumps({EDGE_TEXT: [EDGE_TEXT, 1e21]}, ensure_ascii=False),
)


def _token_metadata(given: dict[str, str], name: str, description: str, namespace: str) -> Any:
    """`Authentication.Metadata` of a token: what its creator passed, then the name (always),
    the description and the namespace (when given) under Flipt's keys."""
    md = dict(given)
    md["io.flipt.auth.token.name"] = name
    if description:
        md["io.flipt.auth.token.description"] = description
    if namespace:
        md["io.flipt.auth.token.namespace"] = namespace
    return fp.value(fp.TOKEN_METADATA, **md)


def _draw_token_metadata(c: Choices) -> Any:
    given = {_TEXTS.draw(c): _TEXTS.draw(c) for _ in range(c.integer(0, 3))}
    namespace = _KEYS.draw(c) if c.boolean() else ""
    return _token_metadata(given, _TEXTS.draw(c), _TEXTS.draw(c), namespace)


_TOKEN_METADATA = Gen(
    _draw_token_metadata, _token_metadata({EDGE_TEXT: EDGE_TEXT}, EDGE_TEXT, EDGE_TEXT, "new-ui")
)

#: One generator per payload type of `SHAPES`.
_SHAPE_GENS: dict[Any, Gen[Any]] = {
    fp.FLAG: _struct(
        fp.FLAG,
        Key=_KEYS, Name=_NAMES, Description=_TEXTS, Enabled=_BOOLS,
        NamespaceKey=_NAMESPACE_KEYS, DefaultVariant=_OPTIONAL_TEXT,
    ),
    fp.VARIANT: _struct(
        fp.VARIANT,
        Id=_IDS, FlagKey=_KEYS, Key=_NAMES, Name=_TEXTS, Description=_TEXTS,
        Attachment=_ATTACHMENTS, NamespaceKey=_NAMESPACE_KEYS,
    ),
    fp.SEGMENT: _struct(
        fp.SEGMENT,
        Key=_KEYS, Name=_NAMES, Description=_TEXTS, Constraints=_lists(_CONSTRAINTS),
        MatchType=_sampled(_MATCH_TYPES), NamespaceKey=_NAMESPACE_KEYS,
    ),
    fp.CONSTRAINT: _CONSTRAINTS,
    fp.RULE: _RULES,
    fp.DISTRIBUTION: _DISTRIBUTIONS,
    fp.NAMESPACE: _struct(
        fp.NAMESPACE, Key=_KEYS, Name=_NAMES, Description=_TEXTS, Protected=_BOOLS
    ),
    fp.ROLLOUT: _ROLLOUTS,
    # deletes carry the request: any text the client sent, required fields non-empty
    fp.DELETE_FLAG: _struct(fp.DELETE_FLAG, Key=_NAMES, NamespaceKey=_OPTIONAL_TEXT),
    fp.DELETE_VARIANT: _struct(
        fp.DELETE_VARIANT, Id=_NAMES, FlagKey=_NAMES, NamespaceKey=_OPTIONAL_TEXT
    ),
    fp.DELETE_SEGMENT: _struct(fp.DELETE_SEGMENT, Key=_NAMES, NamespaceKey=_OPTIONAL_TEXT),
    fp.DELETE_CONSTRAINT: _struct(
        fp.DELETE_CONSTRAINT, Id=_NAMES, SegmentKey=_NAMES, NamespaceKey=_OPTIONAL_TEXT
    ),
    fp.DELETE_RULE: _struct(
        fp.DELETE_RULE, Id=_NAMES, FlagKey=_NAMES, NamespaceKey=_OPTIONAL_TEXT
    ),
    fp.DELETE_DISTRIBUTION: _struct(
        fp.DELETE_DISTRIBUTION,
        Id=_NAMES, FlagKey=_NAMES, RuleId=_NAMES, VariantId=_NAMES, NamespaceKey=_OPTIONAL_TEXT,
    ),
    fp.DELETE_NAMESPACE: _struct(fp.DELETE_NAMESPACE, Key=_NAMES, Force=_BOOLS),
    fp.DELETE_ROLLOUT: _struct(
        fp.DELETE_ROLLOUT, Id=_NAMES, NamespaceKey=_OPTIONAL_TEXT, FlagKey=_NAMES
    ),
    fp.ORDER_RULES: _struct(
        fp.ORDER_RULES,
        FlagKey=_NAMES, RuleIds=_lists(_NAMES, min_size=2), NamespaceKey=_OPTIONAL_TEXT,
    ),
    fp.ORDER_ROLLOUTS: _struct(
        fp.ORDER_ROLLOUTS,
        FlagKey=_NAMES, NamespaceKey=_OPTIONAL_TEXT, RolloutIds=_lists(_NAMES, min_size=2),
    ),
    fp.TOKEN_METADATA: _TOKEN_METADATA,
}  # fmt: skip


@functools.cache
def payloads(noun: str, action: str) -> Draw[Any]:
    """Draws the Go payload value a successful `noun:action` event carries, before the
    round trip: one of the pair's shapes."""
    shapes = fp.SHAPES.get((noun, action))
    if shapes is None:
        raise ValueError(f"Flipt v1.61.1 emits no {noun}:{action} events")
    gens = tuple(_SHAPE_GENS[s.type] for s in shapes)
    return lambda c: c.choice(gens).draw(c)


def emitted_pairs(
    types: Iterable[str] | None = None,
    actions: Iterable[str] | None = None,
    only: Iterable[tuple[str, str]] | None = None,
) -> list[tuple[str, str]]:
    """The emitted (noun, action) pairs of these types and actions (and among `only`), in
    `EMITTED` order; ValueError naming an unknown type or action, or when none is left."""
    nouns = fp.NOUNS if types is None else tuple(types)
    verbs = fp.ACTIONS if actions is None else tuple(actions)
    for n in nouns:
        if n not in fp.NOUNS:
            raise ValueError(f"unknown event type {n!r}; Flipt's are {', '.join(fp.NOUNS)}")
    for a in verbs:
        if a not in fp.ACTIONS:
            raise ValueError(f"unknown action {a!r}; Flipt emits {', '.join(fp.ACTIONS)}")
    out = [p for p in fp.EMITTED if p[0] in nouns and p[1] in verbs]
    if only is not None:
        wanted = set(only)
        out = [p for p in out if p in wanted]
    if not out:
        raise ValueError("Flipt v1.61.1 emits no event of these types and actions")
    return out


def event(c: Choices, among: Sequence[tuple[str, str]], denied: bool = True) -> Event:
    """One event of a pair `among`, as a Flipt template sees it. With `denied`, a pair that
    can be denied is the authorizer's denial (status `denied`, payload nil) half the time."""
    noun, action = c.choice(among)
    status = "success"
    if denied and (noun, action) in _DENIABLE and c.boolean():
        status = "denied"
    payload = None if status == "denied" else payloads(noun, action)(c)
    return fp.emit(noun, action, payload, ACTORS.draw(c), TIMESTAMPS.draw(c), status)


_DENIABLE = frozenset(fp.DENIABLE)


def bulk(among: Sequence[tuple[str, str]], count: int, seed: int) -> Iterator[Event]:
    """`count` events of the pairs `among`, denials included, from a random walk seeded
    with `seed`: the same arguments, the same events."""
    c = RandomChoices(seed)
    for _ in range(count):
        yield event(c, among)


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
    for noun, action in emitted_pairs(types, actions, pairs):
        for shape in fp.SHAPES[(noun, action)]:
            payload = _SHAPE_GENS[shape.type].edge
            out.append(fp.emit(noun, action, payload, ACTORS.edge, TIMESTAMPS.edge))
        if (noun, action) in _DENIABLE:
            out.append(fp.emit(noun, action, None, ACTORS.edge, TIMESTAMPS.edge, "denied"))
    return out
