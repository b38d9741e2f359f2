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
]
