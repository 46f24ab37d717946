"""Realistic webhook bodies (Slack, Teams, PagerDuty, Discord, generic JSON) over Flipt events.

Every case executes as Flipt v1.61.1 does: template name `""`, Flipt's funcMap (`toJson`), and
an `audit.Event` of any type and action (data_mode `flipt_event`). Payloads are shaped like
Flipt's (snake_case create/update bodies, raw delete requests, nil for denied reads) and hold
awkward values: quotes, newlines, HTML, emoji, backslash sequences, extreme floats, nesting.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from conformance.adversarial.common import exec_case

__all__ = ["NOUNS", "ACTIONS", "event", "webhook_case"]

NOUNS = [
    "flag", "variant", "segment", "constraint", "rule", "distribution", "namespace", "rollout",
    "token",
]  # fmt: skip
ACTIONS = ["created", "updated", "deleted", "read"]

STRINGS = [
    "new-ui", "checkout flow", 'say "hi"', "it's", "line1\nline2\ttab", "crlf\r\n",
    "<b>bold</b> & <script>alert(1)</script>", "🚀 launch", "👩\u200d💻 dev", "flag 🇺🇸",
    "C:\\path\\x41\\u00", "\\n literally", "\\ud800 lone", "%s %d %! %%", "{{ .Type }}",
    "Zoë 日本", "\u2028sep\u2029", "nul\u0000byte", "del\u007f", "zero\u200bwidth", "",
    " ", "x" * 120, "é" * 40, "\U0001f600" * 3, "'single' `back`", "a\\\"b",
]  # fmt: skip
NUMBERS = [
    0, 1, -1, 1000000, 1e21, 1e20, 1e-7, 1e-5, 12.5, 0.1, 123456789.5, 1e308, 5e-324,
    -0.0, 2**53 + 1, 100, 99.99999, 3.0, -2.5e-3, 1e6 + 0.5, 255,
]  # fmt: skip
ACTORS = [
    {"authentication": "oidc", "ip": "127.0.0.1", "email": "dev@flipt.io", "name": "Dev",
     "picture": "https://example.com/p.png"},
    {"authentication": "token", "ip": "10.0.0.1"},
    {"authentication": "jwt", "email": "x@y.z"},
    {"name": "Zoë \u2028 日本", "email": "\"quoted\"@example.com"},
    {"authentication": "none", "ip": "::1", "name": "<admin>&"},
    {},
    None,
]  # fmt: skip


def _s(r: random.Random) -> str:
    return r.choice(STRINGS)


def _n(r: random.Random) -> Any:
    return r.choice(NUMBERS)


def _value(r: random.Random, depth: int = 0) -> Any:
    """A JSON value for metadata or attachments: scalars, lists and objects, a few levels deep."""
    x = r.random()
    if depth >= 3 or x < 0.45:
        return r.choice([_s(r), _n(r), True, False, None])
    if x < 0.7:
        return [_value(r, depth + 1) for _ in range(r.randint(0, 3))]
    keys = ["owner", "team", "tags", "weights", "a", "B", "é", "key with space", "<k>", "1"]
    return {r.choice(keys): _value(r, depth + 1) for _ in range(r.randint(0, 4))}


def _constraint(r: random.Random) -> dict[str, Any]:
    return {
        "id": f"c{r.randint(1, 99)}",
        "segment_key": _s(r),
        "type": r.choice(["STRING_COMPARISON_TYPE", "NUMBER_COMPARISON_TYPE", "BOOLEAN_"]),
        "property": r.choice(["age", "email", "plan", _s(r)]),
        "operator": r.choice(["eq", "gte", "suffix", "isoneof"]),
        "value": r.choice(["18", '["a","b"]', _s(r)]),
    }


def _payload(r: random.Random, noun: str, action: str) -> Any:
    """A payload as Flipt's audit event carries it for `noun` and `action`."""
    if action == "deleted":
        shapes = {
            "flag": {"key": _s(r), "namespace_key": "default"},
            "variant": {"id": "v1", "flag_key": _s(r), "namespace_key": "default"},
            "segment": {"key": _s(r), "namespace_key": "default"},
            "constraint": {"id": "c1", "segment_key": _s(r), "namespace_key": "default"},
            "rule": {"id": "r1", "flag_key": _s(r), "namespace_key": "default"},
            "distribution": {"id": "d1", "flag_key": _s(r), "rule_id": "r1", "variant_id": "v"},
            "namespace": {"key": _s(r)},
            "rollout": {"id": "ro1", "flag_key": _s(r), "namespace_key": "default"},
            "token": {"id": "t1"},
        }
        return shapes[noun]
    base: dict[str, Any] = {"key": _s(r), "name": _s(r), "namespace_key": "default"}
    if noun == "flag":
        base |= {
            "description": _s(r),
            "enabled": r.random() < 0.5,
            "type": r.choice(["VARIANT_FLAG_TYPE", "BOOLEAN_FLAG_TYPE"]),
            "variants": [{"key": _s(r), "attachment": _s(r)} for _ in range(r.randint(0, 3))],
            "metadata": _value(r),
        }
    elif noun == "variant":
        base |= {"id": "v1", "flag_key": _s(r), "attachment": r.choice(['{"a":1}', _s(r)])}
    elif noun == "segment":
        base |= {
            "match_type": r.choice([0, 1, "ALL_MATCH_TYPE"]),
            "constraints": [_constraint(r) for _ in range(r.randint(0, 3))],
        }
    elif noun == "constraint":
        base = _constraint(r)
    elif noun == "rule":
        base = {
            "id": "r1",
            "flag_key": _s(r),
            "segment_key": _s(r),
            "rank": _n(r),
            "distributions": [
                {"variant_id": f"v{i}", "rollout": _n(r)} for i in range(r.randint(0, 3))
            ],
        }
    elif noun == "distribution":
        base = {"id": "d1", "rule_id": "r1", "variant_id": "v1", "rollout": _n(r)}
    elif noun == "namespace":
        base |= {"description": _s(r), "protected": r.random() < 0.5}
    elif noun == "rollout":
        base = {
            "id": "ro1",
            "flag_key": _s(r),
            "rank": _n(r),
            "description": _s(r),
            "threshold": {"percentage": _n(r), "value": r.random() < 0.5},
        }
    elif noun == "token":
        base = {"name": _s(r), "expires_at": None, "metadata": _value(r)}
    if r.random() < 0.3:
        base["extra"] = _value(r)
    return base


