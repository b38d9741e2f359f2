"""Idempotency-Key on unsafe POSTs (docs/api.md#idempotency): a retry replays the first answer and does
nothing; another request under the same key is 422; a retry while the first runs is 409; keys belong to
their caller; only successes are kept."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.common.idempotency import idempotency_records_housekeeping
from apps.common.models import IdempotencyRecord
from apps.content.models import Content
from apps.scheduling.models import ScheduledPost
from tests.factories import ContentFactory, set_quota
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.usage import spent

pytestmark = pytest.mark.django_db

GENERATE = "/api/v1/content/generate/"
SCHEDULE = "/api/v1/scheduling/schedule/"


def _generate(client, org, key: str | None, **extra):
    body = {"platform": "twitter", "tone": "casual", "prompt": "Launch day", "organization_id": str(org.pk), **extra}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(GENERATE, body, format="json", **headers)


def test_a_retried_generation_replays_the_first_answer_and_spends_nothing_more(user, org, ai_settings):
    first = _generate(client_for(user), org, "gen-1")
    used = spent(org)

    retry = _generate(client_for(user), org, "gen-1")

    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    assert retry.status_code == 201 and retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert Content.objects.count() == 1 and spent(org) == used


def test_the_same_key_with_another_body_is_422_and_changes_nothing(user, org, ai_settings):
    _generate(client_for(user), org, "gen-2")
    used = spent(org)

    other = _generate(client_for(user), org, "gen-2", prompt="Something else entirely")

    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert Content.objects.count() == 1 and spent(org) == used


def test_a_key_belongs_to_its_caller(user, org, make_user, ai_settings):
    other = make_user(email="other-caller@example.com")
    other_org = other.memberships.get().organization

    mine = _generate(client_for(user), org, "shared-key")
    theirs = _generate(client_for(other), other_org, "shared-key")

    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs and theirs.json()["id"] != mine.json()["id"]


def test_a_refused_request_keeps_nothing_so_its_corrected_retry_runs(user, org, ai_settings):
    refused = _generate(client_for(user), org, "gen-3", platform="myspace")
    corrected = _generate(client_for(user), org, "gen-3")

    assert refused.status_code == 400 and corrected.status_code == 201
    assert "Idempotent-Replayed" not in corrected and Content.objects.count() == 1


def test_a_streamed_generation_is_replayed_as_its_final_result_in_json(user, org, ai_settings):
    streamed = _generate(client_for(user), org, "gen-4", stream=True)
    events = b"".join(streamed.streaming_content).decode()
    done = json.loads(events.split("event: done\ndata: ")[1].split("\n\n")[0])

    retry = _generate(client_for(user), org, "gen-4", stream=True)

    assert retry.status_code == 201 and retry["Content-Type"] == "application/json"
    assert retry["Idempotent-Replayed"] == "true" and retry.json() == done
    assert Content.objects.count() == 1


def test_a_scheduled_post_retried_with_its_key_is_scheduled_once(user, org):
    content = ContentFactory(organization=org, created_by=user)
    body = {"content_id": str(content.pk), "scheduled_at": (timezone.now() + timedelta(hours=2)).isoformat()}

    answers = [client_for(user).post(SCHEDULE, body, format="json", HTTP_IDEMPOTENCY_KEY="post-1") for _ in range(2)]

    assert [a.status_code for a in answers] == [201, 201] and answers[0].json() == answers[1].json()
    assert ScheduledPost.objects.count() == 1


def test_a_retry_while_the_first_request_runs_is_409_until_its_claim_is_stale(user, org, ai_settings, settings):
    settings.IDEMPOTENCY_LOCK_SECONDS = 60
    _generate(client_for(user), org, "gen-5")
    record = IdempotencyRecord.objects.get(key="gen-5")
    IdempotencyRecord.objects.filter(pk=record.pk).update(state="in_progress", status_code=None, response_body=None)

    running = _generate(client_for(user), org, "gen-5")
    IdempotencyRecord.objects.filter(pk=record.pk).update(updated_at=timezone.now() - timedelta(seconds=61))
    taken_over = _generate(client_for(user), org, "gen-5")

    assert running.status_code == 409 and running.json()["error"]["code"] == "idempotency_in_progress"
    assert taken_over.status_code == 201 and "Idempotent-Replayed" not in taken_over


def test_an_expired_key_is_free_again_and_housekeeping_deletes_it(user, org, ai_settings, settings):
    _generate(client_for(user), org, "gen-6")
    IdempotencyRecord.objects.update(
        created_at=timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL_SECONDS + 1)
    )

    again = _generate(client_for(user), org, "gen-6", prompt="A new request under the old key")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(days=2))

    assert again.status_code == 201 and Content.objects.count() == 2
    assert idempotency_records_housekeeping(batch_size=100, max_batches=1) == 1


def test_a_key_of_more_than_255_characters_is_400(user, org, ai_settings):
    response = _generate(client_for(user), org, "k" * 256)

    assert response.status_code == 400 and response.json()["error"]["code"] == "idempotency_key_invalid"
    assert Content.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_identical_generations_at_once_spend_tokens_once_and_create_one_content(user, org, ai_settings):
    set_quota(org, per_minute=1000)

    answers = run_concurrently(lambda i: _generate(client_for(user), org, "burst-key"), 20)

    assert all(not isinstance(a, Exception) for a in answers), answers
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) <= {201, 409}
    originals = [a for a in answers if a.status_code == 201 and "Idempotent-Replayed" not in a]
    assert len(originals) == 1
    assert Content.objects.count() == 1
    tokens_used, tokens_reserved, posts_used, _ = spent(org)
    assert posts_used == 1 and tokens_reserved == 0 and tokens_used == originals[0].json()["tokens_used"]
