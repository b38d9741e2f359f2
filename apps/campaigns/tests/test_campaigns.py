"""Campaigns: one brief, several platforms — quota all or nothing, failures per variant, variants
scheduled together (all or nothing)."""

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.campaigns.models import Campaign, CampaignVariant
from apps.content.measure import fits
from apps.content.models import Content
from apps.organizations.models import Role
from apps.scheduling.models import OutboxMessage, ScheduledPost
from tests.factories import MembershipFactory, set_quota
from tests.fakes.ai import oa_text, status
from tests.support.clients import client_for
from tests.support.usage import spent

pytestmark = pytest.mark.django_db
URL = "/api/v1/campaigns/"
LONG = " ".join(["launch"] * 80)  # 559 characters: too long for twitter and threads, fine for linkedin


def body(org, **extra):
    return {
        "platforms": ["twitter", "linkedin", "threads"],
        "tone": "enthusiastic",
        "prompt": "Announce Widget 2",
        "audience": "developers",
        "organization_id": str(org.pk),
        **extra,
    }


def test_campaign_create_generates_one_fitted_content_per_platform(owner, org, openai_on):
    openai_on.script = [oa_text(LONG)] * 6  # each too long for twitter/threads: shortened or cut

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    data = response.json()
    assert response.status_code == 201, data
    assert [v["platform"] for v in data["variants"]] == ["twitter", "linkedin", "threads"]
    assert all(v["status"] == "generated" and v["error"] is None for v in data["variants"])
    for variant in data["variants"]:
        content = Content.objects.get(pk=variant["content_id"])
        assert content.platform == variant["platform"] and content.prompt == "Announce Widget 2"
        assert fits(platform=content.platform, text=content.current_text)
        assert variant["generated_text"] == content.current_text and variant["length"] <= variant["limit"]
    tokens, reserved, posts, posts_reserved = spent(org)
    assert (reserved, posts, posts_reserved) == (0, 3, 0)
    assert tokens == sum(v.total_tokens for c in Content.objects.all() for v in c.versions.all())


def test_campaign_get_lists_its_variants_and_the_list_pages(owner, org, ai_settings):
    client = client_for(owner)
    created = client.post(URL, body(org, platforms=["instagram", "facebook"]), format="json").json()

    detail = client.get(f"{URL}{created['id']}/")
    listed = client.get(URL, {"organization_id": str(org.pk)})

    assert detail.status_code == 200 and detail.json() == created
    assert listed.json()["count"] == 1 and listed.json()["results"][0]["id"] == created["id"]


def test_campaign_is_refused_whole_when_the_post_quota_cannot_cover_every_variant(owner, org, ai_settings):
    set_quota(org, tokens=None, posts=2)  # room for two posts, three asked

    response = client_for(owner).post(URL, body(org), format="json")

    assert response.status_code == 402 and response.json()["error"]["code"] == "quota_exceeded"
    assert response.json()["error"]["details"]["quota"] == "posts"
    assert not Campaign.objects.exists() and not Content.objects.exists()
    assert spent(org) == (0, 0, 0, 0)  # nothing held


def test_campaign_is_refused_whole_when_the_token_quota_is_used_up(owner, org, openai_on):
    set_quota(org, tokens=10, posts=None)
    client_for(owner).post("/api/v1/content/generate/", {**body(org), "platform": "twitter"}, format="json")
    before, calls = spent(org), len(openai_on.openai_requests())

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 402 and response.json()["error"]["details"]["quota"] == "tokens"
    assert not Campaign.objects.exists() and spent(org) == before
    assert len(openai_on.openai_requests()) == calls  # the campaign called no provider


def per_platform(answers: dict[str, Callable]) -> Callable:
    """The answer of the variant's platform (the variants are generated at once, in any order)."""

    def action(request, data: dict):
        system = data["messages"][0]["content"]
        return next(answer for label, answer in answers.items() if f"posts for {label}." in system)(request, data)

    return action


