"""The README's walk on the embedded default: a new Free account sets its workspace's brand voice,
generates a campaign for three platforms and schedules two variants at their own times."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.content.measure import fits
from apps.content.models import ContentVersion
from apps.scheduling.models import ScheduledPost
from tests.support.clients import client_for

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


def test_editorial_walk_campaign_review_schedule_the_approved_variant_delete_and_restore(make_user, ai_settings):
    """The whole editorial walk of docs/campaigns.md on the embedded default, as a new Free account."""
    client = client_for(make_user(email="walk@example.com"))
    [workspace] = client.get("/api/v1/organizations/workspaces/").json()["results"]
    ws = f"/api/v1/organizations/workspaces/{workspace['id']}/"

    assert client.patch(ws, {"requires_approval": True}, format="json").json()["requires_approval"] is True
    assert (
        client.put(
            f"/api/v1/brand/workspaces/{workspace['id']}/voice/", {"required_hashtags": ["#acme"]}, format="json"
        ).status_code
        == 200
    )
    campaign = client.post(
        "/api/v1/campaigns/",
        {"platforms": ["twitter", "linkedin", "instagram"], "tone": "friendly", "prompt": "Widget 2 ships on Monday"},
        format="json",
    ).json()
    twitter, linkedin, instagram = (v["content_id"] for v in campaign["variants"])

    for content_id in (twitter, linkedin):
        assert client.post(f"/api/v1/content/{content_id}/submit/", {}, format="json").status_code == 201
    approved = client.post(f"/api/v1/content/{twitter}/approve/", {"comment": "Go"}, format="json")
    changes = client.post(f"/api/v1/content/{linkedin}/request-changes/", {"comment": "Name the price"}, format="json")
    when = (timezone.now() + timedelta(days=2)).isoformat()
    scheduled = client.post(
        f"/api/v1/campaigns/{campaign['id']}/schedule/",
        {"posts": [{"content_id": twitter, "scheduled_at": when}]},
        format="json",
    )
    refused = client.post(
        f"/api/v1/campaigns/{campaign['id']}/schedule/",
        {"posts": [{"content_id": linkedin, "scheduled_at": when}]},
        format="json",
    )
    deleted = client.delete(f"/api/v1/content/{instagram}/")
    gone = client.get(f"/api/v1/content/{instagram}/")
    trash = client.get("/api/v1/content/trash/").json()["results"]
    restored = client.post(f"/api/v1/content/{instagram}/restore/", {}, format="json")

    assert (approved.status_code, changes.status_code) == (201, 201)
    assert scheduled.status_code == 201, scheduled.json()
    [post] = ScheduledPost.objects.all()
    assert str(post.content_id) == twitter and post.content_version.version == approved.json()["version"]
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "content_not_approved"
    assert (deleted.status_code, gone.status_code) == (204, 404)
    assert [item["id"] for item in trash] == [instagram]
    assert restored.status_code == 200, restored.json()
    assert client.get(f"/api/v1/content/{instagram}/").status_code == 200
