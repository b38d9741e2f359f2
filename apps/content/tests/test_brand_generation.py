"""Generation in a workspace with a brand voice or from a prompt template (docs/brand.md): the voice
goes into the prompt and the provenance, banned phrases get one rewrite then a warning, required
hashtags are appended within the platform's limits, templates are filled in and checked."""

import pytest

from apps.brand.services import brand_voice_set, template_create
from apps.content.measure import fits, text_length
from apps.content.models import Content, ContentVersion
from apps.content.providers.offline import offline_count
from apps.content.services import brand_hashtags_append
from apps.organizations.selectors import workspace_default
from tests.fakes.ai import oa_text
from tests.support.clients import client_for
from tests.support.usage import spent

pytestmark = pytest.mark.django_db
URL = "/api/v1/content/generate/"


def body(org, **extra):
    return {
        "platform": "twitter",
        "tone": "professional",
        "prompt": "Announce our launch",
        "organization_id": str(org.pk),
        **extra,
    }


def set_voice(owner, org, **fields):
    return brand_voice_set(user=owner, workspace_id=workspace_default(organization_id=org.pk).pk, **fields)


def test_generate_sends_the_brand_voice_in_the_system_prompt_and_records_its_revision(owner, org, openai_on):
    set_voice(owner, org, description="Plain words only.")
    voice = set_voice(owner, org, description="Warm and plain.", rules=["No exclamation marks."])

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    assert response.status_code == 201, response.json()
    [sent] = openai_on.openai_requests()
    system = sent["messages"][0]["content"]
    assert "Warm and plain." in system and "No exclamation marks." in system and "revision 2" in system
    assert response.json()["brand_voice_revision"] == voice.revision == 2
    version = ContentVersion.objects.get(pk=response.json()["version_id"])
    assert version.parameters["brand_voice_revision"] == 2


def test_generate_offline_counts_the_brand_voice_in_the_prompt(owner, org, ai_settings):
    set_voice(owner, org, description="Warm and plain.")

    data = client_for(owner).post(URL, body(org), format="json").json()

    version = ContentVersion.objects.get(pk=data["version_id"])
    assert version.prompt_tokens > offline_count("Announce our launch")  # the voice is part of the prompt
    assert data["brand_voice_revision"] == 1 and data["brand_warnings"] == []


def test_generate_without_brand_voice_records_none(owner, org, ai_settings):
    data = client_for(owner).post(URL, body(org), format="json").json()
    assert data["brand_voice_revision"] is None


def test_generate_rewrites_once_when_the_text_uses_a_banned_phrase(owner, org, ai_settings):
    set_voice(owner, org, banned_phrases=["cheap"])

    response = client_for(owner).post(URL, body(org, prompt="Our cheap new widget"), format="json")

    data = response.json()
    assert response.status_code == 201, data
    assert "cheap" not in data["generated_text"].lower() and data["brand_warnings"] == []
    version = ContentVersion.objects.get(pk=data["version_id"])
    assert [c["purpose"] for c in version.parameters["calls"]] == ["generate", "brand_retry"]
    assert spent(org) == (version.total_tokens, 0, 1, 0)  # both calls settled, nothing left held


def test_generate_flags_a_banned_phrase_still_there_after_the_rewrite(owner, org, openai_on):
    set_voice(owner, org, banned_phrases=["game changer"])
    openai_on.script = [oa_text("A real Game Changer for teams"), oa_text("Still a game changer, honestly")]

    response = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json")

    data = response.json()
    assert response.status_code == 201, data
    assert data["brand_warnings"] == [
        {
            "code": "banned_phrase",
            "message": "The text still uses banned words or phrases after one rewrite; edit it before publishing.",
            "items": ["game changer"],
        }
    ]
    retry = openai_on.openai_requests()[1]
    assert "game changer" in retry["messages"][-1]["content"] and len(openai_on.openai_requests()) == 2
    assert spent(org)[1] == 0


def test_generate_appends_missing_required_hashtags(owner, org, ai_settings):
    set_voice(owner, org, required_hashtags=["acme", "#twitter"])

    data = client_for(owner).post(URL, body(org), format="json").json()

    assert data["generated_text"].endswith("#acme")
    assert data["generated_text"].count("#twitter") == 1  # the offline draft already had it


def test_generate_makes_room_for_required_hashtags_within_the_platform_limit(owner, org, openai_on):
    set_voice(owner, org, required_hashtags=["#acme", "#launchday"])
    long_text = " ".join(["word"] * 55)  # 274 characters: fits alone, not with the tags
    openai_on.script = [oa_text(long_text)]

    data = client_for(owner).post(URL, body(org, ai_provider="openai"), format="json").json()

    assert data["generated_text"].endswith("#acme #launchday")
    assert text_length(platform="twitter", text=data["generated_text"]) <= 280 and data["truncated"] is True