def event(r: random.Random, noun: str | None = None, action: str | None = None) -> dict[str, Any]:
    """A Flipt event as Flipt marshals it, for `noun`/`action` (random when not given)."""
    noun = noun or r.choice(NOUNS)
    action = action or r.choice(ACTIONS)
    denied = action == "read" or r.random() < 0.1
    payload = None if denied and r.random() < 0.8 else _payload(r, noun, action)
    actor = r.choice(ACTORS)
    return {
        "version": "0.2",
        "type": noun,
        "action": action,
        "metadata": {} if actor is None and r.random() < 0.5 else {"actor": actor},
        "payload": payload,
        "timestamp": r.choice(["2024-05-01T10:00:00Z", "2024-05-01T10:00:01+02:00", ""]),
        "status": "denied" if denied else "success",
    }


# --- body fragments: each returns template text ---------------------------------------------


def _color_chain(r: random.Random, var: str) -> str:
    """`$var` set by an if/else-if chain over the action and status, by `=` or `:=`."""
    colors = ["good", "warning", "danger", "#439FE0", "16711680", "0"]
    arms = [("eq .Action " + f'"{a}"', r.choice(colors)) for a in r.sample(ACTIONS, 3)]
    arms.append(('eq .Status "denied"', "#000000"))
    r.shuffle(arms)
    # `:=` in a branch declares a new variable there, so the colour never changes: a real
    # template bug whose output Go still defines.
    assign = "=" if r.random() < 0.8 else ":="
    text = f'{{{{- {var} := "{r.choice(colors)}" -}}}}'
    for i, (cond, color) in enumerate(arms[: r.randint(1, 4)]):
        text += "{{ if " if i == 0 else "{{ else if "
        text += f'{cond} }}}}{{{{ {var} {assign} "{color}" }}}}'
    return text + "{{ end -}}"


