"""The app under gunicorn for the tools (``bench/``, ``scripts/``): on a free port of 127.0.0.1,
started, ready, then stopped (SIGTERM to its process group, SIGKILL if it lingers).

    with gunicorn_running(env) as server:
        httpx.get(f"{server.url}/health/live")

``gunicorn -c gunicorn.conf.py config.asgi:application``, the way it is deployed; ``env`` says the rest
(settings module, workers, threads, ...). With ``GUNICORN_WORKER_CLASS=gthread`` in ``env`` (the
documented thread-per-request mode) the app is ``config.wsgi:application``, so that both serving
modes can be measured. ``GUNICORN_BIND`` is set here, to the free port.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"]


def gunicorn_command(env: dict[str, str]) -> list[str]:
    """The command line: the WSGI app under the ``gthread`` worker class, the ASGI app otherwise."""
    threaded = env.get("GUNICORN_WORKER_CLASS", "") == "gthread"
    return [*GUNICORN, "config.wsgi:application" if threaded else "config.asgi:application"]


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now (so parallel runs do not clash)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Gunicorn:
    pid: int  # the master; the workers are its children
    url: str  # http://127.0.0.1:<port>


@contextmanager
def gunicorn_running(
    env: dict[str, str],
    *,
    ready_path: str = "/health/live",
    ready_seconds: float = 60,
    stop_seconds: float = 30,
    root: Path = ROOT,
    port: int | None = None,
) -> Iterator[Gunicorn]:
    """gunicorn with ``env`` on ``port`` (default: a free one), ready (``ready_path`` answers 200) when
    the block starts, stopped when it ends, however it ends. ``root``: the checkout it serves (another
    one than this, e.g. an exported ``main`` to compare against, with the same virtualenv)."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603 - our own command line
        gunicorn_command(env), cwd=root, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, start_new_session=True
    )
    try:
        _wait_ready(process, port=port, path=ready_path, seconds=ready_seconds)
        yield Gunicorn(pid=process.pid, url=url)
    finally:
        _stop(process, grace=stop_seconds)


def _wait_ready(process: subprocess.Popen, *, port: int, path: str, seconds: float) -> None:
    url = f"http://127.0.0.1:{port}{path}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # HTTPError (e.g. 503) included
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn was not ready at {url} after {seconds:g} s")


def _stop(process: subprocess.Popen, *, grace: float) -> None:
    """SIGTERM to the whole process group (master and workers), SIGKILL after ``grace`` seconds or
    if anything (e.g. a time bound's alarm) interrupts the wait."""
    try:
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    finally:
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def gunicorn_shape(env: dict[str, str]) -> tuple[int, int]:
    """(workers, threads) that ``gunicorn.conf.py`` gives with ``env`` (``gunicorn --print-config``)."""
    config = subprocess.run(  # noqa: S603 - our own command line
        [GUNICORN[0], "--print-config", *gunicorn_command(env)[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = {}
    for line in config.splitlines():
        name, _, value = line.partition("=")
        if name.strip() in ("workers", "threads"):
            values[name.strip()] = int(value.strip())
    return values["workers"], values["threads"]


@contextmanager
def time_bound(seconds: int) -> Iterator[None]:
    """Raise ``TimeoutError`` in the main thread once ``seconds`` have passed (SIGALRM); cancelled on exit."""

    def on_alarm(signum, frame):
        raise TimeoutError(f"run exceeded {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
