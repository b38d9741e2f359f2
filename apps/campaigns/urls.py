"""Routes of /api/v1/campaigns/."""

from django.urls import path

from apps.campaigns import apis

app_name = "campaigns"

urlpatterns = [
    path("", apis.CampaignListCreateApi.as_view(), name="list"),
    path("<uuid:campaign_id>/", apis.CampaignDetailApi.as_view(), name="detail"),
    path("<uuid:campaign_id>/schedule/", apis.CampaignScheduleApi.as_view(), name="schedule"),
]
