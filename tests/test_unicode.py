"""gotmpl.unicode against Go on every code point: letters, digits and printable runes.

conformance/tools/unitables -go prints Go 1.27's own answers as ranges; whatever Python runs
the tests (and so whatever Unicode database its str methods read), gotmpl must answer as Go.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conformance_support import needs_go

from gotmpl.unicode import MAX_RUNE, is_alnum, is_digit, is_identifier, is_letter, is_print

TOOL = Path(__file__).resolve().parent.parent / "conformance" / "tools" / "unitables"


@pytest.fixture(scope="module")
def go_ranges() -> dict[str, list[list[int]]]:
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod")
    out = subprocess.run(
        ["go", "run", ".", "-go"], cwd=TOOL, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def _ranges(pred: Callable[[int], bool]) -> list[list[int]]:
    out: list[list[int]] = []
    for r in range(MAX_RUNE + 1):
        if pred(r):
            if out and out[-1][1] == r - 1:
                out[-1][1] = r
            else:
                out.append([r, r])
    return out


@needs_go
@pytest.mark.parametrize(
    ("key", "pred"), [("letter", is_letter), ("digit", is_digit), ("print", is_print)]
)
def test_every_code_point_as_go(
    go_ranges: dict[str, list[list[int]]], key: str, pred: Callable[[int], bool]
) -> None:
    assert _ranges(pred) == go_ranges[key]


def test_identifiers() -> None:
    assert is_identifier("_") and is_identifier("a\U00011f50") and is_identifier("\u0c5cx")
    assert not is_identifier("") and not is_identifier("\U00011f50a")
    assert not is_identifier("a\u00b2") and not is_identifier("a\u2160")  # No, Nl: not Nd
    assert not is_alnum("\udcff")  # an invalid byte reads as U+FFFD
