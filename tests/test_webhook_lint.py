"""`python -m webhook check` warns about field paths audit.Event cannot have.

Each warning says where and what Go would say: the location and message are compared with
Go's own exec error for the same template on a real Flipt event (the oracle's flipt_event data).
"""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

import gotmpl
from webhook import FUNCS
from webhook.cli import main
from webhook.lint import field_warnings

EVENT = json.loads(
    (Path(__file__).parent.parent / "webhook/examples/events.jsonl").read_text().splitlines()[1]
)


def _template(body: str) -> gotmpl.Template:
    return gotmpl.Template("").funcs(FUNCS).parse(body)


@pytest.mark.parametrize(
    "body",
    [
        "{{ .Metadata.Actor.email }}",
        '{"ip": {{ with .Metadata.Actor }}{{ toJson .ip }}{{ end }}}',
        "{{ .timestamp }}",
        "{{ .Type.Name }}",
        "{{ $a := .Metadata }}{{ $a.Actor.picture }}",
        '{{ define "who" }}{{ .Emial }}{{ end }}{{ template "who" .Metadata.Actor }}',
    ],
)
def test_warning_is_gos_error_for_every_event(go_oracle: Any, body: str) -> None:
    answer = go_oracle.run(
        {
            "id": "lint",
            "kind": "exec",
            "name": "",
            "template": body,
            "funcs": "flipt",
            "data_mode": "flipt_event",
            "data": EVENT,
        }
    )
    assert answer["ok"] is False and answer["phase"] == "exec", answer
    location, rest = answer["error"].removeprefix("template: ").split(": executing ", 1)
    context, message = rest.split(" at <", 1)[1].split(">: ", 1)
    (warning,) = field_warnings(_template(body))
    where, path, problem = warning.removeprefix("template ").split(": ", 2)
    assert (where, path, problem.split(" (did you mean")[0]) == (location, context, message)


@pytest.mark.parametrize(
    "body",
    [
        "{{ .Metadata.Actor.Email }} {{ .Payload.anything.at.all }} {{ toJson .Payload }}",
        "{{ range .Payload.items }}{{ .whatever }}{{ end }}{{ with .Status }}{{ . }}{{ end }}",
        "{{ (index .Payload 0).x }} {{ $.Version }} {{ .Metadata.Actor.IP }}",
    ],
)
def test_valid_paths_give_no_warning(body: str) -> None:
    assert field_warnings(_template(body)) == []


def test_check_prints_warnings_and_still_succeeds(tmp_path: Path) -> None:
    config = tmp_path / "flipt.yml"
    config.write_text(
        textwrap.dedent(
            """\
            audit:
              sinks:
                webhook:
                  enabled: true
                  templates:
                    - url: http://127.0.0.1:9/hook
                      body: '{"who": {{ toJson .Metadata.Actor.email }}}'
            """
        )
    )
    out = io.StringIO()
    assert main(["check", "--config", str(config)], out=out) == 0
    lines = out.getvalue().splitlines()
    (warning,) = field_warnings(_template('{"who": {{ toJson .Metadata.Actor.email }}}'))
    assert warning.endswith("(did you mean Email?)")
    assert f"warning: target 0: {warning}" in lines
    assert lines[-1] == "ok: config is valid and every template parses"
