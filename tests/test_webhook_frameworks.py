"""The README's receiver examples (Starlette/FastAPI behind uvicorn, Flask behind werkzeug),
run exactly as the README shows them, on 127.0.0.1, with our senders posting to them under
both signature schemes."""

from __future__ import annotations

import base64
import re
import socket
import threading
import time
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from webhook import Event, Sender, SenderOptions, Target, WebhookConfig

README = Path(__file__).resolve().parent.parent / "README.md"
SECRET = "whsec_" + base64.b64encode(b"frameworks-test-key-0123456789ab").decode()


def example(name: str) -> str:
    """The python block that follows `<!-- example: NAME -->` in the README."""
    found = re.search(rf"<!-- example: {name} -->\n```python\n(.*?)```", README.read_text(), re.S)
    assert found, f"README has no {name} example"
    return found.group(1)


def load(name: str, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    monkeypatch.setenv("WEBHOOK_SECRET", SECRET)
    module = types.ModuleType(f"readme_{name}")
    exec(compile(example(name), f"README.md:{name}", "exec"), module.__dict__)
    return module


@contextmanager
def uvicorn_serving(app: object) -> Iterator[str]:
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextmanager
def werkzeug_serving(app: object) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


SERVE = {"fastapi": uvicorn_serving, "flask": werkzeug_serving}
EVENTS = [
    Event.from_dict({"version": "0.1", "type": "flag", "action": a}) for a in ("created", "updated")
]


@pytest.mark.parametrize("framework", ["fastapi", "flask"])
@pytest.mark.parametrize("signing", ["flipt", "standard"])
def test_readme_receiver(framework, signing, monkeypatch):
    app = load(framework, monkeypatch)
    sent: list[httpx.Request] = []
    with SERVE[framework](app.app) as base:
        options = SenderOptions(signing=signing)
        config = WebhookConfig((Target(0, f"{base}/flipt"),), SECRET, options=options)
        client = httpx.Client(event_hooks={"request": [sent.append]})
        with client, Sender(config, client=client) as sender:
            results = sender.send_many(EVENTS)
        assert [r.delivered for [r] in results] == [True, True]
        assert [(e["type"], e["action"]) for e in app.events] == [
            ("flag", "created"),
            ("flag", "updated"),
        ]

        # the same request again (a retry whose answer was lost): acknowledged, not handled
        again = httpx.post(sent[0].url, content=sent[0].content, headers=sent[0].headers)
        assert again.status_code == 200 and again.json() == {"status": "duplicate"}
        # a forged body under the real signature: refused with the reason
        signed = {k: v for k, v in sent[1].headers.items() if k != "content-length"}
        forged = httpx.post(sent[1].url, content=b'{"type":"x"}', headers=signed)
        assert forged.status_code == 401 and "does not match the body" in forged.text
        unsigned = httpx.post(sent[1].url, content=sent[1].content)
        assert unsigned.status_code == 401
    assert len(app.events) == 2
