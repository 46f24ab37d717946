"""`python -m conformance.adversarial`: generated cases through Go and gotmpl, per kind.

    python -m conformance.adversarial                        # every kind, 200 cases each
    python -m conformance.adversarial --kind deep --count 50 --seed 3
    python -m conformance.adversarial --shrink --json out.json

Prints, per kind, the cases run, how many matched Go, and the mismatches grouped into classes
(by a short signature), each with its smallest reproducer: template, data, Go's result, ours.
With --shrink, mismatches are first reduced (actions and data keys removed while the signature
holds) and classes split by the constructs the reduced cases still use. Exit status 1 when any
case differs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from conformance.adversarial import KINDS, generate
from conformance.adversarial.runner import GotmplWorker, KindReport, compare, dumps
from conformance.adversarial.shrink import shrink, tags
from conformance.oracle_client import Oracle, build_oracle


def _show(value: Any, limit: int = 600) -> str:
    text = value if isinstance(value, str) else dumps({"v": value})[6:-1]
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _print_report(rep: KindReport, elapsed: float) -> None:
    pct = 100.0 * rep.matches / rep.cases if rep.cases else 100.0
    skipped = f", {rep.skipped} skipped" if rep.skipped else ""
    print(f"\n== {rep.kind}: {rep.cases} cases, {rep.matches} match ({pct:.1f}%){skipped}"
          f" [{elapsed:.1f}s]")  # fmt: skip
    ordered = sorted(rep.classes.items(), key=lambda kv: -len(kv[1]))
    for (shape, sig), items in ordered:
        m = rep.reproducer((shape, sig))
        print(f"\n  [{len(items)}] {shape}: {sig}")
        c = m.case
        tmpl = c.get("template", c.get("template_b64", ""))
        extra = {k: c[k] for k in ("name", "options", "funcs", "data_mode", "execute") if k in c}
        print(f"    template: {_show(tmpl)}")
        print(f"    data:     {_show(c.get('data'))}   {json.dumps(extra, ensure_ascii=False)}")
        print(f"    go:       {_show(m.want)}")
        print(f"    gotmpl:   {_show(m.got)}")


def regroup(rep: KindReport, limit: int, oracle: Oracle, worker: GotmplWorker) -> None:
    """Shrink up to `limit` mismatches per class and split classes by their reduced forms'
    constructs (`shape: signature [tags]`); the rest stay under `[unreduced]`."""
    classes, rep.classes = rep.classes, {}
    for (shape, sig), items in classes.items():
        items = sorted(items, key=lambda m: m.size)
        for i, m in enumerate(items):
            if i < limit:
                small = shrink(m, oracle, worker)
                key = (shape, f"{sig} [{tags(small.case)}]")
                if key not in rep.reduced or small.size < rep.reduced[key].size:
                    rep.reduced[key] = small
            else:
                key = (shape, f"{sig} [unreduced]")
            rep.add(*key, m)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen kinds; returns the process exit status."""
    ap = argparse.ArgumentParser(prog="python -m conformance.adversarial", description=__doc__)
    ap.add_argument("--kind", action="append", choices=sorted(KINDS), help="repeatable")
    ap.add_argument("--count", type=int, default=200, help="cases per kind")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per gotmpl case")
    ap.add_argument(
        "--shrink",
        type=int,
        nargs="?",
        const=20,
        default=0,
        metavar="N",
        help="reduce up to N mismatches per class (default 20) and regroup them by the "
        "constructs their reduced forms still use",
    )
    ap.add_argument("--json", metavar="FILE", help="also write every mismatch as JSON lines")
    args = ap.parse_args(argv)
    kinds = args.kind or list(KINDS)
    oracle = Oracle(build_oracle())
    total = same = 0
    dump = []
    try:
        with GotmplWorker(args.timeout) as worker:
            for kind in kinds:
                start = time.monotonic()
                cases = generate(kind, args.count, args.seed)
                rep = compare(kind, cases, oracle, worker)
                if args.shrink and kind != "deep":  # a deep case's depth is in its shape
                    regroup(rep, args.shrink, oracle, worker)
                _print_report(rep, time.monotonic() - start)
                total += rep.cases
                same += rep.matches
                for (shape, sig), items in rep.classes.items():
                    for m in items:
                        dump.append({"kind": kind, "shape": shape, "signature": sig,
                                     "case": m.case, "go": m.want, "gotmpl": m.got})  # fmt: skip
    finally:
        oracle.close()
    pct = 100.0 * same / total if total else 100.0
    print(f"\nall kinds: {total} cases, {same} match ({pct:.1f}%)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            for d in dump:
                f.write(dumps(d) + "\n")
    return 0 if same == total else 1


if __name__ == "__main__":
    sys.exit(main())
