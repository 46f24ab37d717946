"""What Flipt v1.61.1 puts in an audit event, as Go values, and the trip that event takes.

Flipt builds each event's payload from a Go value (internal/server/middleware/grpc/
middleware.go, `AuditEventUnaryInterceptor`): an `audit.*` struct for created and updated
objects (internal/server/audit/types.go), the raw protobuf request for deletes and reorders
(rpc/flipt/flipt.pb.go, every field `omitempty`), a token's metadata map for tokens. The types
below are those Go types, with their JSON tags, as gotmpl values; `emit` then takes an event
through Flipt's span round trip (`Event.DecodeToAttributes`: the actor and the payload
`json.Marshal`-ed into strings; `decodeToEvent`: decoded again into `any`), which is what a
webhook template executes against. json.Marshal here is gotmpl's, which is Go's.

`SHAPES` says which type each (noun, action) carries and where in Flipt's source it is made;
the README's table is this table.
"""

from __future__ import annotations

import json
from typing import Any

from gotmpl.gotypes import (
    BOOL,
    FLOAT32,
    INT32,
    STRING,
    GoType,
    GoValue,
    Pointer,
    Struct,
    map_of,
    ptr_to,
    slice_of,
    struct_type,
)
from gotmpl.json import to_json
from webhook.event import ACTOR_TYPE, Event

__all__ = [
    "ACTIONS",
    "EMITTED",
    "NOUNS",
    "SHAPES",
    "TOKEN_METADATA",
    "Shape",
    "actor",
    "emit",
    "value",
]

NOUNS = (
    "flag", "variant", "segment", "constraint", "rule", "distribution", "namespace", "rollout",
    "token",
)  # fmt: skip
ACTIONS = ("created", "updated", "deleted")


def _s(name: str, json_name: str, omitempty: bool = False) -> tuple[str, GoType, str]:
    return (name, STRING, json_name + (",omitempty" if omitempty else ""))


# internal/server/audit/types.go: what created and updated objects become
FLAG = struct_type(
    "audit.Flag",
    [
        _s("Key", "key"), _s("Name", "name"), _s("Description", "description"),
        ("Enabled", BOOL, "enabled"), _s("NamespaceKey", "namespace_key"),
        _s("DefaultVariant", "default_variant", omitempty=True),
    ],
)  # fmt: skip
VARIANT = struct_type(
    "audit.Variant",
    [
        _s("Id", "id"), _s("FlagKey", "flag_key"), _s("Key", "key"), _s("Name", "name"),
        _s("Description", "description"), _s("Attachment", "attachment"),
        _s("NamespaceKey", "namespace_key"),
    ],
)  # fmt: skip
CONSTRAINT = struct_type(
    "audit.Constraint",
    [
        _s("Id", "id"), _s("SegmentKey", "segment_key"), _s("Type", "type"),
        _s("Property", "property"), _s("Operator", "operator"), _s("Value", "value"),
        _s("NamespaceKey", "namespace_key"),
    ],
)  # fmt: skip
NAMESPACE = struct_type(
    "audit.Namespace",
    [
        _s("Key", "key"), _s("Name", "name"), _s("Description", "description"),
        ("Protected", BOOL, "protected"),
    ],
)  # fmt: skip
DISTRIBUTION = struct_type(
    "audit.Distribution",
    [
        _s("Id", "id"), _s("RuleId", "rule_id"), _s("VariantId", "variant_id"),
        ("Rollout", FLOAT32, "rollout"),
    ],
)  # fmt: skip
SEGMENT = struct_type(
    "audit.Segment",
    [
        _s("Key", "key"), _s("Name", "name"), _s("Description", "description"),
        ("Constraints", slice_of(ptr_to(CONSTRAINT)), "constraints"),
        _s("MatchType", "match_type"), _s("NamespaceKey", "namespace_key"),
    ],
)  # fmt: skip
RULE = struct_type(
    "audit.Rule",
    [
        _s("Id", "id"), _s("FlagKey", "flag_key"), _s("SegmentKey", "segment_key"),
        ("Distributions", slice_of(ptr_to(DISTRIBUTION)), "distributions"),
        ("Rank", INT32, "rank"), _s("NamespaceKey", "namespace_key"),
        _s("SegmentOperator", "segment_operator", omitempty=True),
    ],
)  # fmt: skip
ROLLOUT_THRESHOLD = struct_type(
    "audit.RolloutThreshold", [("Percentage", FLOAT32, "percentage"), ("Value", BOOL, "value")]
)
ROLLOUT_SEGMENT = struct_type(
    "audit.RolloutSegment",
    [_s("Key", "key"), ("Value", BOOL, "value"), _s("Operator", "operator", omitempty=True)],
)
ROLLOUT = struct_type(
    "audit.Rollout",
    [
        _s("NamespaceKey", "namespace_key"), _s("FlagKey", "flag_key"),
        ("Rank", INT32, "rank"), _s("Description", "description"),
        ("Threshold", ptr_to(ROLLOUT_THRESHOLD), "threshold,omitempty"),
        ("Segment", ptr_to(ROLLOUT_SEGMENT), "segment,omitempty"),
        _s("ID", "id", omitempty=True),
    ],
)  # fmt: skip


