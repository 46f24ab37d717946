"""Template budgets from `sender.template_budget` reach gotmpl: a runaway template ends with a
reason naming the budget, nothing is sent, and the event is reported (and kept as a dead
letter when an outbox is on)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from webhook import Sender, load_config
from webhook.outbox import DEAD, Outbox
from webhook.receiver import Receiver

EVENT = {"version": "0.2", "type": "flag", "action": "created", "payload": {"n": 3}}


def config(tmp_path: Path, url: str, body: str, budget: dict | None = None, outbox: bool = False):
    sender: dict = {}
    if budget is not None:
        sender["template_budget"] = budget
    if outbox:
        sender["outbox"] = str(tmp_path / "outbox.db")
    hook = {"enabled": True, "templates": [{"url": url, "body": body}], "sender": sender}
    p = tmp_path / "flipt.yml"
    p.write_text(yaml.safe_dump({"audit": {"sinks": {"webhook": hook}}}))
    return load_config(p, env={})


@pytest.mark.parametrize(
    ("body", "budget", "message"),
    [
        ('{"x": "{{ range 100000000 }}x{{ end }}"}', None, "range budget exceeded"),
        ('{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}', None, "depth"),
        ('{"x": "{{ range 5000 }}0123456789{{ end }}"}', {"output_bytes": 1000}, "output"),
        ('{"x": "{{ range 100000 }}{{ end }}"}', {"range_iterations": 10}, "range budget"),
        (
            '{"x": "{{ range 100000000 }}{{ end }}"}',
            {"range_iterations": 0, "wall_time": "50ms"},
            "budget exceeded",
        ),
    ],
)
def test_runaway_templates_end_with_a_reason_naming_the_budget(tmp_path, body, budget, message):
    with Receiver() as rx:
        cfg = config(tmp_path, rx.url, body, budget, outbox=True)
        with Sender(cfg) as s:
            [r] = s.send(EVENT)
        assert rx.requests == []
    assert not r.delivered and r.attempts == 0 and message in r.reason
    [letter] = Outbox(tmp_path / "outbox.db").letters()
    assert letter.state == DEAD and message in letter.reason


def test_zero_means_unlimited(tmp_path):
    body = '{"x": "{{ range 200000 }}{{ end }}", "n": {{ .Payload.n }}}'
    with Receiver() as rx:
        limited = config(tmp_path, rx.url, body)
        unlimited = config(tmp_path, rx.url, body, {"range_iterations": 0})
        with Sender(limited) as s:
            [r1] = s.send(EVENT)
        with Sender(unlimited) as s:
            [r2] = s.send(EVENT)
        assert len(rx.requests) == 1
    assert not r1.delivered and "range budget exceeded" in r1.reason
    assert r2.delivered
