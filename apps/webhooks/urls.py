"""Routes of /api/v1/webhooks/."""

from django.urls import path

from apps.webhooks import apis

app_name = "webhooks"

urlpatterns = [
    path("event-types/", apis.EventTypeListApi.as_view(), name="event-types"),
    path("endpoints/", apis.EndpointListCreateApi.as_view(), name="endpoint-list"),
    path("endpoints/<uuid:id>/", apis.EndpointDetailApi.as_view(), name="endpoint-detail"),
    path("endpoints/<uuid:id>/rotate-secret/", apis.EndpointRotateSecretApi.as_view(), name="endpoint-rotate-secret"),
    path("endpoints/<uuid:id>/deliveries/", apis.DeliveryListApi.as_view(), name="delivery-list"),
    path(
        "endpoints/<uuid:id>/deliveries/<uuid:delivery_id>/redeliver/",
        apis.DeliveryRedeliverApi.as_view(),
        name="delivery-redeliver",
    ),
]
