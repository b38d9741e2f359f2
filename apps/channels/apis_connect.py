"""HTTP API of the connect flows (/api/v1/channels/connect/, /callback/; docs/channels.md#connecting):
start an OAuth connection (its consent URL), finish it with the code the network sent back, or
connect Bluesky with an app password."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.channels import connect
from apps.channels.exceptions import (
    ChannelConnectRefused,
    ChannelConnectStateInvalid,
    ChannelNetworkUnavailable,
    NetworkNotConfigured,
    NetworkUnknown,
)
from apps.channels.serializers import ChannelSerializer
from apps.common.schema import ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictBooleanField, StrictCharField
from apps.common.views import IdempotentMixin
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require

E403 = error("The role is below admin (API keys never connect channels).")
E404 = errors_of(NetworkUnknown, note="Or the organization or workspace is not found, or you are not a member.")
E502 = errors_of(ChannelNetworkUnavailable, note="details: network_code, retry_after when the network gave one.")
E503 = errors_of(NetworkNotConfigured, note="The network's app is not configured on this server.")


def _require_admin_of_body_organization(request: Request) -> None:
    """Permission before validation (404, 403, then 400): the organization named in the body
    (omitted: the caller's only one). A malformed id is left to the serializer's 400."""
    value = request.data.get("organization_id") if hasattr(request.data, "get") else None
    try:
        organization_id = serializers.UUIDField().to_internal_value(value) if value not in (None, "") else None
    except serializers.ValidationError:
        return
    membership_require(user=request.user, organization_id=organization_id, role=Role.ADMIN)


class _TargetSerializer(serializers.Serializer):
    organization_id = serializers.UUIDField(required=False, allow_null=True, default=None, help_text=ORG_ID_RULE)
    workspace_id = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Omit for the organization's default workspace."
    )


class _ConnectStartSerializer(serializers.Serializer):
    authorization_url = serializers.CharField(help_text="Open it in the user's browser (the network's consent page).")
    state = serializers.CharField(help_text="Single use, bound to you, the workspace and the network.")
    expires_at = serializers.DateTimeField(help_text="The state is refused after this (10 minutes).")
    redirect_uri = serializers.CharField(help_text="Where the network sends the browser back, with code and state.")


class ChannelConnectApi(IdempotentMixin, APIView):
    class InputSerializer(_TargetSerializer):
        instance_url = StrictCharField(
            max_length=255, required=False, allow_blank=True, default="", help_text="Mastodon only: the instance."
        )
        organizations = StrictBooleanField(
            required=False,
            default=False,
            help_text="LinkedIn only: also connect the organization pages you administer (one channel each).",
        )

    @extend_schema(
        operation_id="channels_connect",
        summary="Start connecting an X, LinkedIn or Mastodon account (admin): the consent page's URL",
        parameters=[
            OpenApiParameter("network", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["x", "linkedin", "mastodon"])
        ],
        request=InputSerializer,
        responses={
            200: _ConnectStartSerializer,
            400: error("Invalid body (instance_url missing or not a public https server; bluesky: use its route)."),
            403: E403,
            404: E404,
            502: E502,
            503: E503,
        },
        description="Mastodon: our app is registered on the instance at its first connection, then reused. "
        "The network sends the browser to CHANNEL_OAUTH_REDIRECT_URL with code and state; post them to "
        "/api/v1/channels/callback/{network}/.",
    )
    def post(self, request: Request, network: str) -> Response:
        _require_admin_of_body_organization(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        start = connect.connect_start(user=request.user, network=network, **data.validated_data)
        return Response(_ConnectStartSerializer(start).data)


class ChannelConnectBlueskyApi(IdempotentMixin, APIView):
    class InputSerializer(_TargetSerializer):
        handle = StrictCharField(max_length=253, help_text="alice.bsky.social (or the account's DID or email).")
        app_password = StrictCharField(
            max_length=64, help_text="An app password (Settings → App passwords); never stored."
        )
        pds_url = StrictCharField(
            max_length=255, required=False, allow_blank=True, default="", help_text="Blank: bsky.social."
        )

    @extend_schema(
        operation_id="channels_connect_bluesky",
        summary="Connect a Bluesky account with an app password (admin)",
        request=InputSerializer,
        responses={
            201: ChannelSerializer,
            200: ChannelSerializer,
            400: errors_of(ChannelConnectRefused, note="Or an invalid body."),
            403: E403,
            404: E404,
            502: E502,
            503: E503,
        },
        description="201: a new channel; 200: the account's channel was reconnected. The session's refresh token is "
        "kept, encrypted; the app password is not.",
    )
    def post(self, request: Request) -> Response:
        _require_admin_of_body_organization(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        channel, created = connect.connect_bluesky(user=request.user, **data.validated_data)
        return Response(ChannelSerializer(channel).data, status=201 if created else 200)


class ChannelCallbackApi(IdempotentMixin, APIView):
    class InputSerializer(serializers.Serializer):
        code = StrictCharField(max_length=2000)
        state = StrictCharField(max_length=64)

    def _complete(self, request: Request, network: str, source: Any) -> Response:
        data = self.InputSerializer(data=source)
        data.is_valid(raise_exception=True)
        channel, created = connect.connect_complete(user=request.user, network=network, **data.validated_data)
        return Response(ChannelSerializer(channel).data, status=201 if created else 200)

    _schema = {
        "responses": {
            201: ChannelSerializer,
            200: ChannelSerializer,
            400: errors_of(ChannelConnectStateInvalid, ChannelConnectRefused, note="Or no code or state."),
            403: E403,
            404: error("The organization is gone, or you are no longer a member."),
            502: E502,
            503: E503,
        },
        "description": "The code and state the network sent back (the browser arrived at CHANNEL_OAUTH_REDIRECT_URL). "
        "The state is single use and yours only. 201: a new channel; 200: the account's channel reconnected.",
    }

    @extend_schema(
        operation_id="channels_callback_read",
        summary="Finish an OAuth connection: code and state in the query (admin)",
        parameters=[OpenApiParameter("code", OpenApiTypes.STR), OpenApiParameter("state", OpenApiTypes.STR)],
        **_schema,
    )
    def get(self, request: Request, network: str) -> Response:
        return self._complete(request, network, request.query_params)

    @extend_schema(
        operation_id="channels_callback",
        summary="Finish an OAuth connection: code and state in the body (admin)",
        request=InputSerializer,
        **_schema,
    )
    def post(self, request: Request, network: str) -> Response:
        return self._complete(request, network, request.data)
