"""Every exec case of conformance/: output bytes, error text and partial output equal Go's,
through compiled bodies and through the walker alone.

flipt_event cases need `webhook.Event`; cases on Go fixtures that the Python data model cannot
express (gofixtures.UNMIRRORED) are skipped with the reason.
"""

from __future__ import annotations

from typing import Any

import gofixtures
import pytest
from conformance_support import expected_outcome, load, outcome, walker_only

CASES = load({"exec"})

gotmpl = pytest.importorskip("gotmpl")
if not hasattr(gotmpl, "Template"):
    pytest.skip("gotmpl.Template has not landed yet", allow_module_level=True)

try:
    from webhook import Event as _Event  # noqa: F401

    HAVE_EVENT = True
except ImportError:
    HAVE_EVENT = False


def _param(cid: str, case: dict[str, Any], expected: dict[str, Any]) -> Any:
    marks = []
    if case.get("data_mode") == "flipt_event" and not HAVE_EVENT:
        marks.append(pytest.mark.skip(reason="webhook.Event is not available"))
    fixture = (case.get("data_mode") or "").removeprefix("go:")
    if fixture in gofixtures.UNMIRRORED:
        marks.append(pytest.mark.skip(reason=f"go:{fixture}: {gofixtures.UNMIRRORED[fixture]}"))
    return pytest.param(case, expected, id=cid, marks=marks)


@pytest.mark.parametrize(("case", "expected"), [_param(*c) for c in CASES])
def test_exec_matches_go(case: dict[str, Any], expected: dict[str, Any]) -> None:
    assert outcome(case) == expected_outcome(expected)


@pytest.mark.parametrize(("case", "expected"), [_param(*c) for c in CASES])
def test_flat_bodies_match_go(case: dict[str, Any], expected: dict[str, Any]) -> None:
    """A template of texts and operand actions renders, from its second render on, in a flat
    body without a State: Go's answer too."""
    assert outcome(case, again=True) == expected_outcome(expected)


@pytest.mark.parametrize(("case", "expected"), [_param(*c) for c in CASES])
def test_walker_alone_matches_go(case: dict[str, Any], expected: dict[str, Any]) -> None:
    """The reference executor, without compiled code, gives Go's answer on every case."""
    with walker_only():
        assert outcome(case) == expected_outcome(expected)


def test_cases_present() -> None:
    assert len(CASES) >= 800
