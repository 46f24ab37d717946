"""The benchmark corpus: each template in Go syntax and its Jinja2 twin, and the data for both.

Go's text/template, gotmpl and gotpl run the Go text; Jinja2 runs the twin, written to do the same
work (same lookups, loops and formatting) and, where Jinja2 can, to print the same bytes. Data is
kept as JSON so the Go program decodes exactly what the Python engines see: Flipt cases become
Flipt's `audit.Event` (after its span round trip), the rest `map[string]any` with float64 numbers.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from webhook import FUNCS, Event

__all__ = ["CASES", "Case", "flipt_event_json"]

_EXAMPLES = Path(__file__).resolve().parent.parent / "webhook" / "examples"


@dataclass(frozen=True)
class Case:
    """One corpus entry; `entry` names the template to execute when it is not the top one."""

    name: str
    go: str
    jinja: str
    data: Any
    data_mode: str = "json"  # "flipt_event": decoded into Flipt's audit.Event
    entry: str = ""
    flipt: bool = False
    notes: str = field(default="", compare=False)

    def gotmpl_data(self) -> Any:
        """What gotmpl executes against: Flipt's Event, or JSON with Go's float64 numbers."""
        if self.data_mode == "flipt_event":
            return Event.from_dict(self.data)
        return _floats(self.data)

    def gotpl_data(self) -> Any:
        """gotpl has no struct model: the event becomes a map with Go's field names."""
        if self.data_mode == "flipt_event":
            return _event_map(self.data)
        return _floats(self.data)

    def jinja_data(self) -> dict[str, Any]:
        """Jinja2's context: top-level names, plain JSON values (ints stay ints)."""
        if self.data_mode == "flipt_event":
            return _event_map(self.data)
        return dict(self.data)

    def to_go(self) -> dict[str, Any]:
        """The case as bench/gobench reads it."""
        return {
            "name": self.name,
            "template": self.go,
            "entry": self.entry,
            "data_mode": self.data_mode,
            "data": self.data,
        }


def _floats(v: Any) -> Any:
    """JSON numbers as Go's json.Unmarshal into `any` has them: every number a float64."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return float(v)
    if isinstance(v, dict):
        return {k: _floats(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_floats(x) for x in v]
    return v


def _event_map(obj: dict[str, Any]) -> dict[str, Any]:
    actor = obj.get("metadata", {}).get("actor") or {}
    go_names = {"authentication": "Authentication", "ip": "IP", "email": "Email", "name": "Name"}
    return {
        "Version": obj.get("version", ""),
        "Type": obj.get("type", ""),
        "Action": obj.get("action", ""),
        "Metadata": {"Actor": {go: actor.get(js, "") for js, go in go_names.items()}},
        "Payload": _floats(obj.get("payload")),
        "Timestamp": obj.get("timestamp", ""),
        "Status": obj.get("status", ""),
    }


def flipt_event_json() -> dict[str, Any]:
    """The first bundled sample event: the one in Flipt's webhook docs."""
    with open(_EXAMPLES / "events.jsonl", encoding="utf-8") as fh:
        return json.loads(fh.readline())


