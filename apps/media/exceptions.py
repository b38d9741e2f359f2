"""Domain errors of the media library (docs/media.md, "Errors"; docs/errors.md by ``manage.py errors_doc``)."""

from apps.common.exceptions import (
    Conflict,
    DomainError,
    NotFound,
    PlanLimitReached,
    ServiceNotConfigured,
    ValidationFailed,
)


class MediaNotFound(NotFound):
    code = "media_not_found"
    default_message = "Media not found."


class MediaUnsupported(DomainError):
    """The bytes are not a JPEG, PNG, WebP, GIF or MP4 file (SVG, HTML and anything unrecognised)."""

    status_code = 415
    code = "media_type_unsupported"
    default_message = "The file is not a JPEG, PNG, WebP or GIF image or an MP4 video."


class MediaTooManyPixels(DomainError):
    """details: ``width``, ``height``, ``max_pixels``."""

    status_code = 422
    code = "media_too_many_pixels"
    default_message = "The image has more pixels than MEDIA_MAX_IMAGE_PIXELS allows."


class MediaTooLarge(DomainError):
    """details: ``max_bytes`` (and ``size`` when known)."""

    status_code = 413
    code = "media_too_large"
    default_message = "The file is larger than this upload allows."


class MediaEmpty(DomainError):
    status_code = 422
    code = "media_empty"
    default_message = "The file is empty."


class StorageLimitReached(PlanLimitReached):
    """details: ``limit`` and ``used`` (bytes)."""

    code = "storage_limit_reached"
    default_message = "The organization's media storage is full for its plan."


class MediaInUse(Conflict):
    """details: ``used_by`` (what holds it, e.g. ``scheduled_posts``)."""

    code = "media_in_use"
    default_message = "The media is used by a post still to be published."


class MediaNotPending(Conflict):
    code = "media_not_pending"
    default_message = "The upload of this media was already completed."


class MediaUploadMissing(Conflict):
    code = "media_upload_missing"
    default_message = "Nothing was uploaded to this media's upload link yet."


class PresignedUploadUnavailable(ServiceNotConfigured):
    code = "media_presigned_upload_unavailable"
    default_message = (
        "Presigned uploads need object storage (MEDIA_S3_BUCKET); upload through POST /api/v1/media/ instead."
    )


class MediaNotAnImage(ValidationFailed):
    code = "media_not_image"
    default_message = "Only original images (not videos, not derivatives) have fitted variants."


class MediaFitNotNeeded(ValidationFailed):
    code = "media_fit_not_needed"
    default_message = "This image already meets the network's aspect-ratio rule: no fitted variant is needed."
