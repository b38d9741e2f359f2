"""AI images: POST /api/v1/content/{id}/images/ and POST /api/v1/media/generate/, the providers
for real (OpenAI's and Gemini's SDKs) against the local fake server, image credits, refusals."""

import pytest

from apps.content.providers.offline_images import LABEL, MODEL, placeholder_jpeg
from apps.media.models import DerivativeKind, Media, MediaSource
from apps.organizations.models import OrganizationMember, Role
from apps.subscriptions.models import ReservationStatus, UsageReservation
from tests.factories import ContentFactory, OrganizationFactory, set_quota
from tests.fakes.ai import gm_image, gm_image_filtered, oa_image, oa_image_refused, sleep_then, status
from tests.support.clients import client_for
from tests.support.media import media_in_tmp  # noqa: F401
from tests.support.usage import ledger

URL = "/api/v1/media/generate/"
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


def workspace_of(org):
    return org.workspaces.order_by("created_at").first()


def images_spent(org) -> tuple[int, int]:
    period = ledger(org)
    return (period.images_used, period.images_reserved) if period else (0, 0)


def generate(user, org, django_capture_on_commit_callbacks, **extra):
    body = {"workspace_id": str(workspace_of(org).pk), "prompt": "A red bicycle by the sea", **extra}
    with django_capture_on_commit_callbacks(execute=True):
        return client_for(user).post(URL, body, format="json")


def test_media_generate_offline_by_default_stores_a_labelled_placeholder_and_spends_one_credit(
    owner, org, ai_settings, django_capture_on_commit_callbacks
):
    response = generate(owner, org, django_capture_on_commit_callbacks, alt_text="A red bicycle")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["source"], data["kind"], data["mime_type"]) == ("ai", "image", "image/jpeg")
    assert data["provenance"] == {
        "provider": "offline",
        "model": MODEL,
        "prompt": "A red bicycle by the sea",
        "revised_prompt": "",
        "shape": "square",
        "latency_ms": data["provenance"]["latency_ms"],
    }
    assert (data["width"], data["height"], data["alt_text"]) == (1024, 1024, "A red bicycle")
    media = Media.objects.get(pk=data["id"])
    with open(media_in_tmp_path(media), "rb") as stored:
        assert stored.read() == placeholder_jpeg(prompt="A red bicycle by the sea")
    assert images_spent(org) == (1, 0)
    # The answer comes before the worker's thumbnail, asked after the commit and made then.
    assert data["thumbnail_url"] is None
    thumbnail = media.derivatives.get()
    assert (thumbnail.derivative_kind, thumbnail.source) == (DerivativeKind.THUMBNAIL, MediaSource.DERIVATIVE)


def media_in_tmp_path(media):
    from apps.media.storage import media_storage

    return media_storage().path(media.storage_key)


def test_offline_placeholder_is_deterministic_and_says_offline():
    first, again, other = (placeholder_jpeg(prompt=p) for p in ("a cat", "a cat", "a dog"))
    assert first == again and first != other
    assert LABEL.startswith("OFFLINE PLACEHOLDER")


def test_content_image_is_made_from_the_content_text_and_names_the_content(
    owner, org, ai_settings, django_capture_on_commit_callbacks
):
    content = ContentFactory(organization=org, created_by=owner, current_text="Our new bakery opens on Monday!")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(f"/api/v1/content/{content.pk}/images/", {}, format="json")

    assert response.status_code == 201, response.json()
    provenance = response.json()["provenance"]
    assert "Our new bakery opens on Monday!" in provenance["prompt"]
    assert provenance["content_id"] == str(content.pk)
    assert response.json()["workspace_id"] == str(content.workspace_id)
    assert images_spent(org) == (1, 0)


def test_media_generate_openai_sends_the_images_request_and_records_the_revised_prompt(
    owner, org, openai_on, django_capture_on_commit_callbacks
):
    openai_on.script.append(oa_image(revised_prompt="A bright red bicycle leaning on a sea wall"))

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="openai", shape="landscape")

    assert response.status_code == 201, response.json()
    path, body = openai_on.image_requests()[0]
    assert path == "/v1/images/generations"
    assert body == {"model": "gpt-image-test", "prompt": "A red bicycle by the sea", "n": 1, "size": "1536x1024"}
    data = response.json()
    assert data["provenance"]["provider"] == "openai" and data["provenance"]["model"] == "gpt-image-test"
    assert data["provenance"]["revised_prompt"] == "A bright red bicycle leaning on a sea wall"
    assert (data["width"], data["height"]) == (192, 128)


def test_media_generate_gemini_calls_imagen_predict_and_records_the_enhanced_prompt(
    owner, org, gemini_on, django_capture_on_commit_callbacks
):
    gemini_on.script.append(gm_image(enhanced_prompt="A glossy red bicycle, seaside"))

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="gemini", shape="portrait")

    assert response.status_code == 201, response.json()
    path, body = gemini_on.image_requests()[0]
    assert path.endswith("/publishers/google/models/imagen-test:predict")
    assert body["instances"] == [{"prompt": "A red bicycle by the sea"}]
    assert body["parameters"]["sampleCount"] == 1 and body["parameters"]["aspectRatio"] == "3:4"
    data = response.json()
    assert (data["provenance"]["provider"], data["provenance"]["model"]) == ("gemini", "imagen-test")
    assert data["provenance"]["revised_prompt"] == "A glossy red bicycle, seaside"
    assert (data["width"], data["height"]) == (120, 160)