def _flipt_bodies() -> tuple[str, str]:
    """The Slack and toJson bodies from the bundled Flipt config (Flipt's documented ones)."""
    with open(_EXAMPLES / "flipt-templates.yml", encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    bodies = [t["body"] for t in config["audit"]["sinks"]["webhook"]["templates"]]
    slack = next(b for b in bodies if '"text"' in b)
    to_json = next(b for b in bodies if "toJson" in b)
    return slack, to_json


_SLACK, _TOJSON = _flipt_bodies()

# The fields-only body: the first lines of the docs' toJson body plus the other string fields
# Flipt's own example template prints.
_FIELDS = """{
  "type": "{{ .Type }}",
  "action": "{{ .Action }}",
  "status": "{{ .Status }}",
  "timestamp": "{{ .Timestamp }}"
}
"""
_FIELDS_J = """{
  "type": "{{ Type }}",
  "action": "{{ Action }}",
  "status": "{{ Status }}",
  "timestamp": "{{ Timestamp }}"
}
"""


# The fields body with the actor's address read through the *audit.Actor pointer, as the
# Flipt bodies users write do.
_ACTOR = """{
  "type": "{{ .Type }}",
  "action": "{{ .Action }}",
  "actor": "{{ .Metadata.Actor.IP }}",
  "at": "{{ .Timestamp }}"
}
"""
_ACTOR_J = """{
  "type": "{{ Type }}",
  "action": "{{ Action }}",
  "actor": "{{ Metadata.Actor.IP }}",
  "at": "{{ Timestamp }}"
}
"""

# A body that decides and loops: if/else-if on the action, printf, and a range over the
# payload's members.
_LOGIC = """{{- $verb := "changed" -}}
{{- if eq .Action "created" }}{{ $verb = "created" }}
{{- else if eq .Action "deleted" }}{{ $verb = "deleted" }}
{{- else if eq .Action "updated" }}{{ $verb = "updated" }}{{ end -}}
{{ printf "%s %s %q" .Type $verb .Payload.key }} ({{ .Status }})
{{ range $k, $v := .Payload }}{{ printf "%-16s" $k }} = {{ $v }}
{{ end -}}
"""
_LOGIC_J = """{%- set verb = "changed" -%}
{%- if Action == "created" %}{% set verb = "created" %}
{%- elif Action == "deleted" %}{% set verb = "deleted" %}
{%- elif Action == "updated" %}{% set verb = "updated" %}{% endif -%}
{{ '%s %s "%s"'|format(Type, verb, Payload.key) }} ({{ Status }})
{% for k, v in Payload|dictsort %}{{ "%-16s"|format(k) }} = {{ v }}
{% endfor -%}
"""


def _jinja_from_go_flipt(text: str) -> str:
    """The docs' bodies in Jinja2: `.Field` becomes a top-level name, `toJson x` a filter."""
    return text.replace("{{ toJson .Payload }}", "{{ Payload|tojson }}").replace("{{ .", "{{ ")


_NOTIFY = """\
{{- $user := .user -}}
{{- $cur := .currency -}}
Subject: {{ if .urgent }}[URGENT] {{ end }}{{ .subject }}
To: {{ $user.name }} <{{ $user.email }}>{{ if $user.vip }} (VIP){{ end }}

Hello {{ $user.first }},
{{ if eq .status "shipped" }}Your order {{ printf "%s-%05.0f" .prefix .order_id }} has shipped.
{{- else if eq .status "delayed" }}Your order {{ printf "%s-%05.0f" .prefix .order_id }} is late.
{{- else }}We received your order {{ printf "%s-%05.0f" .prefix .order_id }}.
{{- end }}

{{ range $i, $it := .items -}}
{{ printf "%02d" $i }}. {{ printf "%-24s" $it.name }} x{{ $it.qty }} {{ printf "%8.2f" $it.price }}
{{- if $it.backorder }} (backorder){{ else if gt $it.qty 5.0 }} (bulk){{ end }}
{{ end -}}
Items: {{ len .items }}  Total: {{ printf "%.2f" .total }} {{ $cur }}
{{ with .coupon }}Coupon {{ .code }} saved {{ printf "%.2f" .amount }} {{ $cur }}.
{{- else }}No coupon applied.{{ end }}
{{ if and .shipping.express (not .shipping.pickup) }}Express delivery to {{ .shipping.city }}.
{{- else if .shipping.pickup }}Pick up at {{ .shipping.store }}.
{{- else }}Standard delivery to {{ .shipping.city }}.{{ end }}
{{ if .notes }}Notes: {{ range $j, $n := .notes }}{{ if $j }}, {{ end }}{{ $n }}{{ end }}{{ end }}
Questions? Reply to {{ .support }} quoting "{{ .ticket }}".
"""

_NOTIFY_J = """\
{%- set user = user -%}
{%- set cur = currency -%}
Subject: {% if urgent %}[URGENT] {% endif %}{{ subject }}
To: {{ user.name }} <{{ user.email }}>{% if user.vip %} (VIP){% endif %}

Hello {{ user.first }},
{% if status == "shipped" %}Your order {{ "%s-%05.0f"|format(prefix, order_id) }} has shipped.
{%- elif status == "delayed" %}Your order {{ "%s-%05.0f"|format(prefix, order_id) }} is late.
{%- else %}We received your order {{ "%s-%05.0f"|format(prefix, order_id) }}.
{%- endif %}

{% for it in items -%}
{{ "%02d"|format(loop.index0) }}. {{ "%-24s"|format(it.name) }} x{{ it.qty }} \
{{- " " }}{{ "%8.2f"|format(it.price) }}
{%- if it.backorder %} (backorder){% elif it.qty > 5 %} (bulk){% endif %}
{% endfor -%}
Items: {{ items|length }}  Total: {{ "%.2f"|format(total) }} {{ cur }}
{% if coupon %}Coupon {{ coupon.code }} saved {{ "%.2f"|format(coupon.amount) }} {{ cur }}.
{%- else %}No coupon applied.{% endif %}
{% if shipping.express and not shipping.pickup %}Express delivery to {{ shipping.city }}.
{%- elif shipping.pickup %}Pick up at {{ shipping.store }}.
{%- else %}Standard delivery to {{ shipping.city }}.{% endif %}
{% if notes %}Notes: {% for n in notes %}{% if not loop.first %}, {% endif %}{{ n }}\
{%- endfor %}{% endif %}
Questions? Reply to {{ support }} quoting "{{ ticket }}".
"""


def _notify_data() -> dict[str, Any]:
    rng = random.Random(6)
    words = ["widget", "gadget", "sprocket", "flange", "gizmo", "bracket", "valve", "lever"]
    items = [
        {
            "name": f"{rng.choice(words)} {rng.choice(words)} #{i}",
            "qty": rng.randint(1, 9),
            "price": round(rng.uniform(1, 500), 2),
            "backorder": i % 7 == 3,
        }
        for i in range(20)
    ]
    return {
        "user": {
            "name": "Ada Lovelace",
            "first": "Ada",
            "email": "ada@example.com",
            "vip": True,
        },
        "currency": "EUR",
        "urgent": False,
        "subject": "Your order update",
        "status": "shipped",
        "prefix": "ORD",
        "order_id": 4711,
        "items": items,
        "total": round(sum(it["qty"] * it["price"] for it in items), 2),
        "coupon": {"code": "SPRING", "amount": 12.5},
        "shipping": {"express": True, "pickup": False, "city": "Lisbon", "store": "Baixa"},
        "notes": ["leave at the door", "fragile", "ring twice"],
        "support": "help@example.com",
        "ticket": "T-2024-0042",
    }


_RANGE_MAP = "{{ range $k, $v := .entries }}{{ $k }}={{ $v }}\n{{ end }}"
_RANGE_MAP_J = "{% for k, v in entries|dictsort %}{{ k }}={{ v }}\n{% endfor %}"


def _range_map_data() -> dict[str, Any]:
    keys = [f"key-{i:04d}" for i in range(1000)]
    random.Random(1000).shuffle(keys)  # insertion order must not be the output order
    return {"entries": {k: f"value-{k[4:]}" for k in keys}}


_COMPOSE = """\
{{ define "actor" }}{{ .name }} <{{ .email }}>{{ end -}}
{{ define "change" }}  - {{ .field }}: "{{ .old }}" -> "{{ .new }}"{{ end -}}
{{ define "event" }}[{{ .when }}] {{ template "actor" .actor }} {{ .verb }} {{ .kind }} {{ .key }}
{{ range .changes }}{{ template "change" . }}
{{ end }}{{ end -}}
{{ define "digest" }}Audit digest for {{ .namespace }} ({{ len .events }} events)
{{ range .events }}{{ template "event" . }}{{ end }}-- end --
{{ end -}}
"""

_COMPOSE_J = """\
{%- macro actor(a) %}{{ a.name }} <{{ a.email }}>{% endmacro -%}
{%- macro change(c) %}  - {{ c.field }}: "{{ c.old }}" -> "{{ c.new }}"{% endmacro -%}
{%- macro event(e) %}[{{ e.when }}] {{ actor(e.actor) }} {{ e.verb }} {{ e.kind }} {{ e.key }}
{% for c in e.changes %}{{ change(c) }}
{% endfor %}{% endmacro -%}
Audit digest for {{ namespace }} ({{ events|length }} events)
{% for e in events %}{{ event(e) }}{% endfor %}-- end --
"""


def _compose_data() -> dict[str, Any]:
    people = [("Ada", "ada@example.com"), ("Linus", "linus@example.com"), ("Grace", "g@ex.org")]
    events = []
    for i in range(10):
        name, email = people[i % len(people)]
        events.append(
            {
                "when": f"2024-05-01T08:{i:02d}:00Z",
                "actor": {"name": name, "email": email},
                "verb": ("created", "updated", "deleted")[i % 3],
                "kind": ("flag", "segment", "rule")[i % 3],
                "key": f"feature-{i}",
                "changes": [
                    {"field": f, "old": f"{f}-old-{i}", "new": f"{f}-new-{i}"}
                    for f in ("name", "description", "enabled")
                ],
            }
        )
    return {"namespace": "default", "events": events}


def _build() -> tuple[Case, ...]:
    event = flipt_event_json()
    flipt = {"data": event, "data_mode": "flipt_event", "flipt": True}
    return (
        Case("flipt-fields", _FIELDS, _FIELDS_J, **flipt),
        Case("flipt-toJson", _TOJSON, _jinja_from_go_flipt(_TOJSON), **flipt),
        Case("flipt-slack", _SLACK, _jinja_from_go_flipt(_SLACK), **flipt),
        Case("flipt-actor", _ACTOR, _ACTOR_J, **flipt),
        Case("flipt-logic", _LOGIC, _LOGIC_J, **flipt),
        Case("notify-30", _NOTIFY, _NOTIFY_J, _notify_data()),
        Case("range-map-1000", _RANGE_MAP, _RANGE_MAP_J, _range_map_data()),
        Case("define-compose", _COMPOSE, _COMPOSE_J, _compose_data(), entry="digest"),
    )


#: The corpus, in table order; Flipt's three documented bodies first.
CASES: tuple[Case, ...] = _build()

# Flipt's funcMap, shared by every Go-syntax engine so toJson costs the same everywhere.
GO_FUNCS = dict(FUNCS)
