"""The package's loggers. A library logs; the application decides where it goes (the CLI prints
its own report), so the package logger has a NullHandler and nothing is printed unless the
application asks. Each module logs under its own name (`webhook.sender`, `webhook.attempts`),
below the package logger, so an application can turn one of them up."""

from __future__ import annotations

import logging

__all__ = ["module_logger"]

logging.getLogger("webhook").addHandler(logging.NullHandler())


def module_logger(name: str) -> logging.Logger:
    """The logger of module `name` (its `__name__`), under the package's."""
    return logging.getLogger(name)
