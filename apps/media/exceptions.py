"""Errors of the media library (listed in docs/errors.md by ``manage.py errors_doc``)."""

from apps.common.exceptions import ValidationFailed


class MediaNotAnImage(ValidationFailed):
    code = "media_not_image"
    default_message = "Only original images (not videos, not derivatives) have fitted variants."


class MediaFitNotNeeded(ValidationFailed):
    code = "media_fit_not_needed"
    default_message = "This image already meets the network's aspect-ratio rule: no fitted variant is needed."
