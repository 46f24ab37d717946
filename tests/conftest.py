"""The Go oracles the differential tests share: each one long-lived subprocess per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest


def _need_go() -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not on PATH")


@pytest.fixture(scope="session")
def go_oracle() -> Iterator[Any]:
    """conformance/oracle: parses and executes templates with Go's text/template."""
    _need_go()
    from conformance.oracle_client import Oracle

    o = Oracle()
    yield o
    o.close()


@pytest.fixture(scope="session")
def fmt_oracle() -> Iterator[Any]:
    """conformance/fmtoracle: Go's fmt and encoding/json on values we send."""
    _need_go()
    from conformance.fmtoracle.client import FmtOracle

    o = FmtOracle()
    yield o
    o.close()


@pytest.fixture(scope="session")
def builtins_oracle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """conformance/builtinsoracle, built once: Go's builtins and value rules on typed values."""
    from conformance.builtinsoracle.client import BuiltinsOracle, build

    o = BuiltinsOracle(build(tmp_path_factory.mktemp("builtinsoracle")))
    yield o
    o.close()


@pytest.fixture(scope="session")
def go_http_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """conformance/httpclient, built once: Flipt's template request sent by Go's net/http."""
    _need_go()
    from conformance.httpclient.client import GoClient, build

    c = GoClient(build(tmp_path_factory.mktemp("httpclient")))
    yield c
    c.close()
