"""How a media reads in the API: the row, a download link, and its derivatives (thumbnail link,
fitted variants) with the platforms a fitted variant is offered for. One serializer for every view
that answers a media (read, list, upload, AI image, fit); prefetch ``derivatives`` for a list."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.media.derivatives import fits_offered
from apps.media.models import DerivativeKind, Media, MediaSource, MediaState
from apps.media.selectors import media_derivatives, media_url


class MediaDerivativeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    derivative_kind = serializers.ChoiceField(choices=DerivativeKind.choices)
    platform = serializers.SerializerMethodField(help_text="The network a fitted variant is for (null: thumbnail).")
    mime_type = serializers.CharField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    size_bytes = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_platform(self, media: Media) -> str | None:
        return (media.provenance or {}).get("platform")

    def get_url(self, media: Media) -> str:
        return media_url(media=media)


class MediaSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=MediaState.choices)
    source = serializers.ChoiceField(choices=MediaSource.choices)
    kind = serializers.CharField(help_text="image or video, read from the bytes; blank while pending.")
    mime_type = serializers.CharField()
    size_bytes = serializers.IntegerField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    duration_seconds = serializers.FloatField(allow_null=True)
    sha256 = serializers.CharField()
    alt_text = serializers.CharField(allow_blank=True)
    filename = serializers.CharField(allow_blank=True)
    provenance = serializers.DictField(
        help_text="AI images: provider, model, prompt, revised_prompt (and content_id when made for a content)."
    )
    parent_id = serializers.UUIDField(allow_null=True, help_text="A derivative's original.")
    derivative_kind = serializers.CharField(allow_blank=True)
    created_by = serializers.UUIDField(source="created_by_id", allow_null=True)
    url = serializers.SerializerMethodField(
        help_text="Downloads the bytes (presigned on object storage, valid MEDIA_DOWNLOAD_URL_EXPIRES_SECONDS); "
        "null while pending."
    )
    thumbnail_url = serializers.SerializerMethodField(help_text="null until the worker has made the thumbnail.")
    derivatives = serializers.SerializerMethodField()
    fits_offered = serializers.SerializerMethodField(
        help_text="Networks whose aspect-ratio rule refuses this image: POST /api/v1/media/{id}/fit/ makes a variant."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, media: Media) -> str | None:
        return None if media.state == MediaState.PENDING else media_url(media=media)

    def get_thumbnail_url(self, media: Media) -> str | None:
        thumbnail = next((d for d in self._derivatives(media) if d.derivative_kind == DerivativeKind.THUMBNAIL), None)
        return media_url(media=thumbnail) if thumbnail is not None else None

    @extend_schema_field(MediaDerivativeSerializer(many=True))
    def get_derivatives(self, media: Media) -> list[dict]:
        return MediaDerivativeSerializer(self._derivatives(media), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_fits_offered(self, media: Media) -> list[str]:
        return fits_offered(media) if media.parent_id is None else []

    def _derivatives(self, media: Media) -> list[Media]:
        if media.parent_id is not None:
            return []
        return media_derivatives(media=media)
