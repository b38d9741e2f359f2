#!/usr/bin/env python
"""The server's CPU per generation without HTTP or other processes: N generations at once through
the ASGI application in this process (no server, no load generator), against the asynchronous
stand-in provider (bench/burst.py, its own process), on the database and cache of the environment.
Prints the CPU of this process per generation for each handler, alternating them round by round
(the machine is shared: compare within one run), and the thread CPU of the two database steps.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_bench_m REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/inprocess.py --generations 300 --rounds 6 --handlers django,served

Handlers: ``served`` is what production serves (``runtime.asgi.RequestThreadsASGIHandler``: request
threads kept), ``django`` Django's own ``ASGIHandler`` (a thread per request). ``--generations 1`` measures
one at a time (the floor without contention); ``--no-gc-freeze`` leaves the start-up objects to the
collector (gunicorn.conf.py freezes them).
"""

import argparse
import asyncio
import collections
import functools
import gc
import json
import resource
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import burst as burst_mod  # noqa: E402
from bench import generate_concurrency as gen  # noqa: E402

URL = "/api/v1/content/generate/"


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def asgi_post(app, path: str, body: bytes, token: str) -> int:
    """One POST through the ASGI application; returns the status."""
    from tests.support.asgi import asgi_request

    headers = [(b"content-type", b"application/json"), (b"authorization", f"Bearer {token}".encode())]
    status, _, _ = await asgi_request(app, "POST", path, body=body, headers=headers)
    return status


StepCpu = collections.defaultdict(list)


def _time_db_steps() -> None:
    """Record the thread CPU of each database step (``db_step``) by the function's name."""
    from apps.common import db

    original = db.db_step

    def timed_db_step(fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            started = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                StepCpu[fn.__name__].append(time.thread_time() - started)

        return original(timed)

    db.db_step = timed_db_step  # modules imported from now on take this one
    for module in list(sys.modules.values()):  # those imported already (the apps' hooks) are patched
        if getattr(module, "db_step", None) is original:
            module.db_step = timed_db_step


def handlers(names: list[str]) -> dict:
    from django.core.handlers.asgi import ASGIHandler

    from runtime.asgi import RequestThreadsASGIHandler

    known = {"django": ASGIHandler, "served": RequestThreadsASGIHandler}
    return {name: known[name]() for name in names}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generations", type=int, default=300, help="released at once, per round")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--handlers", default="django,served")
    parser.add_argument("--latency", type=float, default=0.2, help="stand-in provider latency, seconds")
    parser.add_argument(
        "--no-gc-freeze", action="store_true", help="skip gc.freeze() after the warm-up (gunicorn.conf.py does it)"
    )
    return parser.parse_args()


def _bursts(accounts: list, loop: asyncio.AbstractEventLoop):
    """``burst(app, n)``: n generations released at once through ``app``; their statuses."""

    def burst(app, n: int) -> list[int]:
        requests = []
        for i in range(n):
            organization_id, token = accounts[i % len(accounts)]
            requests.append((json.dumps(burst_mod.generation_body(i, organization_id)).encode(), token))

        async def all_at_once() -> list[int]:
            return await asyncio.gather(*[asgi_post(app, URL, body, token) for body, token in requests])

        return loop.run_until_complete(all_at_once())

    return burst


def _cpu_per_generation(apps: dict, burst, args: argparse.Namespace) -> dict[str, list[float]]:
    """Warm every handler, freeze the start-up objects (unless told not to), then alternate the
    handlers round by round: the process CPU per generation (ms) of each round."""
    for app in apps.values():
        burst(app, 20)  # warm: imports, connections, caches
    if not args.no_gc_freeze:  # as a gunicorn worker does before serving (post_worker_init)
        gc.collect()
        gc.freeze()
    StepCpu.clear()
    cpu_per_generation: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(args.rounds):
        for name, app in apps.items():
            started = process_cpu()
            statuses = burst(app, args.generations)
            cpu_per_generation[name].append((process_cpu() - started) * 1000 / args.generations)
            if set(statuses) != {201}:
                raise SystemExit(f"{name}: statuses {collections.Counter(statuses)}")
    return cpu_per_generation


def _report(cpu_per_generation: dict[str, list[float]], args: argparse.Namespace) -> None:
    print(
        f"{args.generations} generations at once x {args.rounds} rounds, provider {args.latency} s, in one process"
        f" (gc.freeze: {'no' if args.no_gc_freeze else 'yes'})"
    )
    for name, values in cpu_per_generation.items():
        ordered = sorted(values)
        print(
            f"  {name:28} CPU per generation: median {ordered[len(ordered) // 2]:.2f} ms, min {ordered[0]:.2f} ms"
            f"  ({' '.join(f'{v:.2f}' for v in values)})"
        )
    for step, values in StepCpu.items():
        mean = sum(values) * 1000 / len(values)
        print(f"  database step {step:16} thread CPU: mean {mean:.2f} ms ({len(values)} steps)")


def main() -> None:
    args = _arguments()
    with burst_mod.Standin(latency=args.latency) as standin:
        env = gen.server_env(fake_url=standin.url)
        gen.django_setup(env)
        _time_db_steps()  # before the URLconf (and its views) is imported

        from bench.builders import bench_data_delete
        from bench.run import setup_data

        tag = secrets.token_hex(4)
        data = setup_data(tag, generation_users=10, customers=1)
        apps = handlers(args.handlers.split(","))
        burst = _bursts(data.generation_accounts, asyncio.new_event_loop())
        try:
            cpu_per_generation = _cpu_per_generation(apps, burst, args)
        finally:
            bench_data_delete(tag)
    _report(cpu_per_generation, args)


if __name__ == "__main__":
    main()
