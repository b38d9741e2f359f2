"""Tenant-isolation factories for the routes of /api/v1/channels/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.organizations.models import Organization
from apps.users.models import User
from tests.support.channels import connected_channel


def _channel(organization: Organization, owner: User) -> dict[str, str]:
    return {"channel_id": str(connected_channel(organization, owner).pk)}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "channels:list": lambda organization, owner: connected_channel(organization, owner) and {},
    "channels:detail": _channel,
    "channels:disconnect": _channel,
}

EXEMPT: dict[str, str] = {
    "channels:networks": "the networks this server can connect: configuration, no organization data",
}
