"""Output shapes shared by the content views (and the campaigns' variants)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.common.serializers import StrictCharField
from apps.content.attachments import attachment_read, content_current_attachments
from apps.content.measure import text_length
from apps.content.models import ALT_TEXT_MAX_CHARS, ATTACHMENTS_MAX, ContentVersion, Platform, ReviewState, Tone
from apps.content.platforms import platform_limit

LENGTH_HELP = "The text's length as the platform counts it (X: weighted, links 23; see docs/content.md)."
LIMIT_HELP = "The platform's limit, in the same unit as length."


# How long a read's media links stay valid (a presigned GET on object storage).
READ_LINK_SECONDS = 3600

MEDIA_INPUT_HELP = (
    f"Attachments, in order: [{{id, alt_text}}] (media of the content's workspace, ready; at most "
    f"{ATTACHMENTS_MAX}). Omitted: a new version keeps the previous version's; [] removes them."
)


class AttachmentInputSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="A media of the library (same workspace as the content).")
    alt_text = StrictCharField(
        max_length=ALT_TEXT_MAX_CHARS,
        required=False,
        allow_blank=True,
        help_text="Omitted: the media's alt text in the library. Each network's own bound is a media rule "
        "(alt_text_too_long).",
    )


def media_input_field(**kwargs: Any) -> serializers.ListSerializer:
    """The ``media`` field of a request body (generate, regenerate, edit, validate, campaigns)."""
    return AttachmentInputSerializer(
        many=True, required=False, max_length=ATTACHMENTS_MAX, help_text=MEDIA_INPUT_HELP, **kwargs
    )


class AttachmentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(allow_null=True, help_text="The media; null when it was deleted since.")
    position = serializers.IntegerField(help_text="1, 2, ... in the post's order.")
    kind = serializers.CharField(required=False, help_text="image or video.")
    mime_type = serializers.CharField(required=False)
    width = serializers.IntegerField(required=False, allow_null=True)
    height = serializers.IntegerField(required=False, allow_null=True)
    duration_seconds = serializers.FloatField(required=False, allow_null=True)
    size = serializers.IntegerField(required=False, help_text="Bytes.")
    alt_text = serializers.CharField(allow_blank=True)
    url = serializers.CharField(
        required=False, help_text=f"Downloads the bytes (on object storage valid {READ_LINK_SECONDS} s)."
    )
    deleted = serializers.BooleanField(help_text="The media was deleted from the library since.")


def attachments_read(rows: Any) -> list[dict[str, Any]]:
    return [attachment_read(row, expires_in=READ_LINK_SECONDS) for row in rows]


class BrandWarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="banned_phrase or hashtags_left_out.")
    message = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField(), help_text="The phrases or hashtags concerned.")


class GenerationOutputSerializer(serializers.Serializer):
    """The answer of generate and regenerate (and the ``done`` event of a stream)."""

    id = serializers.UUIDField(help_text="Content id.")
    generated_text = serializers.CharField(help_text="The current text (fits the platform's limit).")
    tokens_used = serializers.IntegerField(help_text="Provider-reported total tokens of this version's call(s).")
    version = serializers.IntegerField()
    version_id = serializers.UUIDField()
    provider = serializers.CharField(help_text="Provider actually used: openai, gemini or offline.")
    requested_provider = serializers.CharField()
    fallback_used = serializers.BooleanField()
    model = serializers.CharField()
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    usage_estimated = serializers.BooleanField(help_text="True when the provider reported no usage (see docs).")
    shortened = serializers.BooleanField(help_text="The provider was asked once more to shorten the text.")
    truncated = serializers.BooleanField(help_text="The text was cut at a word boundary to fit the platform.")
    platform = serializers.ChoiceField(choices=Platform.choices)
    platform_limit = serializers.IntegerField(help_text="Same as limit.")
    length = serializers.IntegerField(help_text=LENGTH_HELP)
    limit = serializers.IntegerField(help_text=LIMIT_HELP)
    tone = serializers.ChoiceField(choices=Tone.choices)
    audience = serializers.CharField(allow_blank=True)
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    latency_ms = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    brand_voice_revision = serializers.IntegerField(
        allow_null=True, help_text="The workspace's brand voice revision in the prompt; null when it has none."
    )
    brand_warnings = BrandWarningSerializer(
        many=True, help_text="What the brand voice's rules could not enforce (docs/brand.md); empty when all held."
    )
    media = AttachmentOutputSerializer(many=True, help_text="This version's attachments, in order.")


def generation_payload(version: ContentVersion) -> dict[str, Any]:
    """The answer of generate and regenerate, built directly: exactly what the declared fields of
    ``GenerationOutputSerializer`` (which document the schema) produce from ``_generation_fields``
    (a test holds the two equal), without DRF's per-answer copy of those fields, which cost as
    much as the rest of the answer."""
    fields = _generation_fields(version)
    return {
        **fields,
        "id": str(fields["id"]),
        "version_id": str(fields["version_id"]),
        "requested_provider": str(fields["requested_provider"]),
        "fallback_used": bool(fields["fallback_used"]),
        "usage_estimated": bool(fields["usage_estimated"]),
        "shortened": bool(fields["shortened"]),
        "truncated": bool(fields["truncated"]),
        "organization_id": str(fields["organization_id"]),
        "workspace_id": str(fields["workspace_id"]),
        "created_at": _DATETIME.to_representation(fields["created_at"]),
        "brand_warnings": [
            {"code": str(w["code"]), "message": str(w["message"]), "items": [str(item) for item in w["items"]]}
            for w in fields["brand_warnings"]
        ],
    }


def _generation_fields(version: ContentVersion) -> dict[str, Any]:
    content, params = version.content, version.parameters
    return {
        "id": content.id,
        "generated_text": version.text,
        "tokens_used": version.total_tokens,
        "version": version.version,
        "version_id": version.id,
        "provider": version.provider,
        "requested_provider": params.get("requested_provider", version.provider),
        "fallback_used": params.get("fallback_used", False),
        "model": version.model,
        "prompt_tokens": version.prompt_tokens,
        "completion_tokens": version.completion_tokens,
        "usage_estimated": params.get("usage_estimated", False),
        "shortened": params.get("shortened", False),
        "truncated": version.truncated,
        "platform": content.platform,
        "platform_limit": platform_limit(content.platform),
        "length": text_length(platform=content.platform, text=version.text),
        "limit": platform_limit(content.platform),
        "tone": content.tone,
        "audience": content.audience,
        "organization_id": content.organization_id,
        "workspace_id": content.workspace_id,
        "latency_ms": version.latency_ms,
        "created_at": version.created_at,
        "brand_voice_revision": params.get("brand_voice_revision"),
        "brand_warnings": params.get("brand_warnings", []),
        # Prefetched by ``version_append`` (this answer may be built on the event loop: no query here).
        "media": attachments_read(version.attachments.all()),
    }


class ContentOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    platform = serializers.ChoiceField(choices=Platform.choices)
    tone = serializers.ChoiceField(choices=Tone.choices)
    audience = serializers.CharField(allow_blank=True)
    prompt = serializers.CharField()
    # One vocabulary with the generation answer (the seed's names): ``version`` / ``generated_text``
    # are the content's current version and its text.
    version = serializers.IntegerField(source="current_version", help_text="The current version.")
    generated_text = serializers.CharField(
        source="current_text", allow_blank=True, help_text="The current version's text."
    )
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    created_by_email = serializers.SerializerMethodField()
    review_state = serializers.ChoiceField(
        choices=ReviewState.choices, help_text="draft, in_review, approved or changes_requested."
    )
    review_version = serializers.IntegerField(
        allow_null=True, help_text="The version submitted for review or approved (null in draft)."
    )
    archived_at = serializers.DateTimeField(allow_null=True)
    deleted_at = serializers.DateTimeField(allow_null=True, help_text="Set only in the trash listing.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    length = serializers.SerializerMethodField(help_text=LENGTH_HELP + " Of the current text.")
    limit = serializers.SerializerMethodField(help_text=LIMIT_HELP)
    media = serializers.SerializerMethodField(help_text="The current version's attachments, in order.")

    def get_created_by_email(self, obj) -> str | None:
        return obj.created_by.email if obj.created_by else None

    @extend_schema_field(AttachmentOutputSerializer(many=True))
    def get_media(self, obj) -> list[dict[str, Any]]:
        return attachments_read(content_current_attachments(obj))

    def get_length(self, obj) -> int:
        return text_length(platform=obj.platform, text=obj.current_text)

    def get_limit(self, obj) -> int:
        return platform_limit(obj.platform)

    def to_representation(self, instance) -> dict[str, Any]:
        """Exactly what the declared fields (which document the schema) produce, built directly:
        DRF's field-by-field path cost about as much as the SQL of a 20-item page (bench/run.py)."""
        created_by = instance.created_by
        return {
            "id": str(instance.id),
            "organization_id": str(instance.organization_id),
            "workspace_id": str(instance.workspace_id),
            "platform": instance.platform,
            "tone": instance.tone,
            "audience": instance.audience,
            "prompt": instance.prompt,
            "version": instance.current_version,
            "generated_text": instance.current_text,
            "created_by": str(instance.created_by_id) if instance.created_by_id is not None else None,
            "created_by_email": created_by.email if created_by else None,
            "review_state": instance.review_state,
            "review_version": instance.review_version,
            "archived_at": _optional_datetime(instance.archived_at),
            "deleted_at": _optional_datetime(instance.deleted_at),
            "created_at": _DATETIME.to_representation(instance.created_at),
            "updated_at": _DATETIME.to_representation(instance.updated_at),
            "length": self.get_length(instance),
            "limit": self.get_limit(instance),
            "media": self.get_media(instance),
        }


