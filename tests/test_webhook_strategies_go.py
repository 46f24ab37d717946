"""Generated Flipt events against Go: what webhook.eventgen makes must render as Go renders it.

The Go oracle (conformance/oracle) rebuilds Flipt's `audit.Event` from an event's JSON, takes
it through Flipt's span round trip and then either marshals it (`flipt_body`: the URL-mode
body and its signature) or executes a template on it as Flipt does (name `""`, Flipt's
funcMap). Every answer compared here comes from that Go process, for a seeded sample of
events from each source of choices (hypothesis's `strategies.events`, and the bulk random
walk `check --fuzz` renders, `eventgen.bulk`) plus every edge event, on every run.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from gotmpl.json import to_json
from gotmpl.jsonvalid import json_valid
from webhook import FUNCS, Event, core, eventgen, sign, strategies
from webhook.config import Target
from webhook.flipt_payloads import EMITTED

pytestmark = pytest.mark.go

SECRET = "s3crET"
TEMPLATES = {
    # Flipt's docs: the Slack body (invalid JSON for many payloads) and the toJson body
    "slack": '{\n  "text": "Flipt Event: {{ .Type }}/{{ .Action }}\\n\\n```{{ .Payload }}```"\n}',
    "tojson": (
        '{"type": "{{ .Type }}", "action": "{{ .Action }}", "payload": {{ toJson .Payload }}}'
    ),
    "fields": (
        '{"who": "{{ .Metadata.Actor.Email }}", "ip": {{ toJson .Metadata.Actor.IP }}, '
        '"at": "{{ .Timestamp }}", "key": "{{ .Payload.key }}", "rank": {{ .Payload.rank }}, '
        '"rollout": "{{ printf "%v %.2f" .Payload.rollout .Payload.rollout }}"}'
    ),
    "range": (
        "{{ range $k, $v := .Payload }}{{ $k }}={{ $v }};{{ else }}none{{ end }}"
        "{{ with .Payload.constraints }}{{ len . }}{{ end }}"
    ),
}


def sample(count: int, at: int) -> list[Event]:
    """`count` events hypothesis generates from seed `at`, `count` of the bulk walk from
    seed `at`, and every edge event."""
    drawn: list[Event] = []

    @seed(at)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategies.events())
    def collect(event):
        drawn.append(event)

    collect()
    return strategies.edge_events() + drawn + list(eventgen.bulk(EMITTED, count, at))


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return sample(400, 14)


def test_url_mode_bodies_and_signatures_equal_go(go_oracle, events):
    cases = [
        {"id": str(i), "kind": "flipt_body", "data": json.loads(to_json(e)), "secret": SECRET}
        for i, e in enumerate(events)
    ]
    target = Target(0, "http://127.0.0.1/")
    for event, go in zip(events, go_oracle.run_many(cases), strict=True):
        assert go["ok"], go
        body = core.render_body(target, event)
        assert body.decode("utf-8") == go["output"]
        assert sign(body, SECRET) == go["signature"]


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_bodies_equal_go_for_generated_events(go_oracle, events, name):
    import gotmpl

    text = TEMPLATES[name]
    template = gotmpl.Template("").funcs(FUNCS).parse(text)
    target = Target(0, "http://127.0.0.1/", body=text, template=template)
    cases = [
        {
            "id": f"{name}/{i}",
            "kind": "exec",
            "name": "",
            "template": text,
            "funcs": "flipt",
            "data_mode": "flipt_event",
            "data": json.loads(to_json(e)),
        }
        for i, e in enumerate(events)
    ]
    verdicts = set()
    for event, go in zip(events, go_oracle.run_many(cases), strict=True):
        if go["ok"] and json_valid(go["output"].encode("utf-8")):
            assert core.render_body(target, event).decode("utf-8") == go["output"]
            verdicts.add("sent")
            continue
        with pytest.raises(core.RenderError) as info:
            core.render_body(target, event)
        if go["ok"]:  # Go renders it; Flipt refuses to send it
            assert info.value.reason == "invalid JSON: " + go["output"]
            verdicts.add("invalid JSON")
        else:
            assert info.value.reason == go["error"]
            verdicts.add("exec error")
    assert verdicts == VERDICTS[name]  # each way a body can end was compared


# How Go's answers for this sample end, per template (so each comparison above ran):
# the Slack body is invalid JSON for some payloads; toJson always sends; the field template
# fails on nil payloads (exec error) and missing ranks (`<no value>`: invalid JSON).
VERDICTS = {
    "slack": {"sent", "invalid JSON"},
    "tojson": {"sent"},
    "fields": {"sent", "invalid JSON", "exec error"},
    "range": {"invalid JSON", "exec error"},
}
