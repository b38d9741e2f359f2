#!/usr/bin/env python
"""``make bench``: every benchmark of the service, against gunicorn, in one bounded run; one table.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench REDIS_URL=redis://127.0.0.1:6379/9 make bench

Production-like: the Dockerfile's command, ``gunicorn -c gunicorn.conf.py config.asgi:application``
(uvicorn workers, cores+1 processes, a PostgreSQL pool of DATABASE_POOL_MAX_SIZE each) with
``config.settings.bench`` (DEBUG off, production middleware, no SSL redirect, throwaway secrets,
``bench.urls`` = the real URLconf + the bare-Django ceiling view). PostgreSQL and Redis come from
``DATABASE_URL``/``REDIS_URL``; without them the run still works (SQLite file in a temp dir,
local-memory cache per worker) but the figures are not the production ones and the table says so.

Every timing is a ratio against a baseline measured in the same run, in alternating rounds,
because the machines are shared and noisy. Load: ``wrk`` if installed (``apt-get install wrk``),
else a Python generator (threads + httpx); ``BENCH_LOADGEN=python`` forces the latter.

Phases (all on 127.0.0.1; every loop bounded in time and requests; ``--max-seconds`` bounds all):
1. SQL queries per request of every list and detail endpoint at 20 and 100 rows (in-process).
2. Resident memory of each gunicorn worker after 1k, 5k and 10k authenticated list requests
   (worker recycling switched off for the run, so that growth would show).
3. Authenticated ``GET /api/v1/content/`` (20 of 100 items) vs ``GET /bench/content/`` (same
   queries, plain ``JsonResponse``, no DRF, no auth).
4. Signed Stripe webhooks (customer.subscription.updated for existing customers, 1 in 4 a
   duplicate) vs ``GET /health/live`` on the same server.
5. Generations released at once (``bench/burst.py``: an asynchronous stand-in provider in its own
   process, an asynchronous load generator, one process, one connection per request): 50 plain at
   ``--latency`` (1 s), then N = 100 and 400 (``--burst``), plain and streamed, at
   ``--burst-latency`` (3 s): ideal ÷ wall, p50/p99, errors, the provider's peak in flight, server
   CPU per generation, peak PostgreSQL connections, worker RSS.
6. A campaign of every platform at ``--burst-latency``: its variants are generated at once, so it
   answers in about one provider latency.

Shape: ``main`` sets the stage (fake provider, database, rows, gunicorn via ``scripts/harness.py``)
and runs ``phase_<name>(ctx) -> list[Row]`` for each phase in turn; each phase returns its lines of
the table and leaves its details (for ``--json``) in ``ctx.details``.
"""

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import burst as burst_mod  # noqa: E402
from bench import generate_concurrency as gen  # noqa: E402
from bench import loadgen  # noqa: E402
from bench.loadgen import Req  # noqa: E402
from scripts.fake_upstreams import FakeUpstreams  # noqa: E402
from scripts.harness import Gunicorn, gunicorn_running, gunicorn_shape, time_bound  # noqa: E402
from tests.support.stripe import stripe_signature  # noqa: E402

WEBHOOK_SECRET = "whsec_bench_only_0123456789abcdef"
PRICE_PRO, PRICE_TEAM = "price_bench_pro", "price_bench_team"
HEALTH = [Req("/health/live")]


# ---------------------------------------------------------------------------
# Data, table rows, what the phases share
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class BenchData:
    organization_id: str  # of the account whose 100 contents are listed
    access: str  # its access JWT
    generation_accounts: list[tuple[str, str]]  # (organization id, access JWT)
    customer_orgs: list[str]  # organizations with a Stripe customer, for the webhooks


@dataclass
class Row:
    """One line of the table (and of its Markdown)."""

    name: str
    figure: str
    target: str
    verdict: str
    baseline: str = "-"
    ratio: str = "-"


@dataclass
class Context:
    args: argparse.Namespace
    env: dict[str, str]  # of the gunicorn under test
    tag: str  # of every row this run creates
    data: BenchData
    fake: FakeUpstreams  # the AI provider; its latency is a knob
    workers: int
    threads: int
    details: dict = field(default_factory=dict)  # per phase, beside the table (--json)
    server: Gunicorn | None = None  # once gunicorn runs (every phase but "queries")
    standin: burst_mod.Standin | None = None  # the asynchronous AI provider stand-in

    @property
    def base(self) -> str:
        return self.server.url

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.data.access}"}

    @property
    def api_list(self) -> list[Req]:
        return [Req(f"/api/v1/content/?organization_id={self.data.organization_id}", headers=self.auth)]

    @property
    def bare_list(self) -> list[Req]:
        return [Req(f"/bench/content/?organization_id={self.data.organization_id}")]


