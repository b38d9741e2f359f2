"""URL routing: the versioned API, its schema and docs, health probes, the admin (and media files in development)."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiJsonRenderer2
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.common import health

api_v1 = [
    path("auth/", include("apps.users.urls")),
    path("organizations/", include("apps.organizations.urls")),
    path("brand/", include("apps.brand.urls")),
    path("content/", include("apps.content.urls")),
    path("media/", include("apps.media.urls")),
    path("channels/", include("apps.channels.urls")),
    path("campaigns/", include("apps.campaigns.urls")),
    path("subscriptions/", include("apps.subscriptions.urls")),
    path("scheduling/", include("apps.scheduling.urls")),
    path("planner/", include("apps.planner.urls")),
    path("analytics/", include("apps.analytics.urls")),
    path("webhooks/", include("apps.webhooks.urls")),
    path("audit/", include("apps.audit.urls")),
    path("csv/", include("apps.csvio.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    # JSON only: application/json by default, application/vnd.oai.openapi+json on request.
    path(
        "api/schema/",
        SpectacularAPIView.as_view(renderer_classes=[OpenApiJsonRenderer2, OpenApiJsonRenderer]),
        name="schema",
    ),
    path("api/schema/swagger-ui/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("admin/", admin.site.urls),
]
if not settings.MEDIA_S3_BUCKET:
    # The embedded default's media files, served by Django in development only (``static()`` adds
    # nothing unless DEBUG); with object storage, links are presigned URLs of the store itself.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
