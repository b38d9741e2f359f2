"""ETag / If-Match (docs/api.md#etags): reads answer an ETag; a write naming a stale one is 412
``precondition_failed`` and changes nothing; without If-Match writes work as before; two editors with
the same ETag: the second is refused."""

import pytest

from apps.organizations.models import Role
from tests.factories import ContentFactory, MembershipFactory
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db


def _content(user, org):
    return f"/api/v1/content/{ContentFactory(organization=org, created_by=user).pk}/", "patch", "text"


def _brand_voice(user, org):
    return f"/api/v1/brand/workspaces/{org.workspaces.get().pk}/voice/", "put", "description"


def _template(user, org):
    created = client_for(user).post(
        "/api/v1/brand/templates/",
        {"organization_id": str(org.pk), "name": "Launch", "body": "Announce {product}"},
        format="json",
    )
    return f"/api/v1/brand/templates/{created.json()['id']}/", "patch", "body"


def _workspace(user, org):
    return f"/api/v1/organizations/workspaces/{org.workspaces.get().pk}/", "patch", "description"


def _organization(user, org):
    return f"/api/v1/organizations/{org.pk}/", "patch", "name"


def _webhook_endpoint(user, org):
    return (
        f"/api/v1/webhooks/endpoints/{make_endpoint(org, url='https://hooks.example.com/').pk}/",
        "patch",
        "description",
    )


RESOURCES = [_content, _brand_voice, _template, _workspace, _organization, _webhook_endpoint]


def _write(client, method: str, url: str, field: str, value: str, etag: str | None = None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return getattr(client, method)(url, {field: value}, format="json", **headers)


def _field_of(client, url: str, field: str):
    body = client.get(url).json()
    return body.get(field, body.get("generated_text"))  # content: the edit makes its text the current one


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda fn: fn.__name__.strip("_"))
def test_a_write_with_a_stale_etag_is_412_and_changes_nothing(user, org, resource):
    url, method, field = resource(user, org)
    client = client_for(user)
    first = client.get(url)
    etag = first["ETag"]

    fresh = _write(client, method, url, field, "Changed by the first editor", etag)
    stale = _write(client, method, url, field, "Changed by the second editor", etag)

    assert first.status_code == 200 and etag.startswith('"')
    assert fresh.status_code in (200, 201), fresh.json()
    assert stale.status_code == 412 and stale.json()["error"]["code"] == "precondition_failed"
    assert _field_of(client, url, field) == "Changed by the first editor"
    assert client.get(url)["ETag"] != etag
    assert _write(client, method, url, field, "Without If-Match").status_code in (200, 201)


@pytest.mark.parametrize("resource", [_content, _template, _webhook_endpoint], ids=lambda fn: fn.__name__.strip("_"))
def test_a_delete_with_a_stale_etag_is_412_and_keeps_the_resource(user, org, resource):
    url, method, field = resource(user, org)
    client = client_for(user)
    etag = client.get(url)["ETag"]
    _write(client, method, url, field, "Changed", etag)

    refused = client.delete(url, HTTP_IF_MATCH=etag)
    current = client.get(url)["ETag"]

    assert refused.status_code == 412 and client.get(url).status_code == 200
    assert client.delete(url, HTTP_IF_MATCH=current).status_code == 204


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_writing_at_once_with_the_same_etag_one_wins_the_other_is_412(user, org, make_user):
    editor = make_user(email="second-editor@example.com")
    MembershipFactory(organization=org, user=editor, role=Role.EDITOR)
    url, _, _ = _content(user, org)
    etag = client_for(user).get(url)["ETag"]
    clients = [client_for(user), client_for(editor)]

    responses = run_concurrently(lambda i: _write(clients[i], "patch", url, "text", f"Edit number {i}", etag), 2)

    assert sorted(r.status_code for r in responses) == [201, 412]
    winner = next(i for i, r in enumerate(responses) if r.status_code == 201)
    assert client_for(user).get(url).json()["generated_text"] == f"Edit number {winner}"