@pytest.mark.parametrize("code", ["moderation_blocked", "content_policy_violation"])
def test_media_generate_openai_refusal_is_422_and_spends_nothing(
    owner, org, openai_on, code, django_capture_on_commit_callbacks
):
    openai_on.script.append(oa_image_refused(code))

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="openai")

    assert response.status_code == 422, response.json()
    assert response.json()["error"]["code"] == "image_refused"
    assert images_spent(org) == (0, 0) and not Media.objects.exists()
    assert UsageReservation.objects.get().status == ReservationStatus.RELEASED


@pytest.mark.parametrize("reason", ["Filtered by the safety filter.", None])
def test_media_generate_gemini_filtered_image_is_422_and_spends_nothing(
    owner, org, gemini_on, reason, django_capture_on_commit_callbacks
):
    gemini_on.script.append(gm_image_filtered(reason))

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="gemini")

    assert response.status_code == 422, response.json()
    assert response.json()["error"]["code"] == "image_refused"
    assert images_spent(org) == (0, 0) and not Media.objects.exists()


def test_media_generate_retries_5xx_then_answers_502_and_spends_nothing(
    owner, org, openai_on, django_capture_on_commit_callbacks
):
    openai_on.script.extend([status(503), status(500), status(502)])

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="openai")

    assert response.status_code == 502 and response.json()["error"]["code"] == "ai_provider_error"
    assert len(openai_on.image_requests()) == 3  # 1 + AI_MAX_RETRIES
    assert images_spent(org) == (0, 0) and not Media.objects.exists()


def test_media_generate_retry_after_a_429_succeeds(owner, org, gemini_on, django_capture_on_commit_callbacks):
    gemini_on.script.extend([status(429), gm_image()])

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="gemini")

    assert response.status_code == 201 and images_spent(org) == (1, 0)


def test_media_generate_timeout_is_504_and_spends_nothing(owner, org, openai_on, django_capture_on_commit_callbacks):
    openai_on.script.append(sleep_then(3, oa_image()))

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="openai")

    assert response.status_code == 504 and response.json()["error"]["code"] == "ai_timeout"
    assert images_spent(org) == (0, 0)


def test_media_generate_bytes_that_are_no_image_are_502_and_spend_nothing(
    owner, org, openai_on, django_capture_on_commit_callbacks
):
    openai_on.script.append(oa_image(data=b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"))

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="openai")

    assert response.status_code == 502 and response.json()["error"]["code"] == "ai_provider_error"
    assert images_spent(org) == (0, 0) and not Media.objects.exists()


def test_media_generate_without_credits_left_is_402_before_any_provider_call(
    owner, org, openai_on, django_capture_on_commit_callbacks
):
    set_quota(org, images=1)
    assert generate(owner, org, django_capture_on_commit_callbacks, ai_provider="openai").status_code == 201

    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="openai")

    assert response.status_code == 402
    error = response.json()["error"]
    assert error["code"] == "quota_exceeded" and error["details"]["quota"] == "images"
    assert (error["details"]["limit"], error["details"]["used"]) == (1, 1)
    assert "image credits" in error["message"]
    assert len(openai_on.image_requests()) == 1


def test_media_generate_free_plan_gives_three_credits_to_the_personal_organization_only(
    owner, ai_settings, django_capture_on_commit_callbacks
):
    from tests.support.organizations import organization_of

    personal = organization_of(owner)
    statuses = [generate(owner, personal, django_capture_on_commit_callbacks).status_code for _ in range(4)]
    other = OrganizationFactory(owner=owner)

    assert statuses == [201, 201, 201, 402]
    assert generate(owner, other, django_capture_on_commit_callbacks).status_code == 402


def test_media_generate_unconfigured_provider_is_503(owner, org, ai_settings, django_capture_on_commit_callbacks):
    response = generate(owner, org, django_capture_on_commit_callbacks, ai_provider="gemini")

    assert response.status_code == 503 and response.json()["error"]["code"] == "ai_provider_not_configured"
    assert images_spent(org) == (0, 0)


def test_media_generate_needs_an_editor(owner, org, make_user, ai_settings, django_capture_on_commit_callbacks):
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role=Role.VIEWER)

    response = generate(viewer, org, django_capture_on_commit_callbacks)

    assert response.status_code == 403 and images_spent(org) == (0, 0)


def test_media_generate_rejects_an_empty_prompt(owner, org, ai_settings, django_capture_on_commit_callbacks):
    response = generate(owner, org, django_capture_on_commit_callbacks, prompt="")

    assert response.status_code == 400 and images_spent(org) == (0, 0)


def test_media_generate_counts_against_the_generations_per_minute(
    owner, org, ai_settings, django_capture_on_commit_callbacks
):
    set_quota(org, per_minute=1)
    assert generate(owner, org, django_capture_on_commit_callbacks).status_code == 201

    response = generate(owner, org, django_capture_on_commit_callbacks)

    assert response.status_code == 429 and images_spent(org) == (1, 0)


def test_subscription_usage_shows_image_credits(owner, org, ai_settings, django_capture_on_commit_callbacks):
    set_quota(org, images=5)
    generate(owner, org, django_capture_on_commit_callbacks)

    usage = client_for(owner).get(f"/api/v1/subscriptions/?organization_id={org.pk}").json()["usage"]
    content_usage = client_for(owner).get(f"/api/v1/content/usage/?organization_id={org.pk}").json()

    assert usage["images"] == {"limit": 5, "used": 1, "reserved": 0, "remaining": 4}
    assert (content_usage["images_used"], content_usage["images_limit"]) == (1, 5)


def test_media_generate_is_audited(owner, org, ai_settings, django_capture_on_commit_callbacks):
    from apps.audit.models import AuditEntry

    media_id = generate(owner, org, django_capture_on_commit_callbacks).json()["id"]

    entry = AuditEntry.objects.get(action="media.generated")
    assert entry.target_id == media_id and entry.data["provider"] == "offline"
