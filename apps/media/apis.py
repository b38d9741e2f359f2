"""HTTP API of the media library: fitted variants asked of the worker. (The AI image route,
``POST /api/v1/media/generate/``, is content's view: ``apps.content.apis.images``.)"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.schema import error, errors_of
from apps.common.views import IdempotentMixin
from apps.media.derivatives import FIT_MODES
from apps.media.exceptions import MediaFitNotNeeded, MediaNotAnImage
from apps.media.network_rules import MEDIA_RULES
from apps.media.selectors import media_organization_id
from apps.media.serializers import MediaSerializer
from apps.media.tasks import media_fit_request


class MediaFitApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(lambda request, kwargs: media_organization_id(media_id=kwargs["media_id"]))

    class InputSerializer(serializers.Serializer):
        platform = serializers.ChoiceField(choices=sorted(MEDIA_RULES))
        mode = serializers.ChoiceField(
            choices=sorted(FIT_MODES), help_text="pad: centred on a white canvas; crop: centre-cropped."
        )

    @extend_schema(
        operation_id="media_fit",
        summary="Ask the worker for a variant fitted to a network's aspect-ratio rule (pad or crop)",
        description=(
            "202: the variant is made by the worker and appears in the media's `derivatives` "
            "(derivative_kind fit_pad / fit_crop, with its platform). Asking again is harmless."
        ),
        request=InputSerializer,
        responses={
            202: MediaSerializer,
            400: errors_of(MediaNotAnImage, MediaFitNotNeeded, note="Or an unknown platform or mode."),
            403: error("The role is below editor."),
            404: error("Media not found (or not a member)."),
        },
    )
    def post(self, request: Request, media_id) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        media = media_fit_request(user=request.user, media_id=media_id, **data.validated_data)
        return Response(MediaSerializer(media).data, status=202)
