"""Turn measurements into the printed tables and the target verdicts (Markdown, README-ready)."""

from __future__ import annotations

from bench.coldstart import ColdStart
from bench.delivery import MemoryResult, Throughput
from bench.event import EventDecoding
from bench.fuzz import CONFIGS, FuzzRate
from bench.render import CaseResult

__all__ = [
    "cold_start_table",
    "cold_start_verdicts",
    "delivery_table",
    "event_table",
    "event_verdict",
    "fmt_ns",
    "fuzz_table",
    "fuzz_verdict",
    "memory_table",
    "render_table",
    "verdicts",
]

_ENGINES = ("gotmpl", "Go", "Jinja2", "gotpl")
_RATIOS = ("Go", "Jinja2", "gotpl")


def fmt_ns(ns: float | None) -> str:
    """A duration with a unit a reader can compare at a glance."""
    if ns is None:
        return "-"
    if ns < 1_000:
        return f"{ns:.0f} ns"
    if ns < 1_000_000:
        return f"{ns / 1_000:.1f} µs"
    return f"{ns / 1_000_000:.2f} ms"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "-"
    return f"{a / b:.2f}"


def render_table(results: list[CaseResult]) -> str:
    """One row per (template, parse|render): medians per engine and gotmpl's ratios."""
    head = ["template", "op", *_ENGINES, *(f"gotmpl/{e}" for e in _RATIOS)]
    rows = [head, ["---"] * len(head)]
    for r in results:
        for op in ("render", "parse"):
            attr = f"{op}_ns"
            value = {e: getattr(t, attr) for e, t in r.timings.items() if t.error is None}
            cells = [r.case.name, op, *(fmt_ns(value.get(e)) for e in _ENGINES)]
            cells += [_ratio(value.get("gotmpl"), value.get(e)) for e in _RATIOS]
            rows.append(cells)
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


#: The per-event budget for decoding a typical event (issue 12).
EVENT_DECODING_NS = 3000


def event_table(d: EventDecoding) -> str:
    """The two ways an event is decoded, median per event."""
    return "\n".join(
        [
            "| operation | median |",
            "| --- | --- |",
            f"| `Event.from_dict(obj)` | {fmt_ns(d.from_dict_ns)} |",
            f"| `Event.from_json(line)` (json.loads included) | {fmt_ns(d.from_json_ns)} |",
        ]
    )


def event_verdict(d: EventDecoding) -> str:
    return _verdict(
        d.from_dict_ns <= EVENT_DECODING_NS,
        f"Event.from_dict <= {fmt_ns(EVENT_DECODING_NS)} per typical event",
        fmt_ns(d.from_dict_ns),
    )


#: `check --fuzz` on the docs' templates: "thousands of events a second" (issue 14).
FUZZ_EVENTS_PER_S = 2000


def fuzz_table(rates: list[FuzzRate]) -> str:
    """Events a second `check --fuzz` takes, per example config."""
    rows = ["| config | holds | events | median | events/s |", "| --- | --- | --- | --- | --- |"]
    for r in rates:
        rows.append(
            f"| {r.config} | {CONFIGS[r.config]} | {r.events:,} | {r.seconds:.2f} s "
            f"| {r.per_second:,.0f} |"
        )
    return "\n".join(rows)


def fuzz_verdict(rates: list[FuzzRate]) -> str:
    docs = next(r for r in rates if r.config == "flipt-templates.yml")
    return _verdict(
        docs.per_second >= FUZZ_EVENTS_PER_S,
        f"check --fuzz >= {FUZZ_EVENTS_PER_S:,} events/s on the docs' templates",
        f"{docs.per_second:,.0f} events/s",
    )


def _receiver_name(delay: float) -> str:
    return f"answers after {delay * 1000:g} ms" if delay else "answers at once"


