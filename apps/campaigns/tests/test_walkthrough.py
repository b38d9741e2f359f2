"""The README's walk on the embedded default: a new Free account sets its workspace's brand voice,
generates a campaign for three platforms and schedules two variants at their own times."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.content.measure import fits
from apps.content.models import ContentVersion
from apps.scheduling.models import ScheduledPost
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_readme_walk_brand_voice_campaign_and_schedule(make_user, ai_settings):
    client = client_for(make_user(email="new@example.com"))  # personal organization, Free plan
    [workspace] = client.get("/api/v1/organizations/workspaces/").json()["results"]

    voice = client.put(
        f"/api/v1/brand/workspaces/{workspace['id']}/voice/",
        {"description": "Plain, warm, no hype", "banned_phrases": ["game changer"], "required_hashtags": ["#acme"]},
        format="json",
    )
    campaign = client.post(
        "/api/v1/campaigns/",
        {"platforms": ["twitter", "linkedin", "instagram"], "tone": "friendly", "prompt": "Widget 2 ships on Monday"},
        format="json",
    )

    assert voice.status_code == 200 and voice.json()["revision"] == 1
    assert campaign.status_code == 201, campaign.json()
    variants = campaign.json()["variants"]
    assert [v["status"] for v in variants] == ["generated"] * 3
    for variant in variants:
        assert variant["generated_text"].endswith("#acme")
        assert fits(platform=variant["platform"], text=variant["generated_text"])
        version = ContentVersion.objects.get(content_id=variant["content_id"])
        assert version.parameters["brand_voice_revision"] == 1 and version.provider == "offline"

    when = [timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=1, hours=6)]
    scheduled = client.post(
        f"/api/v1/campaigns/{campaign.json()['id']}/schedule/",
        {"posts": [{"content_id": v["content_id"], "scheduled_at": t.isoformat()} for v, t in zip(variants, when)]},
        format="json",
    )

    assert scheduled.status_code == 201, scheduled.json()
    posts = ScheduledPost.objects.order_by("scheduled_at")
    assert [p.platform for p in posts] == ["twitter", "linkedin"]
    assert [p.scheduled_at for p in posts] == when
