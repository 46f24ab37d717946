"""`python -m webhook`: check a Flipt config, send events, listen for them, or run the demo.

User mistakes (a bad config, a malformed event file) print one line and exit 2; failed
deliveries exit 1; no traceback is ever shown for either. A bug of ours prints one line too
and exits 3. Each command imports what only it needs (the senders, httpx and asyncio; the
receiver), so `check` starts as fast as loading a config allows.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from gotmpl.cli import VersionAction, silence
from gotmpl.jsonvalid import go_float
from webhook.config import ConfigError, WebhookConfig, load_config, redact_url
from webhook.duration import DurationError, parse_duration
from webhook.event import MAX_DEPTH, Event, EventError
from webhook.event import _too_deep as too_deep
from webhook.limits import MAX_EVENT_BYTES, MAX_EVENT_FILE_BYTES, TooLarge, read_text
from webhook.lint import field_warnings
from webhook.options import STANDARD_SIGNING
from webhook.outbox import DEAD, PENDING, OutboxError, OutboxLock
from webhook.unfinished import Tally

if TYPE_CHECKING:
    from webhook.fuzz import FuzzReport
    from webhook.progress import Progress
    from webhook.receiver import Received
    from webhook.result import DeliveryResult

    #: webhook.fuzz's `fuzz` and `format_report`, imported only when `check --fuzz` runs.
    Fuzz = Callable[[WebhookConfig, int, int], FuzzReport]
    FormatReport = Callable[[FuzzReport, WebhookConfig], str]

__all__ = ["main"]

EXAMPLES = Path(__file__).parent / "examples"
#: A signing secret is a line; a larger "secret file" is the wrong file.
MAX_SECRET_FILE_BYTES = 64 * 1024


class UserError(Exception):
    """A mistake in the command's input: reported in one line, exit status 2."""


