#!/usr/bin/env python
# ruff: noqa: S603, S310, S103 - fixed local commands and URLs of this test, a temp dir postgres must enter
"""Outage test: stop the real Redis and the real PostgreSQL under a live gunicorn, and check what
clients see and how the service recovers (issue 18, docs/deploy.md "Outages").

Everything is private to this run: a PostgreSQL cluster made with ``initdb`` (run as the
``postgres`` user when started as root) and a ``redis-server``, each on a free port, with data
under a temporary directory; the machine's shared PostgreSQL (5432) and Redis (6379) are never
touched. The app runs with ``config.settings.production`` through ``gunicorn --config
gunicorn.conf.py`` next to the task worker (``python -m runtime.db_worker``, as compose.yaml runs it).

Outages, each while a background client keeps calling the API:
1. Redis stopped (SIGTERM), then started again;
2. Redis hung (SIGSTOP), then resumed (SIGCONT);
3. PostgreSQL stopped (``pg_ctl stop -m fast``), then started again.

Asserted: with Redis out every API call still succeeds (from the database), quickly; with
PostgreSQL out no call answers 500, a call that needs the database answers 503
``database_unavailable`` with ``Retry-After`` within 2 s; ``/health/live`` stays 200 and
``/health/ready`` is 503; afterwards the data written before is intact and the task worker (still
running, its outage logged) publishes a post scheduled after the outage, and stops cleanly on
SIGTERM. After each recovery, readers (6 users, about 5 requests a second in all, each on a new
connection) read a content list and a profile: for 40 s from the moment PostgreSQL is back (and log
in, one every few seconds; ``/health/ready`` must be green at its first call), for 8 s once
``/health/ready`` is green after each Redis outage. Every answer must be 2xx, and every gunicorn
worker must have served some (the access log's ``pid``): each worker's pool is full (20
connections) when PostgreSQL stops, and a pool handing out connections that died with the old
server would fail some of them. Prints a table of what a client saw, how
long recovery took and the counts of the reads after it. Exit status 0 only if every check passed.

Usage: .venv/bin/python scripts/outage_test.py   (needs redis-server and PostgreSQL 15 binaries;
``OUTAGE_PORTS=18150-18199`` keeps its servers in that range of ports)
"""

import base64
import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_BIN = Path(os.environ.get("OUTAGE_PG_BIN", "/usr/lib/postgresql/15/bin"))
PASSWORD = "Outage-Test-Passw0rd!"
FAILURES: list[str] = []


def _port_candidates() -> list[int]:
    """``OUTAGE_PORTS`` ("18150-18199": the ports this run may take, e.g. on a shared machine), else
    any free port the system gives."""
    first, _, last = os.environ.get("OUTAGE_PORTS", "").partition("-")
    return list(range(int(first), int(last or first) + 1)) if first.strip() else [0]


_TAKEN: set[int] = set()


def free_port() -> int:
    for candidate in _port_candidates():
        if candidate in _TAKEN:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port = s.getsockname()[1]
            _TAKEN.add(port)
            return port
    raise RuntimeError("no free port in OUTAGE_PORTS")


def check(condition: bool, message: str) -> None:
    if not condition:
        FAILURES.append(message)
        print(f"   FAIL: {message}", flush=True)


# --------------------------------------------------------------------------- private servers
class PrivatePostgres:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.data = workdir / "pg"
        self.sockets = workdir
        self.log = workdir / "postgres.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.started = False  # once started, stopped again when the run ends, even if it failed

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def init(self) -> None:
        if self.as_postgres:
            shutil.chown(self.sockets, user="postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        self.started = True

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def createdb(self, name: str) -> None:
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)


class PrivateRedis:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--daemonize", "no", "--dir", str(self.workdir)]
        with open(self.workdir / "redis.log", "ab") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


