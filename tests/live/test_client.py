"""The generated Python client (clients/python, ``caas_client``) over HTTP against the ASGI application
served by uvicorn (tests/support/live.py): it registers, logs in, refreshes its token, generates
(also streamed), pages through content, and meets a 402 and a 429 as typed errors carrying the
API's error code. A call the schema or the client gets wrong fails here."""

import httpx
import pytest
from caas_client.api.content import content_generate, content_list, content_retrieve
from caas_client.api.scheduling import scheduling_list
from caas_client.helpers import (
    ApiError,
    QuotaExceeded,
    RateLimited,
    iterate,
    jwt_client,
    login,
    register,
    stream_generation,
    unwrap,
)
from caas_client.models import ContentGenerateInputRequest, GenerationOutput

from apps.organizations.models import Organization
from tests.factories import set_quota
from tests.support.live import live_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "Client-Pass-2026!"


@pytest.fixture(scope="module")
def base_url(django_db_setup):
    with live_server() as url:
        yield url


@pytest.fixture(autouse=True)
def _database_steps_in_their_pool(settings):
    settings.DB_STEPS_ON_CALLER_THREAD = False  # as production: the server's own threads commit


def body(prompt: str = "Our cafe opens a second shop", platform: str = "threads") -> ContentGenerateInputRequest:
    return ContentGenerateInputRequest(platform=platform, tone="casual", prompt=prompt)


def organization_of(email: str) -> Organization:
    return Organization.objects.get(members__user__email=email)


def test_register_login_generate_and_read(base_url):
    register(base_url, "writer@example.com", PASSWORD, first_name="Wri")
    client = login(base_url, "writer@example.com", PASSWORD)

    generated = unwrap(content_generate.sync_detailed(client=client, body=body()))
    read = unwrap(content_retrieve.sync_detailed(client=client, content_id=generated.id))

    assert isinstance(generated, GenerationOutput) and generated.version == 1
    assert read.id == generated.id and read.platform == "threads"
    assert generated.generated_text


def test_a_generation_streamed_event_by_event(base_url):
    client = register(base_url, "streamer@example.com", PASSWORD)

    events = list(stream_generation(client, body().to_dict()))

    assert events[-1].event == "done"
    assert {event.event for event in events[:-1]} <= {"delta"}
    done = events[-1].data
    assert done["version"] == 1 and done["generated_text"]
    assert str(unwrap(content_retrieve.sync_detailed(client=client, content_id=done["id"])).id) == done["id"]


def test_iterate_pages_through_every_content(base_url):
    client = register(base_url, "pager@example.com", PASSWORD)
    set_quota(organization_of("pager@example.com"), tokens=None, per_minute=100)
    made = {unwrap(content_generate.sync_detailed(client=client, body=body(f"post {n}"))).id for n in range(5)}

    seen = [item.id for item in iterate(content_list, client, page_size=2)]
    scheduled = list(iterate(scheduling_list, client, page_size=2))

    assert len(seen) == 5 and set(seen) == made
    assert scheduled == []


def test_the_spent_quota_is_a_typed_402(base_url):
    client = register(base_url, "spender@example.com", PASSWORD)
    set_quota(organization_of("spender@example.com"), tokens=0)

    with pytest.raises(QuotaExceeded) as refused:
        unwrap(content_generate.sync_detailed(client=client, body=body()))

    assert refused.value.status == 402 and refused.value.code == "quota_exceeded"
    with pytest.raises(QuotaExceeded):  # a stream refused before it starts: the same typed error
        list(stream_generation(client, body().to_dict()))


def test_the_rate_limit_is_a_typed_429_with_its_retry_after(base_url):
    client = register(base_url, "hasty@example.com", PASSWORD)
    set_quota(organization_of("hasty@example.com"), per_minute=1)
    unwrap(content_generate.sync_detailed(client=client, body=body()))

    with pytest.raises(RateLimited) as refused:
        unwrap(content_generate.sync_detailed(client=client, body=body("again")))

    assert refused.value.status == 429 and refused.value.code == "rate_limited"
    assert refused.value.retry_after and refused.value.retry_after > 0


def test_an_expired_access_token_is_refreshed_once_and_the_call_goes_through(base_url):
    register(base_url, "refresher@example.com", PASSWORD)
    pair = httpx.post(
        f"{base_url}/api/v1/auth/login/", json={"email": "refresher@example.com", "password": PASSWORD}
    ).json()
    client = jwt_client(base_url, access="not-a-valid-token", refresh=pair["refresh"])

    listed = unwrap(content_list.sync_detailed(client=client))

    assert listed.results == []
    auth = client.get_httpx_client().auth
    assert auth.access != "not-a-valid-token" and auth.refresh != pair["refresh"]  # the pair rotated


def test_other_errors_are_api_errors_with_the_code(base_url):
    client = register(base_url, "reader@example.com", PASSWORD)

    with pytest.raises(ApiError) as refused:
        unwrap(content_retrieve.sync_detailed(client=client, content_id="00000000-0000-0000-0000-000000000000"))

    assert refused.value.status == 404 and refused.value.code == "not_found"
