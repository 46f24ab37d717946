"""Both packages type-check under `mypy --strict`, so every change keeps them clean.

Skipped only when mypy is not installed (it is in the `test` extra).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy")

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_strict_is_clean(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "-p",
            "gotmpl",
            "-p",
            "webhook",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