# --------------------------------------------------------------------------- HTTP client
class Api:
    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, body: dict | None = None, token: str | None = None, timeout: float = 10):
        """(status, json body or None, headers, seconds)."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our own local server
                status, raw, response_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as exc:
            status, raw, response_headers = exc.code, exc.read(), exc.headers
        except (OSError, urllib.error.URLError) as exc:
            return 0, {"error": {"code": f"connection: {exc}"}}, {}, time.monotonic() - started
        elapsed = time.monotonic() - started
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = None
        return status, payload, response_headers, elapsed


def code_of(payload) -> str:
    if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
        return str(payload["error"].get("code"))
    return "-"


class Background:
    """Keeps calling the API (public and authenticated) during an outage; records every status."""

    def __init__(self, api: Api, token: str) -> None:
        self.api, self.token = api, token
        self.statuses: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.statuses.append(self.api.call("GET", "/api/v1/subscriptions/plans/")[0])
            self.statuses.append(self.api.call("GET", "/health/live")[0])
            self._stop.wait(0.1)

    def __enter__(self) -> "Background":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=15)


# Reads right after a recovery: STEADY_READERS users (each with their own organization, so that no
# plan's rate limit, 60 requests a minute on Free, is reached), each reading every STEADY_PACE s.
STEADY_READERS = 6
STEADY_PACE = 1.25
WEB_WORKERS = 2  # gunicorn worker processes, each with its own connection pool
STEADY_PATHS = (("content list", "/api/v1/content/"), ("profile", "/api/v1/auth/profile/"))


class SteadyReads:
    """Right after a recovery (the caller says when): every reader alternates a content list and
    a profile read (authenticated) for ``seconds``, each on a new TCP connection so that every
    gunicorn worker takes some; with ``login`` each reader also logs in, one after the other through
    the window. Every answer is recorded (label, status, error code, seconds, request id)."""

    def __init__(self, api: Api, readers: list[tuple[str, str]], seconds: float, *, login: bool) -> None:
        self.api, self.readers, self.seconds = api, readers, seconds
        self.answers: list[tuple[str, int, str, float, str]] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._read, args=(token,), daemon=True) for _, token in readers]
        if login:  # one at a time through the window: a login hashes a password (~1 CPU-second when busy)
            spacing = seconds / len(readers)
            self._threads += [
                threading.Thread(target=self._login, args=(email, 1.0 + n * spacing), daemon=True)
                for n, (email, _) in enumerate(readers)
            ]

    def _record(self, label: str, answer: tuple) -> None:
        status, payload, headers, elapsed = answer
        request_id = headers.get("X-Request-ID", "") if headers else ""
        with self._lock:
            self.answers.append((label, status, code_of(payload), elapsed, request_id))

    def _login(self, email: str, after: float) -> None:
        time.sleep(after)
        self._record("login", self.api.call("POST", "/api/v1/auth/login/", {"email": email, "password": PASSWORD}))

    def _read(self, token: str) -> None:
        deadline = time.monotonic() + self.seconds
        turn = 0
        while time.monotonic() < deadline:
            tick = time.monotonic()
            label, path = STEADY_PATHS[turn % len(STEADY_PATHS)]
            self._record(label, self.api.call("GET", path, token=token))
            turn += 1
            time.sleep(max(0.0, STEADY_PACE - (time.monotonic() - tick)))

    def __enter__(self) -> "SteadyReads":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        for thread in self._threads:
            thread.join(timeout=self.seconds + 30)


# --------------------------------------------------------------------------- the run
ROWS: list[tuple[str, str, int, str, float, str]] = []
RECOVERY: list[tuple[str, float, str]] = []


def probe(api: Api, outage: str, label: str, method: str, path: str, body=None, token=None):
    status, payload, headers, elapsed = api.call(method, path, body, token)
    retry = headers.get("Retry-After", "") if headers else ""
    ROWS.append((outage, label, status, code_of(payload), elapsed, retry))
    return status, payload, headers, elapsed


def wait_until(predicate, timeout: float, step: float = 0.1) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    return None


def register(api: Api, email: str) -> str:
    status, payload, _, _ = api.call("POST", "/api/v1/auth/register/", {"email": email, "password": PASSWORD})
    if status != 201:
        raise RuntimeError(f"register {email}: {status} {payload}")
    return payload["access"]


def generate(api: Api, token: str):
    body = {"platform": "linkedin", "tone": "professional", "prompt": "Outage drill: why resilience matters"}
    return api.call("POST", "/api/v1/content/generate/", body, token, timeout=30)


def schedule_and_wait_published(api: Api, token: str, content_id: str, timeout: float = 30) -> float | None:
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)).isoformat()
    status, post, _, _ = api.call(
        "POST", "/api/v1/scheduling/schedule/", {"content_id": content_id, "scheduled_at": when}, token
    )
    if status != 201:
        print(f"   schedule answered {status}: {post}")
        return None

    def published() -> bool:
        status, payload, _, _ = api.call("GET", f"/api/v1/scheduling/{post['id']}/", token=token)
        return status == 200 and payload.get("status") == "published"

    return wait_until(published, timeout, step=0.5)


BASELINE: dict[str, float] = {}


def slow(label: str, elapsed: float, margin: float) -> bool:
    """Slower than the same call before any outage (login hashes a password: ~1 s on a busy CI
    machine) by more than ``margin`` seconds."""
    return elapsed > BASELINE.get(label, 0.0) + margin


# Seconds of steady reads after each recovery (all must be 2xx): the 40 s after PostgreSQL,
# a shorter look after each Redis outage.
PG_STEADY_SECONDS = 40.0
REDIS_STEADY_SECONDS = 8.0
STEADY: list[tuple[str, SteadyReads, dict[int, int]]] = []


def served_by(workdir: Path, request_ids: set[str]) -> dict[int, int]:
    """How many of these requests each gunicorn worker served (pid -> count), from the access log."""
    time.sleep(0.3)  # the access line of the last answer is written as it ends
    counts: dict[int, int] = {}
    for line in (workdir / "access.log").read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if entry.get("request_id") in request_ids:
                counts[entry["pid"]] = counts.get(entry["pid"], 0) + 1
    return counts


def check_steady(outage: str, steady: SteadyReads, workdir: Path) -> None:
    """Every answer after the recovery was 2xx, enough reads ran, and every gunicorn worker served some."""
    answers = steady.answers
    reads = [answer for answer in answers if answer[0] != "login"]
    failed = [f"{label} {status} {code}" for label, status, code, _, _ in answers if not 200 <= status < 300]
    expected = int(len(steady.readers) * steady.seconds / STEADY_PACE * 0.6)
    check(
        len(reads) >= expected, f"{outage}: after: {len(reads)} reads in {steady.seconds:.0f} s, expected >= {expected}"
    )
    check(not failed, f"{outage}: after: {len(failed)} of {len(answers)} answers not 2xx: {sorted(set(failed))}")
    served = served_by(workdir, {answer[4] for answer in answers if answer[4]})
    check(
        len(served) >= WEB_WORKERS,
        f"{outage}: after: the reads reached {len(served)} of {WEB_WORKERS} gunicorn workers",
    )
    STEADY.append((outage, steady, served))


def redis_outage(api, redis, outage, token, email, readers, workdir, *, hang: bool) -> None:
    print(f"== {outage}", flush=True)
    with Background(api, token) as background:
        time.sleep(0.3)
        redis.pause() if hang else redis.stop()
        time.sleep(0.2)
        calls = [
            ("public plan list", "GET", "/api/v1/subscriptions/plans/", None, None),
            ("profile", "GET", "/api/v1/auth/profile/", None, token),
            ("organizations", "GET", "/api/v1/organizations/", None, token),
            ("login", "POST", "/api/v1/auth/login/", {"email": email, "password": PASSWORD}, None),
            ("generate", "POST", "/api/v1/content/generate/", None, token),
        ]
        for label, method, path, body, tok in calls:
            if label == "generate":
                status, payload, _, elapsed = generate(api, token)
                ROWS.append((outage, label, status, code_of(payload), elapsed, ""))
            else:
                status, payload, _, elapsed = probe(api, outage, label, method, path, body, tok)
            check(status in (200, 201), f"{outage}: {label} answered {status} {code_of(payload)}")
            check(not slow(label, elapsed, 1.0), f"{outage}: {label} took {elapsed:.2f} s")
        status, *_ = probe(api, outage, "/health/live", "GET", "/health/live")
        check(status == 200, f"{outage}: /health/live answered {status}")
        status, *_ = probe(api, outage, "/health/ready", "GET", "/health/ready")
        check(status == 503, f"{outage}: /health/ready answered {status}")
        back = time.monotonic()
        redis.resume() if hang else redis.start()
        ready = wait_until(lambda: api.call("GET", "/health/ready")[0] == 200, timeout=20)
        back_ms = time.monotonic() - back
    check(ready is not None, f"{outage}: /health/ready not 200 again after 20 s")
    check(500 not in background.statuses and 0 not in background.statuses, f"{outage}: background saw 500/no answer")
    with SteadyReads(api, readers, REDIS_STEADY_SECONDS, login=False) as steady:
        status, *_ = probe(api, f"{outage}: after", "profile", "GET", "/api/v1/auth/profile/", token=token)
        check(status == 200, f"{outage}: profile after recovery answered {status}")
    check_steady(outage, steady, workdir)
    RECOVERY.append((outage, ready if ready is not None else back_ms, f"{len(background.statuses)} background calls"))


def postgres_outage(api, pg, worker, token, email, content_id, readers, workdir) -> None:
    """PostgreSQL stopped under load, then started: 503s meanwhile; from the moment the server is
    back (``pg_ctl start`` returned), PG_STEADY_SECONDS of reads (and logins) that must all be 2xx,
    and ``/health/ready`` green at its first call (each gunicorn worker's pool still holds
    connections that died with the old server: none may fail a request)."""
    outage = "PostgreSQL stopped"
    print(f"== {outage}", flush=True)
    with Background(api, token) as background:
        time.sleep(0.3)
        pg.stop()
        time.sleep(0.2)
        postgres_down_calls(api, outage, token, email)
        time.sleep(1.5)  # the worker polls the queue meanwhile and must survive it
        back = time.monotonic()
        pg.start()
    check(500 not in background.statuses and 0 not in background.statuses, f"{outage}: background saw 500/no answer")
    with SteadyReads(api, readers, PG_STEADY_SECONDS, login=True) as steady:
        readiness: list[int] = []
        ready = wait_until(lambda: readiness.append(api.call("GET", "/health/ready")[0]) or readiness[-1] == 200, 20)
        back_s = time.monotonic() - back
        check(ready is not None, f"{outage}: /health/ready not 200 again after 20 s")
        check(readiness[:1] == [200], f"{outage}: /health/ready answered {readiness} once the server was back")
        postgres_after_calls(api, outage, worker, token, email, content_id)
    check_steady(outage, steady, workdir)
    RECOVERY.append((outage, ready if ready is not None else back_s, "worker alive, post published"))


def postgres_down_calls(api, outage, token, email) -> None:
    """While PostgreSQL is down: 503 database_unavailable with Retry-After, quickly, never a 500."""
    calls = [
        ("public plan list", "GET", "/api/v1/subscriptions/plans/", None, None),
        ("profile", "GET", "/api/v1/auth/profile/", None, token),
        ("organizations", "GET", "/api/v1/organizations/", None, token),
        ("content list", "GET", "/api/v1/content/", None, token),
        ("login", "POST", "/api/v1/auth/login/", {"email": email, "password": PASSWORD}, None),
    ]
    answered_503 = []
    for label, method, path, body, tok in calls:
        status, payload, headers, elapsed = probe(api, outage, label, method, path, body, tok)
        check(status in (200, 503), f"{outage}: {label} answered {status} {code_of(payload)}")
        check(elapsed < 2.0 or (status == 200 and not slow(label, elapsed, 1.0)), f"{outage}: {label} {elapsed:.2f} s")
        if status == 503:
            answered_503.append(label)
            check(code_of(payload) == "database_unavailable", f"{outage}: {label} code {code_of(payload)}")
            check(headers.get("Retry-After", "").isdigit(), f"{outage}: {label} without Retry-After")
    check("organizations" in answered_503 and "login" in answered_503, f"{outage}: 503s were {answered_503}")
    status, *_ = probe(api, outage, "/health/live", "GET", "/health/live")
    check(status == 200, f"{outage}: /health/live answered {status}")
    status, *_ = probe(api, outage, "/health/ready", "GET", "/health/ready")
    check(status == 503, f"{outage}: /health/ready answered {status}")


def postgres_after_calls(api, outage, worker, token, email, content_id) -> None:
    """Right after the recovery (while the steady reads run): a login, the data written before, and
    the task worker still publishing."""
    after = f"{outage}: after"
    status, payload, _, _ = probe(api, after, "login (user from before)", "POST", "/api/v1/auth/login/",
                                  {"email": email, "password": PASSWORD})  # fmt: skip
    check(status == 200, f"{after}: login answered {status} {code_of(payload)}")
    status, payload, _, _ = probe(api, after, "organizations", "GET", "/api/v1/organizations/", token=token)
    check(status == 200, f"{after}: organizations answered {status} {code_of(payload)}")
    status, payload, _, _ = probe(api, after, "content list", "GET", "/api/v1/content/", token=token)
    ids = [item["id"] for item in (payload or {}).get("results", [])]
    check(status == 200 and content_id in ids, f"{after}: content written before the outage missing ({status})")
    check(worker.poll() is None, f"{after}: the task worker exited ({worker.returncode})")
    published = schedule_and_wait_published(api, token, content_id)
    check(published is not None, f"{after}: a post scheduled after the outage was not published by the worker")
    ROWS.append((after, "post scheduled +2 s -> published", 200 if published else 0, "-", published or 0.0, ""))


def missing_tool() -> str | None:
    """The first binary this test needs that the machine lacks."""
    for tool in ("redis-server", str(PG_BIN / "initdb")):
        if not shutil.which(tool):
            return tool
    return None


def app_env(pg: PrivatePostgres, redis: PrivateRedis, workdir: Path, web_port: int) -> dict[str, str]:
    """The environment of gunicorn and the task worker: production settings on the private servers."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "GUNICORN_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "JWT_SECRET_KEY": secrets.token_urlsafe(48),
        "CHANNEL_TOKEN_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),  # a Fernet key
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{pg.port}/caas_outage",
        # Every pool full when PostgreSQL stops, as after a busy spell: the gunicorn workers then hold
        # more connections that die with the server (40) than the requests made during the outage
        # use up (at most 3 each, psycopg's pool trying the next one after 0, 1 and 2 s), so the
        # first requests once it is back meet dead ones (3 in a row answered 503 before issue 26).
        "DATABASE_POOL_MIN_SIZE": "20",
        "DATABASE_POOL_MAX_SIZE": "20",
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(workdir / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "GUNICORN_WORKERS": str(WEB_WORKERS),
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),  # which worker served a request (pid)
        "SCHEDULER_BACKEND": "local",
        "SCHEDULER_PUBLISHER": "log",
        # No mail server here: sign-up's verification email goes to the worker's log.
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


