"""`python -m webhook relay`: an HTTP endpoint Flipt's webhook sink posts to, which stores every
event durably before answering and delivers it through the sender's rules.

Flipt's own sink keeps events in memory and gives up after a few retries. The relay answers
200 only once the event's deliveries are committed to the outbox, so Flipt's retries cover any
time the relay is down, and a relay killed mid-run resumes every pending delivery under its
original id. Needs the `relay` extra (Starlette, uvicorn, prometheus-client); `import webhook`
does not load it.

Modules: `pipeline` (accept into the outbox, deliver, drain), `metrics` (Prometheus), `app`
(the HTTP routes), `serve` (the process: the outbox lock, socket, signals, exit).
"""

from webhook.relay.serve import run

__all__ = ["run"]
