#!/usr/bin/env python
"""Benchmark: the cost of a domain event (``apps.common.events.emit``) inside a change, and the
throughput of webhook delivery to a local receiver.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench .venv/bin/python bench/events.py [--events 500]

Everything runs in ONE transaction that is rolled back at the end (audit entries are append-only: a
rollback is the only way a bench leaves no row). Figures, per event, each a median of 3 rounds:

- baseline: one ORM INSERT of an audit-sized row (the floor of any recorded event);
- emit, audit only (no endpoint in the organization: the webhooks subscriber runs one query);
- emit with 3 endpoints wanting the event (audit entry + 3 locked sequence numbers + 3 outbox rows);
- delivery: events per second sent by ``endpoint_deliver`` to a local HTTP receiver (signed, in order).
"""

import argparse
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")


class _Rollback(Exception):
    pass


def _receiver() -> tuple[ThreadingHTTPServer, list[int]]:
    seen: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(1)
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def _per_event(fn, n: int) -> float:
    """Milliseconds per call of ``fn(i)``, i in range(n): the median of 3 rounds."""
    rounds = []
    for _ in range(3):
        started = time.perf_counter()
        for i in range(n):
            fn(i)
        rounds.append((time.perf_counter() - started) / n * 1000)
    return statistics.median(rounds)


def _insert_audit_row(user, organization):
    """One ORM INSERT of an audit-sized row per call: the baseline."""
    from apps.audit.models import AuditEntry

    def insert(i):
        AuditEntry.objects.create(
            event_id="7c9e6679-7425-40de-944b-e07fc1f90ae7",
            organization_id=organization.pk,
            action="bench.baseline",
            actor_type="user",
            actor_user_id=user.pk,
            actor_label=user.email,
            target_type="scheduled_post",
            target_id=str(i),
            data={"i": i},
        )

    return insert


def _emit_to(organization, actor):
    from apps.common.events import emit

    return lambda i: emit(
        "post.published",
        organization_id=organization.pk,
        target=("scheduled_post", i),
        data={"i": i},
        actor=actor,
    )


def _deliver_all(endpoint) -> tuple[int, float]:
    """Every pending event of ``endpoint`` sent; (events sent, events per second)."""
    from apps.webhooks.delivery import endpoint_deliver

    started = time.perf_counter()
    sent = 0
    while True:
        outcome = endpoint_deliver(endpoint_id=endpoint.pk, limit=1000)
        sent += outcome.get("delivered", 0)
        if not outcome.get("delivered"):
            break
    return sent, sent / (time.perf_counter() - started)


def _measure(n: int, url: str) -> dict[str, float]:
    """The figures, in one transaction rolled back at the end."""
    from django.db import transaction

    from apps.common.events import Actor
    from apps.organizations.services import account_register
    from apps.webhooks.catalogue import EVENT_TYPES
    from apps.webhooks.models import WebhookEndpoint

    figures: dict[str, float] = {}
    try:
        with transaction.atomic():
            user = account_register(email=f"bench-events-{os.getpid()}@example.com", password="bench-Password-2026!")
            org = user.memberships.get().organization
            quiet = account_register(email=f"bench-events-q-{os.getpid()}@example.com", password="bench-Password-2026!")
            quiet_org = quiet.memberships.get().organization
            actor = Actor.for_user(user)
            figures["baseline_insert_ms"] = _per_event(_insert_audit_row(user, quiet_org), n)
            figures["emit_audit_only_ms"] = _per_event(_emit_to(quiet_org, actor), n)
            endpoints = [
                WebhookEndpoint.objects.create(organization=org, url=url, event_types=list(EVENT_TYPES), secret="s")
                for _ in range(3)
            ]
            figures["emit_3_endpoints_ms"] = _per_event(_emit_to(org, actor), n)
            figures["delivered_events"], figures["delivery_events_per_s"] = _deliver_all(endpoints[0])
            raise _Rollback
    except _Rollback:
        pass
    return figures


def _print_figures(figures: dict[str, float], *, n: int, vendor: str) -> None:
    print(f"database: {vendor}, {n} events per round, median of 3 rounds")
    print(f"baseline (one ORM INSERT)            {figures['baseline_insert_ms']:.3f} ms/event   1.00x")
    for key, label in (
        ("emit_audit_only_ms", "emit, audit only"),
        ("emit_3_endpoints_ms", "emit, audit + 3 endpoints"),
    ):
        ratio = figures[key] / figures["baseline_insert_ms"]
        print(f"{label:<37}{figures[key]:.3f} ms/event   {ratio:.2f}x")
    print(
        f"delivery to a local receiver          {figures['delivery_events_per_s']:.0f} events/s "
        f"({int(figures['delivered_events'])} events, one endpoint, in order, signed)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connection

    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Everything happens in one transaction rolled back at the end: the delivery's database steps must
    # run on this thread to see it (as in the tests).
    settings.DB_STEPS_ON_CALLER_THREAD = True
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_REQUIRE_HTTPS = False
    server, _ = _receiver()
    settings.WEBHOOK_ALLOWED_PORTS = [server.server_address[1]]  # the local receiver's free port
    try:
        figures = _measure(args.events, url=f"http://127.0.0.1:{server.server_address[1]}/hook")
    finally:
        server.shutdown()
    _print_figures(figures, n=args.events, vendor=connection.vendor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
