"""The documentation a Python user reaches: `help(gotmpl)` opens with an example that runs,
every public name has a docstring, constructors show no private parameters, and every README
example that shows its result gives that result."""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
import os
import pathlib
import pkgutil
import pydoc
import re
import shlex
import subprocess
import sys
from types import ModuleType
from typing import Any

import pytest

import gotmpl
import webhook

PACKAGES = (gotmpl, webhook)


def _modules() -> list[ModuleType]:
    found = []
    for pkg in PACKAGES:
        found.append(pkg)
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if not info.name.endswith("__main__"):
                found.append(importlib.import_module(info.name))
    return found


def test_help_gotmpl_opens_with_an_example_that_runs() -> None:
    text = pydoc.plain(pydoc.render_doc(gotmpl))
    description = text.split("DESCRIPTION", 1)[1].lstrip("\n")
    assert description.lstrip().startswith(">>> import gotmpl"), description[:200]
    result = doctest.testmod(gotmpl, verbose=False)
    assert result.failed == 0 and result.attempted >= 4


def _undocumented(module: ModuleType) -> list[str]:
    missing = [] if module.__doc__ else [f"{module.__name__} (module)"]
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name, None)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if obj.__module__ != module.__name__:
            continue  # documented where it is defined
        if not obj.__doc__:
            missing.append(f"{module.__name__}.{name}")
        if inspect.isclass(obj):
            missing += [f"{module.__name__}.{name}.{m}" for m in _undocumented_members(obj)]
    return missing


def _undocumented_members(cls: type) -> list[str]:
    missing = []
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        fn: Any = member.fget if isinstance(member, property) else member
        if isinstance(fn, (staticmethod, classmethod)):
            fn = fn.__func__
        if inspect.isfunction(fn) and not fn.__doc__:
            missing.append(name)
    return missing


def test_every_public_name_has_a_docstring() -> None:
    missing = [name for module in _modules() for name in _undocumented(module)]
    assert missing == []


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_public_constructors_show_no_private_parameters(package: ModuleType) -> None:
    for name in package.__all__:
        obj = getattr(package, name)
        if inspect.isclass(obj):
            try:
                params = inspect.signature(obj).parameters
            except ValueError:  # an exception class keeping BaseException's constructor
                continue
            assert not [p for p in params if p.startswith("_")], f"{name}{inspect.signature(obj)}"


README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def _blocks(language: str) -> list[tuple[int, str]]:
    """The README's fenced blocks of `language`: (the line the source starts on, the source)."""
    lines = README.read_text(encoding="utf-8").splitlines()
    blocks, start = [], None
    for i, line in enumerate(lines):
        if start is None and line == "```" + language:
            start = i + 1
        elif start is not None and line == "```":
            blocks.append((start + 1, "\n".join(lines[start:i])))
            start = None
    return blocks


def _shown_results(source: str) -> dict[int, str]:
    """The expressions the comment lines right below them give a result for: the line each
    starts on, and the comment's text without its `# ` (none in a block that is not Python)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:  # an outline of the API, not a program
        return {}
    lines = source.splitlines()
    shown = {}
    for stmt in body:
        comment = []
        for line in lines[stmt.end_lineno or stmt.lineno :]:
            if not line.startswith("# "):
                break
            comment.append(line[2:])
        if isinstance(stmt, ast.Expr) and comment:
            shown[stmt.lineno] = "\n".join(comment)
    return shown


SHOWING = [(n, src) for n, src in _blocks("python") if _shown_results(src)]


def test_the_readme_shows_results_to_check() -> None:
    assert len(SHOWING) >= 4  # the gotmpl tour, meta, budgets, safe mode
    assert COMMANDS  # render --timeout
    assert CHECKS  # check --fuzz


@pytest.mark.parametrize(("first", "source"), SHOWING, ids=[f"README.md:{n}" for n, _ in SHOWING])
def test_readme_examples_give_the_results_they_show(
    first: int, source: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a fresh namespace holding `gotmpl`, `webhook` and `pathlib`, in a scratch
    directory: a shown value must be the value (read as a literal, else as its repr), a shown
    error the exception's text."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"gotmpl": gotmpl, "webhook": webhook, "pathlib": pathlib}
    shown = _shown_results(source)
    for stmt in ast.parse(source).body:
        where = f"README.md:{first + stmt.lineno - 1}"
        if stmt.lineno not in shown:
            exec(compile(ast.Module([stmt], type_ignores=[]), where, "exec"), namespace)
            continue
        text = shown[stmt.lineno]
        assert isinstance(stmt, ast.Expr)
        try:
            value = eval(compile(ast.Expression(stmt.value), where, "eval"), namespace)
        except gotmpl.TemplateError as exc:
            assert str(exc) == text, where
            continue
        try:
            expected = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            assert repr(value) == text, where
        else:
            assert value == expected, where


#: A shell example that shows what it prints: `echo '<template>' | python -m gotmpl ARGS`,
#: then the output as `# ` comment lines.
_SHOWN_COMMAND = re.compile(r"^echo '([^']*)' \| python -m gotmpl (.+)\n((?:# .*\n?)+)", re.M)
COMMANDS = [m.groups() for _, src in _blocks("sh") for m in _SHOWN_COMMAND.finditer(src)]


@pytest.mark.parametrize(("template", "args", "shown"), COMMANDS)
def test_readme_commands_print_what_they_show(template: str, args: str, shown: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gotmpl", *shlex.split(args)],
        input=template + "\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    printed = done.stdout + done.stderr
    assert printed == "".join(line[2:] + "\n" for line in shown.splitlines())


#: A `check` example that shows its report: a sh block of `VAR=value ... python -m webhook
#: check ...` on one line, then a text block of what it prints (fenced by four backticks, as
#: the report may hold three).
_SHOWN_CHECK = re.compile(
    r"```sh\n((?:[A-Z_]+=\S+ )+)python -m webhook (check [^\n]+)\n```\n\n````text\n(.*?)````",
    re.S,
)
CHECKS = _SHOWN_CHECK.findall(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("env", "args", "shown"), CHECKS)
def test_readme_check_reports_print_what_they_show(env: str, args: str, shown: str) -> None:
    variables = dict(pair.split("=", 1) for pair in env.split())
    done = subprocess.run(
        [sys.executable, "-m", "webhook", *shlex.split(args)],
        capture_output=True, text=True, timeout=120, cwd=README.parent,
        env={**os.environ, **variables},
    )  # fmt: skip
    assert done.stdout == shown
