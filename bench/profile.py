"""`python -m bench.profile`: where gotmpl's render time goes, per corpus template (cProfile,
or pyinstrument's sampling profiler with --sample).

Prints the top functions by own time with their share of the total, and the same by cumulative
time, for each selected case. bench/PROFILE.md records a run and what to change in the engine.
cProfile inflates call overhead, so shares of many tiny calls read high; they still rank well.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable

from bench.corpus import CASES
from bench.engines import ENGINES

__all__ = ["main", "profile_case", "sample_case", "sender_breakdown"]


def _operation(name: str, parse: bool) -> Callable[[], object]:
    """One gotmpl render (or parse) of case `name`, its template parsed and data built once."""
    case = next(c for c in CASES if c.name == name)
    engine = ENGINES["gotmpl"]()
    data = engine.data(case)
    template = engine.parse(case)

    def op() -> object:
        return engine.parse(case) if parse else engine.render(template, case, data)

    return op


def profile_case(
    name: str, renders: int, top: int, sort: str = "tottime", parse: bool = False
) -> str:
    """The report for `renders` gotmpl renders (or parses) of case `name`, top `top` by `sort`."""
    op = _operation(name, parse)
    for _ in range(min(renders, 50)):  # warm caches so the profile shows steady state
        op()
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(renders):
        op()
    prof.disable()
    stats = pstats.Stats(prof)
    total = stats.total_tt  # type: ignore[attr-defined]
    what = "parse" if parse else "render"
    rows = []
    entries = stats.stats  # type: ignore[attr-defined]
    key = 2 if sort == "tottime" else 3
    ranked = sorted(entries.items(), key=lambda kv: kv[1][key], reverse=True)[:top]
    for (path, line, func), (_cc, ncalls, tt, ct, _callers) in ranked:
        where = f"{_short(path)}:{line}({func})"
        rows.append(
            f"  {tt / total:6.1%} own {ct / total:6.1%} cum {ncalls / renders:7.1f}/{what}  {where}"
        )
    head = f"{name}: {renders} {what}s, {total / renders * 1e6:.1f} µs/{what} under cProfile"
    return "\n".join([f"{head} (by {sort})", *rows])


def _short(path: str) -> str:
    for marker in ("/gotmpl/", "/webhook/", "/lib/python3"):
        if marker in path:
            return marker.strip("/").split("/")[0] + path.split(marker, 1)[1].join(["/", ""])
    return path


def _us(op: Callable[[], object], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        op()
    return (time.perf_counter() - t0) / n * 1e6


#: cProfile's own time grouped by where it is spent, first match wins (builtins are "~").
_COMPONENTS = (
    ("socket I/O", ("_socket.socket", "select.select", "select.poll", "select.epoll")),
    ("webhook (plan, report)", ("/webhook/",)),
    ("gotmpl (render)", ("/gotmpl/", "<gotmpl")),
    ("tenacity", ("/tenacity/",)),
    ("httpx", ("/httpx/",)),
    ("httpcore", ("/httpcore/",)),
    ("h11", ("/h11/",)),
    ("hmac, uuid, json", ("hmac", "_hashlib", "uuid", "/json/", "_json", "urandom")),
)


def _component(path: str, func: str) -> str:
    where = f"{path} {func}"
    for name, markers in _COMPONENTS:
        if any(m in where for m in markers):
            return name
    return "other (stdlib, builtins)"


def _by_component(op: Callable[[], object], n: int) -> dict[str, float]:
    """µs of cProfile own time per call of `op`, summed by component."""
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        op()
    prof.disable()
    parts: dict[str, float] = {}
    for (path, _line, func), row in pstats.Stats(prof).stats.items():  # type: ignore[attr-defined]
        name = _component(path, func)
        parts[name] = parts.get(name, 0.0) + row[2] / n * 1e6
    return parts


def _component_table(sender: dict[str, float], raw: dict[str, float]) -> list[str]:
    names = [c for c, _ in _COMPONENTS] + ["other (stdlib, builtins)"]
    head = f"  {'under cProfile, µs/event':28s} {'Sender.send':>12s} {'raw post':>9s} {'extra':>8s}"
    rows = [head]
    for name in [*names, "total"]:
        a = sum(sender.values()) if name == "total" else sender.get(name, 0.0)
        b = sum(raw.values()) if name == "total" else raw.get(name, 0.0)
        rows.append(f"  {name:28s} {a:12.1f} {b:9.1f} {a - b:+8.1f}")
    return rows


def sender_breakdown(n: int = 1000) -> str:
    """What one sync delivery spends besides raw httpx's POST, step by step (µs per event).

    Uses the benchmark's receiver (Go's when `go` is available) and the sender's own pieces;
    the last two lines show what reading the response (keeping the connection) is worth.
    """
    import httpx

    import webhook
    from bench import delivery, gorunner
    from gotmpl.jsonvalid import json_error
    from webhook import core

    go_bench, _ = gorunner.build()
    lines = []
    try:
        with delivery.receiver(go_bench) as (url, kind):
            config = delivery._config(url)
            target, secret = config.targets[0], config.signing_secret
            event = delivery._events()[0]
            body = core.render_body(target, event)
            p = core.prepare(target, event, secret)
            steps: list[tuple[str, Callable[[], object]]] = [
                ("gotmpl execute", lambda: target.template.execute(event)),
                ("json_valid check of the body", lambda: json_error(body)),
                (
                    "prepare (render + check + sign + headers + uuid)",
                    lambda: core.prepare(target, event, secret),
                ),
            ]
            for label, op in steps:
                lines.append(f"  {_us(op, n):8.1f} µs  {label}")
            with webhook.Sender(config) as sender, httpx.Client(follow_redirects=False) as c:
                timeout = httpx.Timeout(sender.attempt_timeout)  # as bench.delivery's raw posts
                for _ in range(50):
                    sender.send(event)

                def stream(read: bool) -> None:
                    with c.stream("POST", url, content=p.body, headers=list(p.headers)) as r:
                        if read:
                            r.read()

                cookieless = sender._client  # the sender's own: httpx without a cookie jar
                timings = [
                    ("Sender.send (whole delivery)", lambda: sender.send(event)),
                    (
                        "raw httpx post of the same bytes",
                        lambda: c.post(
                            url, content=p.body, headers=list(p.headers), timeout=timeout
                        ),
                    ),
                    (
                        "raw post through the sender's client (no cookie jar)",
                        lambda: cookieless.post(
                            url, content=p.body, headers=list(p.headers), timeout=timeout
                        ),
                    ),
                    ("httpx stream, response read (connection reused)", lambda: stream(True)),
                    ("httpx stream, response not read (new connection)", lambda: stream(False)),
                ]
                for label, op in timings:
                    lines.append(f"  {_us(op, n):8.1f} µs  {label}")
                # Where the time goes, by component; cProfile inflates many small calls, so the
                # µs read high, but sender and raw are inflated alike.
                by_sender = _by_component(lambda: sender.send(event), n)
                by_raw = _by_component(
                    lambda: c.post(url, content=p.body, headers=list(p.headers), timeout=timeout),
                    n,
                )
                lines += _component_table(by_sender, by_raw)
    finally:
        if go_bench is not None:
            go_bench.close()
    return "\n".join([f"sender, per event ({kind}):", *lines])


def sample_case(name: str, seconds: float, parse: bool = False) -> str:
    """pyinstrument's call tree for gotmpl rendering (or parsing) case `name` for `seconds`:
    a sampling profile, without cProfile's per-call cost (pip install pyinstrument)."""
    from pyinstrument import Profiler

    op = _operation(name, parse)
    op()
    profiler = Profiler(interval=0.0002)
    profiler.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        for _ in range(100):
            op()
    profiler.stop()
    return profiler.output_text(unicode=True, color=False)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.splitlines()[0])
    p.add_argument("cases", nargs="*", help="corpus names (default: the Flipt templates)")
    p.add_argument("--renders", type=int, default=2000)
    p.add_argument("--top", type=int, default=15)
    p.add_argument("--sort", choices=("tottime", "cumtime"), default="tottime")
    p.add_argument("--parse", action="store_true", help="profile parsing instead of rendering")
    p.add_argument("--sender", action="store_true", help="also break down one sync delivery")
    p.add_argument(
        "--sample", action="store_true", help="pyinstrument's sampling profile instead of cProfile"
    )
    a = p.parse_args(argv)
    names = a.cases or [c.name for c in CASES if c.flipt]
    out = io.StringIO()
    for name in names:
        renders = a.renders if any(c.name == name and c.flipt for c in CASES) else a.renders // 20
        if a.sample:
            print(sample_case(name, 1.0, a.parse), file=out)
            continue
        print(profile_case(name, max(1, renders), a.top, a.sort, a.parse), file=out)
        print(file=out)
    if a.sender:
        print(sender_breakdown(), file=out)
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
