"""A PostgreSQL restart costs no request once the server is back (issue 26): every connection of the
pool died with the old server, and the next requests still answer at once (apps.common.postgresql).

The restart is made real where it matters to the pool: the server processes of its connections are
terminated (``pg_terminate_backend``, as a shutdown does), so the pool holds dead idle connections.
Stopping the whole server under gunicorn is scripts/outage_test.py's part (run by .ci/run)."""

import time

import psycopg
import pytest
from django.db import connection

from tests.support.clients import client_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# More than psycopg's pool can skip within DATABASE_POOL_TIMEOUT when it only replaces the dead
# connection it met (it tries the next one at once, then after 1 s, then 2 s).
DEAD_CONNECTIONS = 6


@pytest.fixture(autouse=True)
def _database_steps_in_their_pool(settings):
    """The async views' database steps in their own threads with pooled connections, as served."""
    settings.DB_STEPS_ON_CALLER_THREAD = False


def _kill_the_pooled_connections(count: int) -> None:
    """Make the pool hold at least ``count`` idle connections, then terminate their server
    processes and wait until they are gone: the pool now lends dead connections first."""
    connection.close()  # this thread's connection goes back to the pool too
    pool = connection.pool
    pool.open()
    held = [pool.getconn() for _ in range(count)]
    pids = [held_connection.info.backend_pid for held_connection in held]
    for held_connection in held:
        pool.putconn(held_connection)
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [pids])
        deadline = time.monotonic() + 10
        while admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids]).fetchone()[0]:
            assert time.monotonic() < deadline, "the terminated server processes did not exit"
            time.sleep(0.05)


def test_reads_answer_at_once_after_every_pooled_connection_died_with_the_server(user):
    client = client_for(user)
    _kill_the_pooled_connections(DEAD_CONNECTIONS)

    started = time.monotonic()
    profile = client.get("/api/v1/auth/profile/")
    contents = client.get("/api/v1/content/")
    elapsed = time.monotonic() - started

    assert (profile.status_code, contents.status_code) == (200, 200), (profile.content, contents.content)
    assert profile.json()["email"] == user.email
    assert elapsed < 1.0  # no backoff through the dead connections (psycopg's first wait is 1 s)


def test_an_async_views_database_steps_get_live_connections_after_the_server_restart(owner, ai_settings):
    client = client_for(owner)
    _kill_the_pooled_connections(DEAD_CONNECTIONS)

    body = {"platform": "linkedin", "tone": "professional", "prompt": "After the restart"}
    response = client.post("/api/v1/content/generate/", body, format="json")

    assert response.status_code == 201, response.content
    assert client.get(f"/api/v1/content/{response.json()['id']}/").status_code == 200