def setup_data(tag: str, *, generation_users: int, customers: int) -> BenchData:
    from apps.organizations.services import organization_create
    from apps.subscriptions.models import Subscription
    from bench.builders import account_create, bench_plan_create, contents_create

    plan = bench_plan_create(tag)
    lister = account_create(email=f"bench-{tag}-list@example.com", plan=plan)
    contents_create(
        organization=lister.organization, workspace=lister.workspace, created_by=lister.user, numbers=range(100)
    )
    generation = [account_create(email=f"bench-{tag}-gen-{i}@example.com", plan=plan) for i in range(generation_users)]
    billing_owner = account_create(email=f"bench-{tag}-billing@example.com", plan=plan).user
    customer_orgs = []
    for i in range(customers):
        org = organization_create(owner=billing_owner, name=f"bench {tag} customer {i}")
        Subscription.objects.filter(organization=org).update(
            stripe_customer_id=f"cus_bench_{tag}_{i}", stripe_subscription_id=f"sub_bench_{tag}_{i}"
        )
        customer_orgs.append(str(org.pk))
    return BenchData(
        organization_id=str(lister.organization.pk),
        access=lister.access,
        generation_accounts=[(str(a.organization.pk), a.access) for a in generation],
        customer_orgs=customer_orgs,
    )


