"""Housekeeping jobs: bounded batches, retention respected, nothing recent or live deleted; the
periodic chain on the database queue; the management command."""

import json
import re
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from apps.common.housekeeping import housekeeping, housekeeping_ensure_scheduled, housekeeping_run
from apps.content.models import Content
from apps.organizations.models import OrganizationMember
from apps.scheduling.models import OutboxKind, OutboxMessage, OutboxStatus, PostStatus, ScheduledPost
from apps.scheduling.outbox import outbox_messages_prune
from apps.subscriptions.models import ReservationStatus, StripeEvent, StripeEventStatus, UsageReservation
from apps.subscriptions.tasks import stripe_events_prune
from apps.subscriptions.usage import usage_reserve
from apps.users.tasks import jwt_tokens_flush_expired
from tests.factories import ContentFactory, ScheduledPostFactory

pytestmark = pytest.mark.django_db


def _deletes(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("DELETE") and f'"{table}"' in q["sql"]]


def _ids_in(sql: str) -> int:
    match = re.search(r"IN \(([^)]*)\)", sql)
    return len(match.group(1).split(",")) if match else 0


# --- JWT blacklist ------------------------------------------------------------------------------
def _token(user, *, expires_in: timedelta, blacklisted: bool = False) -> OutstandingToken:
    now = timezone.now()
    token = OutstandingToken.objects.create(
        user=user, jti=uuid.uuid4().hex, token="x", created_at=now - timedelta(days=8), expires_at=now + expires_in
    )
    if blacklisted:
        BlacklistedToken.objects.create(token=token)
    return token


def test_jwt_tokens_flush_expired_deletes_in_bounded_batches(user):
    for index in range(10):
        _token(user, expires_in=-timedelta(hours=1 + index), blacklisted=index % 2 == 0)
    live = [_token(user, expires_in=timedelta(days=3), blacklisted=True), _token(user, expires_in=timedelta(days=3))]

    with CaptureQueriesContext(connection) as queries:
        deleted = jwt_tokens_flush_expired(batch_size=3, max_batches=100)

    assert deleted == 10
    statements = _deletes(queries.captured_queries, OutstandingToken._meta.db_table)
    assert len(statements) == 4  # 3 + 3 + 3 + 1
    assert all(_ids_in(sql) <= 3 for sql in statements)
    assert set(OutstandingToken.objects.values_list("pk", flat=True)) == {t.pk for t in live}
    assert BlacklistedToken.objects.filter(token=live[0]).exists()  # a live blacklisted token stays refused


def test_jwt_tokens_flush_expired_stops_after_max_batches(user):
    for index in range(7):
        _token(user, expires_in=-timedelta(minutes=1 + index))

    assert jwt_tokens_flush_expired(batch_size=2, max_batches=2) == 4
    assert OutstandingToken.objects.count() == 3
    assert jwt_tokens_flush_expired(batch_size=2, max_batches=10) == 3


# --- Stripe events ------------------------------------------------------------------------------
def _event(age: timedelta) -> StripeEvent:
    event = StripeEvent.objects.create(
        stripe_event_id=f"evt_{uuid.uuid4().hex}",
        type="invoice.paid",
        created=timezone.now() - age,
        payload={"id": "evt"},
        status=StripeEventStatus.PROCESSED,
    )
    StripeEvent.objects.filter(pk=event.pk).update(received_at=timezone.now() - age)
    return event


def test_stripe_events_prune_respects_retention_in_batches():
    old = [_event(timedelta(days=100 + i)) for i in range(5)]
    recent = [_event(timedelta(days=89)), _event(timedelta(hours=1))]

    with CaptureQueriesContext(connection) as queries:
        deleted = stripe_events_prune(older_than=timedelta(days=90), batch_size=2, max_batches=100)

    assert deleted == len(old)
    statements = _deletes(queries.captured_queries, StripeEvent._meta.db_table)
    assert len(statements) == 3 and all(_ids_in(sql) <= 2 for sql in statements)
    assert set(StripeEvent.objects.values_list("pk", flat=True)) == {e.pk for e in recent}


