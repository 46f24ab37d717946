"""A drop-in sender for Flipt audit webhooks: unchanged config, Go-identical bodies, signing,
retries, sync and async.

    config = webhook.load_config("flipt.yml")
    with webhook.Sender(config) as sender:
        for result in sender.send(webhook.Event.from_json(line)):
            print(result.delivered, result.reason)

Each name is imported from its module on first use, so `import webhook` (and `python -m
webhook check`) does not load httpx, tenacity or asyncio before a sender needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gotmpl.jsonvalid import json_error, json_valid
    from webhook.config import ConfigError, Target, WebhookConfig, config_from_dict, load_config
    from webhook.core import DELIVERY_ID_HEADER, SIGNATURE_HEADER, Prepared, RenderError, sign
    from webhook.dedupe import DuplicateFilter
    from webhook.event import EVENT_TYPE, FUNCS, Event, EventError
    from webhook.options import SenderOptions, TemplateBudget
    from webhook.outbox import Letter, Outbox, OutboxError
    from webhook.redact import redact_httpx_logs
    from webhook.result import Attempt, CloseReport, DeliveryResult
    from webhook.sender import AsyncSender, Planned, Sender

# Bound at once: `webhook.verify` names a module and a function, and a lazy function would
# lose to the module as soon as anything imported it. It brings webhook.core and gotmpl,
# which checking a config loads anyway; never httpx, tenacity or asyncio.
from webhook.verify import SignatureError, verify, verify_request

#: The names bound at once, above.
_EAGER = ("SignatureError", "verify", "verify_request")

#: Where each public name lives.
_MODULES = {
    "webhook.config": ("ConfigError", "Target", "WebhookConfig", "config_from_dict", "load_config"),
    "webhook.core": ("DELIVERY_ID_HEADER", "SIGNATURE_HEADER", "Prepared", "RenderError", "sign"),
    "webhook.dedupe": ("DuplicateFilter",),
    "webhook.event": ("EVENT_TYPE", "FUNCS", "Event", "EventError"),
    "gotmpl.jsonvalid": ("json_error", "json_valid"),
    "webhook.options": ("SenderOptions", "TemplateBudget"),
    "webhook.outbox": ("Letter", "Outbox", "OutboxError"),
    "webhook.redact": ("redact_httpx_logs",),
    "webhook.result": ("Attempt", "CloseReport", "DeliveryResult"),
    "webhook.sender": ("AsyncSender", "Planned", "Sender"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "DELIVERY_ID_HEADER",
    "EVENT_TYPE",
    "FUNCS",
    "SIGNATURE_HEADER",
    "AsyncSender",
    "Attempt",
    "CloseReport",
    "ConfigError",
    "DeliveryResult",
    "DuplicateFilter",
    "Event",
    "EventError",
    "Letter",
    "Outbox",
    "OutboxError",
    "Planned",
    "Prepared",
    "RenderError",
    "Sender",
    "SenderOptions",
    "SignatureError",
    "Target",
    "TemplateBudget",
    "WebhookConfig",
    "config_from_dict",
    "json_error",
    "json_valid",
    "load_config",
    "redact_httpx_logs",
    "sign",
    "verify",
    "verify_request",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'webhook' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
