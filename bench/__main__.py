"""`python -m bench`: every benchmark in one run, one report on stdout (Markdown tables).

python -m bench            # full run, about a minute on 2 cores
python -m bench --quick    # seconds; CI smoke use, numbers are rough
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import asdict
from typing import Any

from bench import gorunner, report
from bench.coldstart import measure_cold_start
from bench.corpus import CASES, Case
from bench.delivery import (
    SLOW_RECEIVER,
    DeliveryPlan,
    Throughput,
    measure_delivery,
    measure_memory,
    receiver,
)
from bench.engines import available
from bench.event import measure_event_decoding
from bench.fuzz import measure_fuzz
from bench.render import check_outputs, time_engines
from bench.timing import FULL, QUICK, Budget

_FULL_PLAN = DeliveryPlan(
    events=1000, rounds=5, memory_events=10_000, sample_every=1000, slow_events=40
)
_QUICK_PLAN = DeliveryPlan(
    events=100, rounds=1, memory_events=1000, sample_every=250, slow_events=4
)


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="short batches and runs (CI smoke use)")
    p.add_argument("--batches", type=int, help="batches per measurement (median of these)")
    p.add_argument("--batch-ms", type=float, help="target length of one batch, milliseconds")
    p.add_argument("--events", type=int, help="events per throughput round")
    p.add_argument(
        "--slow-events",
        type=int,
        help="Sender's events per round to the slow receiver (AsyncSender sends 10x)",
    )
    p.add_argument("--rounds", type=int, help="throughput rounds (median of these)")
    p.add_argument("--fuzz-events", type=int, help="events per `check --fuzz` run")
    p.add_argument("--memory-events", type=int, help="length of the memory run")
    p.add_argument("--no-go", action="store_true", help="skip Go even when it is installed")
    p.add_argument("--no-sender", action="store_true", help="skip the sender benchmarks")
    p.add_argument("--no-cold", action="store_true", help="skip the cold-start benchmarks")
    p.add_argument("--json", metavar="FILE", help="also write the raw results as JSON")
    return p.parse_args(argv)


def _plans(a: argparse.Namespace) -> tuple[Budget, DeliveryPlan]:
    budget = QUICK if a.quick else FULL
    plan = _QUICK_PLAN if a.quick else _FULL_PLAN
    budget = Budget(
        a.batches or budget.batches,
        a.batch_ms / 1000 if a.batch_ms else budget.batch_seconds,
    )
    memory_events = a.memory_events or plan.memory_events
    plan = DeliveryPlan(
        a.events or plan.events,
        a.rounds or plan.rounds,
        memory_events,
        max(1, min(plan.sample_every, memory_events // 4)),
        a.slow_events or plan.slow_events,
    )
    return budget, plan


def _machine(go_version: str | None) -> str:
    go = go_version or "no Go"
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {go}, {platform.system()} {platform.machine()}"
    )


def _load() -> str:
    """The 1-minute load average: how busy the (shared) machine was, to judge the noise."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"