def test_stripe_events_prune_never_goes_below_seven_days():
    kept = _event(timedelta(days=5))
    gone = _event(timedelta(days=8))

    assert stripe_events_prune(older_than=timedelta(days=0), batch_size=100, max_batches=10) == 1
    assert list(StripeEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not StripeEvent.objects.filter(pk=gone.pk).exists()


# --- Outbox -------------------------------------------------------------------------------------
def _post(user, status: str) -> ScheduledPost:
    organization = OrganizationMember.objects.get(user=user).organization
    content = ContentFactory(organization=organization, created_by=user)
    return ScheduledPostFactory(content=content, status=status)


def _message(post: ScheduledPost, status: str, age: timedelta, kind: str = OutboxKind.PUBLISH) -> OutboxMessage:
    message = OutboxMessage.objects.create(
        scheduled_post=post, kind=kind, idempotency_key=f"{kind}:{uuid.uuid4()}", status=status
    )
    OutboxMessage.objects.filter(pk=message.pk).update(updated_at=timezone.now() - age)
    return message


def test_outbox_messages_prune_only_old_finished_messages_of_finished_posts(user):
    published = _post(user, PostStatus.PUBLISHED)
    cancelled = _post(user, PostStatus.CANCELLED)
    live = _post(user, PostStatus.QUEUED)
    old = timedelta(days=40)
    prunable = [
        _message(published, OutboxStatus.DELIVERED, old),
        _message(published, OutboxStatus.DELIVERED, old, kind=OutboxKind.CANCEL),
        _message(cancelled, OutboxStatus.CANCELLED, old),
    ]
    kept = [
        _message(published, OutboxStatus.DELIVERED, timedelta(days=29)),  # recent
        _message(cancelled, OutboxStatus.FAILED, old),  # failed: kept for investigation
        _message(live, OutboxStatus.DELIVERED, old),  # its post is still live
        _message(live, OutboxStatus.PENDING, old),
    ]

    with CaptureQueriesContext(connection) as queries:
        deleted = outbox_messages_prune(older_than=timedelta(days=30), batch_size=2, max_batches=100)

    assert deleted == len(prunable)
    statements = _deletes(queries.captured_queries, OutboxMessage._meta.db_table)
    assert len(statements) == 2 and all(_ids_in(sql) <= 2 for sql in statements)
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {m.pk for m in kept}
    assert ScheduledPost.objects.count() == 3


# --- Usage reservations -------------------------------------------------------------------------
def test_housekeeping_run_releases_only_stale_reservations(user, settings):
    settings.USAGE_RESERVATION_STALE_MINUTES = 60
    organization = OrganizationMember.objects.get(user=user).organization
    stale = usage_reserve(organization=organization, tokens=10)
    fresh = usage_reserve(organization=organization, tokens=10)
    UsageReservation.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(minutes=61))

    results = housekeeping_run()

    assert results["usage_reservations_released"] == 1
    assert UsageReservation.objects.get(pk=stale.pk).status == ReservationStatus.RELEASED
    assert UsageReservation.objects.get(pk=fresh.pk).status == ReservationStatus.HELD


