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
    # The network is no object: the victim's channel exists, and its organization named in the body
    # must answer exactly as a never-existing one.
    "channels:connect": lambda organization, owner: connected_channel(organization, owner) and {"network": "mastodon"},
    "channels:connect-bluesky": lambda organization, owner: connected_channel(organization, owner) and {},
    "channels:callback": lambda organization, owner: connected_channel(organization, owner) and {"network": "mastodon"},
}

EXEMPT: dict[str, str] = {
    "channels:networks": "the networks this server can connect: configuration, no organization data",
}
