"""HTTP API of the channels (/api/v1/channels/; docs/channels.md): the networks this server can
connect, a workspace's channels, one channel, disconnect; the connect flows are in apis_connect."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.channels import selectors, services
from apps.channels.exceptions import ChannelNotFound
from apps.channels.models import ChannelState, Network
from apps.channels.serializers import ChannelSerializer, NetworkSerializer
from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.schema import ORG_ID_QUERY, error, errors_of
from apps.common.views import IdempotentMixin
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require

E403_ADMIN = error("The role is below admin.")
E404 = errors_of(ChannelNotFound, note="Or you are not a member of its organization.")
E404_ORG = error("Organization or workspace not found, or you are not a member.")


def _channel_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    return selectors.channel_organization_id(channel_id=kwargs.get("channel_id"))


class NetworkListApi(APIView):
    pagination_class = None

    @extend_schema(
        operation_id="channels_networks",
        summary="The networks and whether this server can connect them",
        responses={200: NetworkSerializer(many=True)},
        description="A network whose app (client id and secret) is not configured is listed with available=false "
        "and the reason.",
    )
    def get(self, request: Request) -> Response:
        return Response(NetworkSerializer(selectors.network_list(), many=True).data)


class ChannelListApi(APIView):
    pagination_class = PageNumberPagination  # the OpenAPI 200 is the paginated envelope

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        network = serializers.ChoiceField(choices=Network.choices, required=False, allow_null=True, default=None)
        state = serializers.ChoiceField(choices=ChannelState.choices, required=False, allow_null=True, default=None)

    @extend_schema(
        operation_id="channels_list",
        summary="An organization's channels (any role; an API key limited to a workspace: that workspace's)",
        parameters=[
            ORG_ID_QUERY,
            OpenApiParameter("workspace_id", OpenApiTypes.UUID),
            OpenApiParameter("network", OpenApiTypes.STR, enum=Network.values),
            OpenApiParameter("state", OpenApiTypes.STR, enum=ChannelState.values),
        ],
        responses={200: ChannelSerializer(many=True), 404: E404_ORG},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        channels = selectors.channel_list(user=request.user, **filters.validated_data)
        return paginated_response(queryset=channels, serializer_class=ChannelSerializer, request=request, view=self)


class ChannelDetailApi(APIView):
    rate_limit_organization = staticmethod(_channel_in_path)

    @extend_schema(
        operation_id="channels_retrieve",
        summary="One channel (any role)",
        responses={200: ChannelSerializer, 404: E404},
    )
    def get(self, request: Request, channel_id) -> Response:
        channel = selectors.channel_get_for_user(user=request.user, channel_id=channel_id)
        return Response(ChannelSerializer(channel).data)


class ChannelDisconnectApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_channel_in_path)

    @extend_schema(
        operation_id="channels_disconnect",
        summary="Disconnect a channel (admin): its tokens are forgotten, the channel stays as disconnected",
        request=None,
        responses={200: ChannelSerializer, 403: E403_ADMIN, 404: E404},
    )
    def post(self, request: Request, channel_id) -> Response:
        channel = selectors.channel_get_for_user(user=request.user, channel_id=channel_id)
        membership_require(user=request.user, organization_id=channel.organization_id, role=Role.ADMIN)
        channel = services.channel_disconnect(channel=channel)
        return Response(ChannelSerializer(channel).data)
