"""Cold start: the wall time of a fresh Python process doing one small job, side by side.

Every CI step, hook or script that renders one template pays the start of a new process: the
interpreter, the imports, the first parse. The commands run interleaved, round by round, so a
change of load hits all of them alike; each is timed with its modules' bytecode already cached
(as an installed package has it: `PYTHONDONTWRITEBYTECODE` is dropped from their environment,
and one untimed run of each writes the cache first).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ColdStart", "measure_cold_start"]

_ROOT = Path(__file__).resolve().parent.parent
_TEMPLATE = "Flag {{ .key }} was {{ .action }} by {{ .who }}.\n"
_JINJA = (
    "import jinja2; print(jinja2.Template('Flag {{ key }} was {{ action }} by {{ who }}.')"
    ".render(key='checkout', action='updated', who='ann'))"
)
_DATA = '{"key": "checkout", "action": "updated", "who": "ann"}'


@dataclass(frozen=True)
class ColdStart:
    """One command's wall times over the rounds, in seconds."""

    name: str
    command: str
    times: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def _commands(workdir: Path) -> list[tuple[str, str, list[str]]]:
    py = sys.executable
    tmpl, data = workdir / "t.tmpl", workdir / "d.json"
    tmpl.write_text(_TEMPLATE, encoding="utf-8")
    data.write_text(_DATA, encoding="utf-8")
    config = _ROOT / "webhook" / "examples" / "flipt-templates.yml"
    return [
        ("bare Python", "python -c pass", [py, "-c", "pass"]),
        ("Jinja2 one-liner", "python -c 'import jinja2; ...render(...)'", [py, "-c", _JINJA]),
        (
            "gotmpl render",
            "python -m gotmpl render t.tmpl --data d.json",
            [py, "-m", "gotmpl", "render", str(tmpl), "--data", str(data)],
        ),
        (
            "webhook check",
            "python -m webhook check --config webhook/examples/flipt-templates.yml",
            [py, "-m", "webhook", "check", "--config", str(config)],
        ),
    ]


def measure_cold_start(rounds: int) -> list[ColdStart]:
    """Each command's wall time over `rounds` interleaved rounds."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("WEBHOOK_DEMO_SECRET", "bench")
    env.setdefault("WEBHOOK_DEMO_SLACK_URL", "http://127.0.0.1:9/slack")
    env.setdefault("WEBHOOK_DEMO_JSON_URL", "http://127.0.0.1:9/json")
    with tempfile.TemporaryDirectory() as tmp:
        commands = _commands(Path(tmp))
        times: dict[str, list[float]] = {name: [] for name, _, _ in commands}
        for _, _, argv in commands:  # writes the bytecode caches
            subprocess.run(argv, env=env, cwd=_ROOT, capture_output=True, check=False)
        for _ in range(rounds):
            for name, _, argv in commands:
                start = time.perf_counter()
                done = subprocess.run(argv, env=env, cwd=_ROOT, capture_output=True, check=False)
                times[name].append(time.perf_counter() - start)
                if done.returncode != 0:
                    raise RuntimeError(f"{name} failed: {done.stderr.decode(errors='replace')}")
    return [ColdStart(name, shown, tuple(times[name])) for name, shown, _ in commands]
