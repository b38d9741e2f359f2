"""Routes of /api/v1/auth/."""

from django.urls import path

from apps.users import apis

app_name = "users"

urlpatterns = [
    path("register/", apis.RegisterApi.as_view(), name="register"),
    path("login/", apis.LoginApi.as_view(), name="login"),
    path("token/refresh/", apis.TokenRefreshApi.as_view(), name="token-refresh"),
    path("logout/", apis.LogoutApi.as_view(), name="logout"),
    path("profile/", apis.ProfileApi.as_view(), name="profile"),
    path("password/change/", apis.PasswordChangeApi.as_view(), name="password-change"),
    path("password/reset/", apis.PasswordResetApi.as_view(), name="password-reset"),
    path("password/reset/confirm/", apis.PasswordResetConfirmApi.as_view(), name="password-reset-confirm"),
    path("email/verify/", apis.EmailVerifyApi.as_view(), name="email-verify"),
    path("email/verify/resend/", apis.EmailVerifyResendApi.as_view(), name="email-verify-resend"),
]
