"""Test-only URLconf: simplejwt's stock TokenRefreshView, to measure its behaviour under concurrency."""

from django.urls import path
from rest_framework_simplejwt.views import TokenRefreshView

from config.urls import urlpatterns as real_urlpatterns

urlpatterns = [path("api/test/stock-refresh/", TokenRefreshView.as_view()), *real_urlpatterns]
