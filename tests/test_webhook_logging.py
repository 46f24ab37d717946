"""Logging a service can use: loggers named by module under `webhook`, and the filter that
masks target URLs in httpx's and httpcore's records, on by default and switchable."""

from __future__ import annotations

import logging

import webhook
from webhook import Event, Sender, Target, WebhookConfig
from webhook.receiver import Receiver, Reply
from webhook.redact import HTTPX_LOGGERS, MASK

EVENT = Event.from_dict({"version": "0.1", "type": "flag", "action": "created"})


def deliver(url: str) -> None:
    with Sender(WebhookConfig((Target(0, url),), max_backoff=0.1)) as sender:
        sender.send(EVENT)


def test_loggers_are_named_by_module(caplog):
    respond = lambda received, index: Reply(404)  # noqa: E731
    with Receiver(respond=respond) as rx, caplog.at_level(logging.DEBUG, logger="webhook"):
        deliver(f"{rx.url}/hook")
    names = {r.name for r in caplog.records if r.name.startswith("webhook")}
    assert names == {"webhook.attempts"}  # the attempt's DEBUG record and the failure's WARNING
    failure = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(failure) == 1 and "HTTP 404" in failure[0].getMessage()


def test_httpx_url_redaction_is_on_by_default_and_switchable(caplog):
    token = "T0KEN-in-the-path"
    with Receiver() as rx, caplog.at_level(logging.DEBUG):
        url = f"{rx.url}/services/{token}"
        deliver(url)
        assert token not in caplog.text
        assert MASK in caplog.text
        caplog.clear()
        webhook.redact_httpx_logs(False)
        try:
            deliver(url)
            raw = caplog.text
        finally:
            webhook.redact_httpx_logs(True)
        caplog.clear()
        deliver(url)
    assert f"POST {url}" in raw  # httpx's own record, untouched
    assert token not in caplog.text
    assert all(logging.getLogger(n).filters for n in HTTPX_LOGGERS)