# ---------------------------------------------------------------------------
# Stripe webhooks, signed the way Stripe signs them
# ---------------------------------------------------------------------------
def webhook_requests(tag: str, customer_orgs: list[str], *, events: int, duplicate_every: int = 4) -> list[Req]:
    """``events`` distinct customer.subscription.updated events spread over the customers (plan
    alternating pro/team so that each one really changes the row), and after every
    ``duplicate_every - 1`` of them a re-delivery of the previous one (same id, same body)."""
    now = int(time.time())
    out: list[Req] = []
    for i in range(events):
        c = i % len(customer_orgs)
        event = {
            "id": f"evt_bench_{tag}_{i}",
            "object": "event",
            "api_version": "2025-03-31.basil",
            "created": now - 3600 + i,
            "livemode": False,
            "type": "customer.subscription.updated",
            "data": {
                "object": {
                    "id": f"sub_bench_{tag}_{c}",
                    "object": "subscription",
                    "customer": f"cus_bench_{tag}_{c}",
                    "status": "active",
                    "cancel_at_period_end": False,
                    "cancel_at": None,
                    "metadata": {"organization_id": customer_orgs[c]},
                    "items": {
                        "object": "list",
                        "data": [
                            {
                                "id": f"si_bench_{tag}_{c}",
                                "price": {"id": PRICE_PRO if (i // len(customer_orgs)) % 2 == 0 else PRICE_TEAM},
                                "current_period_start": now - 86400,
                                "current_period_end": now + 29 * 86400,
                            }
                        ],
                    },
                }
            },
        }
        body = json.dumps(event, separators=(",", ":"))
        req = Req(
            "/api/v1/subscriptions/webhook/",
            "POST",
            {"Content-Type": "application/json", "Stripe-Signature": stripe_signature(body, secret=WEBHOOK_SECRET)},
            body,
        )
        out.append(req)
        if i % duplicate_every == duplicate_every - 1:
            out.append(out[-2])
    return out


def webhook_outcomes(tag: str) -> dict[str, int]:
    from django.db.models import Count

    from apps.subscriptions.models import StripeEvent

    rows = (
        StripeEvent.objects.filter(stripe_event_id__startswith=f"evt_bench_{tag}_")
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}


# ---------------------------------------------------------------------------
# gunicorn workers, from /proc
# ---------------------------------------------------------------------------
def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master:
            pids.append(int(entry.name))
    return sorted(pids)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_cpu_seconds(master: int) -> float:
    """User + system CPU time consumed so far by the gunicorn workers (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in worker_pids(master):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / ticks


def alternate(
    base: str,
    baseline: list[Req],
    subject: list[Req] | list[list[Req]],
    *,
    rounds: int,
    seconds: float,
    connections: int,
    master: int,
):
    """``rounds`` x (baseline, subject), each ``seconds`` long, after a short warm-up of both; each
    run also records the CPU time the gunicorn workers spent on it. ``subject`` may be a list of
    request lists: run i (warm-up first) then uses the i-th one (e.g. webhook events that must not
    repeat from one run to the next)."""
    batches = subject if subject and isinstance(subject[0], list) else [subject] * (rounds + 1)

    def measured(requests: list[Req]) -> tuple[loadgen.LoadResult, float]:
        before = worker_cpu_seconds(master)
        result = loadgen.run(base, requests, seconds=seconds, connections=connections)
        return result, worker_cpu_seconds(master) - before

    loadgen.run(base, baseline, seconds=min(2, seconds), connections=connections)
    loadgen.run(base, batches[0], seconds=min(2, seconds), connections=connections)
    pairs = []
    for i in range(rounds):
        b, b_cpu = measured(baseline)
        s, s_cpu = measured(batches[(i + 1) % len(batches)])
        pairs.append((b, s, b_cpu, s_cpu))
    return pairs


def summarize_pairs(pairs) -> dict:
    base_rps = [b.rps for b, _, _, _ in pairs]
    subject_rps = [s.rps for _, s, _, _ in pairs]
    ratios = [s.rps / b.rps for b, s, _, _ in pairs if b.rps]
    base_cpu_ms = sum(c for _, _, c, _ in pairs) * 1000 / max(1, sum(b.requests for b, _, _, _ in pairs))
    subject_cpu_ms = sum(c for _, _, _, c in pairs) * 1000 / max(1, sum(s.requests for _, s, _, _ in pairs))
    return {
        "baseline_rps": statistics.median(base_rps),
        "subject_rps": statistics.median(subject_rps),
        "ratio": statistics.median(ratios) if ratios else 0.0,
        "ratio_min": min(ratios) if ratios else 0.0,
        "ratio_max": max(ratios) if ratios else 0.0,
        "ratios": [round(r, 3) for r in ratios],
        "baseline_cpu_ms_per_request": base_cpu_ms,
        "subject_cpu_ms_per_request": subject_cpu_ms,
        "cpu_ratio": base_cpu_ms / subject_cpu_ms if subject_cpu_ms else 0.0,
        "baseline_errors": sum(b.errors for b, _, _, _ in pairs),
        "subject_errors": sum(s.errors for _, s, _, _ in pairs),
        "subject_requests": sum(s.requests for _, s, _, _ in pairs),
        "subject_p99_ms": max(s.p99_ms for _, s, _, _ in pairs),
        "baseline_p99_ms": max(b.p99_ms for b, _, _, _ in pairs),
        "tool": pairs[0][0].tool,
    }


def rss_samples(base: str, master: int, requests: list[Req], *, checkpoints: tuple[int, ...], connections: int):
    """RSS of every worker after each checkpoint, counted after a warm-up of the same mix (first
    use of each code path fills caches: that is not growth)."""
    loadgen.run_count(base, requests, count=1000, connections=connections)
    samples = [(0, {pid: rss_mib(pid) for pid in worker_pids(master)})]
    done = 0
    for target in checkpoints:
        done += loadgen.run_count(base, requests, count=target - done, connections=connections)
        samples.append((done, {pid: rss_mib(pid) for pid in worker_pids(master)}))
    return samples


# ---------------------------------------------------------------------------
# Phases: each returns its rows of the table
# ---------------------------------------------------------------------------
def phase_queries(ctx: Context) -> list[Row]:
    """In-process, before gunicorn starts: SQL queries per request at 20 and 100 rows."""
    from bench import queries
    from bench.builders import bench_data_delete

    rows = queries.measure(tag=f"{ctx.tag}-q")
    bench_data_delete(f"{ctx.tag}-q")
    ctx.details["query_ceiling"] = queries.LIST_CEILING
    ctx.details["queries"] = [
        {
            "app": r.app,
            "name": r.name,
            "kind": r.kind,
            "counts": r.counts,
            "constant": r.constant(),
            "worst": r.worst(),
            "sql": r.sql,
        }
        for r in rows
    ]
    lists = [r for r in rows if r.kind == "list"]
    worst_list = max(r.worst() for r in lists)
    all_constant = all(r.constant() for r in rows)
    over = [r.name for r in lists if r.worst() > queries.LIST_CEILING]
    return [
        Row(
            name="SQL queries/request, lists (warm, max)",
            figure=f"{worst_list}",
            target=f"<= {queries.LIST_CEILING}",
            verdict=verdict(not over) + (f" ({len(over)} over)" if over else ""),
        ),
        Row(
            name="SQL queries/request constant in rows (20 vs 100)",
            figure="yes" if all_constant else "no",
            target="constant",
            verdict=verdict(all_constant),
        ),
    ]


def phase_memory(ctx: Context) -> list[Row]:
    """RSS of every worker after 1k, 5k and --memory-requests requests of a mix."""
    checkpoints = tuple(sorted({1000, 5000, ctx.args.memory_requests}))
    mix = ctx.api_list + [
        Req("/api/v1/auth/profile/", headers=ctx.auth),
        Req("/api/v1/organizations/", headers=ctx.auth),
        Req(f"/api/v1/scheduling/?organization_id={ctx.data.organization_id}", headers=ctx.auth),
        Req("/api/v1/subscriptions/plans/"),
    ]
    samples = rss_samples(ctx.base, ctx.server.pid, mix, checkpoints=checkpoints, connections=ctx.args.connections)
    ctx.details["memory"] = [(done, [round(v, 1) for v in rss.values()]) for done, rss in samples]
    first = dict(samples[1][1])
    last = dict(samples[-1][1])
    done = samples[-1][0]
    growth = max((last[pid] - first[pid] for pid in last if pid in first), default=0.0)
    total_growth_kib = sum(last[pid] - first[pid] for pid in last if pid in first) * 1024
    per_request_kib = total_growth_kib / max(1, done - samples[1][0])
    mean_first = statistics.mean(first.values())
    mean_last = statistics.mean(last.values())
    # Informative, not the verdict: the growth over the second half alone. A worker's RSS also steps
    # up once, at a moment that depends on the load, to the high-water mark of its concurrent
    # requests (anonymous memory the allocator keeps), then stays flat; a leak keeps growing here.
    middle = dict(samples[-2][1]) if len(samples) > 2 else first
    second_half_kib = sum(last[pid] - middle[pid] for pid in last if pid in middle) * 1024
    second_half_per_request = second_half_kib / max(1, done - samples[-2][0]) if len(samples) > 2 else per_request_kib
    ctx.details["memory_growth"] = {
        "max_worker_mib_1k_to_last": growth,
        "kib_per_request": per_request_kib,
        "kib_per_request_second_half": second_half_per_request,
    }
    return [
        Row(
            name=f"RSS per worker after {done} requests (MiB)",
            figure=f"{mean_last:.1f}",
            baseline=f"{mean_first:.1f}@1k",
            ratio=f"{mean_last / mean_first:.2f}",
            target="no growth",
            verdict=verdict(per_request_kib < 0.5)
            + f" (+{growth:.1f} MiB max per worker 1k->{done}; {per_request_kib:.2f} KiB/request; "
            + f"{samples[-2][0]}->{done} alone: {second_half_per_request:.2f} KiB/request)",
        )
    ]


def phase_list(ctx: Context) -> list[Row]:
    """Authenticated content list vs the bare-Django view, alternating rounds."""
    args = ctx.args
    pairs = alternate(
        ctx.base,
        ctx.bare_list,
        ctx.api_list,
        rounds=args.rounds,
        seconds=args.seconds,
        connections=args.connections,
        master=ctx.server.pid,
    )
    s = summarize_pairs(pairs)
    ctx.details["list"] = s
    errors = s["baseline_errors"] + s["subject_errors"]
    return [
        Row(
            name="GET /api/v1/content/ (JWT, 20 items) vs bare Django",
            figure=f"{s['subject_rps']:.0f} req/s",
            baseline=f"{s['baseline_rps']:.0f} req/s",
            ratio=f"{s['ratio']:.2f}",
            target=">= 0.70",
            # Met only if the CPU-time ratio agrees: throughput ratios swing with the machine's load.
            verdict=verdict(s["ratio"] >= 0.70 and s["cpu_ratio"] >= 0.70 and not errors)
            + f" (rounds {s['ratio_min']:.2f}-{s['ratio_max']:.2f}; p99 {s['subject_p99_ms']:.0f} ms"
            + (f"; {errors} errors" if errors else "")
            + ")",
        ),
        Row(
            name="  same, gunicorn worker CPU per request",
            figure=f"{s['subject_cpu_ms_per_request']:.2f} ms",
            baseline=f"{s['baseline_cpu_ms_per_request']:.2f} ms",
            ratio=f"{s['cpu_ratio']:.2f}",
            target=">= 0.70",
            verdict=verdict(s["cpu_ratio"] >= 0.70) + " (CPU time: steadier; DB/Redis excluded)",
        ),
    ]


def phase_webhook(ctx: Context) -> list[Row]:
    """Signed Stripe webhooks (events never sent before in each run) vs GET /health/live."""
    args = ctx.args
    hooks = webhook_requests(ctx.tag, ctx.data.customer_orgs, events=args.webhook_events * (args.rounds + 1))
    size = len(hooks) // (args.rounds + 1)
    batches = [hooks[i * size : (i + 1) * size] for i in range(args.rounds + 1)]
    pairs = alternate(
        ctx.base,
        HEALTH,
        batches,
        rounds=args.rounds,
        seconds=args.seconds,
        connections=args.connections,
        master=ctx.server.pid,
    )
    s = summarize_pairs(pairs)
    s["outcomes"] = webhook_outcomes(ctx.tag)
    ctx.details["webhook"] = s
    return [
        Row(
            name="Stripe webhooks (signed, 1 in 4 duplicate)",
            figure=f"{s['subject_rps']:.0f} ev/s",
            baseline=f"{s['baseline_rps']:.0f} live/s",
            ratio=f"{s['ratio']:.2f}",
            target=">= 200/s",
            verdict=verdict(s["subject_rps"] >= 200 and not s["subject_errors"])
            + (f" ({s['subject_errors']} errors)" if s["subject_errors"] else "")
            + f" ({s['subject_requests']} requests, {sum(s['outcomes'].values())} distinct events: "
            + ", ".join(f"{k} {v}" for k, v in sorted(s["outcomes"].items()))
            + ")",
        )
    ]


def phase_generate(ctx: Context) -> list[Row]:
    """Generations released at once against the asynchronous stand-in (``bench/burst.py``): 50 plain at
    ``--latency`` (1 s), then each N of ``--burst`` (100, 400) plain and streamed at
    ``--burst-latency`` (3 s). Each: ideal ÷ wall, p50/p99, errors, the provider's peak in flight,
    server CPU per generation, peak PostgreSQL connections, worker RSS."""
    args, master = ctx.args, ctx.server.pid
    close_own_connections()  # the webhook phase read the database from here: count the server's only

    def run_burst(n: int, *, stream: bool, latency: float) -> dict:
        return burst_mod.burst(
            ctx.base,
            ctx.data.generation_accounts,
            n,
            stream=stream,
            latency=latency,
            standin_url=ctx.standin.url,
            database_url=ctx.env["DATABASE_URL"],
            cpu_seconds=lambda: worker_cpu_seconds(master),
            worker_rss=lambda: max((rss_mib(pid) for pid in worker_pids(master)), default=0.0),
            client=args.burst_client,
        )

    run_burst(20, stream=False, latency=0.2)  # warm-up: imports, pools, SDK clients in every worker
    run_burst(20, stream=True, latency=0.2)
    runs = [run_burst(args.generations, stream=False, latency=args.latency)]
    sizes = [int(x) for x in args.burst.split(",") if x.strip()]
    runs += [run_burst(n, stream=stream, latency=args.burst_latency) for n in sizes for stream in (False, True)]
    ctx.details["generate"] = runs
    pool_bound = pool_size(ctx.env) * ctx.workers
    rows = []
    for r in runs:
        target = 0.80 if r["latency"] < args.burst_latency else 0.60
        kind = "streamed" if r["stream"] else "plain"
        ended = "ended with done" if r["stream"] else "201"
        pg_ok = r["pg_peak"] is None or r["pg_peak"] <= pool_bound
        rows.append(
            Row(
                name=f"{r['n']} {kind} generations at once, provider {r['latency']:g} s",
                figure=f"{r['wall']:.2f} s",
                baseline=f"{r['latency']:g} s ideal",
                ratio=f"{r['ratio']:.2f}",
                target=f">= {target:.2f}",
                verdict=verdict(r["ratio"] >= target and not r["errors"])
                + f" (p50 {r['p50'] or 0:.2f} s, p99 {r['p99'] or 0:.2f} s, {r['ok']}/{r['n']} {ended}, "
                + f"errors {r['errors']} {r['statuses']}; provider peak {r['provider_peak']} in flight)",
            )
        )
        rows.append(
            Row(
                name="  same: server CPU per generation",
                figure=f"{r['cpu_ms_per_generation']:.1f} ms",
                target="<= 6 ms",
                verdict=verdict(r["cpu_ms_per_generation"] <= 6)
                + f" (peak PostgreSQL connections {r['pg_peak'] if r['pg_peak'] is not None else '-'} of "
                + f"pool x workers {pool_bound}: {verdict(pg_ok)}; max worker RSS {r['rss_mib']:.0f} MiB; "
                + f"load generator ({r['client']}) {r['client_cpu_ms_per_request']:.1f} ms CPU per request)",
            )
        )
    return rows


def close_own_connections() -> None:
    """Close this process's database connections, its pool's idle ones included (they would count
    in the peak of ``pg_stat_activity``, which is the server's)."""
    from django.db import connections

    connections.close_all()
    for connection in connections.all(initialized_only=True):
        if hasattr(connection, "close_pool"):
            connection.close_pool()


def pool_size(env: dict[str, str]) -> int:
    """DATABASE_POOL_MAX_SIZE of the benchmarked server (its default, 10, when unset or empty)."""
    return int(env.get("DATABASE_POOL_MAX_SIZE") or 10)


def phase_campaign(ctx: Context) -> list[Row]:
    """One campaign of every platform against the stand-in at ``--burst-latency`` (3 s): its variants
    are generated at once, so it answers in about one provider latency (one at a time: 5 of them)."""
    from apps.content.models import Platform

    organization_id, access = ctx.data.generation_accounts[0]
    platforms = list(Platform.values)
    payload = {"platforms": platforms, "tone": "casual", "prompt": "Widget 2 ships", "organization_id": organization_id}
    burst_mod.standin_configure(ctx.standin.url, latency=ctx.args.burst_latency)
    walls = []
    for _ in range(3):
        started = time.monotonic()
        response = httpx.post(
            f"{ctx.base}/api/v1/campaigns/", json=payload, headers={"Authorization": f"Bearer {access}"}, timeout=120
        )
        walls.append(time.monotonic() - started)
        generated = [v["status"] for v in response.json().get("variants", [])].count("generated")
        if response.status_code != 201 or generated != len(platforms):
            raise RuntimeError(f"campaign answered {response.status_code}: {response.text[:300]}")
    wall = statistics.median(walls)
    ideal, serial = ctx.args.burst_latency, ctx.args.burst_latency * len(platforms)
    ctx.details["campaign"] = {"platforms": len(platforms), "latency": ideal, "wall": wall, "walls": walls}
    return [
        Row(
            name=f"campaign of {len(platforms)} platforms, provider {ideal:g} s",
            figure=f"{wall:.2f} s",
            baseline=f"{ideal:g} s ideal ({serial:g} s one variant at a time)",
            ratio=f"{ideal / wall:.2f}",
            target=">= 0.80",
            verdict=verdict(ideal / wall >= 0.80) + f" (3 campaigns: {', '.join(f'{w:.2f}' for w in walls)} s)",
        )
    ]


IN_PROCESS_PHASES = {"queries": phase_queries}
SERVER_PHASES = {
    "memory": phase_memory,
    "list": phase_list,
    "webhook": phase_webhook,
    "generate": phase_generate,
    "campaign": phase_campaign,
}


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def print_report(results: dict) -> None:
    meta = results["meta"]
    print()
    print("=" * 100)
    print(
        f"CaaS benchmarks  {meta['when']}  cores {meta['cores']}  load {meta['load']}  "
        f"gunicorn {meta['worker_class']} x{meta['workers']}, pool {meta['pool']}/worker  load generator {meta['tool']}"
    )
    print(f"database {meta['database']}  cache {meta['cache']}")
    for warning in meta["warnings"]:
        print(f"WARNING: {warning}")
    print("-" * 100)
    print(f"{'benchmark':<52} {'figure':>16} {'baseline':>14} {'ratio':>7}  target      ")
    print("-" * 100)
    for row in results["table"]:
        print(f"{row.name:<52} {row.figure:>16} {row.baseline:>14} {row.ratio:>7}  {row.target:<10} {row.verdict}")
    print("-" * 100)
    if "queries" in results:
        print("SQL queries per request (cold = shared cache emptied first / warm = repeated; at 20 and 100 rows)")
        for q in results["queries"]:
            counts = "  ".join(f"{rows:>3} rows: {cold}/{warm}" for rows, (cold, warm) in q["counts"].items())
            flag = "" if q["constant"] else "  GROWS WITH ROWS"
            over_ceiling = q["kind"] == "list" and q["worst"] > results["query_ceiling"]
            over = f"  > {results['query_ceiling']}" if over_ceiling else ""
            print(f"  {q['app']:<14} {q['name']:<44} {counts}{flag}{over}")
    if "memory" in results:
        print("RSS per gunicorn worker (MiB) after N requests (content, profile, organizations, scheduling, plans;")
        print("counted after a warm-up of 1000 requests of the same mix)")
        for done, rss in results["memory"]:
            print(f"  {done:>6} requests: " + "  ".join(f"{value:6.1f}" for value in rss))
    print(f"phase seconds: {meta.get('phase_seconds')}  total {meta.get('seconds')} s")
    print("=" * 100)


def machine() -> dict[str, str]:
    info = {"cpu": "?", "memory": "?"}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return info


def markdown(results: dict) -> str:
    """The figures of a run as Markdown (pasted into docs/benchmarks.md)."""
    meta = results["meta"]
    lines = [
        f"Run {meta['when']}: `{meta['command']}` — {meta['seconds']} s.",
        "",
        f"Machine: {meta['cores']} cores ({meta['cpu']}), {meta['memory']} RAM, load average at the start "
        f"{meta['load']}, at the end {meta.get('load_end', '?')}. gunicorn {meta['worker_class']}, "
        f"{meta['workers']} workers, "
        f"PostgreSQL pool {meta['pool']} per worker; {meta['database']}, {meta['cache']}; load generator "
        f"{meta['tool']} (generations: bench/burst.py, {meta.get('burst_client', 'raw')} HTTP client in one "
        "process, against its asynchronous stand-in provider).",
        *[f"**Warning:** {w}" for w in meta["warnings"]],
        "",
        "| benchmark | figure | baseline | ratio | target | verdict |",
        "|---|---|---|---|---|---|",
        *[
            f"| {r.name.strip()} | {r.figure} | {r.baseline} | {r.ratio} | {r.target} | {r.verdict} |"
            for r in results["table"]
        ],
    ]
    if "queries" in results:
        lines += [
            "",
            "SQL queries per request, cold (shared cache emptied) / warm (repeated), at 20 and 100 rows:",
            "",
            "| app | endpoint | kind | 20 rows | 100 rows |",
            "|---|---|---|---|---|",
        ]
        for q in results["queries"]:
            cells = [f"{cold} / {warm}" for cold, warm in q["counts"].values()]
            lines.append(f"| {q['app']} | `{q['name']}` | {q['kind']} | " + " | ".join(cells) + " |")
    if "memory" in results:
        lines += ["", "RSS per gunicorn worker (MiB), after a warm-up of 1000 requests of the mix:", ""]
        lines += ["| requests | " + " | ".join(f"worker {i + 1}" for i in range(len(results["memory"][0][1]))) + " |"]
        lines += ["|---" * (1 + len(results["memory"][0][1])) + "|"]
        for done, rss in results["memory"]:
            lines.append(f"| {done} | " + " | ".join(f"{v:.1f}" for v in rss) + " |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------
def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one throughput sample")
    parser.add_argument("--rounds", type=int, default=5, help="alternating (baseline, subject) rounds")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections of the load generator")
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--generations", type=int, default=50)
    parser.add_argument("--latency", type=float, default=1.0, help="provider latency of the 50, seconds")
    parser.add_argument("--burst", default="100,400", help="generations released at once (comma-separated)")
    parser.add_argument("--burst-latency", type=float, default=3.0, help="stand-in provider latency of the bursts")
    parser.add_argument(
        "--burst-client", default="raw", choices=["raw", "httpx"], help="the bursts' HTTP client (bench/burst.py fire)"
    )
    parser.add_argument("--webhook-events", type=int, default=3000, help="distinct events per webhook run")
    parser.add_argument("--skip", default="", help="skip phases: " + ",".join([*IN_PROCESS_PHASES, *SERVER_PHASES]))
    parser.add_argument("--json", default="", help="also write the results to this file")
    parser.add_argument("--markdown", default="", help="also write the figures as Markdown to this file")
    parser.add_argument("--max-seconds", type=int, default=600, help="hard bound on the whole run")
    return parser.parse_args()


def bench_env(*, fake_url: str, tmp: str) -> tuple[dict[str, str], list[str]]:
    """The benchmarked gunicorn's environment, and the warnings when it is not the production one."""
    env = {
        **gen.server_env(fake_url=fake_url),
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_SECRET_KEY": "sk_test_bench_not_a_real_key",
        "STRIPE_PRICE_ID_PRO": PRICE_PRO,
        "STRIPE_PRICE_ID_TEAM": PRICE_TEAM,
        "GUNICORN_MAX_REQUESTS": "0",  # no recycling: memory growth must show
        "STATIC_ROOT": os.environ.get("STATIC_ROOT") or tmp,  # no collectstatic here: an existing dir
    }
    warnings = []
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        warnings.append("DATABASE_URL not set: SQLite in a temp dir, not the production figures")
    if not env.get("REDIS_URL"):
        warnings.append("REDIS_URL not set: local-memory cache per worker, not the production figures")
    return env, warnings


def run_meta(env: dict[str, str], warnings: list[str], *, workers: int, threads: int, burst_client: str) -> dict:
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "cores": os.cpu_count(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "workers": workers,
        "threads": threads,
        "worker_class": env.get("GUNICORN_WORKER_CLASS") or "JsonAccessUvicornWorker (ASGI)",
        "pool": pool_size(env),
        "tool": "wrk" if loadgen.wrk_path() else "python (threads + httpx)",
        "database": "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite",
        "cache": "Redis" if env.get("REDIS_URL") else "local memory",
        "warnings": warnings,
        "command": " ".join(["python", *sys.argv]),
        "burst_client": "asyncio streams" if burst_client == "raw" else "httpx.AsyncClient",
        **machine(),
    }


class Laps:
    """Seconds spent in each part of the run, for the report's footer."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.monotonic()

    def __call__(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = round(now - self._last, 1)
        self._last = now


def main() -> int:
    args = parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started_at = time.monotonic()
    tag = secrets.token_hex(4)
    laps = Laps()
    django_ready = False
    with (
        tempfile.TemporaryDirectory(prefix="caas-bench-") as tmp,
        FakeUpstreams(latency=args.latency) as fake,
        burst_mod.Standin(latency=args.latency) as standin,
    ):
        env, warnings = bench_env(fake_url=standin.url, tmp=tmp)
        workers, threads = gunicorn_shape(env)
        meta = run_meta(env, warnings, workers=workers, threads=threads, burst_client=args.burst_client)
        results: dict = {"meta": meta, "table": []}
        results["meta"]["phase_seconds"] = laps.seconds
        try:
            with time_bound(args.max_seconds):
                gen.django_setup(env)
                django_ready = True
                from django.db import connections

                data = setup_data(tag, generation_users=10, customers=50)
                ctx = Context(args, env, tag, data, fake, workers, threads, details=results, standin=standin)
                laps("setup")
                for name, phase in IN_PROCESS_PHASES.items():
                    if name not in skip:
                        results["table"] += phase(ctx)
                close_own_connections()
                laps("queries")
                with gunicorn_running(env) as server:
                    ctx.server = server
                    # Warm every worker (imports, connections) before measuring anything.
                    loadgen.run(
                        ctx.base, ctx.api_list + ctx.bare_list + HEALTH, seconds=2, connections=args.connections
                    )
                    laps("server start")
                    for name, phase in SERVER_PHASES.items():
                        if name not in skip:
                            results["table"] += phase(ctx)
                        laps(name)
                    results["meta"]["seconds"] = round(time.monotonic() - started_at)
        finally:
            if django_ready:
                from django.db import connections

                from bench.builders import bench_data_delete

                bench_data_delete(tag)
                connections.close_all()
    print_report(results)
    results["meta"]["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if args.json:
        table = [asdict(row) for row in results["table"]]
        Path(args.json).write_text(json.dumps({**results, "table": table}, indent=2, default=str))
    if args.markdown:
        Path(args.markdown).write_text(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
