"""Routes of /api/v1/channels/."""

from django.urls import path

from apps.channels import apis, apis_connect

app_name = "channels"

urlpatterns = [
    path("", apis.ChannelListApi.as_view(), name="list"),
    path("networks/", apis.NetworkListApi.as_view(), name="networks"),
    path("connect/bluesky/", apis_connect.ChannelConnectBlueskyApi.as_view(), name="connect-bluesky"),
    path("connect/<str:network>/", apis_connect.ChannelConnectApi.as_view(), name="connect"),
    path("callback/<str:network>/", apis_connect.ChannelCallbackApi.as_view(), name="callback"),
    path("<uuid:channel_id>/", apis.ChannelDetailApi.as_view(), name="detail"),
    path("<uuid:channel_id>/disconnect/", apis.ChannelDisconnectApi.as_view(), name="disconnect"),
]
