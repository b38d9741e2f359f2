"""Campaigns with media: every variant carries the same attachments, checked first against each
platform's media rules (nothing reserved when one refuses them)."""

import pytest

from apps.campaigns.models import Campaign
from apps.content.models import Content, ContentVersionMedia
from tests.support.attachments import make_media, media_root  # noqa: F401
from tests.support.clients import client_for
from tests.support.usage import spent

pytestmark = pytest.mark.django_db
URL = "/api/v1/campaigns/"


def body(org, platforms, media):
    return {
        "platforms": platforms,
        "tone": "friendly",
        "prompt": "Widget 2 ships on Monday",
        "organization_id": str(org.pk),
        "ai_provider": "offline",
        "media": media,
    }


def test_campaign_attaches_its_media_to_every_variant(owner, org):
    picture = make_media(org.workspaces.get(), owner, width=1080, height=1080, jpeg=True)

    response = client_for(owner).post(
        URL, body(org, ["instagram", "twitter"], [{"id": str(picture.id), "alt_text": "Widget 2"}]), format="json"
    )

    assert response.status_code == 201, response.json()
    for content in Content.objects.all():
        rows = ContentVersionMedia.objects.filter(version__content=content)
        assert [(row.media_id, row.alt_text) for row in rows] == [(picture.id, "Widget 2")]


def test_campaign_whose_media_a_platform_refuses_is_400_before_anything_is_reserved(owner, org):
    pictures = [make_media(org.workspaces.get(), owner, jpeg=True) for _ in range(5)]  # X takes 4

    response = client_for(owner).post(
        URL, body(org, ["instagram", "twitter"], [{"id": str(p.id)} for p in pictures]), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == ["media.twitter"]
    assert not Campaign.objects.exists() and spent(org) == (0, 0, 0, 0)
