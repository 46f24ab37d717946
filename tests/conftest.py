"""Fixtures the tests share: the Go oracles (each one long-lived subprocess per session), a
Go HTTP client, and a self-signed TLS certificate."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
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


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return d / "cert.pem", d / "key.pem"


@pytest.fixture
def tls_context(tls_files: tuple[Path, Path]) -> ssl.SSLContext:
    """A server context with that certificate (a fresh one: tests may tighten it)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*tls_files)
    return ctx
