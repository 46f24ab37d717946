"""A drop-in sender for Flipt audit webhooks: unchanged config, Go-identical bodies, signing,
retries, sync and async.

    config = webhook.load_config("flipt.yml")
    with webhook.Sender(config) as sender:
        for result in sender.send(webhook.Event.from_json(line)):
            print(result.delivered, result.reason)
"""

import logging

from webhook.config import ConfigError, Target, WebhookConfig, config_from_dict, load_config
from webhook.core import DELIVERY_ID_HEADER, SIGNATURE_HEADER, RenderError, sign
from webhook.dedupe import DuplicateFilter
from webhook.event import EVENT_TYPE, FUNCS, Event, EventError
from webhook.jsonvalid import json_error, json_valid
from webhook.options import SenderOptions, TemplateBudget
from webhook.outbox import Letter, Outbox, OutboxError
from webhook.redact import redact_httpx_logs
from webhook.result import Attempt, CloseReport, DeliveryResult
from webhook.sender import AsyncSender, Sender
from webhook.verify import SignatureError, verify, verify_request

# A library logs, the application decides where it goes (the CLI prints its own report).
logging.getLogger("webhook").addHandler(logging.NullHandler())

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