def _payload_fields(r: random.Random) -> str:
    """A JSON list of the payload's keys and values, ranging over the map."""
    sep = r.choice(["sep", "comma"])
    value = r.choice(["toJson $v", 'printf "%q" (print $v)', 'toJson (printf "%v" $v)'])
    body = f'{{"title": {{{{ toJson $k }}}}, "value": {{{{ {value} }}}}'
    body += r.choice(["", ', "short": {{ lt (len (print $v)) 20 }}'])
    body += "}"
    if sep == "sep":
        loop = '{{- $sep := "" }}{{ range $k, $v := . }}{{ $sep }}' + body
        loop += '{{ $sep = "," }}{{ end }}'
    else:
        loop = "{{ $n := 0 }}{{ range $k, $v := . }}{{ if $n }},{{ end }}" + body
        loop += "{{ $n = 1 }}{{ end }}"
    guard = r.random() < 0.8
    if guard:
        return f'"fields": [{{{{ with .Payload }}}}{loop}{{{{ else }}}}{{{{ end }}}}]'
    return f'"fields": [{{{{ $p := .Payload }}}}{{{{ with $p }}}}{loop}{{{{ end }}}}]'


def _list_section(r: random.Random) -> str:
    """Range over a payload list (constraints, variants, distributions) with an else branch."""
    field = r.choice(["constraints", "variants", "distributions", "metadata.tags", "missing"])
    note = r.choice(['"none"', 'print "no " $.Type', "len $.Type"])
    els = f"{{{{ else }}}}{{{{ $note := {note} }}}}{{{{ toJson $note }}}}{{{{ end }}}}"
    if r.random() < 0.5:
        elem = r.choice(
            [
                "{{ toJson $c }}",
                '{"p": {{ toJson $c.property }}, "op": "{{ $c.operator }}"}',
                '"{{ index $c "key" }}"',
                '{{ printf "%q" (print $i ":" $c) }}',
            ]
        )
        inner = f"{{{{ range $i, $c := .{field} }}}}{{{{ if $i }}}},{{{{ end }}}}{elem}{els}"
    else:
        # Dot-style loops keep their own separator state in a variable.
        elem = r.choice(
            [
                "{{ toJson . }}",
                '{"p": {{ toJson .property }}, "op": "{{ .operator }}"}',
                '"{{ .key }}"',
                '{{ printf "%q" (print $.Type ":" .) }}',
            ]
        )
        inner = '{{ $sep := "" }}' + f"{{{{ range .{field} }}}}{{{{ $sep }}}}{elem}"
        inner += '{{ $sep = "," }}' + els
    if r.random() < 0.7:
        return f'"items": [{{{{ with .Payload }}}}{inner}{{{{ end }}}}]'
    return f'"items": [{inner.replace(" ." + field, " .Payload." + field, 1)}]'


def _actor(r: random.Random) -> str:
    return r.choice(
        [
            '"actor": {{ toJson .Metadata.Actor }}',
            '"actor": "{{ with .Metadata.Actor }}{{ or .Name .Email "someone" }}{{ end }}"',
            '"actor": {{ $a := .Metadata.Actor }}{{ if $a.Email }}{{ toJson $a.Email }}'
            '{{ else if $a.IP }}{{ printf "%q" $a.IP }}{{ else }}null{{ end }}',
            '"who": "{{ .Metadata.Actor.Name }} <{{ .Metadata.Actor.Email }}>"',
            '"ip": {{ printf "%q" .Metadata.Actor.IP }}',
        ]
    )


def _summary(r: random.Random) -> str:
    return r.choice(
        [
            '"text": {{ printf "%s %s %s" .Type .Action .Status | toJson }}',
            '"text": "{{ .Type }} *{{ .Payload.key }}* was {{ .Action }}"',
            '"text": {{ toJson (print "Flag " (index .Payload "key") " " .Action) }}',
            '"summary": "{{ js (print .Payload.name) }}"',
            '"summary": "{{ html .Payload.description }}"',
            '"summary": {{ with .Payload }}{{ toJson .name }}{{ else }}"(no payload)"{{ end }}',
            '"summary": "{{ printf "%-8s|%8.3v|%x" .Type .Action .Status }}"',
            '"link": "https://flipt.example/{{ urlquery .Type }}/{{ with .Payload }}'
            '{{ urlquery (print .key) }}{{ end }}"',
            '"n": {{ with .Payload }}{{ len . }}{{ else }}0{{ end }}',
            '"numbers": "{{ with .Payload }}{{ .rank }} {{ printf "%.2f|%g|%e|%v" .rank .rank '
            '.rank .rollout }}{{ end }}"',
        ]
    )