def start_app(env: dict[str, str], workdir: Path, web_port: int, processes: list[subprocess.Popen]):
    """Migrate, then start gunicorn and the task worker (added to ``processes``) and wait until
    ready; (api, worker)."""
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    web_log = open(workdir / "web.log", "wb")  # noqa: SIM115 - closed with the process
    worker_log = open(workdir / "worker.log", "wb")  # noqa: SIM115
    web = subprocess.Popen([GUNICORN, "config.asgi:application", "--config", "gunicorn.conf.py"],
                           cwd=ROOT, env=env, stdout=web_log, stderr=subprocess.STDOUT)  # fmt: skip
    processes.append(web)
    worker = subprocess.Popen([PY, "-m", "runtime.db_worker", "--interval", "0.5", "-v", "1"],
                              cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT)  # fmt: skip
    processes.append(worker)
    api = Api(f"http://127.0.0.1:{web_port}")
    if wait_until(lambda: api.call("GET", "/health/ready")[0] == 200, timeout=60) is None:
        print((workdir / "web.log").read_text(), file=sys.stderr)
        raise RuntimeError("gunicorn did not become ready")
    return api, worker


def seed(api: Api) -> tuple[str, str, dict, list[tuple[str, str]]]:
    """A user and a content written before the outages, and the readers of the steady reads (each
    signed up with their own organization); (email, token, content, [(email, token)])."""
    email = f"outage-{secrets.token_hex(4)}@example.com"
    token = register(api, email)
    status, content, _, _ = generate(api, token)
    if status != 201:
        raise RuntimeError(f"generate before the outages: {status} {content}")
    readers = [(f"reader-{n}-{secrets.token_hex(4)}@example.com", "") for n in range(STEADY_READERS)]
    return email, token, content, [(reader, register(api, reader)) for reader, _ in readers]


