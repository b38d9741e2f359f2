"""Publishing fidelity through the API: each network's rule (apps.content.measure) holds on the
manual edit, the schedule path, generation fitting and POST /api/v1/content/validate/, and the
answers carry the measured length and the limit."""

import pytest
from django.utils import timezone

from apps.content.measure import measure
from apps.content.models import Content, ContentVersion, ContentVersionMedia, VersionSource
from apps.organizations.models import Workspace
from tests.factories import set_quota
from tests.fakes.ai import oa_text
from tests.support.attachments import make_media, media_root  # noqa: F401
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

VALIDATE = "/api/v1/content/validate/"
LIMITS = {"twitter": 280, "linkedin": 3000, "instagram": 2200, "threads": 500, "facebook": 63206}
LINK = "https://example.com/" + "a" * 80  # 100 characters, 23 on X


def content_on(org, owner, platform: str, text: str = "Hello.") -> Content:
    content = Content.objects.create(
        organization=org,
        workspace=Workspace.objects.filter(organization=org).first(),
        created_by=owner,
        platform=platform,
        tone="casual",
        prompt="Say hello",
        current_version=1,
        current_text=text,
    )
    ContentVersion.objects.create(
        content=content,
        organization=org,
        workspace=content.workspace,
        version=1,
        text=text,
        source=VersionSource.GENERATED,
        provider="offline",
        created_by=owner,
    )
    return content


def edit(owner, content, text):
    return client_for(owner).patch(f"/api/v1/content/{content.id}/", {"text": text}, format="json")


# ---------------------------------------------------------------------------
# Manual edit
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("platform,limit", LIMITS.items())
def test_content_edit_accepts_at_the_limit_and_refuses_past_it(owner, org, platform, limit):
    content = content_on(org, owner, platform)

    at_limit = edit(owner, content, "a" * limit)
    past = edit(owner, content, "a" * (limit + 1))

    assert at_limit.status_code == 201, at_limit.json()
    assert (at_limit.json()["length"], at_limit.json()["limit"]) == (limit, limit)
    assert past.status_code == 400 and "text" in past.json()["error"]["details"]
    assert content.versions.count() == 2


@pytest.mark.parametrize(
    "platform,text,accepted",
    [
        ("twitter", "故" * 160, False),  # 320 as X counts
        ("twitter", "😷" * 150, False),  # 300
        ("twitter", "x" * 250 + " " + LINK, True),  # 351 characters, 274 as X counts
        ("twitter", "x" * 280, True),
        ("instagram", "Caption " + " ".join(f"#tag{i}" for i in range(31)), False),  # Instagram allows 30
        ("instagram", "Caption " + " ".join(f"#tag{i}" for i in range(30)), True),
    ],
)
def test_content_edit_judges_the_text_as_the_network_does(owner, org, platform, text, accepted):
    content = content_on(org, owner, platform)

    response = edit(owner, content, text)

    assert response.status_code == (201 if accepted else 400), response.json()
    assert content.versions.count() == (2 if accepted else 1)


# ---------------------------------------------------------------------------
# Schedule (target platform)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("platform,limit", LIMITS.items())
def test_scheduled_post_schedule_accepts_at_the_target_limit_and_refuses_past_it(owner, org, platform, limit):
    at_limit = content_on(org, owner, "facebook", "a" * limit)
    past = content_on(org, owner, "facebook", "a" * (limit + 1))
    picture = make_media(at_limit.workspace, owner, jpeg=True)  # Instagram needs an image (media rules)
    for content in (at_limit, past):
        ContentVersionMedia.objects.create(version=content.versions.get(), media=picture, position=1)
    when = (timezone.now() + timezone.timedelta(hours=2)).isoformat()

    def schedule(content):
        body = {"content_id": str(content.id), "scheduled_at": when, "platform": platform}
        return client_for(owner).post("/api/v1/scheduling/schedule/", body, format="json")

    accepted, refused = schedule(at_limit), schedule(past)
    assert accepted.status_code == 201, accepted.json()
    assert refused.status_code == 400 and "platform" in refused.json()["error"]["details"]


def test_scheduled_post_schedule_counts_as_x_does(owner, org):
    cjk = content_on(org, owner, "linkedin", "故" * 160)
    linked = content_on(org, owner, "linkedin", "x" * 250 + " " + LINK)
    when = (timezone.now() + timezone.timedelta(hours=2)).isoformat()

    def schedule(content):
        body = {"content_id": str(content.id), "scheduled_at": when, "platform": "twitter"}
        return client_for(owner).post("/api/v1/scheduling/schedule/", body, format="json")

    assert schedule(cjk).status_code == 400
    assert schedule(linked).status_code == 201


