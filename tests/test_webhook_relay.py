"""`python -m webhook relay` as a real process on 127.0.0.1, fed the way Flipt feeds it.

Every inbound body and signature is made by the Go oracle as Flipt v1.61.1's URL-mode sink makes
them (json.Marshal of the round-tripped event, hex HMAC-SHA256), and posted by Go's net/http
client built as Flipt's request. Most tests relay in URL mode, so what reaches the downstream
receiver is that same body, re-signed with the relay's own secret: each event can be followed
one by one, into the receiver or into the outbox's dead letters. Template targets get what Go's
text/template renders for the same event.
"""

from __future__ import annotations

import json
import math
import os
import select
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

import webhook
from webhook import SIGNATURE_HEADER, AsyncSender, load_config
from webhook.receiver import Received, Receiver, Reply
from webhook.relay.app import build_app
from webhook.relay.metrics import RelayMetrics
from webhook.relay.pipeline import Relay

pytestmark = pytest.mark.go

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    json.loads(line)
    for line in (Path(webhook.__file__).parent / "examples" / "events.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]
FLIPT_SECRET = "flipt-signing-secret"
DOWNSTREAM_SECRET = "downstream-signing-secret"


def event(n: int) -> dict[str, Any]:
    """The n-th test event: an example event made unique by its actor's IP (which also lets
    the receiver tell which event a delivery carries)."""
    e = json.loads(json.dumps(EXAMPLES[n % len(EXAMPLES)]))
    e["metadata"]["actor"]["ip"] = f"10.0.{n // 256}.{n % 256}"
    return e


def number(body: bytes) -> int:
    _, _, a, b = json.loads(body)["metadata"]["actor"]["ip"].split(".")
    return int(a) * 256 + int(b)


def go_signed(oracle: Any, count: int, secret: str = FLIPT_SECRET) -> list[tuple[bytes, str]]:
    """(body, signature) for events 0..count-1, both made by Go as Flipt makes them."""
    cases = [
        {"id": str(n), "kind": "flipt_body", "data": event(n), "secret": secret}
        for n in range(count)
    ]
    out = []
    for res in oracle.run_many(cases):
        assert res["ok"], res
        out.append((res["output"].encode("utf-8"), res["signature"]))
    return out


def write_config(
    tmp_path: Path,
    downstream: str,
    *,
    concurrency: int = 10,
    close_timeout: str = "5s",
    max_backoff: str = "300ms",
    relay: dict[str, Any] | None = None,
    templates: list[dict[str, str]] | None = None,
) -> Path:
    hook: dict[str, Any] = {
        "enabled": True,
        "signing_secret": DOWNSTREAM_SECRET,
        "max_backoff_duration": max_backoff,
        "sender": {
            "outbox": str(tmp_path / "outbox.db"),
            "backoff_base": "5ms",
            "attempt_timeout": "2s",
            "close_timeout": close_timeout,
            "max_concurrency": concurrency,
        },
        "relay": {"listen": "127.0.0.1:0", "signing_secret": FLIPT_SECRET, **(relay or {})},
    }
    if templates:
        hook["templates"] = templates
    else:
        hook["url"] = f"{downstream}/hook"
    path = tmp_path / "relay.yml"
    path.write_text(yaml.safe_dump({"audit": {"sinks": {"webhook": hook}}}))
    return path


def run_cli(command: str, config: Path) -> subprocess.CompletedProcess[str]:
    """`python -m webhook COMMAND --config F` run to its end (one that should not start)."""
    return subprocess.run(
        [sys.executable, "-m", "webhook", command, "--config", str(config)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )


class RelayProcess:
    """`python -m webhook relay --config F` in a subprocess; `url` once it listens."""

    def __init__(self, config: Path, env: dict[str, str] | None = None) -> None:
        self.stderr_path = config.with_suffix(f".{time.monotonic_ns()}.err")
        with open(self.stderr_path, "w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "webhook", "relay", "--config", str(config)],
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                cwd=ROOT,
                env={**os.environ, **(env or {})},
            )
        self.first_line = self._line(timeout=30)
        self.url = self.first_line.split("listening on ", 1)[1].split(" ", 1)[0]
        self.base = self.url.rsplit("/", 1)[0] if self.url.count("/") > 2 else self.url

    def _line(self, timeout: float) -> str:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.proc.kill()
            raise AssertionError(f"relay said nothing; stderr: {self.stderr}")
        return line.strip()

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.base + path, timeout=5)

    def wait_settled(self, timeout: float = 60) -> dict[str, Any]:
        """Poll /healthz until nothing is pending; returns its last answer."""
        deadline = time.monotonic() + timeout
        while True:
            health = self.get("/healthz").json()
            if health.get("pending") == 0 or time.monotonic() > deadline:
                return health
            time.sleep(0.05)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> tuple[int, str]:
        """Send `sig`, wait; (exit status, rest of stdout)."""
        self.proc.send_signal(sig)
        out, _ = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out

    def __enter__(self) -> RelayProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


def rows(tmp_path: Path) -> list[tuple[str, str, bytes]]:
    """(delivery_id, state, body) of every outbox row."""
    db = sqlite3.connect(tmp_path / "outbox.db")
    try:
        return db.execute("SELECT delivery_id, state, body FROM deliveries").fetchall()
    finally:
        db.close()


def post(go: Any, url: str, body: bytes, signature: str | None) -> int | str:
    """Posted by Go's net/http as Flipt's sink posts: the status, or Go's error text."""
    headers = {} if signature is None else {SIGNATURE_HEADER: signature}
    answer = go.post(url, body.decode("utf-8"), headers)
    return answer.get("status") or answer["error"]


class Downstream:
    """A receiver that fails on purpose, by event number: answers are recorded per body."""

    def __init__(self, plan: Any, delay: float = 0.0) -> None:
        self.plan = plan
        self.delay = delay
        self.lock = threading.Lock()
        self.tries: Counter[int] = Counter()
        #: body -> [(delivery id, status answered; None for a reset)]
        self.answers: defaultdict[bytes, list[tuple[str | None, int | None]]] = defaultdict(list)
        self.receiver = Receiver(secret=DOWNSTREAM_SECRET, respond=self.respond)

    def respond(self, received: Received, index: int) -> Reply:
        assert received.signature_ok, "the relay signs with its own secret"
        n = number(received.body)
        with self.lock:
            attempt = self.tries[n]
            self.tries[n] += 1
        reply = self.plan(n, attempt)
        if self.delay:
            reply = Reply(reply.status, reply.headers, self.delay, reply.body, reply.reset)
        status = None if reply.reset else reply.status
        with self.lock:
            self.answers[received.body].append((received.delivery_id, status))
        return reply

    def delivered(self, body: bytes) -> list[str | None]:
        """Delivery ids of the 2xx answers `body` got."""
        with self.lock:
            return [i for i, s in self.answers[body] if s is not None and 200 <= s < 300]


def faulty(n: int, attempt: int) -> Reply:
    """A tenth refused for good (400), a tenth failing until the retry budget is spent (503);
    others reset the connection, answer 500 or 429 once before taking the event."""
    kind = n % 10
    if kind == 0:
        return Reply(400)
    if kind == 1:
        return Reply(503)
    if attempt == 0 and kind == 2:
        return Reply(reset=True)
    if attempt == 0 and kind == 3:
        return Reply(500)
    if attempt == 0 and kind == 4:
        return Reply(429, {"Retry-After": "0"})
    return Reply(200)


def test_1000_events_each_delivered_or_a_dead_letter(tmp_path, go_oracle, go_http_client):
    signed = go_signed(go_oracle, 1000)
    downstream = Downstream(faulty)
    with downstream.receiver, RelayProcess(write_config(tmp_path, downstream.receiver.url)) as r:
        t0 = time.monotonic()
        answers = [post(go_http_client, r.url, body, sig) for body, sig in signed]
        accepted = time.monotonic() - t0
        assert answers == [200] * 1000
        health = r.wait_settled()
        settled = time.monotonic() - t0
        metrics = {
            s.name + str(sorted(s.labels.items())): s.value
            for family in text_string_to_metric_families(r.get("/metrics").text)
            for s in family.samples
        }
        status, out = r.stop()
    assert health == {"status": "ok", "pending": 0, "dead": 200}, health
    assert status == 0 and "0 delivery(ies) left pending" in out
    dead = {body: delivery_id for delivery_id, state, body in rows(tmp_path) if state == "dead"}
    assert len(dead) == 200
    for n, (body, _) in enumerate(signed):  # one by one
        ids = {i for i, _ in downstream.answers[body]}
        assert len(ids) == 1, f"event {n} arrived under {len(ids)} delivery ids"
        if n % 10 in (0, 1):
            assert downstream.delivered(body) == [], n
            assert dead[body] in ids, n
        else:
            assert len(downstream.delivered(body)) == 1, n
            assert body not in dead, n
    assert min(downstream.tries[n] for n in range(1, 1000, 10)) >= 2  # 503s were retried
    assert metrics["webhook_relay_events_accepted_total[]"] == 1000
    assert metrics["webhook_relay_deliveries_delivered_total[]"] == 800
    assert metrics["webhook_relay_deliveries_failed_total[]"] == 200
    assert metrics["webhook_relay_dead_letters[]"] == 200
    assert metrics["webhook_relay_deliveries_pending[]"] == 0
    attempts = sum(len(a) for a in downstream.answers.values())
    assert metrics["webhook_relay_attempt_duration_seconds_count[]"] == attempts
    print(f"1000 events: accepted in {accepted:.2f}s, settled in {settled:.2f}s")


def test_bad_requests_store_nothing(tmp_path, go_oracle, go_http_client):
    (body, sig), (big, big_sig) = go_signed(go_oracle, 2)
    (_, wrong_sig), _ = go_signed(go_oracle, 2, secret="not-flipts-secret")
    not_event = b'{"version": "0.2", "type": 7}'
    not_event_sig = webhook.sign(not_event, FLIPT_SECRET)
    downstream = Downstream(lambda n, attempt: Reply(200))
    config = write_config(tmp_path, downstream.receiver.url, relay={"max_body": len(big) - 1})
    with downstream.receiver, RelayProcess(config) as r:
        assert post(go_http_client, r.url, body, wrong_sig) == 401
        assert post(go_http_client, r.url, body, None) == 401
        assert post(go_http_client, r.url, body, sig[:-2]) == 401
        assert post(go_http_client, r.url, body + b" ", sig) == 401
        assert post(go_http_client, r.url, big, big_sig) == 413
        assert post(go_http_client, r.url, not_event, not_event_sig) == 400
        answer = httpx.post(r.url, content=not_event, headers={SIGNATURE_HEADER: not_event_sig})
        with pytest.raises(webhook.EventError) as decoding:  # the reason is from_json's own
            webhook.Event.from_json(not_event)
        assert answer.json() == {"error": str(decoding.value)}
        answer = httpx.post(r.url, content=body, headers={SIGNATURE_HEADER: wrong_sig})
        assert answer.json() == {"error": "X-Flipt-Webhook-Signature does not match the body"}
        standard = {"webhook-id": "m1", "webhook-timestamp": "1", "webhook-signature": "v1,AA=="}
        answer = httpx.post(r.url, content=body, headers=standard)  # not Flipt's scheme
        assert answer.json() == {"error": "missing X-Flipt-Webhook-Signature header"}
        assert rows(tmp_path) == []
        time.sleep(0.2)
        assert downstream.answers == {}
        families = {f.name: f for f in text_string_to_metric_families(r.get("/metrics").text)}
        rejected = {
            s.labels["reason"]: s.value
            for s in families["webhook_relay_requests_rejected"].samples
            if s.name.endswith("_total")
        }
        assert rejected == {"signature": 6, "too_large": 1, "not_an_event": 2, "unavailable": 0}
        assert families["webhook_relay_events_accepted"].samples[0].value == 0
        # the same event, signed right, goes through
        assert post(go_http_client, r.url, body, sig) == 200
        assert r.wait_settled()["pending"] == 0
        status, _ = r.stop()
    assert status == 0
    assert downstream.delivered(body) and len(downstream.answers) == 1
    assert "refused a request from 127.0.0.1: X-Flipt-Webhook-Signature does not match" in r.stderr


def test_sigkill_loses_nothing_and_restart_keeps_the_ids(tmp_path, go_oracle, go_http_client):
    signed = go_signed(go_oracle, 150)
    gate = threading.Event()  # the downstream takes 50 deliveries, then holds the rest
    taken = Counter[str]()

    def hold_after_50(n: int, attempt: int) -> Reply:
        with downstream.lock:
            taken["all"] += 1
            held = taken["all"] > 50
        if held:
            gate.wait(30)
        return Reply(200)

    downstream = Downstream(hold_after_50)
    config = write_config(tmp_path, downstream.receiver.url, concurrency=2)
    with downstream.receiver:
        with RelayProcess(config) as r:
            assert [post(go_http_client, r.url, b, s) for b, s in signed] == [200] * 150
            downstream.receiver.wait_for(52, timeout=30)  # 50 taken, 2 held in flight
            r.proc.kill()
            r.proc.communicate()
        gate.set()  # the held two are answered, to a relay that is gone
        left = {body: delivery_id for delivery_id, _, body in rows(tmp_path)}
        assert len(left) == 100  # the held two stayed pending, with the 98 never started
        with RelayProcess(config) as again:
            assert "100 pending delivery(ies) resumed" in again.first_line
            assert again.wait_settled() == {"status": "ok", "pending": 0, "dead": 0}
            again.stop()
    for body, _ in signed:
        ids = set(downstream.delivered(body))
        assert len(ids) == 1  # delivered; the two held at the kill came again, same id
        if body in left:
            assert ids == {left[body]}


def test_sigterm_drains_then_exits(tmp_path, go_oracle, go_http_client):
    signed = go_signed(go_oracle, 30)
    downstream = Downstream(lambda n, attempt: Reply(200), delay=0.05)
    config = write_config(tmp_path, downstream.receiver.url, concurrency=1)
    with downstream.receiver, RelayProcess(config) as r:
        assert [post(go_http_client, r.url, b, s) for b, s in signed] == [200] * 30
        assert rows(tmp_path), "still delivering when the signal comes"
        status, out = r.stop(signal.SIGTERM)
        assert status == 0
        assert "relay: stopped; 0 delivery(ies) left pending" in out
        assert isinstance(post(go_http_client, r.url, *signed[0]), str)  # no longer listening
    assert rows(tmp_path) == []
    assert all(len(downstream.delivered(b)) == 1 for b, _ in signed)


def test_sigterm_with_a_dead_downstream_stops_within_close_timeout(
    tmp_path, go_oracle, go_http_client
):
    signed = go_signed(go_oracle, 20)
    downstream = Downstream(lambda n, attempt: Reply(503))
    config = write_config(tmp_path, downstream.receiver.url, close_timeout="1s", max_backoff="1m")
    with downstream.receiver, RelayProcess(config) as r:
        assert [post(go_http_client, r.url, b, s) for b, s in signed] == [200] * 20
        t0 = time.monotonic()
        status, out = r.stop(signal.SIGTERM)
        took = time.monotonic() - t0
    assert status == 0 and took < 4, took
    assert "relay: stopped; 20 delivery(ies) left pending in the outbox" in out
    assert sorted(b for _, state, b in rows(tmp_path) if state == "pending") == sorted(
        b for b, _ in signed
    )


def test_a_second_relay_or_a_replay_on_the_same_outbox_is_refused(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9")
    with RelayProcess(config) as first:
        second = run_cli("relay", config)
        assert second.returncode == 2
        assert second.stderr == (
            f"webhook: error: outbox {tmp_path / 'outbox.db'} is in use by another process "
            f"(pid {first.proc.pid}); one relay or replay delivers from an outbox at a time\n"
        )
        replay = run_cli("replay", config)
        assert (replay.returncode, replay.stderr) == (2, second.stderr)
        assert first.get("/healthz").json()["status"] == "ok"
        status, _ = first.stop()
    assert status == 0
    with RelayProcess(config) as after:  # the lock went with the first process
        after.stop()


def test_healthz_and_env_overrides(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9")
    env = {
        "FLIPT_AUDIT_SINKS_WEBHOOK_RELAY_PATH": "/flipt",
        "FLIPT_AUDIT_SINKS_WEBHOOK_RELAY_SIGNING_SECRET": "from-env",
    }
    with RelayProcess(config, env) as r:
        assert r.url.endswith("/flipt")
        body = json.dumps(event(0)).encode()
        answer = httpx.post(
            r.url, content=body, headers={SIGNATURE_HEADER: webhook.sign(body, "from-env")}
        )
        assert answer.status_code == 200 and len(answer.json()["delivery_ids"]) == 1
        assert httpx.post(r.base + "/", content=body).status_code == 404
        assert r.get("/healthz").json()["status"] == "ok"
        r.stop()


@pytest.mark.parametrize(
    ("relay", "sender", "message"),
    [
        (
            {"signing_secret": ""},
            {},
            "audit.sinks.webhook.relay.signing_secret: the relay verifies",
        ),
        ({}, {"outbox": None}, "audit.sinks.webhook.sender.outbox: the relay stores every event"),
        ({"listen": "8081"}, {}, "audit.sinks.webhook.relay.listen: expected HOST:PORT"),
        ({"path": "/metrics"}, {}, "audit.sinks.webhook.relay.path: /metrics is the relay's own"),
        ({"path": "hook"}, {}, "audit.sinks.webhook.relay.path: expected a URL path"),
        ({"max_body": 0}, {}, "audit.sinks.webhook.relay.max_body: must be between 1 and"),
        ({"bogus": 1}, {}, "audit.sinks.webhook.relay.bogus: unknown key"),
    ],
)
def test_config_errors_name_the_key(tmp_path, relay, sender, message):
    path = write_config(tmp_path, "http://127.0.0.1:9", relay=relay)
    doc = yaml.safe_load(path.read_text())
    doc["audit"]["sinks"]["webhook"]["sender"].update(sender)
    path.write_text(yaml.safe_dump(doc))
    done = run_cli("relay", path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"webhook: error: {path}: {message}"), done.stderr
    assert done.stderr.count("\n") == 1


def test_listen_address_in_use(tmp_path):
    with Receiver() as busy:
        path = write_config(
            tmp_path, "http://127.0.0.1:9", relay={"listen": f"127.0.0.1:{busy.port}"}
        )
        done = run_cli("relay", path)
    assert done.returncode == 2
    assert done.stderr == (
        f"webhook: error: {path}: audit.sinks.webhook.relay.listen: cannot listen on "
        f"127.0.0.1:{busy.port}: Address already in use\n"
    )


def test_import_webhook_does_not_load_the_relay_stack():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, webhook; "
            "print(sorted({'starlette', 'uvicorn', 'prometheus_client'} & set(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )
    assert done.stdout == "[]\n"


TEMPLATES = {
    "/json": '{"type": "{{ .Type }}", "action": "{{ .Action }}", "payload": {{ toJson .Payload }}, '
    '"ip": {{ toJson .Metadata.Actor.IP }}}',
    "/key": '{"key": "{{ .Payload.key }}", "ip": "{{ .Metadata.Actor.IP }}"}',
}


def test_template_targets_get_gos_bodies_and_go_errors_become_dead_letters(
    tmp_path, go_oracle, go_http_client
):
    signed = go_signed(go_oracle, 12)
    cases = [
        {"id": f"{path}/{n}", "kind": "exec", "name": "", "template": body, "funcs": "flipt",
         "data_mode": "flipt_event", "data": event(n)}
        for path, body in TEMPLATES.items()
        for n in range(12)
    ]  # fmt: skip
    go = dict(zip((c["id"] for c in cases), go_oracle.run_many(cases), strict=True))
    errors = sorted(r["error"] for r in go.values() if not r["ok"])
    assert errors, "a denied event (payload nil) fails .Payload.key in Go"
    downstream = Receiver(secret=DOWNSTREAM_SECRET)
    url = downstream.url
    templates = [{"url": url + path, "body": body} for path, body in TEMPLATES.items()]
    config = write_config(tmp_path, url, templates=templates)
    with downstream, RelayProcess(config) as r:
        assert [post(go_http_client, r.url, b, s) for b, s in signed] == [200] * 12
        assert r.wait_settled() == {"status": "ok", "pending": 0, "dead": len(errors)}
        r.stop()
    for path in TEMPLATES:
        arrived = sorted(x.body.decode() for x in downstream.requests if x.path == path)
        expected = sorted(
            res["output"] for id_, res in go.items() if id_.startswith(path + "/") and res["ok"]
        )
        assert arrived == expected
    assert all(x.signature_ok for x in downstream.requests)  # template bodies signed too
    db = sqlite3.connect(tmp_path / "outbox.db")
    try:
        stored = db.execute("SELECT state, reason, body FROM deliveries").fetchall()
    finally:
        db.close()
    assert sorted(reason for _, reason, _ in stored) == errors
    assert {(state, body) for state, _, body in stored} == {("dead", None)}  # kept as the event


async def test_an_outbox_that_cannot_store_is_a_503_and_unhealthy(tmp_path):
    # in process, through httpx's ASGI transport: the app over an outbox whose database is
    # gone, and no delivery workers
    config = load_config(write_config(tmp_path, "http://127.0.0.1:9"), env={})
    sender = AsyncSender(config)
    assert sender.outbox is not None
    relay = Relay(sender, RelayMetrics(sender.outbox))
    sender.outbox.close()
    body = json.dumps(event(0)).encode()
    app = httpx.ASGITransport(app=build_app(relay, config.relay))
    async with httpx.AsyncClient(transport=app, base_url="http://relay") as client:
        signed = {SIGNATURE_HEADER: webhook.sign(body, FLIPT_SECRET)}
        answer = await client.post("/", content=body, headers=signed)
        assert answer.status_code == 503
        assert answer.json()["error"].startswith(f"not stored: outbox {tmp_path / 'outbox.db'}: ")
        health = await client.get("/healthz")
        assert health.status_code == 503
        problems = health.json()["problems"]
        assert problems[0].startswith(f"outbox {tmp_path / 'outbox.db'}: ")
        assert problems[1:] == ["delivery workers are not running"]
        text = (await client.get("/metrics")).text
    families = {f.name: f for f in text_string_to_metric_families(text)}
    assert math.isnan(families["webhook_relay_deliveries_pending"].samples[0].value)
    rejected = families["webhook_relay_requests_rejected"].samples
    assert [s.value for s in rejected if s.labels == {"reason": "unavailable"}] == [1]


def test_without_the_relay_extra_relay_is_a_user_error(tmp_path):
    """Installed without the `relay` extra: one line naming what to install, exit 2."""
    config = write_config(tmp_path, "http://127.0.0.1:9")
    code = (
        "import sys; sys.modules['starlette'] = None\n"
        "from webhook.cli import main\n"
        f"sys.exit(main(['relay', '--config', {str(config)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "webhook: error: the relay needs the relay extra: pip install starlette uvicorn "
        "prometheus-client (starlette is missing)\n"
    )
