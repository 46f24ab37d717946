"""`python -m webhook check --fuzz N`: every target against the events Flipt can send.

Each expectation is checked against what `send` decides for the reported event
(`core.plan`), so the report cannot claim a failure send would not have.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap

import pytest

from gotmpl.json import to_json
from gotmpl.jsonvalid import json_valid
from webhook import Event, core, load_config, strategies
from webhook.cli import main
from webhook.fuzz import BUDGET, EXEC_ERROR, INVALID_JSON, fuzz

SLACK = '{\n  "text": "Flipt Event: {{ .Type }}/{{ .Action }}\\n\\n```{{ .Payload }}```"\n}\n'
TOJSON = (
    '{\n  "type": "{{ .Type }}",\n  "action": "{{ .Action }}",\n'
    '  "payload": {{ toJson .Payload }}\n}\n'
)
# attachments are JSON, so this author embeds them raw: fine until a variant has none,
# is deleted (no attachment in the payload) or is denied (no payload)
ATTACHMENT = (
    '{{ if eq .Type "variant" }}{"attachment": {{ .Payload.attachment }}}'
    '{{ else }}{"type": {{ toJson .Type }}}{{ end }}'
)


def write_config(tmp_path, *bodies: str, events: str = "") -> str:
    templates = "".join(
        f"        - url: http://127.0.0.1:9/{i}\n          body: |\n"
        + textwrap.indent(body, " " * 12)
        for i, body in enumerate(bodies)
    )
    path = tmp_path / "flipt.yml"
    path.write_text(
        f"audit:\n{events}  sinks:\n    webhook:\n      enabled: true\n      templates:\n"
        + templates,
        encoding="utf-8",
    )
    return str(path)


def check(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["check", *argv], out=out)
    return status, out.getvalue()


def reported_event(text: str, target: int) -> Event:
    section = text.split(f"target {target} (", 1)[1]
    line = next(x for x in section.split("\n") if x.startswith("    event: "))
    return Event.from_json(line.removeprefix("    event: "))


def test_docs_slack_body_is_reported_with_a_minimal_event_and_its_body(tmp_path):
    config = write_config(tmp_path, SLACK)
    status, text = check("--config", config, "--fuzz", "200")
    assert status == 1
    assert "target 0 (http://127.0.0.1:9/…): FAILS" in text
    assert f"  {INVALID_JSON}: " in text and "smallest failing event:" in text
    event = reported_event(text, 0)
    (refused,) = core.plan(load_config(config), event)  # send's verdict on that event
    assert isinstance(refused, core.Refused) and refused.syntax is not None
    body = refused.reason.removeprefix("invalid JSON: ")
    assert not json_valid(body.encode())
    assert f"    {refused.reason}\n" in text + "\n"
    assert "(JSON error at line 2, column" in text
    # shrunk: a one-character string is all it takes
    strings = [v for v in json.loads(to_json(event))["payload"].values() if isinstance(v, str)]
    assert min(len(s) for s in strings if s not in ("a", "default")) == 1


def test_docs_tojson_body_passes(tmp_path):
    status, text = check("--config", write_config(tmp_path, TOJSON), "--fuzz", "300")
    assert status == 0, text
    assert "fuzz: 355 events per target (55 edge events + 300 generated, seed 0)" in text
    assert "target 0 (http://127.0.0.1:9/…): ok" in text


def test_a_body_that_fails_for_one_noun_only_is_found(tmp_path):
    status, text = check("--config", write_config(tmp_path, TOJSON, ATTACHMENT), "--fuzz", "300")
    assert status == 1
    assert "target 0 (http://127.0.0.1:9/…): ok" in text
    assert reported_event(text, 1).get("Type") == "variant"
    nouns = "    - flag:*\n    - segment:*\n    - rule:*\n    - token:*\n    - rollout:*\n"
    others = write_config(tmp_path, ATTACHMENT, events=f"  events:\n{nouns}")
    status, text = check("--config", others, "--fuzz", "300")
    assert status == 0, text


def test_every_kind_is_reported_per_target(tmp_path):
    loop = '{{ if eq .Action "deleted" }}{{ range 200000 }}{{ end }}{{ end }}'
    body = loop + '{"k": "{{ .Payload.key }}"}'
    config = load_config(write_config(tmp_path, body))
    report = fuzz(config, examples=200)
    kinds = {f.kind for f in report.failures}
    assert {BUDGET, EXEC_ERROR, INVALID_JSON} <= kinds
    for f in report.failures:
        (refused,) = core.plan(config, f.event)
        assert isinstance(refused, core.Refused) and refused.reason == f.reason


def test_same_seed_same_report(tmp_path):
    config = write_config(tmp_path, SLACK, ATTACHMENT)
    runs = [check("--config", config, "--fuzz", "150", "--seed", "7") for _ in range(2)]
    assert runs[0] == runs[1]
    assert "seed 7" in runs[0][1]


def test_same_seed_same_report_in_every_process(tmp_path):
    """The report depends on the seed alone, not on a process's hash seed."""
    config = write_config(tmp_path, SLACK, ATTACHMENT)
    argv = [sys.executable, "-m", "webhook", "check", "--config", config, "--fuzz", "100"]
    runs = [
        subprocess.run(
            argv, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": n}
        )
        for n in ("1", "2")
    ]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout and "FAILS" in runs[0].stdout