# ---------------------------------------------------------------------------
# Generation fitting
# ---------------------------------------------------------------------------
def generate(owner, org, platform):
    body = {"platform": platform, "tone": "casual", "prompt": "Our launch", "organization_id": str(org.pk)}
    return client_for(owner).post("/api/v1/content/generate/", {**body, "ai_provider": "openai"}, format="json")


@pytest.mark.parametrize("platform,limit", LIMITS.items())
def test_content_generate_keeps_a_text_at_the_limit_and_cuts_one_past_it(owner, org, openai_on, platform, limit):
    set_quota(org, tokens=10_000_000)
    at_limit = ("word " * limit)[: limit - 1] + "!"
    past = "word " * (limit // 5) + "extra"
    openai_on.script = [oa_text(at_limit), oa_text(past), oa_text(past)]

    kept, cut = generate(owner, org, platform).json(), generate(owner, org, platform).json()

    assert (kept["generated_text"], kept["shortened"], kept["truncated"]) == (at_limit, False, False)
    assert (kept["length"], kept["limit"]) == (limit, limit)
    assert cut["truncated"] is True and cut["length"] <= limit and past.startswith(cut["generated_text"])


def test_content_generate_fits_as_x_counts_without_splitting_emoji(owner, org, openai_on):
    long = "👩🏽‍💻" * 200  # 400 as X counts (2 per sequence)
    openai_on.script = [oa_text(long), oa_text(long)]

    data = generate(owner, org, "twitter").json()

    assert data["truncated"] is True and data["generated_text"] == "👩🏽‍💻" * 140
    assert (data["length"], data["limit"]) == (280, 280)
    shorten_turn = openai_on.openai_requests()[1]["messages"][-1]["content"]
    assert shorten_turn.startswith("That is 400 characters as X counts them")


def test_content_generate_cuts_instagram_to_30_hashtags(owner, org, openai_on):
    tagged = "Launch day " + " ".join(f"#tag{i}" for i in range(35))
    openai_on.script = [oa_text(tagged), oa_text(tagged)]

    data = generate(owner, org, "instagram").json()

    assert data["truncated"] is True and data["generated_text"].endswith("#tag29")
    assert measure(platform="instagram", text=data["generated_text"]).valid


# ---------------------------------------------------------------------------
# Validate endpoint and the measure in answers
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "platform,text,length,valid,codes",
    [
        ("twitter", "故" * 160, 320, False, ["too_long"]),
        ("twitter", "😷" * 150, 300, False, ["too_long"]),
        ("twitter", "x" * 250 + " " + LINK, 274, True, []),
        ("instagram", " ".join(f"#t{i}" for i in range(31)), 144, False, ["too_many_hashtags"]),
        ("threads", "   ", 0, False, ["empty"]),
        ("linkedin", "a" * 3000, 3000, True, []),
    ],
)
def test_content_validate_measures_as_the_network_does(owner, platform, text, length, valid, codes):
    response = client_for(owner).post(VALIDATE, {"platform": platform, "text": text}, format="json")

    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["platform"], data["length"], data["limit"], data["valid"]) == (
        platform,
        length,
        LIMITS[platform],
        valid,
    )
    assert [reason["code"] for reason in data["reasons"]] == codes
    assert all(reason["message"] for reason in data["reasons"])


def test_content_validate_unknown_platform_and_huge_text_are_400(owner):
    client = client_for(owner)

    unknown = client.post(VALIDATE, {"platform": "myspace", "text": "hi"}, format="json")
    huge = client.post(VALIDATE, {"platform": "facebook", "text": "a" * 70_001}, format="json")

    assert unknown.status_code == 400 and "platform" in unknown.json()["error"]["details"]
    assert huge.status_code == 400 and "text" in huge.json()["error"]["details"]


def test_content_validate_needs_authentication(api_client):
    assert api_client.post(VALIDATE, {"platform": "twitter", "text": "hi"}, format="json").status_code == 401


def test_content_and_version_answers_carry_length_and_limit(owner, org):
    content = content_on(org, owner, "twitter", "故" * 100)
    client = client_for(owner)

    detail = client.get(f"/api/v1/content/{content.id}/").json()
    listed = client.get("/api/v1/content/", {"organization_id": str(org.pk)}).json()["results"][0]
    version = client.get(f"/api/v1/content/{content.id}/versions/").json()["results"][0]

    assert (detail["length"], detail["limit"]) == (200, 280)
    assert (listed["length"], listed["limit"]) == (200, 280)
    assert (version["length"], version["limit"]) == (200, 280)
