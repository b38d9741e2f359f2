"""Routes of /api/v1/channels/."""

from django.urls import path

from apps.channels import apis

app_name = "channels"

urlpatterns = [
    path("", apis.ChannelListApi.as_view(), name="list"),
    path("networks/", apis.NetworkListApi.as_view(), name="networks"),
    path("<uuid:channel_id>/", apis.ChannelDetailApi.as_view(), name="detail"),
    path("<uuid:channel_id>/disconnect/", apis.ChannelDisconnectApi.as_view(), name="disconnect"),
]
