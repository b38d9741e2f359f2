"""URLconf of ``config.settings.bench``: the real one, plus the bare-Django ceiling of the list bench."""

from django.urls import path

from bench.views import content_list_bare
from config.urls import urlpatterns as real_urlpatterns

urlpatterns = [
    path("bench/content/", content_list_bare, name="bench-content-list"),
    *real_urlpatterns,
]
