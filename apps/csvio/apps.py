"""CSV: streamed export of content and scheduled posts, all-or-nothing import of posts to schedule."""

from django.apps import AppConfig


class CsvioConfig(AppConfig):
    name = "apps.csvio"
    label = "csvio"
