#!/usr/bin/env python
"""A/B of two checkouts through ``bench/run.py`` (gunicorn), alternating run by run in one session
because the machine is shared and noisy: A, B, A, B, ... Prints, for each figure of the issue's
table, every round of both and their medians, and the B ÷ A ratio of the medians.

    .venv/bin/python bench/ab.py --a /path/to/before --b . --rounds 3 --json /tmp/ab.json \\
        --a-database postgresql://postgres@127.0.0.1:5432/caas_ab_a --a-redis redis://127.0.0.1:6379/12 \\
        --b-database postgresql://postgres@127.0.0.1:5432/caas_ab_b --b-redis redis://127.0.0.1:6379/13

Each checkout runs its own ``bench/run.py`` with its own code (the same Python environment), with
``--skip queries,memory,webhook`` unless ``--run-args`` says otherwise.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# (label, how to read it from a run's --json), the figures issue 24's table asks for.
FIGURES = {
    "400 plain: ideal ÷ wall": ("generate", 400, False, "ratio"),
    "400 streamed: ideal ÷ wall": ("generate", 400, True, "ratio"),
    "50 at 1 s: ideal ÷ wall": ("generate", 50, False, "ratio"),
    "server CPU per generation, 400 plain (ms)": ("generate", 400, False, "cpu_ms_per_generation"),
    "server CPU per generation, 400 streamed (ms)": ("generate", 400, True, "cpu_ms_per_generation"),
    "list ÷ bare Django (req/s)": ("list", None, None, "ratio"),
    "list ÷ bare Django (CPU)": ("list", None, None, "cpu_ratio"),
    "campaign of 5 platforms, provider 3 s: wall (s)": ("campaign", None, None, "wall"),
}


def figure(results: dict, how: tuple) -> float | None:
    section, n, stream, key = how
    details = results.get(section)
    if details is None:
        return None
    if section in ("list", "campaign"):
        return details.get(key)
    runs = [r for r in details if r["n"] == n and r["stream"] == stream]
    return runs[0][key] if runs else None


def run_once(checkout: Path, run_args: list[str], database_url: str, redis_url: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "bench/run.py", *run_args, "--json", out.name]
        env = dict(os.environ)
        env.update({k: v for k, v in (("DATABASE_URL", database_url), ("REDIS_URL", redis_url)) if v})
        subprocess.run(command, cwd=checkout, check=True, env=env)  # noqa: S603 - our own command line
        return json.loads(Path(out.name).read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="checkout A (the code before)")
    parser.add_argument("--b", required=True, help="checkout B (the code after)")
    parser.add_argument("--a-database", default="", help="DATABASE_URL of A's runs (default: the environment's)")
    parser.add_argument("--b-database", default="", help="DATABASE_URL of B's runs (their migrations may differ)")
    parser.add_argument("--a-redis", default="", help="REDIS_URL of A's runs (default: the environment's)")
    parser.add_argument("--b-redis", default="", help="REDIS_URL of B's runs (their cache entries may differ)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternating")
    parser.add_argument("--run-args", default="--skip queries,memory,webhook", help="arguments of bench/run.py")
    parser.add_argument("--json", default="", help="also write every round's figures here")
    args = parser.parse_args()
    rounds: dict[str, list[dict]] = {"A": [], "B": []}
    for i in range(args.rounds):
        for name, checkout, database, redis in (
            ("A", args.a, args.a_database, args.a_redis),
            ("B", args.b, args.b_database, args.b_redis),
        ):
            print(f"== round {i + 1}/{args.rounds}: {name} ({checkout})", flush=True)
            results = run_once(Path(checkout).resolve(), args.run_args.split(), database, redis)
            rounds[name].append({label: figure(results, how) for label, how in FIGURES.items()})
            rounds[name][-1]["load"] = results["meta"].get("load")
    print("\n| figure | A rounds | B rounds | A median | B median | B ÷ A |\n|---|---|---|---|---|---|")
    for label in FIGURES:
        a = [r[label] for r in rounds["A"] if r[label] is not None]
        b = [r[label] for r in rounds["B"] if r[label] is not None]
        if not a or not b:
            continue
        ma, mb = statistics.median(a), statistics.median(b)
        print(
            f"| {label} | {', '.join(f'{x:.2f}' for x in a)} | {', '.join(f'{x:.2f}' for x in b)} "
            f"| {ma:.2f} | {mb:.2f} | {mb / ma:.2f} |"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rounds, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
