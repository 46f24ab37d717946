"""Bodies and signatures compared byte for byte with what Go (Flipt's code path) produces.

Expected answers come only from the oracle (conformance/expected/*.jsonl). Template cases run
through webhook's own rendering path (Target + core.render_body), so the config loader's
parse settings (name "", Flipt's funcMap) are what is checked, not just the engine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gotmpl.jsonvalid import json_valid
from webhook import FUNCS, Event, core, sign
from webhook.config import Target

ROOT = Path(__file__).resolve().parent.parent / "conformance"


def pairs(name: str) -> list[tuple[dict, dict]]:
    cases_path, expected_path = ROOT / "cases" / name, ROOT / "expected" / name
    if not expected_path.exists():
        return []
    cases = [json.loads(x) for x in cases_path.read_text(encoding="utf-8").split("\n") if x]
    expected = {
        r["id"]: r
        for r in map(
            json.loads, filter(None, expected_path.read_text(encoding="utf-8").split("\n"))
        )
    }
    return [(c, expected[c["id"]]) for c in cases if c["id"] in expected]


def flipt_template_cases() -> list[tuple[dict, dict]]:
    out = []
    for name in ("webhook_templates.jsonl", "exec_flipt.jsonl"):
        for case, exp in pairs(name):
            plain = not any(case.get(k) for k in ("steps", "delims", "options", "execute"))
            flipt = case.get("funcs") == "flipt" and case.get("data_mode") == "flipt_event"
            if flipt and plain and case.get("name", "t") == "" and "template" in case:
                out.append((case, exp))
    return out


def body_cases() -> list[tuple[dict, dict]]:
    return pairs("webhook_body.jsonl") + pairs("flipt_body.jsonl")


TEMPLATE_CASES = flipt_template_cases()
BODY_CASES = body_cases()


def test_there_are_cases():
    assert len(TEMPLATE_CASES) >= 90 and len(BODY_CASES) >= 18


@pytest.mark.parametrize(("case", "exp"), BODY_CASES, ids=[c["id"] for c, _ in BODY_CASES])
def test_url_mode_body_and_signature_match_go(case, exp):
    event = Event.from_dict(case["data"], round_trip=case.get("flipt_roundtrip", True))
    target = Target(0, "http://127.0.0.1/")
    if not exp["ok"]:
        with pytest.raises(core.RenderError) as info:
            core.render_body(target, event)
        assert info.value.reason == exp["error"]
        return
    body = core.render_body(target, event)
    assert body.decode("utf-8") == exp["output"]
    if case.get("secret"):
        assert sign(body, case["secret"]) == exp["signature"]
        prepared = core.prepare(target, event, case["secret"])
        assert dict(prepared.headers)[core.SIGNATURE_HEADER] == exp["signature"]


@pytest.mark.parametrize(("case", "exp"), TEMPLATE_CASES, ids=[c["id"] for c, _ in TEMPLATE_CASES])
def test_template_body_matches_go(case, exp):
    import gotmpl

    template = gotmpl.Template("").funcs(FUNCS).parse(case["template"])
    target = Target(0, "http://127.0.0.1/", body=case["template"], template=template)
    event = Event.from_dict(case["data"])
    if not exp["ok"]:
        with pytest.raises(core.RenderError) as info:
            core.render_body(target, event)
        assert info.value.reason == exp["error"]
        return
    if json_valid(exp["output"].encode("utf-8")):
        assert core.render_body(target, event).decode("utf-8") == exp["output"]
    else:  # Go renders it, Flipt refuses to send it
        with pytest.raises(core.RenderError) as info:
            core.render_body(target, event)
        assert info.value.reason == "invalid JSON: " + exp["output"]