def main(argv: list[str] | None = None) -> int:
    """Run everything and print the report; 1 if gotmpl's output differs from Go's, else 0."""
    a = _args(argv)
    budget, plan = _plans(a)
    started = time.perf_counter()
    out = sys.stdout
    engines, missing = available()
    for name, why in missing.items():
        print(f"notice: {name} skipped: {why}", file=out)

    go_bench, go_note = (None, "skipped (--no-go)") if a.no_go else gorunner.build()
    if go_bench is None:
        print(f"notice: {go_note}", file=out)
    go_version = go_bench.version if go_bench else None
    try:
        go_time = None
        if go_bench is not None:
            bench = go_bench

            def go_time(case: Case) -> dict[str, Any]:
                return bench.time((case,), budget, timeout=300)[case.name]

        load_before = _load()
        results = time_engines(CASES, engines, budget, go_time)
        checks = check_outputs(results)
        decoding = measure_event_decoding(budget)
        fuzz_events = a.fuzz_events or (500 if a.quick else 5000)
        fuzz_rates = measure_fuzz(fuzz_events, min(plan.rounds, 3))

        cold = None if a.no_cold else measure_cold_start(5 if a.quick else 20)
        delivery: list[Throughput] = []
        memory = None
        kind = ""
        if not a.no_sender:
            with receiver(go_bench) as (url, kind):
                delivery.append(measure_delivery(url, plan))
                memory = measure_memory(url, plan)
            with receiver(go_bench, SLOW_RECEIVER) as (url, kind):
                delivery.append(measure_delivery(url, plan, SLOW_RECEIVER))
    finally:
        if go_bench is not None:
            go_bench.close()

    print(
        f"\n## Templates: median per operation ({budget.batches} batches of ~"
        f"{budget.batch_seconds * 1000:g} ms each)\n",
        file=out,
    )
    print(report.render_table(results), file=out)
    print("\nOutputs vs Go's text/template:", file=out)
    if go_time is None:
        print("    not checked (no Go)", file=out)
    else:
        gotmpl_ok = all(r.same_as_go.get("gotmpl", False) for r in results)
        if gotmpl_ok:
            print(f"    gotmpl == Go, byte for byte, on all {len(results)} templates", file=out)
        for line in checks:
            print(line, file=out)
    print(
        "\n## Event decoding: one typical event (events.jsonl's first line), median\n",
        file=out,
    )
    print(report.event_table(decoding), file=out)
    print(
        f"\n## check --fuzz: `fuzz(config, {fuzz_events})`, seed 0, median of "
        f"{min(plan.rounds, 3)} runs\n",
        file=out,
    )
    print(report.fuzz_table(fuzz_rates), file=out)
    if delivery and memory is not None:
        print(
            f"\n## Sender: events/s to 127.0.0.1 ({kind}; template mode, signed; median of "
            f"{plan.rounds} rounds of {plan.events} events; to the slow receiver "
            f"{min(plan.rounds, 3)} rounds of {plan.slow_events} (sync) and "
            f"{10 * plan.slow_events} (async))\n",
            file=out,
        )
        print(report.delivery_table(delivery), file=out)
        print(
            f"\n## Memory: one Sender, {plan.memory_events:,} events "
            f"(tracemalloc on, {memory.seconds:.1f} s)\n",
            file=out,
        )
        print(report.memory_table(memory), file=out)
    if cold is not None:
        print(
            "\n## Cold start: a new process doing one small job (wall time, "
            f"{len(cold[0].times)} interleaved rounds, bytecode cached)\n",
            file=out,
        )
        print(report.cold_start_table(cold), file=out)
    print("\n## Targets\n", file=out)
    for line in report.verdicts(results, delivery, memory):
        print(line, file=out)
    for line in report.cold_start_verdicts(cold or []):
        print(line, file=out)
    print(report.event_verdict(decoding), file=out)
    print(report.fuzz_verdict(fuzz_rates), file=out)
    elapsed = time.perf_counter() - started
    print(
        f"\nMachine: {_machine(go_version)}. Run took {elapsed:.0f} s; load average "
        f"{load_before} at the start, {_load()} at the end.",
        file=out,
    )

    if a.json:
        _write_json(a.json, results, decoding, fuzz_rates, delivery, memory, go_version)
    mismatch = go_time is not None and not all(r.same_as_go.get("gotmpl") for r in results)
    return 1 if mismatch else 0


def _write_json(
    path: str,
    results: Any,
    decoding: Any,
    fuzz_rates: Any,
    delivery: Any,
    memory: Any,
    go_version: Any,
) -> None:
    doc = {
        "machine": _machine(go_version),
        "templates": {
            r.case.name: {
                e: {"parse_ns": t.parse_ns, "render_ns": t.render_ns, "error": t.error}
                for e, t in r.timings.items()
            }
            for r in results
        },
        "event_decoding": asdict(decoding),
        "check_fuzz": [asdict(r) for r in fuzz_rates],
        "delivery": [asdict(d) for d in delivery],
        "memory": asdict(memory) if memory else None,
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2)


if __name__ == "__main__":
    sys.exit(main())
