"""Render a config's targets for every kind of event Flipt emits, and report what fails.

`python -m webhook check --config F --fuzz N` and `webhook.testing` run `fuzz`: the fixed
edge events (`eventgen.edge_events`) and N events of a seeded random walk over the event
generator (`eventgen.bulk`), of the pairs the config's `audit.events` lets through, each
decided by `webhook.core.plan`, the code `send` uses (same budgets, same verdicts). The walk
only finds which target can fail which way, fast. Hypothesis then runs the same generator
(`strategies.events`) on the pairs that failed that way and shrinks the first event that
fails again to the smallest one. The same seed gives the same events, so the same report.

Needs hypothesis (the `fuzz` extra: `pip install '.[fuzz]'` from a checkout).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed

from gotmpl.json import to_json
from gotmpl.jsonvalid import JSONSyntaxError
from webhook import core, eventgen, strategies
from webhook.config import Target, WebhookConfig, redact_url
from webhook.event import Event
from webhook.flipt_payloads import EMITTED

__all__ = [
    "INVALID_JSON",
    "KINDS",
    "SHRINK_TRIES",
    "Failure",
    "FuzzReport",
    "format_report",
    "fuzz",
    "kind_of",
]

INVALID_JSON = "invalid JSON"
EXEC_ERROR = "exec error"
BUDGET = "budget exceeded"
INTERNAL = "internal error"
#: The kinds of failure, in report order.
KINDS = (INVALID_JSON, EXEC_ERROR, BUDGET, INTERNAL)
# gotmpl.budget's messages: "<limit> budget exceeded: more than ..."
_BUDGET_MESSAGE = re.compile(r" budget exceeded: more than ")


def kind_of(refused: core.Refused) -> str:
    """Which kind of failure a refusal is: Flipt's `invalid JSON`, a budget of ours, a bug of
    the renderer (`core.plan`'s internal error), or else Go's exec error."""
    if refused.syntax is not None:
        return INVALID_JSON
    if refused.reason.startswith("internal error"):
        return INTERNAL
    if _BUDGET_MESSAGE.search(refused.reason):
        return BUDGET
    return EXEC_ERROR


@dataclass(frozen=True)
class Failure:
    """The first failure of one kind at one target: the smallest event that fails that way
    (`shrunk` False when hypothesis could not find it again: then the event first seen),
    what `send` would report for it (`reason`: Flipt's `invalid JSON: <body>` or the exec
    error), and how many events failed that way."""

    target: Target
    kind: str
    event: Event
    reason: str
    syntax: JSONSyntaxError | None
    shrunk: bool
    count: int


@dataclass(frozen=True)
class FuzzReport:
    """What `fuzz` rendered: `events` per target (`edge` of them fixed, the rest generated),
    and the failures, by target and kind."""

    events: int
    edge: int
    seed: int
    failures: tuple[Failure, ...]

    @property
    def ok(self) -> bool:
        """Whether no target failed on any event."""
        return not self.failures

    def failures_at(self, target: Target) -> tuple[Failure, ...]:
        """The failures found on `target`."""
        return tuple(f for f in self.failures if f.target.index == target.index)


#: At most this many events hypothesis draws to fail one way again before it shrinks; a
#: failure the scan saw too rarely for that is reported as the scan first saw it.
SHRINK_TRIES = 1000


def _settings(examples: int) -> settings:
    """Fixed settings, whatever the caller's hypothesis profile says: no example database
    (the report depends on the seed alone), no deadline or health checks (a slow template
    is the budget's business), nothing printed."""
    return settings(
        max_examples=examples,
        phases=[Phase.generate, Phase.shrink],
        database=None,
        deadline=None,
        derandomize=False,
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )


class _Found(Exception):
    """Raised by the shrinking test so that hypothesis shrinks the event it holds."""

    def __init__(self, event: Event, refused: core.Refused) -> None:
        super().__init__()
        self.event = event
        self.refused = refused


def _failure_of(config: WebhookConfig, event: Event) -> list[core.Refused]:
    return [r for r in core.plan(config, event) if isinstance(r, core.Refused) and not r.skipped]


@dataclass
class _Seen:
    """What the scan saw of one (target, kind): its first failing event and send's verdict,
    how many events failed that way, and of which (noun, action) pairs."""

    event: Event
    refused: core.Refused
    count: int = 0
    pairs: set[tuple[str, str]] = dataclasses.field(default_factory=set)


def fuzz(config: WebhookConfig, examples: int = 1000, seed: int = 0) -> FuzzReport:
    """Render every target of `config` for the edge events and `examples` generated events
    of the pairs it accepts; shrink the first failure of each kind at each target."""
    pairs = [p for p in EMITTED if f"{p[0]}:{p[1]}" in config.event_pairs]
    if not pairs:
        return FuzzReport(0, 0, seed, ())
    seen: dict[tuple[int, str], _Seen] = {}
    edges = eventgen.edge_events(pairs=pairs)
    for event in itertools.chain(edges, eventgen.bulk(pairs, examples, seed)):
        for refused in _failure_of(config, event):
            key = (refused.target.index, kind_of(refused))
            first = seen.setdefault(key, _Seen(event, refused))
            first.count += 1
            first.pairs.add((event.get("Type"), event.get("Action")))
    failures = [
        _shrink(config, min(examples, SHRINK_TRIES), seed, key[1], seen[key])
        for key in sorted(seen, key=lambda k: (k[0], KINDS.index(k[1])))
    ]
    return FuzzReport(len(edges) + examples, len(edges), seed, tuple(failures))


def _shrink(config: WebhookConfig, tries: int, seed: int, kind: str, seen: _Seen) -> Failure:
    """The smallest event hypothesis finds (in up to `tries` events from `seed`, of the
    pairs that failed this way in the scan) that fails as `seen` did at its target, with
    `kind`; else the scan's first failing event, not shrunk."""
    target = seen.refused.target
    alone = dataclasses.replace(config, targets=(target,))

    def fails(candidate: Event) -> None:
        for r in _failure_of(alone, candidate):
            if kind_of(r) == kind:
                raise _Found(candidate, r)

    among = eventgen.emitted_pairs(only=seen.pairs)
    test = given(strategies.events(pairs=among))(fails)
    try:
        hypothesis_seed(seed)(_settings(tries)(test))()
    except _Found as found:
        return Failure(
            target, kind, found.event, found.refused.reason, found.refused.syntax, True, seen.count
        )
    return Failure(
        target, kind, seen.event, seen.refused.reason, seen.refused.syntax, False, seen.count
    )


def format_report(report: FuzzReport, config: WebhookConfig) -> str:
    """The report as `check --fuzz` prints it: per target `ok`, or each kind of failure with
    its smallest event (as Flipt's URL sink would send it) and what send would say."""
    lines = [
        f"fuzz: {report.events} events per target ({report.edge} edge events + "
        f"{report.events - report.edge} generated, seed {report.seed})"
    ]
    if not report.events:
        lines.append("no event Flipt emits passes audit.events: nothing to render")
    for target in config.targets:
        failures = report.failures_at(target)
        lines.append(
            f"target {target.index} ({redact_url(target.url)}): {'FAILS' if failures else 'ok'}"
        )
        for f in failures:
            how = "smallest failing event" if f.shrunk else "first failing event (not shrunk)"
            lines.append(f"  {f.kind}: {f.count} of {report.events} events; {how}:")
            lines.append(f"    event: {to_json(f.event)}")
            lines.append(f"    {f.reason}")
            if f.syntax is not None:
                s = f.syntax
                lines.append(f"    (JSON error at line {s.line}, column {s.col}: {s.msg})")
    return "\n".join(lines)
