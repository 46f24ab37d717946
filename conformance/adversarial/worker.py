"""A subprocess that runs cases through gotmpl, so a hang or a crash cannot stop the runner.

Protocol: one JSON case per line on stdin, one JSON outcome per line on stdout (the shape of
tests/conformance_support.outcome; a template that renders through a flat body from its
second render on is rendered twice, and both renders must give Go's answer). A Python
exception that is not a gotmpl.TemplateError becomes an outcome with phase `python` (a
mismatch, never a crash of the run); a case whose data the Python model cannot express has
phase `unmirrored`.

`tests/conformance_support.py` holds the one way a case is run through gotmpl; it lives in
tests/ (beside gofixtures.py, which it imports), so this module puts tests/ on sys.path.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from conformance.adversarial.common import raised_recursion_limit

TESTS = Path(__file__).resolve().parents[2] / "tests"


def _support() -> Any:
    """tests/conformance_support, with data decoding allowed to recurse as deep as the data.

    Decoding a case's JSON data (json.dumps/json.loads in gofixtures.decode_data) is harness
    work: it runs with a raised recursion limit, restored before gotmpl sees the value.
    """
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    import conformance_support
    import gofixtures

    plain = gofixtures.decode_data

    def decode_data(case: dict[str, Any]) -> Any:
        with raised_recursion_limit():
            return plain(case)

    gofixtures.decode_data = decode_data
    return conformance_support


def run_case(support: Any, case: dict[str, Any]) -> dict[str, Any]:
    """gotmpl's outcome for one case; any other exception is reported, not raised."""
    import gofixtures

    try:
        return support.outcome(case, again=True)
    except gofixtures.Unmirrored as exc:
        return {"ok": False, "phase": "unmirrored", "error": str(exc), "partial": ""}
    except Exception as exc:  # noqa: BLE001 - every other exception is a finding
        text = f"{type(exc).__name__}: {exc}"
        return {"ok": False, "phase": "python", "error": text[:2000], "partial": ""}


def main() -> int:
    """Serve cases until stdin closes."""
    support = _support()
    for line in sys.stdin:
        if not line.strip():
            continue
        with raised_recursion_limit():
            case = json.loads(line)
        result = run_case(support, case)
        # ensure_ascii keeps surrogate-escaped bytes (non-UTF-8 output) intact through the pipe.
        sys.stdout.write(json.dumps(result, ensure_ascii=True) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
