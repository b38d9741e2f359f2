"""AI images as production serves them (ASGI, database steps in their own pool threads, committed
for real): a client that leaves while the provider works spends nothing; images waiting at once
hold no thread each."""

import asyncio
import time

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from apps.media.models import Media
from apps.subscriptions.models import ReservationStatus, UsageReservation
from apps.users.tokens import token_pair_for_user
from tests.fakes.ai import oa_image, sleep_then
from tests.support.media import media_in_tmp  # noqa: F401
from tests.support.usage import ledger

URL = "/api/v1/media/generate/"
pytestmark = [
    pytest.mark.postgres,  # database steps on several threads at once: SQLite's in-memory test database locks
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("media_in_tmp"),
]


@pytest.fixture(autouse=True)
def _database_steps_in_their_pool(settings):
    settings.DB_STEPS_ON_CALLER_THREAD = False


def _poster(user, org):
    """What posts one image request (read here, in sync code: the token and the workspace)."""
    headers = {"Authorization": f"Bearer {token_pair_for_user(user=user)['access']}"}
    body = {"workspace_id": str(org.workspaces.order_by("created_at").first().pk), "prompt": "A kite"}
    body["ai_provider"] = "openai"
    return lambda client: client.post(URL, body, content_type="application/json", headers=headers)


def test_async_image_client_gone_while_the_provider_works_releases_the_credit(owner, org, openai_on):
    openai_on.script = [sleep_then(1.5, oa_image())]
    post = _poster(owner, org)

    async def go():
        task = asyncio.ensure_future(post(AsyncClient()))
        await asyncio.sleep(0.5)
        task.cancel()  # what the ASGI handler does on http.disconnect
        with pytest.raises(asyncio.CancelledError):
            await task

    async_to_sync(go)()

    period = ledger(org)
    assert (period.images_used, period.images_reserved) == (0, 0) and not Media.objects.exists()
    assert UsageReservation.objects.get().status == ReservationStatus.RELEASED


def test_async_images_wait_on_the_provider_together(owner, org, openai_on):
    """12 images against a 1 s provider wait together: one at a time would take 12 s."""
    openai_on.script = [oa_image(delay=1.0) for _ in range(12)]
    post = _poster(owner, org)

    async def go():
        client = AsyncClient()
        started = time.monotonic()
        responses = await asyncio.gather(*(post(client) for _ in range(12)))
        return time.monotonic() - started, [r.status_code for r in responses]

    wall, statuses = async_to_sync(go)()

    assert statuses == [201] * 12
    assert wall < 6, wall  # one at a time: 12 s
    assert ledger(org).images_used == 12