_DATETIME = serializers.DateTimeField()


def _optional_datetime(value: Any) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


class VersionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    generated_text = serializers.CharField(source="text", help_text="This version's text.")
    source = serializers.CharField(help_text="generated, regenerated or manual_edit.")
    provider = serializers.CharField(allow_blank=True, help_text="openai, gemini, offline; empty for manual edits.")
    model = serializers.CharField(allow_blank=True)
    parameters = serializers.DictField(help_text="Request parameters and the provider call(s) made.")
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    tokens_used = serializers.IntegerField(source="total_tokens", help_text="0 for a manual edit.")
    latency_ms = serializers.IntegerField()
    truncated = serializers.BooleanField()
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    created_by_email = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    length = serializers.SerializerMethodField(help_text=LENGTH_HELP)
    limit = serializers.SerializerMethodField(help_text=LIMIT_HELP)
    media = serializers.SerializerMethodField(help_text="This version's attachments, in order.")

    def get_created_by_email(self, obj) -> str | None:
        return obj.created_by.email if obj.created_by else None

    @extend_schema_field(AttachmentOutputSerializer(many=True))
    def get_media(self, obj) -> list[dict[str, Any]]:
        return attachments_read(obj.attachments.all())

    def get_length(self, obj) -> int:
        return text_length(platform=obj.content.platform, text=obj.text)

    def get_limit(self, obj) -> int:
        return platform_limit(obj.content.platform)
