"""Fixtures of the scheduling tests: content in ``user``'s organization (``org``, root conftest), and
the fake Node.js scheduler."""

import pytest

from tests.factories import ContentFactory
from tests.fakes.scheduler import FakeScheduler
from tests.support.scheduling import TOKEN


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
