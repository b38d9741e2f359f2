"""Billing in tests: the URL of a subscriptions route by its name."""

from django.urls import reverse


def url(name: str) -> str:
    return reverse(f"subscriptions:{name}")
