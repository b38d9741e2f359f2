"""Image credits under real concurrency on PostgreSQL: the quota invariant with a reservation of one."""

import pytest

from apps.media.models import Media, MediaSource
from apps.subscriptions.models import ReservationStatus, UsageReservation
from tests.factories import set_quota
from tests.fakes.ai import oa_image, oa_image_refused
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.media import media_in_tmp  # noqa: F401
from tests.support.usage import ledger

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("media_in_tmp"),
]


@pytest.fixture(autouse=True)
def _database_steps_in_their_pool(settings):
    """The async views' database steps in their own pool threads and pooled connections, as served."""
    settings.DB_STEPS_ON_CALLER_THREAD = False


def test_media_generate_concurrent_requests_for_the_last_credits_admit_exactly_the_limit(owner, org, openai_on):
    set_quota(org, images=3)
    openai_on.script.extend([oa_image(delay=0.3) for _ in range(12)])
    workspace_id = str(org.workspaces.order_by("created_at").first().pk)
    clients = [client_for(owner) for _ in range(12)]
    body = {"workspace_id": workspace_id, "prompt": "A lighthouse at dusk", "ai_provider": "openai"}

    responses = run_concurrently(lambda i: clients[i].post("/api/v1/media/generate/", body, format="json"), 12)

    assert sorted(r.status_code for r in responses) == [201] * 3 + [402] * 9, [r.content[:200] for r in responses]
    assert all(r.json()["error"]["details"]["quota"] == "images" for r in responses if r.status_code == 402)
    period = ledger(org)
    # A reservation of one admitted while used + reserved < limit: the limit is never crossed.
    assert (period.images_used, period.images_reserved) == (3, 0)
    assert Media.objects.filter(source=MediaSource.AI).count() == 3
    assert len(openai_on.image_requests()) == 3  # a refused request never reached the provider
    assert UsageReservation.objects.filter(status=ReservationStatus.SETTLED, images=1).count() == 3


def test_media_generate_failed_calls_under_concurrency_give_every_credit_back(owner, org, openai_on):
    set_quota(org, images=5)
    openai_on.script.extend([oa_image_refused() for _ in range(5)])
    workspace_id = str(org.workspaces.order_by("created_at").first().pk)
    clients = [client_for(owner) for _ in range(5)]
    body = {"workspace_id": workspace_id, "prompt": "Something refused", "ai_provider": "openai"}

    responses = run_concurrently(lambda i: clients[i].post("/api/v1/media/generate/", body, format="json"), 5)

    assert [r.status_code for r in responses] == [422] * 5
    period = ledger(org)
    assert (period.images_used, period.images_reserved) == (0, 0)