def test_campaign_reports_a_provider_failure_per_variant_and_releases_its_quota(owner, org, openai_on, settings):
    settings.AI_MAX_RETRIES = 0
    answers = {"Twitter / X": oa_text("Widget 2 is here #launch"), "LinkedIn": status(500), "Threads": oa_text("Ok")}
    openai_on.script = [per_platform(answers)] * 3

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    data = response.json()
    assert response.status_code == 201, data
    assert [v["status"] for v in data["variants"]] == ["generated", "failed", "generated"]
    failed = data["variants"][1]
    assert failed["content_id"] is None and failed["error"]["code"] == "ai_provider_error"
    tokens, reserved, posts, posts_reserved = spent(org)
    assert (reserved, posts, posts_reserved) == (0, 2, 0)  # the failed variant spent nothing
    assert tokens == sum(c.versions.get().total_tokens for c in Content.objects.all())


def test_campaign_refuses_a_platform_twice(owner, org, ai_settings):
    response = client_for(owner).post(URL, body(org, platforms=["twitter", "twitter"]), format="json")
    assert response.status_code == 400 and "platforms" in response.json()["error"]["details"]
    assert not Campaign.objects.exists()


def test_campaign_create_is_refused_to_a_viewer_and_a_stranger(owner, org, make_user, ai_settings):
    viewer = MembershipFactory(organization=org, role=Role.VIEWER).user
    stranger = make_user(email="stranger@example.com")

    assert client_for(viewer).post(URL, body(org), format="json").status_code == 403
    assert client_for(stranger).post(URL, body(org), format="json").status_code == 404
    assert not Campaign.objects.exists()