def read_events(source: str) -> list[Event]:
    """Events from a file or `-` (stdin): one JSON event, a JSON array, or JSON lines, within
    the size limits of webhook.limits."""
    try:
        stream = sys.stdin.buffer if source == "-" else source
        text = read_text(stream, MAX_EVENT_FILE_BYTES, "event file")
    except TooLarge as exc:
        raise UserError(f"{source}: {exc} (send accepts a whole file at once; split it)") from None
    except OSError as exc:
        raise UserError(f"cannot read events from {source}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UserError(f"{source}: events are not UTF-8") from None
    if too_deep(text):
        raise UserError(f"{source}: JSON nested more than {MAX_DEPTH} levels deep")
    try:
        whole = json.loads(text, parse_float=go_float)
    except (ValueError, RecursionError):
        whole = None
    try:
        if isinstance(whole, dict):
            _check_size(source, "event", text if len(text) > MAX_EVENT_BYTES // 4 else "")
            return [Event.from_dict(whole)]
        if isinstance(whole, list):
            if len(text) > MAX_EVENT_BYTES // 4:  # else no element can be too large
                for i, e in enumerate(whole):
                    compact = json.dumps(e, separators=(",", ":"), ensure_ascii=False)
                    _check_size(source, f"event {i}", compact)
            events = []
            for i, e in enumerate(whole):
                try:
                    events.append(Event.from_dict(e))
                except EventError as exc:
                    raise UserError(f"{source}: event {i}: {exc}") from None
            return events
        events = []
        for n, line in enumerate(text.split("\n"), 1):
            if line.strip():
                try:
                    events.append(Event.from_json(line))
                except EventError as exc:
                    raise UserError(f"{source}:{n}: {exc}") from None
    except EventError as exc:
        raise UserError(f"{source}: {exc}") from None
    if not events:
        raise UserError(f"{source}: no events found")
    return events


def _check_size(source: str, what: str, text: str) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_EVENT_BYTES:
        raise UserError(f"{source}: {TooLarge(what, MAX_EVENT_BYTES, size)}")


def _summary(config: WebhookConfig, out: Lines) -> None:
    print(f"config: {config.path}", file=out)
    print(f"mode: {config.mode}; max_backoff_duration: {config.max_backoff:g}s", file=out)
    print(f"signing: {_signing(config)}", file=out)
    opts = config.options
    print(f"tls_verify: {'on' if opts.tls_verify else 'OFF'}", file=out)
    print(f"outbox: {opts.outbox or 'off'}", file=out)
    print(f"events: {' '.join(config.events)}", file=out)
    for t in config.targets:
        names = ", ".join(n for n, _ in t.headers) or "-"
        print(f"  target {t.index}: {redact_url(t.url)} (headers: {names})", file=out)
    for w in config.warnings:
        print(f"warning: {w}", file=out)


def _signing(config: WebhookConfig) -> str:
    if not config.signing_secret:
        return "off"
    if config.options.signing == STANDARD_SIGNING:
        return "standard (webhook-id, webhook-timestamp, webhook-signature)"
    return "on (X-Flipt-Webhook-Signature)"


def cmd_check(args: argparse.Namespace, stdout: TextIO) -> int:
    out = _ReportOut(stdout, "the check goes on")
    fuzz_tools = _fuzz_tools(args) if args.fuzz is not None else None  # before any output
    config = load_config(args.config)
    _summary(config, out)
    for target in config.targets:
        if target.is_template:
            for warning in field_warnings(target.template):
                print(f"warning: target {target.index}: {warning}", file=out)
    if fuzz_tools is not None:
        return _check_fuzz(config, args, out, *fuzz_tools)
    if not args.event:
        print("ok: config is valid and every template parses", file=out)
        return 0
    from webhook import core

    failed = 0
    for n, event in enumerate(read_events(args.event)):
        for item in core.plan(config, event):  # send's own decision, budgets included
            head = f"--- event {n} ({event.pair}) -> target {item.target.index}"
            if isinstance(item, core.Prepared):
                print(f"{head}:", file=out)
                print(item.body.decode("utf-8", "replace"), file=out)
            elif item.skipped:
                print(f"{head}: skipped (not in audit.events)", file=out)
            else:
                failed += 1
                print(f"{head}: NOT SENDABLE", file=out)
                print(item.reason, file=out)
                if item.syntax is not None:
                    s = item.syntax
                    print(f"(JSON error at line {s.line}, column {s.col}: {s.msg})", file=out)
    return 1 if failed else 0


def _fuzz_tools(args: argparse.Namespace) -> tuple[Fuzz, FormatReport]:
    """webhook.fuzz's `fuzz` and `format_report`, or the UserError saying why `--fuzz` cannot
    run here (asked before the config's summary is printed)."""
    if args.event:
        raise UserError("--fuzz and --event cannot be used together")
    try:
        from webhook.fuzz import format_report, fuzz
    except ImportError as exc:
        if exc.name != "hypothesis" and not (exc.name or "").startswith("hypothesis."):
            raise
        raise UserError("--fuzz needs the fuzz extra: pip install hypothesis") from None
    return fuzz, format_report


def _check_fuzz(
    config: WebhookConfig,
    args: argparse.Namespace,
    out: _ReportOut,
    fuzz: Fuzz,
    format_report: FormatReport,
) -> int:
    """`check --fuzz N`: every target against the events Flipt can send (webhook.fuzz)."""
    started = time.perf_counter()
    report = fuzz(config, args.fuzz, args.seed)
    seconds = time.perf_counter() - started
    print(format_report(report, config), file=out)
    rate = report.events / seconds if seconds else 0.0
    speed = f"{rate:.0f} events/s, {rate * len(config.targets):.0f} renders/s"
    print(f"fuzz: {seconds:.2f}s, {speed}", file=sys.stderr)  # not in the report
    return 0 if report.ok else 1


class _ReportOut(io.TextIOBase):
    """Where report lines go, each flushed as it is written. When the reader goes away
    (`send | head`) or the disk is full, the work goes on (`going_on` says what): the report
    stops, stderr says so once, and the exit status still tells how the work went. Print to
    it (`file=`) or `emit` a function that writes to the real stream."""

    def __init__(self, out: TextIO, going_on: str = "deliveries go on") -> None:
        self.out = out
        self.going_on = going_on
        self.broken = False

    def emit(self, write: Callable[[TextIO], object]) -> None:
        if self.broken:
            return
        try:
            write(self.out)
            self.out.flush()
        except OSError as exc:
            self.broken = True
            silence(self.out)
            with contextlib.suppress(OSError):
                print(
                    f"webhook: cannot write the report ({exc.strerror or exc}); {self.going_on}",
                    file=sys.stderr,
                )

    def write(self, text: str) -> int:
        self.emit(lambda f: f.write(text))
        return len(text)


#: Where a command prints: the stream itself, or a _ReportOut over it.
Lines = TextIO | _ReportOut


def _print_result(n: int, event: Event, r: DeliveryResult, out: Lines) -> None:
    """One event's result at one target: a line, and the reason on the next when it failed."""
    if r.skipped:
        state = "skipped"
    elif r.delivered:
        state = f"delivered (HTTP {r.status})"
    else:
        state = "FAILED"
    line = f"event {n} ({event.pair}) -> target {r.target} {r.url}: {state}"
    line += f", {r.attempts} attempt(s), {r.elapsed:.3f}s"
    if r.delivery_id:
        line += f", id {r.delivery_id}"
    print(line, file=out)
    if r.reason and not r.delivered:
        print(f"  reason: {r.reason}", file=out)
    if r.delivered and r.unconfirmed:
        print(f"  note: {r.unconfirmed} earlier attempt(s) may have arrived too", file=out)


def _print_results(n: int, event: Event, results: list[DeliveryResult], out: Lines) -> None:
    for r in results:
        _print_result(n, event, r, out)


def cmd_send(args: argparse.Namespace, out: TextIO) -> int:
    from webhook.sender import AsyncSender, Sender

    config = load_config(args.config)
    for w in config.warnings:
        print(f"warning: {w}", file=sys.stderr)
    events = read_events(args.event)
    opts: dict[str, Any] = {"attempt_timeout": args.timeout}
    if args.outbox:
        opts["outbox"] = args.outbox
    if args.insecure:
        opts["verify"] = False
    bad = 0
    lines = _ReportOut(out)
    tally = Tally(len(events), (t.index for t in config.targets))
    senders: list[Sender | AsyncSender] = []
    progress = _progress(len(events) * len(config.targets))
    # a report line going to the same terminal first erases the progress line
    clear = progress.clear if progress is not None and _isatty(out) else None

    def report(n: int, r: DeliveryResult) -> None:
        """Written and flushed as soon as it is decided: a killed run keeps what it decided."""
        nonlocal bad
        bad += not r.ok
        tally.decide(n, r.target)
        if clear is not None:
            clear()
        if args.json:
            line = json.dumps({"event": n, "pair": events[n].pair, **r.to_dict()})
            lines.emit(lambda f: print(line, file=f))
        else:
            lines.emit(lambda f: _print_result(n, events[n], r, f))
        if progress is not None:
            progress.add(r)

    try:
        if args.use_async:
            import asyncio

            async def run() -> None:
                async with AsyncSender(config, max_concurrency=args.concurrency, **opts) as s:
                    senders.append(s)
                    await s.send_many(events, on_result=report)

            asyncio.run(run())
        else:
            with Sender(config, **opts) as sender:
                senders.append(sender)
                sender.send_many(events, on_result=report)
    except KeyboardInterrupt:
        close = senders[0].last_close if senders else None
        with contextlib.suppress(OSError):
            if progress is not None:
                progress.finish()  # the counts so far stay on their own line
            print(f"webhook: {tally.interrupted(close)}", file=sys.stderr)
        raise
    if progress is not None:
        progress.finish()
    return 1 if bad else 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):
        return False


def _progress(total: int) -> Progress | None:
    """A progress line on stderr, only when stderr is a terminal (a person is watching)."""
    from webhook.progress import Progress

    return Progress(sys.stderr, total) if _isatty(sys.stderr) else None


def cmd_replay(args: argparse.Namespace, out: TextIO) -> int:
    """Resend the outbox's dead letters (and deliveries a killed or closed sender left)."""
    from webhook.sender import Sender

    config = load_config(args.config)
    path = args.outbox or config.options.outbox
    if not path:
        raise UserError("no outbox: set audit.sinks.webhook.sender.outbox or pass --outbox")
    if not Path(path).exists():
        raise UserError(f"outbox {path} does not exist")
    states = (DEAD,) if args.dead_only else (DEAD, PENDING)
    opts: dict[str, Any] = {"outbox": path, "attempt_timeout": args.timeout}
    if args.list:
        with Sender(config, **opts) as sender:
            assert sender.outbox is not None
            letters = sender.outbox.letters(states)
        for x in letters:
            print(
                f"{x.state} {x.delivery_id} {x.target_key}: {x.attempts} attempt(s)"
                f"{', ' + x.reason if x.reason else ''}",
                file=out,
            )
        print(f"{len(letters)} delivery(ies) in {path}", file=out)
        return 0

    lines = _ReportOut(out)

    def write(r: DeliveryResult, f: TextIO) -> None:
        if args.json:
            print(json.dumps(r.to_dict()), file=f)
            return
        state = f"delivered (HTTP {r.status})" if r.delivered else "FAILED"
        print(
            f"{r.delivery_id} -> target {r.target} {r.url}: {state}, {r.attempts} attempt(s)",
            file=f,
        )
        if r.reason and not r.delivered:
            print(f"  reason: {r.reason}", file=f)

    def report(n: int, r: DeliveryResult) -> None:
        lines.emit(lambda f: write(r, f))

    with OutboxLock(path), Sender(config, **opts) as sender:  # not while a relay delivers
        results = sender.replay(states, on_result=report)
        assert sender.outbox is not None
        left = sender.outbox.counts()
    delivered = sum(r.delivered for r in results)
    print(
        f"replayed {len(results)}: {delivered} delivered; outbox now holds "
        f"{left[PENDING]} pending, {left[DEAD]} dead",
        file=sys.stderr if args.json else out,
    )
    return 0 if delivered == len(results) else 1


def cmd_relay(args: argparse.Namespace, out: TextIO) -> int:
    """Serve Flipt's webhook endpoint until SIGTERM; webhook.relay says how."""
    config = load_config(args.config)
    for w in config.warnings:
        print(f"warning: {w}", file=sys.stderr)
    try:
        from webhook.relay import run
    except ImportError as exc:
        raise UserError(
            "the relay needs the relay extra: pip install starlette uvicorn prometheus-client"
            f" ({(exc.name or '?').partition('.')[0]} is missing)"
        ) from None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logging.getLogger("webhook").addHandler(handler)
    logging.getLogger("webhook").setLevel(logging.INFO)
    return run(config, out)


#: What `_show` says of a request's signature, by Received.signature_ok.
_VERDICTS = {True: "signature OK", False: "signature BAD", None: "unsigned"}


def _show(received: Received, out: Lines, verdicts: dict[bool | None, str] = _VERDICTS) -> None:
    verdict = verdicts[received.signature_ok]
    print(
        f"POST {received.path}  [{verdict}]  delivery id {received.delivery_id or '-'}",
        file=out,
    )
    try:
        print(json.dumps(json.loads(received.body), indent=2, ensure_ascii=False), file=out)
    except ValueError:
        print(received.body.decode("utf-8", "replace"), file=out)
    out.flush()


def _listen_secret(args: argparse.Namespace) -> str | None:
    """The secret `listen` verifies with: from --secret, $VAR (--secret-env) or a file
    (--secret-file), so it need not appear in the process list."""
    if args.secret_env:
        value = os.environ.get(args.secret_env)
        if not value:
            state = "is empty" if value is not None else "is not set"
            raise UserError(f"--secret-env: ${args.secret_env} {state}")
        return value
    if args.secret_file:
        try:
            text = read_text(args.secret_file, MAX_SECRET_FILE_BYTES, "secret file")
        except (OSError, TooLarge, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise UserError(f"--secret-file: cannot read {args.secret_file}: {why}") from None
        value = text.removesuffix("\n")
        if not value:
            raise UserError(f"--secret-file: {args.secret_file} is empty")
        return value
    return args.secret or None


def cmd_listen(args: argparse.Namespace, stdout: TextIO) -> int:
    from webhook.receiver import Receiver, Reply

    out = _ReportOut(stdout, "requests are still verified and answered")
    secret = _listen_secret(args)
    verdicts = {
        **_VERDICTS,
        False: "signature BAD: answered 401",
        None: "unsigned" if secret else "not verified: listen has no secret",
    }

    def on_request(received: Received) -> None:
        _show(received, out, verdicts)

    def respond(received: Received, index: int) -> Reply:
        # A receiver that verifies refuses what does not verify, so `send` reports it.
        if received.signature_ok is False:
            return Reply(401, body=b"signature does not verify\n")
        return Reply(200)

    try:
        receiver = Receiver(port=args.port, secret=secret, on_request=on_request, respond=respond)
    except OSError as exc:
        raise UserError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror}") from None
    with receiver:
        print(f"listening on {receiver.url} (Ctrl-C to stop)", file=out)
        out.flush()
        try:
            while True:
                receiver.wait_for(len(receiver.requests) + 1, timeout=3600)
        except KeyboardInterrupt:
            print(f"\nreceived {len(receiver.requests)} request(s)", file=out)
    return 0


def cmd_demo(args: argparse.Namespace, stdout: TextIO) -> int:
    import asyncio

    from webhook.receiver import Receiver
    from webhook.sender import AsyncSender, Sender

    out = _ReportOut(stdout, "the demo goes on")
    secret = "demo-signing-secret"
    events = read_events(str(EXAMPLES / "events.jsonl"))
    problems = 0
    with Receiver(secret=secret) as receiver:
        env = {
            "WEBHOOK_DEMO_SECRET": secret,
            "WEBHOOK_DEMO_URL": f"{receiver.url}/flipt",
            "WEBHOOK_DEMO_SLACK_URL": f"{receiver.url}/slack",
            "WEBHOOK_DEMO_JSON_URL": f"{receiver.url}/json",
        }
        print(f"receiver on {receiver.url}, signing secret {secret!r}\n", file=out)
        url_cfg = load_config(EXAMPLES / "flipt-url.yml", env=env)
        print("== URL mode (examples/flipt-url.yml): json.Marshal(event), signed", file=out)
        with Sender(url_cfg) as sender:
            for n, event in enumerate(events):
                results = sender.send(event)
                _print_results(n, event, results, out)
                problems += sum(not r.ok for r in results)
        tpl_cfg = load_config(EXAMPLES / "flipt-templates.yml", env=env)
        print("\n== Template mode (examples/flipt-templates.yml): Slack + toJson", file=out)

        async def run() -> list[list[DeliveryResult]]:
            async with AsyncSender(tpl_cfg) as s:
                return await s.send_many(events)

        for n, (event, results) in enumerate(zip(events, asyncio.run(run()), strict=True)):
            _print_results(n, event, results, out)
            problems += sum(not r.ok for r in results)
        arrived = receiver.requests
    print(f"\n== What arrived ({len(arrived)} requests)", file=out)
    for received in arrived:
        _show(received, out)
        if received.signature_ok is not True:
            problems += 1
    verified = sum(r.signature_ok is True for r in arrived)
    print(f"\n{verified}/{len(arrived)} signatures verified; problems: {problems}", file=out)
    return 1 if problems else 0


def _seconds(text: str) -> float:
    """A Go duration (`5s`, `1m30s`, `500ms`), as the config's `attempt_timeout` takes, from
    1ms to 1h, in seconds; argparse reports the error as a usage error."""
    try:
        ns = parse_duration(text)
    except DurationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not 1_000_000 <= ns <= 3600 * 10**9:
        raise argparse.ArgumentTypeError(f"{text}: must be between 1ms and 1h")
    return ns / 1e9


def _whole(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, refused with that range."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text}: must be {low} to {high}")
        return value

    return convert


#: Each command's exit statuses, shown in its --help. 3 is always a bug of ours (one line).
EXITS = {
    "check": "0 the config is valid and every body sendable; 1 some body is not sendable "
    "(or --fuzz found events that fail); 2 user error (bad config or event file)",
    "send": "0 every delivery delivered or skipped; 1 some delivery failed; 2 user error",
    "replay": "0 everything replayed was delivered (or --list); 1 some still fail; 2 user error",
    "listen": "0 stopped with Ctrl-C; 2 user error (port in use, secret not readable)",
    "demo": "0 everything delivered and every signature verified; 1 otherwise",
    "relay": "0 stopped by SIGTERM or Ctrl-C after draining; 2 user error (bad config, address "
    "in use, outbox held by another relay)",
}


def _exits(command: str) -> str:
    return f"exit status: {EXITS[command]}; 3 internal error (a bug: one line, no traceback)"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m webhook",
        description="A drop-in sender for Flipt audit webhooks.",
        epilog="Each command's --help lists its exit statuses.",
    )
    p.add_argument("--version", action=VersionAction)
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, epilog=_exits(name))

    c = command("check", "validate a Flipt config; render events without sending")
    c.add_argument("--config", required=True, help="Flipt config file (YAML)")
    c.add_argument("--event", help="event file or - (one JSON event, an array, or JSON lines)")
    c.add_argument(
        "--fuzz",
        type=_whole(1, 1_000_000),
        metavar="N",
        help="render every target for N generated Flipt events plus fixed edge events",
    )
    c.add_argument("--seed", type=int, default=0, help="--fuzz's seed (default 0)")
    s = command("send", "deliver events and print the delivery report")
    s.add_argument("--config", required=True, help="Flipt config file (YAML)")
    s.add_argument("--event", required=True, help="event file or - (JSON or JSON lines)")
    s.add_argument(
        "--timeout", type=_seconds, help="per attempt, a Go duration (default: the config's, 5s)"
    )
    s.add_argument("--async", dest="use_async", action="store_true", help="use AsyncSender")
    s.add_argument(
        "--concurrency", type=_whole(1, 10_000), help="async bound (default: the config's, 10)"
    )
    s.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    s.add_argument("--outbox", help="SQLite outbox file (default: the config's, if any)")
    s.add_argument("--json", action="store_true", help="one JSON report per line")
    rp = command("replay", "resend the outbox's dead letters and unfinished deliveries")
    rp.add_argument("--config", required=True, help="Flipt config file (YAML)")
    rp.add_argument("--outbox", help="SQLite outbox file (default: the config's)")
    rp.add_argument("--dead-only", action="store_true", help="leave pending deliveries alone")
    rp.add_argument("--list", action="store_true", help="list what is stored; send nothing")
    rp.add_argument("--timeout", type=_seconds, help="per attempt, e.g. 5s (default: the config's)")
    rp.add_argument("--json", action="store_true", help="one JSON report per line")
    ls = command("listen", "receive webhooks on 127.0.0.1 and verify signatures")
    ls.add_argument("--port", type=_whole(0, 65535), default=8081, help="0: any free port")
    secret = ls.add_mutually_exclusive_group()
    secret.add_argument(
        "--secret", help="signing secret to verify with (visible to other users in ps)"
    )
    secret.add_argument("--secret-env", metavar="VAR", help="read the secret from $VAR")
    secret.add_argument(
        "--secret-file", metavar="FILE", help="read the secret from FILE (a final newline is cut)"
    )
    command("demo", "send the bundled sample events to a local receiver")
    rl = command("relay", "receive Flipt's webhooks, store them, deliver them")
    rl.add_argument("--config", required=True, help="Flipt config file (YAML) with a relay section")
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 delivery/render failures, 2 user error)."""
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    commands = {
        "check": cmd_check,
        "send": cmd_send,
        "replay": cmd_replay,
        "listen": cmd_listen,
        "demo": cmd_demo,
        "relay": cmd_relay,
    }
    try:
        return commands[args.command](args, out)
    except (ConfigError, EventError, UserError, OutboxError) as exc:
        print(f"webhook: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: one line, no traceback (and no secrets in it)
        print(f"webhook: internal error: {type(exc).__name__}", file=sys.stderr)
        return 3
