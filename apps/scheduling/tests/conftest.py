"""Fixtures of the scheduling tests: a member with content, and the fake Node.js scheduler."""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.organizations.models import OrganizationMember
from apps.scheduling.models import OutboxStatus, PostStatus, ScheduledPost
from tests.factories import ContentFactory, OutboxMessageFactory, ScheduledPostFactory
from tests.fakes.scheduler import FakeScheduler

TOKEN = "test-scheduler-token-0123456789"


def make_queued(*, user, content, job_id="bull_job_123") -> ScheduledPost:
    """A post the Node.js scheduler accepted (as the outbox delivery leaves it)."""
    from apps.scheduling.state import scheduled_post_transition

    post = ScheduledPostFactory(
        content=content, backend="http", scheduled_at=timezone.now() + timedelta(hours=1), created_by=user
    )
    OutboxMessageFactory(scheduled_post=post, status=OutboxStatus.DELIVERED)
    return scheduled_post_transition(post_id=post.id, to_status=PostStatus.QUEUED, job_id=job_id).post


def org_of(user):
    return OrganizationMember.objects.select_related("organization").get(user=user).organization


@pytest.fixture
def org(user):
    return org_of(user)


@pytest.fixture
def content(org, user):
    return ContentFactory(organization=org, created_by=user, versions=("First version.", "Second version."))


@pytest.fixture
def scheduler_settings(settings):
    settings.SCHEDULER_SERVICE_TOKEN = TOKEN
    settings.SCHEDULER_RETRY_BASE_SECONDS = 1
    settings.SCHEDULER_RETRY_MAX_SECONDS = 4
    settings.SCHEDULER_MAX_ATTEMPTS = 3
    settings.SCHEDULER_TIMEOUT_SECONDS = 2
    settings.SCHEDULER_LEASE_SECONDS = 5
    settings.API_BASE_URL = "http://api.test"
    return settings


@pytest.fixture
def fake_scheduler(scheduler_settings):
    fake = FakeScheduler(token=TOKEN).start()
    scheduler_settings.SCHEDULER_BACKEND = "http"
    scheduler_settings.SCHEDULER_SERVICE_URL = fake.url
    yield fake
    fake.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
