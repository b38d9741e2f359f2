"""Tenant-isolation factories for the routes of /api/v1/audit/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.common.events import Actor, emit
from apps.organizations.models import Organization
from apps.users.models import User


def _entry(organization: Organization, owner: User) -> dict[str, str]:
    emit(
        "member.role_changed",
        organization_id=organization.pk,
        target=("member", owner.pk),
        data={"from": "viewer", "to": "editor"},
        actor=Actor.for_user(owner),
    )
    return {}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    "audit:entry-list": _entry,
}
