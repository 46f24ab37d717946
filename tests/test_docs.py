"""The documentation a Python user reaches without the README: `help(gotmpl)` opens with an
example that runs, every public name has a docstring, and constructors show no private
parameters."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import pydoc
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