def delivery_table(rows_in: list[Throughput]) -> str:
    """Events per second delivered, sender vs raw httpx, the overhead, and each sender's rate
    over Sender's to the same receiver; then raw httpx over httpx's own async pool."""
    rows = [
        "| receiver | client | sender (events/s) | raw httpx (events/s) | sender overhead "
        "| vs Sender |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for d in rows_in:
        where = _receiver_name(d.delay)
        for label, s, raw in (
            ("sync (`Sender`, httpx.Client)", d.sync_sender, d.sync_raw),
            (
                "async (`AsyncSender`, httpx.AsyncClient on aiohttp, 10 in flight)",
                d.async_sender,
                d.async_raw,
            ),
        ):
            rows.append(
                f"| {where} | {label} | {s:,.0f} | {raw:,.0f} | {d.overhead(s, raw):+.0%} "
                f"| {s / d.sync_sender:.2f}x |"
            )
        rows.append(
            f"| {where} | raw httpx.AsyncClient on httpx's own pool, 10 in flight | - "
            f"| {d.async_httpx_pool:,.0f} | - | {d.async_httpx_pool / d.sync_sender:.2f}x |"
        )
    return "\n".join(rows)


def cold_start_table(runs: list[ColdStart]) -> str:
    """Each command's wall time (best and median of the rounds) and its ratio to the Jinja2
    one-liner's, both measured in the same rounds."""
    jinja = next((r for r in runs if r.name.startswith("Jinja2")), None)
    rows = [
        "| command | best | median | best / Jinja2's | median / Jinja2's |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in runs:
        ratios = ["-", "-"] if jinja is None else [
            f"{r.best / jinja.best:.2f}",
            f"{r.median / jinja.median:.2f}",
        ]  # fmt: skip
        rows.append(
            f"| `{r.command}` | {r.best * 1000:.0f} ms | {r.median * 1000:.0f} ms | "
            f"{ratios[0]} | {ratios[1]} |"
        )
    return "\n".join(rows)


def cold_start_verdicts(runs: list[ColdStart]) -> list[str]:
    """The cold-start targets: gotmpl's CLI no slower than the Jinja2 one-liner, the
    webhook check within twice it (best times, which load disturbs least)."""
    by_name = {r.name: r for r in runs}
    jinja = by_name.get("Jinja2 one-liner")
    if jinja is None:
        return []
    lines = []
    for name, limit in (("gotmpl render", 1.0), ("webhook check", 2.0)):
        r = by_name.get(name)
        if r is not None:
            ratio = r.best / jinja.best
            lines.append(
                _verdict(
                    ratio <= limit,
                    f"cold {name} <= {limit:g}x the Jinja2 one-liner",
                    f"{ratio:.2f}x ({r.best * 1000:.0f} vs {jinja.best * 1000:.0f} ms best; "
                    f"medians {r.median * 1000:.0f} vs {jinja.median * 1000:.0f} ms)",
                )
            )
    return lines


def memory_slope(m: MemoryResult) -> float:
    """Least-squares growth of the traced heap in bytes per event, after the first sample
    (which still includes caches filling up: regex, URL and header caches, the pool)."""
    samples = m.samples[1:] if len(m.samples) >= 3 else m.samples
    xs = [s.events for s in samples]
    ys = [s.traced for s in samples]
    if len(xs) < 2:
        return 0.0
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def memory_table(m: MemoryResult) -> str:
    """Traced heap and RSS after every sample point of the long sync run."""
    rows = ["| events sent | traced heap | RSS |", "| --- | --- | --- |"]
    for s in m.samples:
        rows.append(f"| {s.events:,} | {s.traced / 1024:,.0f} KiB | {s.rss / 2**20:,.1f} MiB |")
    return "\n".join(rows)


def verdicts(
    results: list[CaseResult], delivery: list[Throughput], m: MemoryResult | None
) -> list[str]:
    """One line per target: met / MISSED, with the numbers that decide it."""
    lines = []

    def t(r: CaseResult, engine: str, op: str) -> float | None:
        timing = r.timings.get(engine)
        return None if timing is None or timing.error else getattr(timing, f"{op}_ns")

    flipt = [r for r in results if r.case.flipt]
    go_ratios = [
        (r.case.name, t(r, "gotmpl", "render") / g)  # type: ignore[operator]
        for r in flipt
        if (g := t(r, "Go", "render")) and t(r, "gotmpl", "render")
    ]
    if go_ratios:
        worst = max(x for _, x in go_ratios)
        detail = ", ".join(f"{n} {x:.1f}x" for n, x in go_ratios)
        lines.append(_verdict(worst <= 1.0, "render <= Go on Flipt templates", detail))
    for other in ("gotpl", "Jinja2"):
        ratios = [
            (r.case.name, o / g)
            for r in results
            if (o := t(r, other, "render")) and (g := t(r, "gotmpl", "render"))
        ]
        if ratios:
            worst = min(ratios, key=lambda x: x[1])
            detail = f"speedup {min(x for _, x in ratios):.1f}x-{max(x for _, x in ratios):.1f}x"
            detail += f" (slowest: {worst[0]})"
            lines.append(_verdict(worst[1] >= 8.0, f"render >= 8x faster than {other}", detail))
    parses = [(r.case.name, p) for r in flipt if (p := t(r, "gotmpl", "parse"))]
    if parses:
        detail = ", ".join(f"{n} {fmt_ns(p)}" for n, p in parses)
        ok = max(p for _, p in parses) <= 100_000
        lines.append(_verdict(ok, "parse <= 100 µs per Flipt template", detail))
    slower = [
        r.case.name
        for r in results
        if (p := t(r, "gotmpl", "parse")) and (o := t(r, "gotpl", "parse")) and p >= o
    ]
    if any(t(r, "gotpl", "parse") for r in results):
        detail = "slower on: " + ", ".join(slower) if slower else "every template"
        lines.append(_verdict(not slower, "parse faster than gotpl", detail))
    for d in delivery:
        if d.delay:
            lines.append(
                _verdict(
                    d.async_speedup >= 8.0,
                    f"AsyncSender >= 8x Sender's events/s, receiver {_receiver_name(d.delay)}",
                    f"{d.async_speedup:.1f}x ({d.async_sender:,.0f} vs {d.sync_sender:,.0f}/s)",
                )
            )
            continue
        lines.append(
            _verdict(
                d.async_speedup >= 1.0,
                f"AsyncSender >= Sender's events/s, receiver {_receiver_name(d.delay)}",
                f"{d.async_speedup:.2f}x ({d.async_sender:,.0f} vs {d.sync_sender:,.0f}/s)",
            )
        )
        pairs = (("sync", d.sync_sender, d.sync_raw), ("async", d.async_sender, d.async_raw))
        for label, s, raw in pairs:
            ov = d.overhead(s, raw)
            lines.append(
                _verdict(ov <= 0.10, f"{label} sender overhead <= 10% over raw httpx", f"{ov:+.0%}")
            )
    if m is not None and m.samples:
        slope = memory_slope(m)
        first, last = m.samples[0], m.samples[-1]
        detail = (
            f"{slope:+.1f} B/event traced; traced {first.traced / 1024:.0f} -> "
            f"{last.traced / 1024:.0f} KiB, RSS {first.rss / 2**20:.1f} -> {last.rss / 2**20:.1f} "
            f"MiB over {last.events:,} events; peak {m.peak_traced / 1024:.0f} KiB"
        )
        lines.append(_verdict(slope < 10.0, "memory flat", detail))
    return lines


def _verdict(ok: bool, target: str, detail: str) -> str:
    return f"- {'met   ' if ok else 'MISSED'} {target}: {detail}"
