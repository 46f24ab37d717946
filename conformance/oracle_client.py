"""Build the Go oracle and talk to it: one long-lived subprocess speaking JSON lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

__all__ = ["ORACLE_DIR", "Oracle", "build_oracle", "go_available"]

ORACLE_DIR = Path(__file__).resolve().parent / "oracle"


def go_available() -> bool:
    """True when a `go` toolchain is on PATH (the oracle needs it to build)."""
    return shutil.which("go") is not None


def build_oracle(out: Path | None = None) -> Path:
    """Compile the oracle with `go build` and return the binary's path.

    The default output is conformance/oracle/oracle (gitignored). Builds are offline: the oracle
    has no dependencies outside Go's standard library.
    """
    out = out or ORACLE_DIR / "oracle"
    env = dict(os.environ, GOTOOLCHAIN="local", CGO_ENABLED="0")
    subprocess.run(["go", "build", "-o", str(out), "."], cwd=ORACLE_DIR, env=env, check=True)
    return out


class Oracle:
    """A running oracle process: `run(case)` sends one case and returns Go's result dict."""

    def __init__(self, binary: Path | None = None) -> None:
        self.binary = binary or build_oracle()
        self._proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        if self._proc is None:
            self._proc = subprocess.Popen(
                [str(self.binary)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        return self._proc

    def run(self, case: dict[str, Any]) -> dict[str, Any]:
        """Go's answer for one case (see conformance/README.md for both formats)."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(case, ensure_ascii=False) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"oracle exited (code {proc.poll()}) on case {case.get('id')}")
        return json.loads(line)

    def run_many(self, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Answers for many cases, in order (one batch through a fresh pipe, for speed)."""
        payload = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
        done = subprocess.run(
            [str(self.binary)], input=payload, capture_output=True, text=True, encoding="utf-8"
        )
        if done.returncode != 0:
            raise RuntimeError(f"oracle failed: {done.stderr.strip()}")
        results = [json.loads(line) for line in done.stdout.split("\n") if line.strip()]
        if len(results) != len(cases):
            raise RuntimeError(f"oracle answered {len(results)} of {len(cases)} cases")
        return results

    def close(self) -> None:
        """Stop the process (closing stdin lets it exit on its own)."""
        if self._proc is not None and self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def __enter__(self) -> Oracle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