def test_brand_hashtags_append_leaves_out_tags_that_cannot_fit():
    tags = tuple(f"#{'x' * 48}{i}" for i in range(10))  # 50 characters each: not all fit in 280 / 2

    text, cut, left_out = brand_hashtags_append(platform="twitter", text="Short post", hashtags=tags)

    assert fits(platform="twitter", text=text) and not cut
    assert left_out and all(tag not in text for tag in left_out)
    assert all(tag in text for tag in tags if tag not in left_out)


def test_regenerate_uses_the_current_brand_voice_revision(owner, org, ai_settings):
    client = client_for(owner)
    set_voice(owner, org, description="First.")
    first = client.post(URL, body(org), format="json").json()
    set_voice(owner, org, description="Second.")

    again = client.post(f"/api/v1/content/{first['id']}/regenerate/", {}, format="json").json()

    assert (first["brand_voice_revision"], again["brand_voice_revision"]) == (1, 2)


# --------------------------------------------------------------------------- templates
@pytest.fixture
def template(owner, org):
    return template_create(
        user=owner, organization_id=org.pk, name="Launch", body="Announce {product}, available {date}."
    )


def test_generate_from_a_template_fills_in_the_variables(owner, org, template, ai_settings):
    response = client_for(owner).post(
        URL,
        body(org, prompt="", template_id=str(template.pk), variables={"product": "Widget 2", "date": "Monday"}),
        format="json",
    )

    assert response.status_code == 201, response.json()
    content = Content.objects.get(pk=response.json()["id"])
    assert content.prompt == "Announce Widget 2, available Monday."
    version = content.versions.get()
    assert version.parameters["template"] == {
        "id": str(template.pk),
        "name": "Launch",
        "variables": {"product": "Widget 2", "date": "Monday"},
    }


def test_generate_from_a_template_appends_the_prompt_as_instructions(owner, org, template, ai_settings):
    response = client_for(owner).post(
        URL,
        body(
            org, prompt="Mention the discount.", template_id=str(template.pk), variables={"product": "W", "date": "D"}
        ),
        format="json",
    )
    assert Content.objects.get(pk=response.json()["id"]).prompt == "Announce W, available D.\n\nMention the discount."


def test_generate_from_a_template_lists_missing_and_unknown_variables(owner, org, template, ai_settings):
    response = client_for(owner).post(
        URL, body(org, template_id=str(template.pk), variables={"product": "W", "colour": "red"}), format="json"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "template_variables_invalid"
    assert error["details"]["missing"] == ["date"] and error["details"]["unknown"] == ["colour"]
    assert not Content.objects.exists() and spent(org) == (0, 0, 0, 0)


def test_generate_refuses_too_long_variable_values(owner, org, template, ai_settings):
    response = client_for(owner).post(
        URL, body(org, template_id=str(template.pk), variables={"product": "x" * 501, "date": "D"}), format="json"
    )
    assert response.status_code == 400 and "variables" in response.json()["error"]["details"]


def test_generate_needs_a_prompt_or_a_template(owner, org, ai_settings):
    response = client_for(owner).post(URL, body(org, prompt=""), format="json")
    assert response.status_code == 400 and "prompt" in response.json()["error"]["details"]


def test_generate_refuses_variables_without_a_template(owner, org, ai_settings):
    response = client_for(owner).post(URL, body(org, variables={"product": "W"}), format="json")
    assert response.status_code == 400 and "variables" in response.json()["error"]["details"]


def test_generate_with_a_template_of_another_organization_is_not_found(owner, org, make_user, ai_settings):
    stranger = make_user(email="stranger@example.com")
    theirs = template_create(user=stranger, organization_id=None, name="T", body="About {product}")

    response = client_for(owner).post(
        URL, body(org, template_id=str(theirs.pk), variables={"product": "W"}), format="json"
    )

    assert response.status_code == 404 and response.json()["error"]["code"] == "template_not_found"
    assert not Content.objects.exists()


def test_generate_flags_the_banned_phrase_when_the_quota_cannot_cover_the_rewrite(owner, org, ai_settings):
    from tests.factories import set_quota

    set_quota(org, tokens=10)  # the first call is admitted (0 < 10); the rewrite, asked while it holds, is not
    set_voice(owner, org, banned_phrases=["cheap"])

    data = client_for(owner).post(URL, body(org, prompt="Our cheap new widget"), format="json").json()

    assert [w["code"] for w in data["brand_warnings"]] == ["banned_phrase"]
    version = ContentVersion.objects.get(pk=data["version_id"])
    assert [c["purpose"] for c in version.parameters["calls"]] == ["generate"]
    assert spent(org)[1] == 0