def measure_baseline(api: Api, token: str, email: str) -> None:
    """Time each call before any outage (BASELINE), so that an outage is judged by the slowdown."""
    for label, method, path, body, tok in (
        ("public plan list", "GET", "/api/v1/subscriptions/plans/", None, None),
        ("profile", "GET", "/api/v1/auth/profile/", None, token),
        ("organizations", "GET", "/api/v1/organizations/", None, token),
        ("login", "POST", "/api/v1/auth/login/", {"email": email, "password": PASSWORD}, None),
    ):
        status, payload, _, BASELINE[label] = probe(api, "none (baseline)", label, method, path, body, tok)
        check(status == 200, f"baseline: {label} answered {status} {code_of(payload)}")
    BASELINE["generate"] = generate(api, token)[3]


def check_worker_stops(worker: subprocess.Popen, workdir: Path) -> None:
    """SIGTERM, as docker compose stops the worker service: a clean exit, the outage in its log."""
    worker.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        worker.wait(timeout=15)
    check(worker.returncode == 0, f"the task worker did not stop cleanly on SIGTERM ({worker.returncode})")
    worker_lines = (workdir / "worker.log").read_text(errors="replace").splitlines()
    check(
        any('"outage": "worker:database"' in line for line in worker_lines),
        "the task worker did not log the database outage (runtime.db_worker)",
    )


