"""Send Flipt's webhook template request with Go's net/http (main.go here), to compare what a
receiver gets from Go with what our sender sends."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["GoClient", "build"]

HERE = Path(__file__).resolve().parent


def build(out_dir: Path) -> Path:
    """Compile main.go into out_dir and return the binary."""
    out = out_dir / "httpclient"
    env = dict(os.environ, GOTOOLCHAIN="local", CGO_ENABLED="0", GOFLAGS="-mod=mod")
    env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "gotmpl-httpclient-gocache"))
    subprocess.run(["go", "build", "-o", str(out), "."], cwd=HERE, env=env, check=True)
    return out


class GoClient:
    """One running client process; `post` sends one request the way Flipt builds it."""

    def __init__(self, binary: Path) -> None:
        self._proc = subprocess.Popen(
            [str(binary)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def post(self, url: str, body: str, headers: dict[str, str]) -> dict[str, Any]:
        """Go's answer: {"status": N} or {"error": text}."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps({"url": url, "body": body, "headers": headers}) + "\n")
        self._proc.stdin.flush()
        return json.loads(self._proc.stdout.readline())

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(timeout=10)
