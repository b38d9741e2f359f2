"""Campaigns: one brief generated for several platforms, and its variants scheduled together."""

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "apps.campaigns"
    label = "campaigns"