def check_logs(workdir: Path) -> None:
    """No trace in the web or worker log; print the outage warnings they hold."""
    logs = (workdir / "web.log").read_text(errors="replace") + (workdir / "worker.log").read_text(errors="replace")
    traced = [line for line in logs.splitlines() if "Traceback" in line or "unhandled exception" in line]
    check(not traced, "a trace or unhandled exception was logged")
    for line in traced[:3]:
        print(f"   {line[:1500]}")
    warnings = [line for line in logs.splitlines() if '"logger": "apps.outages"' in line]
    print(f"== logs: {len(warnings)} apps.outages warnings (once per kind and process per interval)")
    for line in warnings[:12]:
        entry = json.loads(line)
        print(f"   {entry.get('outage', '-'):<22} {entry['message'][:90]}")


def run_outages(pg: PrivatePostgres, redis: PrivateRedis, workdir: Path, processes: list[subprocess.Popen]) -> None:
    """Start the private servers and the app, then take each outage in turn and check the aftermath."""
    pg.init()
    pg.start()
    pg.createdb("caas_outage")
    redis.start()
    web_port = free_port()
    env = app_env(pg, redis, workdir, web_port)
    print(f"== private PostgreSQL :{pg.port}, Redis :{redis.port}, gunicorn :{web_port} ({workdir})", flush=True)
    api, worker = start_app(env, workdir, web_port, processes)
    email, token, content, readers = seed(api)
    measure_baseline(api, token, email)
    redis_outage(api, redis, "Redis stopped", token, email, readers, workdir, hang=False)
    redis_outage(api, redis, "Redis hung (SIGSTOP)", token, email, readers, workdir, hang=True)
    postgres_outage(api, pg, worker, token, email, content["id"], readers, workdir)
    check_worker_stops(worker, workdir)
    check_logs(workdir)


