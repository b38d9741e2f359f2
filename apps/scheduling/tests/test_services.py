"""The state machine service and the backoff schedule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.scheduling.exceptions import InvalidTransition
from apps.scheduling.models import PostStatus, ScheduledPost
from apps.scheduling.outbox import outbox_backoff
from apps.scheduling.state import ALLOWED_FROM, scheduled_post_transition

ALL = [s.value for s in PostStatus]
ALLOWED = {(src, dst) for dst, sources in ALLOWED_FROM.items() for src in sources}


@pytest.fixture
def make_post(content, user):
    def _make(status: str) -> ScheduledPost:
        return ScheduledPost.objects.create(
            organization=content.organization,
            content=content,
            content_version=content.versions.first(),
            text="t",
            platform="twitter",
            scheduled_at=timezone.now() + timedelta(hours=1, seconds=ScheduledPost.objects.count()),
            backend="http",
            status=status,
            job_id=f"job-{status}-{ScheduledPost.objects.count()}" if status != "pending" else None,
            created_by=user,
        )

    return _make


def test_state_machine_table_is_the_documented_one():
    assert ALLOWED == {
        ("pending", "queued"),
        ("queued", "published"),
        ("pending", "failed"),
        ("queued", "failed"),
        ("pending", "cancelled"),
        ("queued", "cancelled"),
    }


# Every (src, dst) pair falls in exactly one of these three tables.
REPEATS = sorted((status, status) for status in ALL if status != "pending" and (status, status) not in ALLOWED)
FORBIDDEN = sorted((src, dst) for src in ALL for dst in ALL if (src, dst) not in ALLOWED and (src, dst) not in REPEATS)


@pytest.mark.parametrize(("src", "dst"), sorted(ALLOWED))
@pytest.mark.django_db
def test_scheduled_post_transition_applies_an_allowed_move(make_post, src, dst):
    post = make_post(src)

    result = scheduled_post_transition(post_id=post.pk, to_status=dst, job_id="j-new", error="boom")

    assert result.changed is True
    assert ScheduledPost.objects.get(pk=post.pk).status == dst


@pytest.mark.parametrize(("src", "dst"), REPEATS)
@pytest.mark.django_db
def test_scheduled_post_transition_repeating_the_move_that_happened_is_an_idempotent_success(make_post, src, dst):
    post = make_post(src)
    before = ScheduledPost.objects.filter(pk=post.pk).values().get()

    result = scheduled_post_transition(post_id=post.pk, to_status=dst)

    assert result.changed is False
    assert ScheduledPost.objects.filter(pk=post.pk).values().get() == before


@pytest.mark.parametrize(("src", "dst"), FORBIDDEN)
@pytest.mark.django_db
def test_scheduled_post_transition_refuses_a_move_not_allowed(make_post, src, dst):
    post = make_post(src)
    before = ScheduledPost.objects.filter(pk=post.pk).values().get()

    with pytest.raises(InvalidTransition):
        scheduled_post_transition(post_id=post.pk, to_status=dst, job_id="j-new")

    assert ScheduledPost.objects.filter(pk=post.pk).values().get() == before


def test_scheduled_post_transition_tables_cover_every_pair_once():
    pairs = sorted(ALLOWED) + REPEATS + FORBIDDEN
    assert sorted(pairs) == sorted((src, dst) for src in ALL for dst in ALL)


@pytest.mark.django_db
def test_scheduled_post_transition_repeat_with_other_data_is_a_conflict(make_post):
    post = make_post("queued")
    scheduled_post_transition(post_id=post.pk, to_status="published", platform_post_id="A")

    with pytest.raises(InvalidTransition):
        scheduled_post_transition(post_id=post.pk, to_status="published", platform_post_id="B")
    assert scheduled_post_transition(post_id=post.pk, to_status="published", platform_post_id="A").changed is False
    assert ScheduledPost.objects.get(pk=post.pk).platform_post_id == "A"


@pytest.mark.django_db
def test_scheduled_post_transition_sets_timestamps_and_reason(make_post):
    post = make_post("queued")

    failed = scheduled_post_transition(post_id=post.pk, to_status="failed", error="platform said no").post

    assert failed.last_error == "platform said no"
    assert failed.failed_at is not None


@pytest.mark.django_db
def test_scheduled_post_transition_leaves_failed_only_by_explicit_retry(make_post):
    post = make_post("failed")

    with pytest.raises(InvalidTransition):
        scheduled_post_transition(post_id=post.pk, to_status="pending")
    result = scheduled_post_transition(post_id=post.pk, to_status="pending", retry=True)

    assert result.changed and result.post.status == "pending" and result.post.last_error == ""


def test_outbox_backoff_doubles_and_is_capped(settings):
    settings.SCHEDULER_RETRY_BASE_SECONDS = 5
    settings.SCHEDULER_RETRY_MAX_SECONDS = 60

    delays = [outbox_backoff(n).total_seconds() for n in range(1, 7)]

    assert delays == [5, 10, 20, 40, 60, 60]


@pytest.mark.django_db
def test_scheduled_post_goes_with_its_content_but_pins_its_version(make_post, content):
    from django.db.models import RestrictedError

    post = make_post("cancelled")

    with pytest.raises(RestrictedError):
        post.content_version.delete()
    content.delete()

    assert not ScheduledPost.objects.filter(pk=post.pk).exists()
