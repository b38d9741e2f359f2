"""The scheduler's callback is on the hot path at publication peaks: the post is found, checked and
moved by one conditional UPDATE, then read once (no read before it, no lock held beyond it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.support.scheduling import TOKEN, make_queued

CALLBACK = "/api/v1/scheduling/callback/"


@pytest.fixture
def scheduler(scheduler_settings):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    return client


def _post_statements(queries) -> list[str]:
    return [q["sql"].split(" ")[0] for q in queries if '"scheduling_scheduledpost"' in q["sql"]]


@pytest.mark.django_db
def test_a_callback_moves_the_post_in_one_update_and_reads_it_once(user, content, scheduler):
    make_queued(user=user, content=content, job_id="job-1")
    body = {"job_id": "job-1", "content_id": str(content.id), "status": "published", "platform_post_id": "p-1"}

    with CaptureQueriesContext(connection) as queries:
        response = scheduler.post(CALLBACK, body, format="json")

    assert response.status_code == 200 and response.json()["changed"] is True
    assert _post_statements(queries) == ["UPDATE", "SELECT"]
    assert not [q for q in queries if "FOR UPDATE" in q["sql"]]
