"""Brand: the brand voice and the prompt templates of each workspace, read by content generation."""

from django.apps import AppConfig


class BrandConfig(AppConfig):
    name = "apps.brand"
    label = "brand"
