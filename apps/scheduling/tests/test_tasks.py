"""The worker side: a lost enqueue is caught by the sweep, and the sweep keeps exactly one successor queued."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.scheduling.models import OutboxMessage, ScheduledPost
from apps.scheduling.outbox import deliver_outbox_message, scheduling_sweep, sweep_ensure_scheduled

SCHEDULE = "/api/v1/scheduling/schedule/"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SWEEP = scheduling_sweep.module_path


@pytest.mark.django_db
def test_outbox_sweep_delivers_a_message_whose_enqueue_was_lost(
    auth_client, content, fake_scheduler, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # enqueues vanish
    when = (timezone.now() + timedelta(hours=1)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        post_id = auth_client.post(
            SCHEDULE, {"content_id": str(content.id), "scheduled_at": when}, format="json"
        ).json()["id"]
    assert ScheduledPost.objects.get(pk=post_id).status == "pending" and fake_scheduler.requests == []

    call_command("scheduling_sweep", verbosity=0)

    assert ScheduledPost.objects.get(pk=post_id).status == "queued"
    assert OutboxMessage.objects.get(scheduled_post_id=post_id).status == "delivered"


@pytest.mark.django_db
def test_sweep_ensure_scheduled_keeps_exactly_one_future_sweep(settings):
    settings.TASKS = DB_TASKS
    settings.SCHEDULER_SWEEP_INTERVAL_SECONDS = 30

    added = [sweep_ensure_scheduled(), sweep_ensure_scheduled()]
    scheduling_sweep.using(run_after=timezone.now() + timedelta(seconds=60)).enqueue()  # a second chain
    sweep_ensure_scheduled()

    waiting = DBTaskResult.objects.filter(task_path=SWEEP, status="READY")
    assert added == [True, False]
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now() + timedelta(seconds=20)


@pytest.mark.django_db
def test_sweep_run_enqueues_its_successor_first(settings):
    settings.TASKS = DB_TASKS

    scheduling_sweep.call()

    assert DBTaskResult.objects.filter(task_path=SWEEP, status="READY").count() == 1


@pytest.mark.django_db
def test_sweep_ensure_scheduled_does_nothing_without_database_backend():
    assert sweep_ensure_scheduled() is False
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_tasks_queued_under_their_former_path_still_resolve(settings):
    """Rows queued before the tasks moved to ``outbox`` name ``apps.scheduling.tasks.*``."""
    settings.TASKS = DB_TASKS
    for path, current in [
        ("apps.scheduling.tasks.deliver_outbox_message", deliver_outbox_message),
        ("apps.scheduling.tasks.scheduling_sweep", scheduling_sweep),
    ]:
        legacy = DBTaskResult(task_path=path, backend_name="default")

        assert legacy.task.func is current.func


@pytest.mark.django_db
def test_outbox_enqueue_many_asks_for_one_draining_run_however_many_messages(settings):
    import uuid

    from apps.scheduling.outbox import outbox_enqueue_many

    settings.TASKS = DB_TASKS
    ids = [uuid.uuid4() for _ in range(120)]

    outbox_enqueue_many(message_ids=ids)
    outbox_enqueue_many(message_ids=ids[:1])  # a run already waits: nothing more is queued
    outbox_enqueue_many(message_ids=[])

    runs = DBTaskResult.objects.filter(task_path=deliver_outbox_message.module_path)
    assert [row.args_kwargs["kwargs"] for row in runs] == [{"message_id": str(ids[0])}]
