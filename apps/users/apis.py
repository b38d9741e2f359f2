"""Auth endpoints: register, login, token refresh, logout, profile, and account recovery (password
change and reset, email verification)."""

from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from apps.common.schema import error, errors_of
from apps.common.serializers import NewPasswordField, StrictCharField, StrictEmailField
from apps.organizations.services import account_register
from apps.users.account_tokens import TOKEN_MAX_LENGTH
from apps.users.exceptions import (
    EmailAlreadyVerified,
    EmailVerificationTokenExpired,
    EmailVerificationTokenInvalid,
    PasswordIncorrect,
    PasswordNotChangeableHere,
    PasswordResetTokenExpired,
    PasswordResetTokenInvalid,
)
from apps.users.models import User
from apps.users.services import (
    email_verification_resend,
    email_verify,
    password_reset_confirm,
    password_reset_request,
    token_logout,
    token_refresh_rate_check,
    token_refresh_rotate,
    user_login,
    user_password_change,
    user_update_profile,
)
from apps.users.tokens import token_pair_for_user


class UserOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "date_joined", "email_verified_at"]
        read_only_fields = fields
        extra_kwargs = {"email_verified_at": {"help_text": "When the email was verified; null until then."}}


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


# Fields a client might send to the profile hoping to change the password: refused, never ignored.
PASSWORD_FIELDS = {"password", "new_password", "current_password"}


def _password_field(max_length: int = 128, **kwargs: Any) -> StrictCharField:
    return StrictCharField(max_length=max_length, write_only=True, trim_whitespace=False, **kwargs)


class ProfileApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        email = StrictEmailField(
            max_length=254, required=False, help_text="A new email is unverified until its verification link is used."
        )
        first_name = StrictCharField(max_length=150, required=False, allow_blank=True)
        last_name = StrictCharField(max_length=150, required=False, allow_blank=True)

        def to_internal_value(self, data: Any) -> Any:
            if isinstance(data, Mapping) and PASSWORD_FIELDS & set(data):
                fields = sorted(PASSWORD_FIELDS & set(data))
                raise PasswordNotChangeableHere(
                    details={field: [PasswordNotChangeableHere.default_message] for field in fields}
                )
            return super().to_internal_value(data)

    @extend_schema(operation_id="auth_profile_retrieve", responses={200: UserOutputSerializer})
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(request.user).data)

    @extend_schema(
        operation_id="auth_profile_update",
        request=InputSerializer,
        responses={
            200: UserOutputSerializer,
            400: errors_of(
                PasswordNotChangeableHere, note="Validation error, email taken, or a password field was sent."
            ),
        },
        description="Update your name or email. A new email clears `email_verified_at` and gets a verification "
        "link. The password is not changed here: POST /api/v1/auth/password/change/.",
    )
    def patch(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_update_profile(user=request.user, **data.validated_data)
        return Response(UserOutputSerializer(user).data)


# --------------------------------------------------------------------------- account recovery


class AcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField()


class PasswordChangeApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        current_password = _password_field()
        new_password = NewPasswordField()

    @extend_schema(
        operation_id="auth_password_change",
        request=InputSerializer,
        responses={
            200: TokenPairSerializer,
            400: errors_of(PasswordIncorrect, note="Validation error, new password refused by the validators, or"),
            429: error("Too many attempts for this user (PASSWORD_CHANGE_RATE_PER_USER); see Retry-After."),
        },
        description="Change your password. Every session ends (all refresh tokens are revoked, access tokens "
        "issued before are refused); the answer is a fresh token pair for this client.",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(user_password_change(user=request.user, **data.validated_data))


RESET_ACCEPTED = "If an account has this email address, a password-reset link was sent to it."


class PasswordResetApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        email = StrictEmailField(max_length=254)

    @extend_schema(
        operation_id="auth_password_reset",
        request=InputSerializer,
        responses={
            202: AcceptedSerializer,
            400: error("Validation error."),
            429: error("Too many requests from this IP or for this email (PASSWORD_RESET_RATE_*); see Retry-After."),
        },
        auth=[],
        description="Ask for a password-reset link by email. The answer is the same whether the email belongs "
        "to an account or not; the link (single use, valid PASSWORD_RESET_TIMEOUT seconds) is sent by the worker.",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_request(email=data.validated_data["email"], client_ip=BaseThrottle().get_ident(request))
        return Response({"detail": RESET_ACCEPTED}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        token = StrictCharField(max_length=TOKEN_MAX_LENGTH, help_text="The token from the reset link.")
        new_password = NewPasswordField()

    @extend_schema(
        operation_id="auth_password_reset_confirm",
        request=InputSerializer,
        responses={
            204: None,
            400: errors_of(
                PasswordResetTokenInvalid,
                PasswordResetTokenExpired,
                note="Validation error, new password refused by the validators, or",
            ),
        },
        auth=[],
        description="Set a new password with the token of a reset link. Every session of the account ends; "
        "sign in again with the new password.",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_confirm(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailVerifyApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        token = StrictCharField(max_length=TOKEN_MAX_LENGTH, help_text="The token from the verification link.")

    class OutputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        email_verified_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="auth_email_verify",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: errors_of(EmailVerificationTokenInvalid, EmailVerificationTokenExpired, note="Validation error, or"),
        },
        auth=[],
        description="Verify your email address with the token of the link sent at sign-up or email change.",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = email_verify(token=data.validated_data["token"])
        return Response(self.OutputSerializer(user).data)


class EmailVerifyResendApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_email_verify_resend",
        request=None,
        responses={
            202: AcceptedSerializer,
            409: errors_of(EmailAlreadyVerified),
            429: error("Too many verification emails (EMAIL_VERIFICATION_RESEND_RATE); see Retry-After."),
        },
        description="Send a new verification link to your email address (any earlier link keeps working until "
        "it expires or one is used).",
    )
    def post(self, request: Request) -> Response:
        email_verification_resend(user=request.user)
        return Response({"detail": "A verification link was sent to your email address."}, status=202)