def test_a_failure_hypothesis_cannot_find_again_is_reported_as_first_seen(tmp_path):
    """Only the edge events' actor has this `ip`: the scan sees it fail, hypothesis never
    draws it, so the report shows the first failing event, marked as not shrunk."""
    edge_ip = '"203.0.113.7, \\"x\\""'  # a Go string literal
    body = "{{ if eq .Metadata.Actor.IP " + edge_ip + ' }}{{ index .Type 99 }}{{ end }}{"t": 1}'
    config = write_config(tmp_path, body)
    status, text = check("--config", config, "--fuzz", "50")
    assert status == 1
    assert f"  {EXEC_ERROR}: 55 of 105 events; first failing event (not shrunk):" in text
    assert to_json(reported_event(text, 0)) == to_json(strategies.edge_events()[0])


def test_user_errors_exit_2(tmp_path, capsys):
    config = write_config(tmp_path, TOJSON)
    assert check("--config", config, "--fuzz", "10", "--event", config)[0] == 2
    assert "--fuzz and --event cannot be used together" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        check("--config", config, "--fuzz", "0")
    assert info.value.code == 2
    assert check("--config", str(tmp_path / "missing.yml"), "--fuzz", "10")[0] == 2


def test_pytest_helper_passes_and_fails_as_check_does(tmp_path):
    from webhook.testing import assert_templates_valid

    report = assert_templates_valid(write_config(tmp_path, TOJSON), max_examples=100)
    assert report.ok and report.events == 155
    slack = write_config(tmp_path, SLACK)
    with pytest.raises(AssertionError) as info:
        assert_templates_valid(slack, max_examples=100)
    status, text = check("--config", slack, "--fuzz", "100")
    assert status == 1 and str(info.value) in text  # the same report


def test_helper_fills_the_configs_variables(tmp_path):
    from webhook.testing import assert_templates_valid

    path = tmp_path / "env.yml"
    path.write_text(
        "audit:\n  sinks:\n    webhook:\n      enabled: true\n      templates:\n"
        "        - url: ${HOOK_URL}\n          body: '{\"t\": {{ toJson .Type }}}'\n",
        encoding="utf-8",
    )
    report = assert_templates_valid(path, 20, env={"HOOK_URL": "https://example.com/hook"})
    assert report.ok


def test_without_hypothesis_fuzz_is_a_user_error(tmp_path):
    """Installed without the `fuzz` extra: one line naming it, exit 2 (not a traceback)."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "from webhook.cli import main\n"
        f"sys.exit(main(['check', '--config', {write_config(tmp_path, TOJSON)!r}, '--fuzz', '5']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (2, "")  # said before the config's summary
    assert done.stderr == "webhook: error: --fuzz needs the fuzz extra: pip install hypothesis\n"
