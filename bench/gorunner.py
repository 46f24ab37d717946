"""Build and drive bench/gobench, the Go side: text/template timings and a fast receiver.

The program is built with the `go` on PATH into a temporary directory at run time, so nothing
compiled is kept in the tree. Every entry point returns None (with a reason) when Go is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.corpus import Case
from bench.timing import Budget

__all__ = ["GoBench", "build"]

_SOURCE = Path(__file__).resolve().parent / "gobench"


class GoBench:
    """A built gobench binary; `close()` removes its temporary directory."""

    def __init__(self, binary: Path, tmp: tempfile.TemporaryDirectory[str], version: str) -> None:
        self.binary = binary
        self._tmp = tmp
        self.version = version

    def time(self, cases: tuple[Case, ...], budget: Budget, timeout: float) -> dict[str, Any]:
        """Go's own medians for `cases`: {name: {parse_ns, render_ns, output, error?}}."""
        request = {
            "cases": [c.to_go() for c in cases],
            "batches": budget.batches,
            "batch_seconds": budget.batch_seconds,
        }
        proc = subprocess.run(
            [str(self.binary), "time"],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"gobench time failed: {proc.stderr.strip()}")
        return json.loads(proc.stdout)

    def serve(self, delay: float = 0.0) -> subprocess.Popen[str]:
        """Start the 127.0.0.1 receiver, answering each request `delay` seconds after it
        arrived; its first stdout line is the port. Closing its stdin stops it."""
        extra = [f"{delay * 1000:g}ms"] if delay else []
        return subprocess.Popen(
            [str(self.binary), "serve", *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def close(self) -> None:
        self._tmp.cleanup()


def build() -> tuple[GoBench | None, str]:
    """(GoBench, go version) or (None, why not)."""
    go = shutil.which("go")
    if go is None:
        return None, "`go` is not on PATH: Go's text/template column is skipped"
    tmp = tempfile.TemporaryDirectory(prefix="gobench-")
    binary = Path(tmp.name) / "gobench"
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOWORK": "off"}
    try:
        version = subprocess.run(
            [go, "env", "GOVERSION"], capture_output=True, text=True, check=True, env=env
        ).stdout.strip()
        proc = subprocess.run(
            [go, "build", "-o", str(binary), "."],
            cwd=_SOURCE,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        tmp.cleanup()
        return None, f"building bench/gobench failed: {exc}"
    if proc.returncode != 0:
        tmp.cleanup()
        return None, f"building bench/gobench failed: {proc.stderr.strip()}"
    return GoBench(binary, tmp, version), version
