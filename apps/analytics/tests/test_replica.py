"""The routing against a real streaming replica (``scripts/replica.sh start``; .ci/run runs these
with ``DATABASE_REPLICA_URL`` set and fails if they were skipped).

The ``replica_1`` alias is a test mirror of ``default`` (no database is created on the read-only
replica); the fixture points it at the same test database on the replica's port. Rows written in
an open test transaction never reach a replica, hence ``transaction=True``.
"""

import os
import subprocess
import time
from pathlib import Path

import environ
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.analytics import replicas
from apps.content.models import ContentVersion
from apps.organizations.models import OrganizationMember
from tests.factories import ContentFactory
from tests.support.clients import client_for

REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "replica.sh"
GENERATION = reverse("analytics:generation")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not REPLICA_URL, reason="needs a streaming replica: DATABASE_REPLICA_URL (scripts/replica.sh start)"
    ),
    # serialized_rollback: the flush of a transactional test also removes the plans the migrations loaded.
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica_1"]),
]


@pytest.fixture
def replica():
    connection = connections["replica_1"]
    mirrored = connection.settings_dict
    target = environ.Env.db_url_config(REPLICA_URL.split(",")[0].strip())
    pointed = dict(connections["default"].settings_dict)  # the test database's name
    pointed.update(HOST=target["HOST"], PORT=target["PORT"], USER=target["USER"], PASSWORD=target["PASSWORD"])
    pointed["OPTIONS"] = {**pointed.get("OPTIONS", {}), "connect_timeout": 2}
    connection.close()
    connection.settings_dict = pointed
    replicas.replica_state_reset()
    yield connection
    connection.close()
    connection.settings_dict = mirrored
    replicas.replica_state_reset()


def wait_replayed(replica_connection, timeout: float = 15.0) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with replica_connection.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"the replica did not replay {lsn} within {timeout} s")


def script(command: str) -> None:
    subprocess.run(["bash", str(SCRIPT), command], check=True, capture_output=True, timeout=120)


@pytest.fixture
def owner(make_user):
    user = make_user(email="owner@example.com")
    return user, OrganizationMember.objects.get(user=user).organization


def test_the_replica_is_a_streaming_standby(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database(), current_setting('port')")
        in_recovery, name, port = cursor.fetchone()
    assert in_recovery is True
    assert name == connections["default"].settings_dict["NAME"]
    assert port != str(connections["default"].settings_dict["PORT"] or 5432)


def test_analytics_reads_reach_the_replica_and_writes_never_do(replica, owner):
    user, org = owner
    content = ContentFactory(organization=org, created_by=user, versions=("one", "two"))
    wait_replayed(replica)
    client = client_for(user)
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(GENERATION, {"organization_id": str(org.pk)})
    assert response.status_code == 200, response.content
    assert response.json()["source"] == "replica"
    assert response.json()["versions"] == 2
    analytics = [q["sql"] for q in on_replica.captured_queries]
    assert any("content_contentversion" in sql for sql in analytics), analytics
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in analytics), analytics
    # Auth and the membership check are on the primary; no report query is.
    assert not any("content_contentversion" in q["sql"] for q in on_primary.captured_queries)

    # A write (a manual edit: a new version) and every read of that request: the primary only.
    with CaptureQueriesContext(replica) as on_replica:
        edited = client.patch(f"/api/v1/content/{content.pk}/", {"text": "edited by hand"}, format="json")
        listed = client.get("/api/v1/content/", {"organization_id": str(org.pk)})
        ContentVersion.objects.filter(content=content).count()
    assert (edited.status_code, listed.status_code) == (201, 200), edited.content
    assert on_replica.captured_queries == []


def test_data_written_on_the_primary_shows_up_once_replayed(replica, owner):
    user, org = owner
    client = client_for(user)
    wait_replayed(replica)
    before = client.get(GENERATION, {"organization_id": str(org.pk)}).json()
    assert (before["source"], before["versions"]) == ("replica", 0)
    ContentFactory(organization=org, created_by=user, versions=("a", "b", "c"))
    wait_replayed(replica)
    after = client.get(GENERATION, {"organization_id": str(org.pk)}).json()
    assert (after["source"], after["versions"]) == ("replica", 3)
    assert after["as_of"] >= before["as_of"]


def test_a_replica_stopped_mid_run_falls_back_to_the_primary(replica, owner, api_client):
    user, org = owner
    ContentFactory(organization=org, created_by=user, versions=("a",))
    wait_replayed(replica)
    client = client_for(user)
    assert client.get(GENERATION, {"organization_id": str(org.pk)}).json()["source"] == "replica"
    script("stop")
    try:
        # The remembered state is still "up": the report fails on the replica and is answered by the primary.
        response = client.get(GENERATION, {"organization_id": str(org.pk)})
        assert response.status_code == 200
        assert (response.json()["source"], response.json()["versions"]) == ("primary", 1)
        replicas.replica_state_reset()
        response = client.get(GENERATION, {"organization_id": str(org.pk)})
        assert (response.status_code, response.json()["source"]) == (200, "primary")
        ready = api_client.get("/health/ready")
        assert ready.status_code == 200  # the analytics fall back: still ready
        assert ready.json()["replicas"][0]["status"] == "unavailable"
    finally:
        script("start")
    replicas.replica_state_reset()
    wait_replayed(replica, timeout=60)
    assert client.get(GENERATION, {"organization_id": str(org.pk)}).json()["source"] == "replica"
    ready = api_client.get("/health/ready").json()
    assert ready["replicas"][0]["status"] == "ok"
    assert ready["replicas"][0]["lag_seconds"] is not None
