"""Every parse case of conformance/: gotmpl's outcome, trees (String()) and errors equal Go's."""

from __future__ import annotations

from typing import Any

import pytest
from conformance_support import expected_outcome, load, outcome

CASES = load({"parse"})

gotmpl = pytest.importorskip("gotmpl")
if not hasattr(gotmpl, "Template"):
    pytest.skip("gotmpl.Template has not landed yet", allow_module_level=True)


@pytest.mark.parametrize(("case", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parse_matches_go(case: dict[str, Any], expected: dict[str, Any]) -> None:
    want = expected_outcome(expected)
    got = outcome(case)
    if not want["ok"]:
        want.pop("partial", None)
        got.pop("partial", None)
    assert got == want


def test_cases_present() -> None:
    assert len(CASES) >= 400