def test_campaign_from_a_template(owner, org, ai_settings):
    from apps.brand.services import template_create

    template = template_create(user=owner, organization_id=org.pk, name="L", body="Launch {product}")

    response = client_for(owner).post(
        URL,
        body(org, prompt="", template_id=str(template.pk), variables={"product": "Widget"}, platforms=["threads"]),
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["prompt"] == "Launch Widget" and response.json()["template_id"] == str(template.pk)


# --------------------------------------------------------------------------- scheduling together
@pytest.fixture
def campaign(owner, org, ai_settings):
    return client_for(owner).post(URL, body(org), format="json").json()


def at(hours: int) -> str:
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def test_campaign_schedule_puts_each_variant_at_its_own_time(owner, campaign):
    twitter, linkedin, _ = campaign["variants"]
    posts = [
        {"content_id": twitter["content_id"], "scheduled_at": at(2)},
        {"content_id": linkedin["content_id"], "scheduled_at": at(5)},
    ]

    response = client_for(owner).post(f"{URL}{campaign['id']}/schedule/", {"posts": posts}, format="json")

    assert response.status_code == 201, response.json()
    scheduled = {p["content_id"]: p for p in response.json()["scheduled_posts"]}
    assert set(scheduled) == {twitter["content_id"], linkedin["content_id"]}
    assert scheduled[twitter["content_id"]]["platform"] == "twitter"
    post = ScheduledPost.objects.get(content_id=linkedin["content_id"])
    assert abs((post.scheduled_at - (timezone.now() + timedelta(hours=5))).total_seconds()) < 60
    assert OutboxMessage.objects.count() == 2


def test_campaign_schedule_is_all_or_nothing(owner, campaign):
    twitter, linkedin, _ = campaign["variants"]
    posts = [
        {"content_id": twitter["content_id"], "scheduled_at": at(2)},
        {"content_id": linkedin["content_id"], "scheduled_at": at(-1)},  # in the past
    ]

    response = client_for(owner).post(f"{URL}{campaign['id']}/schedule/", {"posts": posts}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["details"]["item"] == 1
    assert not ScheduledPost.objects.exists() and not OutboxMessage.objects.exists()


def test_campaign_schedule_refuses_a_content_that_is_not_its_variant(owner, org, campaign, ai_settings):
    other = client_for(owner).post(URL, body(org, platforms=["facebook"]), format="json").json()
    posts = [{"content_id": other["variants"][0]["content_id"], "scheduled_at": at(2)}]

    response = client_for(owner).post(f"{URL}{campaign['id']}/schedule/", {"posts": posts}, format="json")

    assert response.status_code == 400 and "posts" in response.json()["error"]["details"]
    assert not ScheduledPost.objects.exists()


def test_campaign_schedule_twice_is_409_and_schedules_nothing_more(owner, campaign):
    twitter, linkedin, _ = campaign["variants"]
    url = f"{URL}{campaign['id']}/schedule/"
    client = client_for(owner)
    slot = at(2)
    client.post(url, {"posts": [{"content_id": twitter["content_id"], "scheduled_at": slot}]}, format="json")

    again = client.post(
        url,
        {
            "posts": [
                {"content_id": linkedin["content_id"], "scheduled_at": at(3)},
                {"content_id": twitter["content_id"], "scheduled_at": slot},
            ]
        },
        format="json",
    )

    assert again.status_code == 409 and again.json()["error"]["code"] == "already_scheduled"
    assert ScheduledPost.objects.count() == 1  # the linkedin post was rolled back


def test_campaign_schedule_is_refused_to_a_viewer(org, campaign):
    viewer = MembershipFactory(organization=org, role=Role.VIEWER).user
    posts = [{"content_id": campaign["variants"][0]["content_id"], "scheduled_at": at(2)}]

    response = client_for(viewer).post(f"{URL}{campaign['id']}/schedule/", {"posts": posts}, format="json")

    assert response.status_code == 403 and not ScheduledPost.objects.exists()


def test_campaign_list_query_count_does_not_grow_with_campaigns(owner, org, ai_settings, django_assert_max_num_queries):
    client = client_for(owner)
    for _ in range(3):
        client.post(URL, body(org, platforms=["twitter", "threads"]), format="json")

    with django_assert_max_num_queries(12):
        response = client.get(URL, {"organization_id": str(org.pk)})

    assert response.json()["count"] == 3
    assert CampaignVariant.objects.count() == 6


def test_campaign_over_the_per_minute_limit_is_429_and_holds_nothing(owner, org, ai_settings):
    set_quota(org, tokens=None, posts=None, per_minute=2)  # three variants count three generations

    response = client_for(owner).post(URL, body(org), format="json")

    assert response.status_code == 429 and response.json()["error"]["code"] == "rate_limited"
    assert not Campaign.objects.exists() and not Content.objects.exists()
    assert spent(org) == (0, 0, 0, 0)


def test_campaign_schedule_in_a_workspace_requiring_approval_refuses_unapproved_variants(owner, org, campaign):
    from apps.organizations.models import Workspace

    Workspace.objects.filter(organization=org).update(requires_approval=True)
    twitter, linkedin, _ = campaign["variants"]
    posts = [
        {"content_id": twitter["content_id"], "scheduled_at": at(2)},
        {"content_id": linkedin["content_id"], "scheduled_at": at(3)},
    ]

    response = client_for(owner).post(f"{URL}{campaign['id']}/schedule/", {"posts": posts}, format="json")

    assert response.status_code == 409 and response.json()["error"]["code"] == "content_not_approved"
    assert response.json()["error"]["details"]["item"] == 0
    assert not ScheduledPost.objects.exists()


def test_campaign_generates_its_variants_at_once_up_to_the_setting(owner, org, openai_on, settings):
    """Every variant waits on the provider at the same time, CAMPAIGN_GENERATION_CONCURRENCY at most."""
    platforms = ["twitter", "linkedin", "threads", "facebook", "instagram"]
    seen = []
    for limit, expected in ((5, 5), (2, 2)):
        settings.CAMPAIGN_GENERATION_CONCURRENCY = limit
        state: dict = {}
        openai_on.script = [waiting(state, 0.5)] * len(platforms)

        response = client_for(owner).post(URL, body(org, platforms=platforms, ai_provider="openai"), format="json")

        assert response.status_code == 201, response.json()
        assert all(v["status"] == "generated" for v in response.json()["variants"])
        seen.append(state["most"])
    assert seen == [5, 2]


def waiting(state: dict, seconds: float) -> Callable:
    """An answer after ``seconds``; ``state["most"]``: how many calls were waiting at once, at most."""
    lock = state.setdefault("lock", threading.Lock())

    def action(request, data: dict):
        with lock:
            state["now"] = state.get("now", 0) + 1
            state["most"] = max(state.get("most", 0), state["now"])
        time.sleep(seconds)
        with lock:
            state["now"] -= 1
        return oa_text("Widget 2 is here")(request, data)

    return action
