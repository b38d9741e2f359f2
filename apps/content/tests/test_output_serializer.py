"""ContentOutputSerializer builds its output directly (for speed); it must equal what DRF's declared
fields produce (those document the schema), row for row, author or not, and through the list API."""

import pytest
from rest_framework import serializers

from apps.content.apis.serializers import (
    ContentOutputSerializer,
    GenerationOutputSerializer,
    _generation_fields,
    generation_payload,
)
from apps.content.models import Content, ContentVersion
from apps.organizations.models import Workspace
from apps.users.models import User
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def _declared_fields_output(content: Content) -> dict:
    return serializers.Serializer.to_representation(ContentOutputSerializer(), content)


@pytest.fixture
def contents(user):
    organization = user.memberships.get().organization
    workspace = Workspace.objects.get(organization=organization, is_default=True)
    ghost = User.objects.create_user(email="ghost@example.com", password=None)
    rows = [
        Content.objects.create(
            organization=organization,
            workspace=workspace,
            created_by=author,
            platform="threads",
            tone="witty",
            audience=audience,
            prompt='Ünïcode prompt — with "quotes"',
            current_version=3,
            current_text=text,
        )
        for author, audience, text in [(user, "devs", "Hello"), (ghost, "", ""), (None, "ops", "Orphan")]
    ]
    ghost.delete()  # created_by becomes NULL (SET_NULL)
    return organization, [Content.objects.select_related("created_by").get(pk=row.pk) for row in rows]


def test_content_output_serializer_equals_the_declared_fields(contents):
    _, rows = contents
    assert any(row.created_by_id is None for row in rows)

    for row in rows:
        assert ContentOutputSerializer(row).data == _declared_fields_output(row)
    assert ContentOutputSerializer(rows, many=True).data == [_declared_fields_output(row) for row in rows]


def test_content_output_serializer_list_api_answers_the_same(user, contents):
    organization, rows = contents

    body = client_for(user).get(f"/api/v1/content/?organization_id={organization.pk}").json()

    expected = {str(row.pk): _declared_fields_output(row) for row in rows}
    assert body["count"] == len(rows)
    assert {item["id"]: item for item in body["results"]} == expected


@pytest.mark.parametrize(
    "warnings",
    [[], [{"code": "banned_phrase", "message": "Still there.", "items": ["synergy"]}]],
    ids=["no_warnings", "brand_warnings"],
)
def test_generation_payload_equals_the_declared_fields(user, warnings):
    organization = user.memberships.get().organization
    workspace = Workspace.objects.get(organization=organization, is_default=True)
    content = Content.objects.create(
        organization=organization,
        workspace=workspace,
        created_by=user,
        platform="twitter",
        tone="witty",
        audience="",
        prompt="Launch",
        current_version=1,
        current_text="Launch day 🚀 https://example.com",
    )
    version = ContentVersion.objects.create(
        content=content,
        organization=organization,
        workspace=workspace,
        version=1,
        text=content.current_text,
        provider="openai",
        model="gpt-test",
        parameters={"requested_provider": "gemini", "fallback_used": True, "brand_warnings": warnings},
        prompt_tokens=12,
        completion_tokens=7,
        total_tokens=19,
        latency_ms=321,
        truncated=True,
    )
    version.refresh_from_db()

    assert generation_payload(version) == GenerationOutputSerializer(_generation_fields(version)).data