def _request(name: str, *fields: tuple[str, str] | tuple[str, str, GoType]) -> GoType:
    """A protobuf request as encoding/json sees it: protoc-gen-go tags every field
    `json:"name,omitempty"` (its unexported state fields are not marshalled)."""
    return struct_type(
        f"flipt.{name}",
        [(f[0], f[2] if len(f) > 2 else STRING, f"{f[1]},omitempty") for f in fields],
    )


# rpc/flipt/flipt.pb.go: what deletes and reorders carry (the request itself)
DELETE_FLAG = _request("DeleteFlagRequest", ("Key", "key"), ("NamespaceKey", "namespace_key"))
DELETE_VARIANT = _request(
    "DeleteVariantRequest", ("Id", "id"), ("FlagKey", "flag_key"), ("NamespaceKey", "namespace_key")
)
DELETE_SEGMENT = _request("DeleteSegmentRequest", ("Key", "key"), ("NamespaceKey", "namespace_key"))
DELETE_CONSTRAINT = _request(
    "DeleteConstraintRequest",
    ("Id", "id"), ("SegmentKey", "segment_key"), ("NamespaceKey", "namespace_key"),
)  # fmt: skip
DELETE_RULE = _request(
    "DeleteRuleRequest", ("Id", "id"), ("FlagKey", "flag_key"), ("NamespaceKey", "namespace_key")
)
DELETE_DISTRIBUTION = _request(
    "DeleteDistributionRequest",
    ("Id", "id"), ("FlagKey", "flag_key"), ("RuleId", "rule_id"), ("VariantId", "variant_id"),
    ("NamespaceKey", "namespace_key"),
)  # fmt: skip
DELETE_NAMESPACE = _request("DeleteNamespaceRequest", ("Key", "key"), ("Force", "force", BOOL))
DELETE_ROLLOUT = _request(
    "DeleteRolloutRequest", ("Id", "id"), ("NamespaceKey", "namespace_key"), ("FlagKey", "flag_key")
)
ORDER_RULES = _request(
    "OrderRulesRequest",
    ("FlagKey", "flag_key"), ("RuleIds", "rule_ids", slice_of(STRING)),
    ("NamespaceKey", "namespace_key"),
)  # fmt: skip
ORDER_ROLLOUTS = _request(
    "OrderRolloutsRequest",
    ("FlagKey", "flag_key"), ("NamespaceKey", "namespace_key"),
    ("RolloutIds", "rollout_ids", slice_of(STRING)),
)  # fmt: skip
#: rpc/flipt/auth: `Authentication.Metadata`, a token's name, description, namespace and the
#: metadata its creator gave (internal/server/authn/method/token/server.go, CreateToken).
TOKEN_METADATA = map_of(STRING, STRING)


class Shape:
    """One payload Flipt can put in events of a (noun, action): its Go type and where in
    Flipt v1.61.1's source that payload is chosen."""

    __slots__ = ("source", "type")

    def __init__(self, type: GoType, source: str) -> None:
        self.type = type
        self.source = source


_MW = "internal/server/middleware/grpc/middleware.go AuditEventUnaryInterceptor"
_CREATED = f"{_MW}: `switch r := resp.(type)`, audit.New*"
_DELETED = f"{_MW}: `request.Action == flipt.ActionDelete`, payload = the request"
_PREFETCHED = f"{_MW} with internal/server/{{noun}}.go Delete*: the deleted record, prefetched"
_ORDER = f"{_MW}: `*flipt.OrderRulesRequest, *flipt.OrderRolloutsRequest`, payload = the request"
_TOKEN_CREATED = f"{_MW}: `*auth.CreateTokenResponse`, payload = r.Authentication.Metadata"
_TOKEN_DELETED = (
    "internal/server/authn/server.go DeleteAuthentication: a.Metadata, tokens only, added to "
    "the span directly when audit.events holds token:deleted (internal/cmd/grpc.go)"
)

