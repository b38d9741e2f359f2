"""Auth endpoints: register, login, token refresh, logout, profile."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from apps.common.schema import error
from apps.common.serializers import NewPasswordField, StrictCharField, StrictEmailField
from apps.organizations.services import account_register
from apps.users.models import User
from apps.users.services import (
    token_logout,
    token_refresh_rate_check,
    token_refresh_rotate,
    user_login,
    user_update_profile,
)
from apps.users.tokens import token_pair_for_user


class UserOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "date_joined"]
        read_only_fields = fields


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RegisterApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        email = StrictEmailField(max_length=254)
        password = NewPasswordField()
        first_name = StrictCharField(max_length=150, required=False, allow_blank=True, default="")
        last_name = StrictCharField(max_length=150, required=False, allow_blank=True, default="")

    class OutputSerializer(serializers.Serializer):
        user = UserOutputSerializer()
        access = serializers.CharField()
        refresh = serializers.CharField()

    @extend_schema(
        operation_id="auth_register",
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: error("Invalid input, email taken, or password refused by the validators."),
            429: error("Too many sign-ups from this IP (REGISTER_RATE_PER_IP); see Retry-After."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = account_register(**data.validated_data, client_ip=BaseThrottle().get_ident(request))
        body = {"user": UserOutputSerializer(user).data, **token_pair_for_user(user=user)}
        return Response(body, status=status.HTTP_201_CREATED)


class LoginApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        email = StrictEmailField(max_length=254)
        password = StrictCharField(max_length=128, write_only=True, trim_whitespace=False)

    @extend_schema(
        operation_id="auth_login",
        request=InputSerializer,
        responses={
            200: TokenPairSerializer,
            401: error("Wrong email or password, or inactive account."),
            429: error("Too many login attempts from this IP or for this email; see Retry-After."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tokens = user_login(**data.validated_data, client_ip=BaseThrottle().get_ident(request))
        return Response(tokens)


class TokenRefreshApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        refresh = StrictCharField(max_length=2048)

    @extend_schema(
        operation_id="auth_token_refresh",
        request=InputSerializer,
        responses={
            200: TokenPairSerializer,
            401: error("Refresh token invalid, expired or already used."),
            429: error("Too many refreshes from this IP (TOKEN_REFRESH_RATE_PER_IP); see Retry-After."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        token_refresh_rate_check(client_ip=BaseThrottle().get_ident(request))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(token_refresh_rotate(raw_token=data.validated_data["refresh"]))


class LogoutApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        refresh = StrictCharField(max_length=2048)

    @extend_schema(
        operation_id="auth_logout",
        request=InputSerializer,
        responses={
            204: None,
            401: error("Missing or invalid access token, or the refresh token is invalid or already used."),
            403: error("The refresh token belongs to another user."),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token_logout(user=request.user, raw_token=data.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        email = StrictEmailField(max_length=254, required=False)
        first_name = StrictCharField(max_length=150, required=False, allow_blank=True)
        last_name = StrictCharField(max_length=150, required=False, allow_blank=True)

    @extend_schema(operation_id="auth_profile_retrieve", responses={200: UserOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(request.user).data)

    @extend_schema(operation_id="auth_profile_update", request=InputSerializer, responses={200: UserOutputSerializer})
    def patch(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_update_profile(user=request.user, data=data.validated_data)
        return Response(UserOutputSerializer(user).data)
