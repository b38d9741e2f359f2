"""Test-only URLconf: the real routes plus views that fail on purpose, a paginated list, and a
plain Django view reading the body (used with ``@pytest.mark.urls("apps.common.tests.urls")``)."""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from apps.users.models import User
from config.urls import urlpatterns as real_urlpatterns


class BoomApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request: Request) -> Response:
        raise RuntimeError("secret internal detail: kaboom")


@csrf_exempt
def django_boom(request: HttpRequest) -> JsonResponse:
    raise RuntimeError("secret internal detail: plain django kaboom")


def html_error(request: HttpRequest, status: int) -> HttpResponse:
    return HttpResponse(f"<html><body><h1>Error {status}</h1></body></html>", status=status)


def log_something(request: HttpRequest) -> JsonResponse:
    logging.getLogger("apps.test").warning("something happened", extra={"widget": "blue"})
    return JsonResponse({"ok": True})


@csrf_exempt
def django_body_length(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"length": len(request.body)})


class AdminOnlyApi(APIView):
    permission_classes = [IsAdminUser]

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


class AlwaysThrottled(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        return False

    def wait(self) -> float:
        return 41.2


class ThrottledApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AlwaysThrottled]

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


class UserEmailSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email"]


class UserListApi(generics.ListAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = UserEmailSerializer
    queryset = User.objects.order_by("email")


urlpatterns = [
    path("api/test/boom/", BoomApi.as_view()),
    path("api/test/django-boom/", django_boom),
    path("api/test/django-body/", django_body_length),
    path("api/test/admin-only/", AdminOnlyApi.as_view()),
    path("api/test/throttled/", ThrottledApi.as_view()),
    path("api/test/users/", UserListApi.as_view()),
    path("api/test/log/", log_something),
    path("api/test/html-error/<int:status>/", html_error),
    *real_urlpatterns,
]
