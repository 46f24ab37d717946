"""A pytest helper: fail a test when a Flipt config's templates can fail for any event Flipt
can send.

    from webhook.testing import assert_templates_valid

    def test_flipt_webhook_templates():
        assert_templates_valid("flipt.yml", max_examples=500)

It runs `webhook.fuzz` (what `python -m webhook check --fuzz` runs) and raises AssertionError
with the same report: per target, the smallest event that breaks it and the body or error
it produced. Needs hypothesis (the `fuzz` extra: `pip install '.[fuzz]'` from a
checkout).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from webhook.config import WebhookConfig, load_config
from webhook.fuzz import FuzzReport, format_report, fuzz

__all__ = ["assert_templates_valid"]


def assert_templates_valid(
    config: str | os.PathLike[str] | WebhookConfig,
    max_examples: int = 200,
    *,
    seed: int = 0,
    env: Mapping[str, str] | None = None,
) -> FuzzReport:
    """Render every target of `config` (a Flipt config file, or a loaded config) for the
    edge events and `max_examples` generated Flipt events; return the report when nothing
    fails, else raise AssertionError with it. `env` fills the file's `${VAR}`s (default:
    the process environment); `seed` picks the generated events (the same seed, the same
    events)."""
    if not isinstance(config, WebhookConfig):
        config = load_config(config, env=env)
    report = fuzz(config, max_examples, seed)
    if not report.ok:
        raise AssertionError(format_report(report, config))
    return report