def tear_down(processes: list[subprocess.Popen], redis: PrivateRedis, pg: PrivatePostgres, workdir: Path) -> None:
    """Stop whatever was started, newest first, and remove the temporary directory."""
    for process in reversed(processes):
        if process.poll() is None:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
    redis.stop()
    if pg.started:
        with contextlib.suppress(subprocess.CalledProcessError):
            pg.stop()
    shutil.rmtree(workdir, ignore_errors=True)


def print_steady() -> None:
    """What the readers saw from the moment /health/ready was green again, by request and by worker."""
    print()
    print(f"{'after the outage':<34} {'request':<16} {'answers':>7} {'2xx':>5}  {'other':<24} {'median':>8} {'max':>8}")
    for outage, steady, served in STEADY:
        for label in ("login", *(label for label, _ in STEADY_PATHS)):
            answers = [answer for answer in steady.answers if answer[0] == label]
            if not answers:
                continue
            ok = sum(1 for answer in answers if 200 <= answer[1] < 300)
            other = ", ".join(sorted({f"{a[1]} {a[2]}" for a in answers if not 200 <= a[1] < 300})) or "-"
            times = sorted(answer[3] for answer in answers)
            median, longest = times[len(times) // 2] * 1000, times[-1] * 1000
            print(
                f"{outage:<34} {label:<16} {len(answers):>7} {ok:>5}  {other:<24} {median:>5.0f} ms {longest:>5.0f} ms"
            )
        workers = ", ".join(f"pid {pid}: {count}" for pid, count in sorted(served.items()))
        print(f"{'':<34} {'by worker':<16} {workers} ({steady.seconds:.0f} s, {len(steady.readers)} readers)")


def print_report(started: float) -> int:
    """The table of what a client saw and of the recoveries; the exit status."""
    print()
    print(f"{'outage':<34} {'request':<34} {'status':>6}  {'code':<22} {'time':>8}  retry-after")
    for outage, label, status, code, elapsed, retry in ROWS:
        print(f"{outage:<34} {label:<34} {status:>6}  {code:<22} {elapsed * 1000:>6.0f} ms  {retry}")
    print()
    print(f"{'outage':<34} {'recovered after restart':>24}  notes")
    for outage, seconds, notes in RECOVERY:
        print(f"{outage:<34} {seconds:>22.2f} s  {notes}")
    print_steady()
    print(f"\noutage test: {time.monotonic() - started:.0f} s, {len(FAILURES)} failure(s)")
    for failure in FAILURES:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if FAILURES else 0


def main() -> int:
    started = time.monotonic()
    tool = missing_tool()
    if tool:
        print(f"outage test: {tool} not found", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="caas-outage-"))
    os.chmod(workdir, 0o755)
    pg, redis = PrivatePostgres(workdir), PrivateRedis(workdir)
    processes: list[subprocess.Popen] = []
    try:
        run_outages(pg, redis, workdir, processes)
    finally:
        tear_down(processes, redis, pg, workdir)
    return print_report(started)


if __name__ == "__main__":
    sys.exit(main())
