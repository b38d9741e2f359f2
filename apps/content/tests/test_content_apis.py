"""Regenerate, manual edit, list, detail, versions and usage endpoints."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.content.models import Content, ContentVersion
from apps.organizations.models import OrganizationMember, Role
from tests.fakes.ai import oa_text
from tests.support.clients import client_for
from tests.support.usage import spent

pytestmark = pytest.mark.django_db


def generate(client, org, **extra):
    payload = {
        "platform": "twitter",
        "tone": "professional",
        "prompt": "Announce our launch",
        "organization_id": str(org.pk),
    }
    response = client.post("/api/v1/content/generate/", {**payload, **extra}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_content_regenerate_adds_the_next_version_and_makes_it_current(owner, org, openai_on):
    client = client_for(owner)
    first = generate(client, org, ai_provider="openai")
    openai_on.script = [oa_text("A friendlier take #launch")]

    response = client.post(
        f"/api/v1/content/{first['id']}/regenerate/",
        {"modifications": "make it friendlier", "tone": "friendly", "audience": "families", "ai_provider": "openai"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["id"], data["version"], data["generated_text"]) == (first["id"], 2, "A friendlier take #launch")
    assert (data["tone"], data["audience"]) == ("friendly", "families")
    sent = openai_on.openai_requests()[-1]
    assert (
        "make it friendlier" in sent["messages"][1]["content"]
        and first["generated_text"] in sent["messages"][1]["content"]
    )
    content = Content.objects.get(pk=first["id"])
    assert (content.current_version, content.current_text) == (2, "A friendlier take #launch")
    tokens_used, reserved, posts_used, _ = spent(org)
    assert tokens_used == first["tokens_used"] + data["tokens_used"] and reserved == 0 and posts_used == 1


@pytest.mark.parametrize("which", ["foreign", "missing"])
def test_content_regenerate_foreign_or_missing_content_is_404_without_call(owner, org, make_user, openai_on, which):
    content_id = generate(client_for(owner), org)["id"] if which == "foreign" else str(uuid.uuid4())
    before, calls_before = spent(org), len(openai_on.requests)
    stranger = make_user(email="mallory@example.com")

    response = client_for(stranger).post(
        f"/api/v1/content/{content_id}/regenerate/", {"ai_provider": "openai"}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert len(openai_on.requests) == calls_before and spent(org) == before
    assert ContentVersion.objects.count() == (1 if which == "foreign" else 0)


def test_content_regenerate_by_viewer_is_403(owner, org, make_user, ai_settings):
    content_id = generate(client_for(owner), org)["id"]
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role=Role.VIEWER)

    response = client_for(viewer).post(f"/api/v1/content/{content_id}/regenerate/", {}, format="json")

    assert response.status_code == 403
    assert ContentVersion.objects.count() == 1


def test_content_regenerate_bad_tone_is_400(owner, org, ai_settings):
    content_id = generate(client_for(owner), org)["id"]

    response = client_for(owner).post(f"/api/v1/content/{content_id}/regenerate/", {"tone": "angry"}, format="json")

    assert response.status_code == 400 and "tone" in response.json()["error"]["details"]


def test_content_edit_saves_a_manual_version_without_tokens(owner, org, ai_settings, fake_ai):
    client = client_for(owner)
    first = generate(client, org)
    before = spent(org)

    response = client.patch(f"/api/v1/content/{first['id']}/", {"text": "Edited by hand."}, format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["version"], data["source"], data["provider"], data["tokens_used"]) == (2, "manual_edit", "", 0)
    assert Content.objects.get(pk=first["id"]).current_text == "Edited by hand."
    assert spent(org) == before and fake_ai.requests == []


def test_content_edit_longer_than_the_platform_limit_is_400_and_changes_nothing(owner, org, ai_settings):
    first = generate(client_for(owner), org)

    response = client_for(owner).patch(f"/api/v1/content/{first['id']}/", {"text": "x" * 281}, format="json")

    assert response.status_code == 400 and "text" in response.json()["error"]["details"]
    assert ContentVersion.objects.count() == 1


def test_content_edit_by_viewer_is_403_and_by_stranger_404(owner, org, make_user, ai_settings):
    first = generate(client_for(owner), org)
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role=Role.VIEWER)
    stranger = make_user(email="mallory@example.com")

    assert client_for(viewer).patch(f"/api/v1/content/{first['id']}/", {"text": "x"}, format="json").status_code == 403
    assert (
        client_for(stranger).patch(f"/api/v1/content/{first['id']}/", {"text": "x"}, format="json").status_code == 404
    )
    assert client_for(viewer).get(f"/api/v1/content/{first['id']}/").status_code == 200
    assert ContentVersion.objects.count() == 1


def test_content_versions_are_listed_in_order_with_provenance(owner, org, ai_settings):
    client = client_for(owner)
    first = generate(client, org)
    client.post(f"/api/v1/content/{first['id']}/regenerate/", {"modifications": "again"}, format="json")
    client.patch(f"/api/v1/content/{first['id']}/", {"text": "By hand"}, format="json")

    response = client.get(f"/api/v1/content/{first['id']}/versions/")

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(v["version"], v["source"], v["provider"]) for v in results] == [
        (1, "generated", "offline"),
        (2, "regenerated", "offline"),
        (3, "manual_edit", ""),
    ]
    assert all(v["created_by_email"] == "owner@example.com" and v["created_at"] for v in results)
    assert results[0]["model"] == "offline-template-v1" and results[0]["tokens_used"] == first["tokens_used"]


def test_content_list_filters_and_query_count_is_constant(owner, org, ai_settings, django_assert_num_queries):
    client = client_for(owner)
    generate(client, org, prompt="Summer sale on shoes")
    generate(client, org, prompt="Winter boots", platform="linkedin")
    url = f"/api/v1/content/?organization_id={org.pk}"

    assert client.get(url).json()["count"] == 2
    assert [c["prompt"] for c in client.get(url + "&platform=linkedin").json()["results"]] == ["Winter boots"]
    assert [c["prompt"] for c in client.get(url + "&q=summer").json()["results"]] == ["Summer sale on shoes"]
    workspace = org.workspaces.get()
    assert client.get(url + f"&workspace_id={workspace.pk}").json()["count"] == 2
    assert client.get(url + "&platform=myspace").status_code == 400

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        generate(client, org, prompt=f"More {i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).json()["count"] == 7
    assert len(many) == len(few)


def test_content_list_of_a_foreign_organization_is_404(owner, org, make_user, ai_settings):
    generate(client_for(owner), org)
    stranger = make_user(email="mallory@example.com")

    response = client_for(stranger).get(f"/api/v1/content/?organization_id={org.pk}")

    assert response.status_code == 404
    assert client_for(stranger).get("/api/v1/content/").json()["count"] == 0


def test_content_usage_by_member_and_provider(owner, org, make_user, openai_on):
    editor = make_user(email="editor@example.com")
    OrganizationMember.objects.create(organization=org, user=editor, role=Role.EDITOR)
    a = generate(client_for(owner), org, ai_provider="openai")
    b = generate(client_for(editor), org, ai_provider="offline")

    response = client_for(owner).get(f"/api/v1/content/usage/?organization_id={org.pk}")

    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["tokens_used"] == a["tokens_used"] + b["tokens_used"] and data["posts_used"] == 2
    by_member = {m["email"]: (m["versions"], m["tokens_used"]) for m in data["by_member"]}
    assert by_member == {"owner@example.com": (1, a["tokens_used"]), "editor@example.com": (1, b["tokens_used"])}
    by_provider = {(p["provider"], p["model"]): p["tokens_used"] for p in data["by_provider"]}
    assert by_provider == {
        ("openai", "gpt-test"): a["tokens_used"],
        ("offline", "offline-template-v1"): b["tokens_used"],
    }
    assert (
        client_for(make_user(email="x@example.com")).get(f"/api/v1/content/usage/?organization_id={org.pk}").status_code
        == 404
    )


# ---------------------------------------------------------------------------
# One vocabulary (the seed's names): generated_text, tokens_used, version
# ---------------------------------------------------------------------------
OLD_NAMES = {"current_text", "current_version", "text", "total_tokens", "tokens"}


def test_content_endpoints_answer_one_vocabulary_for_the_same_fields(owner, org, ai_settings):
    client = client_for(owner)
    generated = generate(client, org)
    edited = client.patch(f"/api/v1/content/{generated['id']}/", {"text": "By hand"}, format="json").json()
    detail = client.get(f"/api/v1/content/{generated['id']}/").json()
    listed = client.get(f"/api/v1/content/?organization_id={org.pk}").json()["results"][0]
    versions = client.get(f"/api/v1/content/{generated['id']}/versions/").json()["results"]
    usage = client.get(f"/api/v1/content/usage/?organization_id={org.pk}").json()

    for answer in (generated, edited, detail, listed, *versions):
        assert {"generated_text", "version"} <= answer.keys()
        assert not OLD_NAMES & answer.keys(), answer.keys()
    for answer in (generated, edited, *versions, *usage["by_member"], *usage["by_provider"]):
        assert "tokens_used" in answer and not OLD_NAMES & answer.keys()
    assert (
        (detail["version"], detail["generated_text"]) == (2, "By hand") == (listed["version"], listed["generated_text"])
    )
    assert [v["generated_text"] for v in versions] == [generated["generated_text"], "By hand"]
    assert versions[0]["tokens_used"] == generated["tokens_used"] and versions[1]["tokens_used"] == 0


def test_schema_uses_one_vocabulary_for_content_outputs():
    from rest_framework.test import APIClient

    components = APIClient().get("/api/schema/").json()["components"]["schemas"]

    for name in ("ContentOutput", "VersionOutput", "GenerationOutput"):
        properties = components[name]["properties"]
        assert {"generated_text", "version"} <= properties.keys(), name
        assert not OLD_NAMES & properties.keys(), name
