#!/usr/bin/env python
"""Shares of the gunicorn workers' GIL-holding samples by part of the generation path (the profile in
docs/benchmarks.md). Record a burst with py-spy, then group its raw output:

    py-spy record --subprocesses --gil -r 100 -f raw -o /tmp/burst.txt -- \\
        .venv/bin/python bench/run.py --skip queries,memory,list,webhook --burst 400
    python bench/profile_shares.py /tmp/burst.txt

Start-up imports are left out; each sample counts once, in the first group that matches.
"""

import collections
import sys

# (group, frames whose presence puts a sample in it), in order.
GROUPS = [
    ("DRF's initial, in its database step (authentication, permissions, throttles)", ["APIView.initial"]),
    (
        "validation, preparation and reservation, in their database step",
        ["ContentGenerateApi.prepare", "ContentRegenerateApi.prepare"],
    ),
    (
        "save + settle, in its database step (content, version, events, ledger)",
        ["generation_save", "generation_release", "generation_save_partial"],
    ),
    (
        "OpenAI SDK call: request, aiohttp transport, JSON answer / stream chunks",
        ["OpenAIProvider.generate", "OpenAIProvider.stream", "_stream_open"],
    ),
    ("SSE: events encoded, Django's streaming response", ["_sse_stream", "StreamingHttpResponse"]),
    ("fitting, brand rules, answer payload", ["_fit (", "generation_payload", "brand_finish", "call_record"]),
    ("Django's per-request thread (ThreadSensitiveContext)", ["ThreadSensitiveContext"]),
    ("the database steps' thread hops (db_step)", ["db_step.<locals>.step"]),
    ("thread hops on the executors' side (asgiref, executors)", ["SyncToAsync", "concurrent/futures/thread.py"]),
    ("Django ASGI handler, middleware, signals", ["ASGIHandler", "__acall__", "get_response_async", "Signal"]),
    ("uvicorn: HTTP parsing, access log, transport", ["uvicorn", "httptools", "gunicorn_worker"]),
]
MIDDLEWARE_HOPS = "submitting the thread hops of Django's middlewares (MiddlewareMixin) and process_view"
START_UP = ("_find_and_load", "post_worker_init", "load_wsgi", "<frozen importlib", "_lazyimport", "init_signals")


def _hop_after(frames: list[str], caller: str) -> bool:
    """``caller`` is followed (within two frames) by an asgiref ``SyncToAsync``: it submits a hop."""
    found = [i for i, frame in enumerate(frames) if frame.startswith(caller)]
    return bool(found) and any(frame.startswith("SyncToAsync") for frame in frames[found[-1] + 1 : found[-1] + 3])


def _worker_sample(stack: str) -> bool:
    processes = [frame for frame in stack.split(";") if frame.startswith("process ")]
    if not processes or "gunicorn" not in processes[-1] or "print-config" in processes[-1]:
        return False
    if "Arbiter.run" in stack and "init_process" not in stack:  # the master
        return False
    return not any(mark in stack for mark in START_UP)


def shares(path: str) -> tuple[int, collections.Counter]:
    counts: collections.Counter = collections.Counter()
    total = 0
    with open(path) as lines:
        for line in lines:
            stack, _, count = line.rstrip().rpartition(" ")
            if not _worker_sample(stack):
                continue
            samples = int(count)
            total += samples
            frames = stack.split(";")
            in_view = any(mark in stack for mark in ("AsyncAPIView.dispatch", "View.as_view"))
            if not in_view and (
                _hop_after(frames, "MiddlewareMixin.__acall__") or _hop_after(frames, "BaseHandler._get_response_async")
            ):
                counts[MIDDLEWARE_HOPS] += samples
                continue
            group = next((name for name, marks in GROUPS if any(mark in stack for mark in marks)), None)
            counts[group or "other (event loop, GC, ...)"] += samples
    return total, counts


def main() -> None:
    total, counts = shares(sys.argv[1])
    print(f"worker samples: {total}")
    for name, samples in counts.most_common():
        print(f"| {100 * samples / max(total, 1):4.0f} % | {name} |")


if __name__ == "__main__":
    main()