def _extras(r: random.Random) -> str:
    return r.choice(
        [
            '"payload": {{ toJson .Payload }}',
            '"event": {{ toJson . }}',
            '"ts": "{{ .Timestamp }}", "v": "{{ .Version }}"',
            '"meta": {{ with .Payload }}{{ with .metadata }}{{ toJson . }}{{ else }}{}{{ end }}'
            "{{ else }}null{{ end }}",
            '"enabled": {{ with .Payload }}{{ if .enabled }}true{{ else }}false{{ end }}'
            "{{ else }}false{{ end }}",
            '"dollar": "{{ range $k, $v := $.Metadata.Actor }}{{ end }}"',
            '"kind": "{{ if and .Payload (eq .Type "flag" "variant") }}flaggy'
            '{{ else if or (eq .Action "deleted") (ne .Status "success") }}gone{{ else }}other'
            '{{ end }}"',
            '"first": {{ with .Payload }}{{ with .variants }}{{ toJson (index . 0) }}'
            "{{ else }}null{{ end }}{{ else }}null{{ end }}",
            '"eq": {{ with .Payload }}{{ eq (print .key) (print .name) }}{{ else }}false{{ end }}',
        ]
    )


def _slack(r: random.Random) -> str:
    parts = [_summary(r), _actor(r), _payload_fields(r)]
    if r.random() < 0.5:
        parts.append(_list_section(r))
    head = _color_chain(r, "$color")
    color = '"color": "{{ $color }}"'
    if r.random() < 0.5:
        # The colour decided where it is used, after the loops (a common way to write it).
        att = ",\n    ".join([*parts[1:], head + color])
        head = ""
    else:
        att = ",\n    ".join([color, *parts[1:]])
    return f'{head}\n{{\n  {parts[0]},\n  "attachments": [{{\n    {att}\n  }}]\n}}\n'


def _teams(r: random.Random) -> str:
    head = _color_chain(r, "$theme")
    facts = (
        "{{ with .Payload }}{{ $first := true }}{{ range $k, $v := . }}{{ if not $first }},"
        '{{ end }}{"name": {{ toJson $k }}, "value": {{ toJson (printf "%v" $v) }}}'
        "{{ $first = false }}{{ end }}{{ end }}"
    )
    return (
        f"{head}"
        '{"@type": "MessageCard", "themeColor": "{{ $theme }}", '
        f"{_summary(r)}, "
        '"sections": [{"activityTitle": {{ printf "%s %s" .Type .Action | toJson }}, '
        f'"facts": [{facts}], {_actor(r)}}}]}}'
    )


def _pagerduty(r: random.Random) -> str:
    sev = (
        '{{ $sev := "info" }}{{ if eq .Status "denied" }}{{ $sev = "error" }}'
        '{{ else if eq .Action "deleted" }}{{ $sev = "warning" }}{{ end }}'
    )
    dedup = r.choice(
        [
            '{{ printf "%s-%s-%v" .Type .Action .Payload.key }}',
            '{{ .Type }}/{{ with .Payload }}{{ or .key .id "?" }}{{ end }}',
            '{{ $k := "" }}{{ with .Payload }}{{ $k = print .key }}{{ end }}{{ $.Type }}:{{ $k }}',
        ]
    )
    return (
        f"{sev}"
        '{"routing_key": "R0UT1NG", "event_action": "trigger", '
        f'"dedup_key": "{dedup}", "payload": {{'
        '"summary": {{ toJson (printf "Flipt %s %s" .Type .Action) }}, "severity": "{{ $sev }}", '
        '"source": "flipt", "timestamp": {{ toJson .Timestamp }}, '
        f'"custom_details": {{{{ toJson .Payload }}}}, {_extras(r)}}}}}'
    )