_UPSERTED = {
    "flag": FLAG, "variant": VARIANT, "segment": SEGMENT, "constraint": CONSTRAINT,
    "rule": RULE, "distribution": DISTRIBUTION, "namespace": NAMESPACE, "rollout": ROLLOUT,
}  # fmt: skip
_DELETES = {
    "flag": DELETE_FLAG, "variant": DELETE_VARIANT, "segment": DELETE_SEGMENT,
    "constraint": DELETE_CONSTRAINT, "rule": DELETE_RULE, "distribution": DELETE_DISTRIBUTION,
    "namespace": DELETE_NAMESPACE, "rollout": DELETE_ROLLOUT,
}  # fmt: skip


def _shapes() -> dict[tuple[str, str], tuple[Shape, ...]]:
    out: dict[tuple[str, str], tuple[Shape, ...]] = {}
    for noun, t in _UPSERTED.items():
        out[(noun, "created")] = (Shape(t, _CREATED),)
        out[(noun, "updated")] = (Shape(t, _CREATED),)
        out[(noun, "deleted")] = (Shape(_DELETES[noun], _DELETED),)
    out[("rule", "updated")] += (Shape(ORDER_RULES, _ORDER),)
    out[("rollout", "updated")] += (Shape(ORDER_ROLLOUTS, _ORDER),)
    out[("rule", "deleted")] += (Shape(RULE, _PREFETCHED.format(noun="rule")),)
    out[("rollout", "deleted")] += (Shape(ROLLOUT, _PREFETCHED.format(noun="rollout")),)
    out[("token", "created")] = (Shape(TOKEN_METADATA, _TOKEN_CREATED),)
    out[("token", "deleted")] = (Shape(TOKEN_METADATA, _TOKEN_DELETED),)
    return out


#: (noun, action) -> the payloads a successful event of that pair can carry. A denied event
#: (status `denied`: the authorizer refused the request) carries none: its payload is nil.
SHAPES = _shapes()
#: Every (noun, action) Flipt emits. `read` never reaches a sink: audit.NewChecker knows only
#: created/updated/deleted, and the interceptor drops a pair the checker does not hold.
EMITTED = tuple(SHAPES)
#: The pairs whose requests go through the authorizer and so can be `denied`
#: (token:deleted is emitted by the authn server itself, after authorization passed).
DENIABLE = tuple(p for p in EMITTED if p != ("token", "deleted"))


def actor(
    authentication: str, ip: str = "", email: str = "", name: str = "", picture: str = ""
) -> Pointer:
    """`authn.ActorFromContext`'s `*audit.Actor`: the method name (`none` without
    authentication), the first `x-forwarded-for` value, and for oidc/github/jwt the
    email, name and picture of the authentication's metadata (empty ones omitted in JSON)."""
    fields = {"Authentication": authentication, "IP": ip}
    fields |= {"Email": email, "Name": name, "Picture": picture}
    return Pointer(Struct(ACTOR_TYPE, **{k: v for k, v in fields.items() if v}))


def emit(
    noun: str,
    action: str,
    payload: Any,
    actor: Pointer,
    timestamp: str,
    status: str = "success",
) -> Event:
    """The event a webhook template sees for one `audit.NewEvent(...)`: payload and actor
    through json.Marshal and back (`json.Unmarshal` into `any`: float64 numbers), every
    other field a string; a nil payload stays nil."""
    obj: dict[str, Any] = {
        "version": "0.2",
        "type": noun,
        "action": action,
        "metadata": {"actor": json.loads(to_json(actor))},
        "payload": None if payload is None else json.loads(to_json(payload)),
        "timestamp": timestamp,
        "status": status,
    }
    return Event.from_dict(obj)


def value(t: GoType, /, **fields: Any) -> Any:
    """A Go value of payload type `t`: a struct pointer (Flipt marshals `*audit.Flag`, the
    `*flipt.DeleteFlagRequest` it was handed), or the token metadata map."""
    if t is TOKEN_METADATA:
        return GoValue(TOKEN_METADATA, dict(fields))
    for name, v in fields.items():
        ftype = t.field(name).type  # type: ignore[union-attr]
        if ftype.kind in _TYPED_KINDS and not isinstance(v, GoValue):
            fields[name] = GoValue(ftype, v)  # a float32 rounds as Go stores it
    return Pointer(Struct(t, **fields))


_TYPED_KINDS = frozenset({"float32", "int32", "slice"})