# --- Orchestration ------------------------------------------------------------------------------
def test_housekeeping_run_reports_every_job_and_isolates_a_failing_one(user, monkeypatch):
    _token(user, expires_in=-timedelta(hours=1))

    def boom(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr("apps.subscriptions.tasks.stripe_events_prune", boom)

    results = housekeeping_run()

    assert results == {
        "idempotency_records_pruned": 0,
        "jwt_tokens_flushed": 1,
        "stripe_events_pruned": -1,
        "outbox_messages_pruned": 0,
        "usage_reservations_released": 0,
        "media_pending_uploads_expired": 0,
        "media_objects_swept": 0,
        "channel_connect_attempts_pruned": 0,
        "content_trash_purged": 0,
        "audit_entries_purged": 0,
        "webhook_deliveries_pruned": 0,
    }


def test_housekeeping_command_runs_the_jobs_once(user):
    _token(user, expires_in=-timedelta(hours=1))
    out = StringIO()

    call_command("housekeeping", "--batch-size", "5", stdout=out)

    assert json.loads(out.getvalue())["jwt_tokens_flushed"] == 1
    assert not OutstandingToken.objects.exists()


def test_housekeeping_task_runs_on_the_worker_backend(user):
    _token(user, expires_in=-timedelta(hours=1))

    result = housekeeping.enqueue()  # the tests' immediate backend runs it at once

    assert result.return_value["jwt_tokens_flushed"] == 1


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # backends reset on setting_changed


def test_housekeeping_chain_keeps_exactly_one_future_run(database_tasks, settings):
    from django_tasks_db.models import DBTaskResult

    settings.HOUSEKEEPING_INTERVAL_SECONDS = 600
    DBTaskResult.objects.filter(task_path=housekeeping.module_path).delete()  # post_migrate may have queued one

    assert housekeeping_ensure_scheduled() is True
    assert housekeeping_ensure_scheduled() is False
    waiting = DBTaskResult.objects.get(task_path=housekeeping.module_path)
    delay = (waiting.run_after - timezone.now()).total_seconds()
    assert 590 < delay <= 600


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker closes connections
def test_housekeeping_runs_on_the_real_db_worker_and_queues_its_successor(database_tasks, settings, user):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.HOUSEKEEPING_INTERVAL_SECONDS = 3600
    DBTaskResult.objects.filter(task_path=housekeeping.module_path).delete()
    _token(user, expires_in=-timedelta(hours=1))
    first = housekeeping.enqueue()  # due now

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    rows = DBTaskResult.objects.filter(task_path=housekeeping.module_path).order_by("enqueued_at")
    assert [r.status for r in rows] == [TaskResultStatus.SUCCESSFUL, TaskResultStatus.READY]
    assert str(rows[0].id) == str(first.id) and rows[0].return_value["jwt_tokens_flushed"] == 1
    assert rows[1].run_after > timezone.now() + timedelta(minutes=59)
    assert not OutstandingToken.objects.exists()


def test_each_registered_job_reads_its_retention_and_batch_size_from_settings(user, settings):
    settings.STRIPE_EVENT_RETENTION_DAYS = 10
    settings.OUTBOX_RETENTION_DAYS = 10
    settings.CONTENT_TRASH_RETENTION_DAYS = 10
    settings.HOUSEKEEPING_BATCH_SIZE = 2
    kept, gone = _event(timedelta(days=9)), _event(timedelta(days=11))
    post = _post(user, PostStatus.PUBLISHED)
    young, old = (
        _message(post, OutboxStatus.DELIVERED, timedelta(days=9)),
        _message(post, OutboxStatus.DELIVERED, timedelta(days=11)),
    )
    for index in range(3):
        _token(user, expires_in=-timedelta(hours=1 + index))
    trashed = [ContentFactory(organization=post.organization, created_by=user) for _ in range(4)]
    for content, days in zip(trashed, (9, 11, 12, 13), strict=True):
        Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now() - timedelta(days=days))

    with CaptureQueriesContext(connection) as queries:
        results = housekeeping.enqueue().return_value  # the tests' immediate backend runs it at once

    assert results == {
        "idempotency_records_pruned": 0,
        "jwt_tokens_flushed": 3,
        "stripe_events_pruned": 1,
        "outbox_messages_pruned": 1,
        "usage_reservations_released": 0,
        "media_pending_uploads_expired": 0,
        "media_objects_swept": 0,
        "channel_connect_attempts_pruned": 0,
        "content_trash_purged": 3,
        "audit_entries_purged": 0,
        "webhook_deliveries_pruned": 0,
    }
    assert set(Content.objects.filter(deleted_at__isnull=False).values_list("pk", flat=True)) == {trashed[0].pk}
    assert all(_ids_in(sql) <= 2 for sql in _deletes(queries.captured_queries, Content._meta.db_table))
    assert all(_ids_in(sql) <= 2 for sql in _deletes(queries.captured_queries, OutstandingToken._meta.db_table))
    assert list(StripeEvent.objects.values_list("pk", flat=True)) == [kept.pk] and gone.pk != kept.pk
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [young.pk] and old.pk != young.pk