def _discord(r: random.Random) -> str:
    head = _color_chain(r, "$c")
    color = r.choice(["{{ $c }}", '{{ if eq $c "good" }}65280{{ else }}16711680{{ end }}'])
    color = f'"color": "{color}"'
    fields = ['"title": "{{ .Type }}"', _summary(r), _payload_fields(r), _list_section(r)]
    if r.random() < 0.5:
        fields.append(head + color)
        head = ""
    else:
        fields.insert(1, color)
    return (
        f"{head}"
        '{"username": "Flipt", "content": {{ toJson (printf "**%s** %s" .Type .Action) }}, '
        f'"embeds": [{{{", ".join(fields)}}}]}}'
    )


def _generic(r: random.Random) -> str:
    members = [_summary(r), _actor(r), _extras(r)]
    if r.random() < 0.5:
        members.append(_list_section(r))
    if r.random() < 0.5:
        members.append(
            '"count": {{ $count := 0 }}{{ with .Payload }}{{ $count = len . }}{{ end }}'
            '{{ $label := printf "%d keys" $count }}{{ toJson $label }}'
        )
    if r.random() < 0.4:
        members.append(_payload_fields(r))
    r.shuffle(members)
    text = "{" + ", ".join(members) + "}"
    if r.random() < 0.3:
        text = '{{ define "row" }}{{ toJson . }}{{ end }}' + text.replace(
            "{{ toJson .Payload }}", '{{ template "row" .Payload }}'
        )
    if r.random() < 0.2:
        text = "{{- /* body */ -}}\n" + text.replace(", ", ",\n  ")
    return text


#: What field bodies print: every field of audit.Event and its actor, payload keys some nouns
#: have and some lack, the actor and the payload whole, literals, and a variable. Not the dot
#: or .Metadata: Go prints the address the *audit.Actor inside them holds.
_FIELD_OPERANDS = [
    ".Type",
    ".Action",
    ".Status",
    ".Timestamp",
    ".Version",
    ".Metadata.Actor.IP",
    ".Metadata.Actor.Email",
    ".Metadata.Actor.Name",
    ".Metadata.Actor.Authentication",
    ".Metadata.Actor.Picture",
    ".Metadata.Actor",
    ".Payload.key",
    ".Payload.name",
    ".Payload.enabled",
    ".Payload.rank",
    ".Payload.rollout",
    ".Payload.flag_key",
    ".Payload.missing",
    ".Payload.key.more",
    ".Payload",
    ".Nope",
    ".Metadata.Actor.Nope",
    '"lit"',
    "7",
    "1.5",
    "true",
    "$.Type",
]
_FIELD_TEXTS = ["", '"', '": "', '",\n  "', "{", "}\n", "\\", "é", "\x00", "<&>", " \t "]


def _fields(r: random.Random) -> str:
    """Texts and actions printing operands only, the shape users give their simplest bodies
    (and the one gotmpl renders through a flat body from the second render on)."""
    parts = []
    for _ in range(r.randint(1, 7)):
        open_, close = r.choice([("{{ ", " }}"), ("{{", "}}"), ("{{- ", " }}"), ("{{ ", " -}}")])
        parts.append(r.choice(_FIELD_TEXTS) + open_ + r.choice(_FIELD_OPERANDS) + close)
    return "".join(parts) + r.choice(_FIELD_TEXTS)


BODIES: dict[str, Callable[[random.Random], str]] = {
    "fields": _fields,
    "slack": _slack,
    "teams": _teams,
    "pagerduty": _pagerduty,
    "discord": _discord,
    "generic": _generic,
}


def webhook_case(r: random.Random) -> dict[str, Any]:
    """One realistic body over one Flipt event (every noun and action occurs)."""
    target = r.choice(list(BODIES))
    ev = event(r)
    return exec_case(
        f"{target}/{ev['type']}-{ev['action']}",
        BODIES[target](r),
        name="",
        funcs="flipt",
        data_mode="flipt_event",
        data=ev,
    )
