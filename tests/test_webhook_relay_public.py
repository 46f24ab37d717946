"""The relay uses only public names of the other webhook modules.

It once called the sender's private `_plan_all`, `_settle` and `_replay_plan`, and a change in
sender.py broke it. An AST walk over webhook/relay/ finds any import of a private name (or
private module) outside the relay, any private attribute read on something other than `self`
(the relay's own state), and any getattr-style lookup of a private name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import webhook

RELAY = Path(webhook.__file__).parent / "relay"
OWN = "webhook.relay"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _private_module(module: str) -> bool:
    return any(_private(part) for part in module.split("."))


def private_uses(source: str) -> list[str]:
    """Where `source` reaches a private name outside the relay, one line each."""
    out = []
    for node in ast.walk(ast.parse(source)):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("webhook"):
            module = node.module or ""
            if _private_module(module):
                out.append(f"{where}: from {module}")
            elif not (module == OWN or module.startswith(OWN + ".")):
                out += [f"{where}: {module}.{a.name}" for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Import):
            out += [f"{where}: import {a.name}" for a in node.names if _private_module(a.name)]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id == "self"):
                out.append(f"{where}: .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            out.append(f"{where}: {node.func.id}(..., {node.args[1].value!r})")
    return out


@pytest.mark.parametrize("path", sorted(RELAY.glob("*.py")), ids=lambda p: p.name)
def test_the_relay_uses_only_public_names(path: Path) -> None:
    assert private_uses(path.read_text(encoding="utf-8")) == []


def test_relay_modules_are_all_checked() -> None:
    names = {p.name for p in RELAY.glob("*.py")}
    assert {"__init__.py", "app.py", "pipeline.py", "serve.py", "metrics.py"} <= names


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from webhook.sender import _Base", ["line 1: webhook.sender._Base"]),
        ("from webhook._impl import x", ["line 1: from webhook._impl"]),
        ("import webhook._impl", ["line 1: import webhook._impl"]),
        ("import webhook.sender as s\ns._regroup([], [])", ["line 2: ._regroup"]),
        ("async def f(self):\n    await self.sender._settle(x, None)", ["line 2: ._settle"]),
        ("plans = relay.sender._plan_all([e])", ["line 1: ._plan_all"]),
        ("f = getattr(self.sender, '_replay_plan')", ["line 1: getattr(..., '_replay_plan')"]),
        ("self._queue.put_nowait(item)", []),
        ("from webhook.relay.metrics import _BUCKETS", []),
        ("from webhook.sender import AsyncSender\nt = type(x).__name__", []),
    ],
)
def test_the_check_finds_private_uses(source: str, found: list[str]) -> None:
    assert private_uses(source) == found
