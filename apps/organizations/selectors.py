"""Reads scoped by membership: every lookup of tenant data starts from the caller's membership."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from apps.common.events import current_request
from apps.common.exceptions import NotFound, PermissionDenied, ValidationFailed
from apps.organizations.hand_written_reads import membership_read, workspace_read
from apps.organizations.membership_cache import memberships_cache
from apps.organizations.models import (
    ROLE_RANK,
    ApiKey,
    Invitation,
    InvitationStatus,
    Organization,
    OrganizationMember,
    Workspace,
)
from apps.users.models import User


@dataclass(frozen=True)
class RequestMemberships:
    """A read-only request's memberships, kept on it as ``request.memberships``."""

    user_id: UUID
    members: list[OrganizationMember]


def memberships_prefetch(*, user: User, keep: bool = False) -> list[OrganizationMember]:
    """All of the user's memberships with their organizations (oldest first), in one cache read
    (``memberships_cached``; a query on a miss): what the per-tier rate limiter
    (``apps.subscriptions.throttles``) charges a request to.

    With ``keep`` (read-only requests only: the throttle decides), they are also kept on the request
    being served, as ``request.memberships`` (a ``RequestMemberships``), for the rest of that request:
    its membership checks (``membership_get``, for this user) then run no query. It is set on Django's
    ``HttpRequest`` (``apps.common.events.current_request``): DRF's ``Request`` reads an attribute it
    lacks from the ``HttpRequest`` it wraps, so both see it, whereas one set on DRF's ``Request`` would
    stay there. A write's own check reads the database (a role changed a moment ago applies to it at
    once).
    """
    rows = memberships_cached(user_id=user.pk)
    request = current_request() if keep else None
    if request is not None:
        request.memberships = RequestMemberships(user_id=user.pk, members=rows)
    return rows


def _request_memberships(user: User) -> list[OrganizationMember] | None:
    """The memberships the request being served keeps for ``user`` (``memberships_prefetch``), if any."""
    kept = getattr(current_request(), "memberships", None)
    if isinstance(kept, RequestMemberships) and kept.user_id == user.pk:
        return kept.members
    return None


def _fields(model: Any) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _shape(member_fields: list[str], organization_fields: list[str]) -> str:
    """What the cached tuples hold (an entry written by code with other columns is not used)."""
    return ",".join(member_fields) + ";" + ",".join(organization_fields)


def memberships_cached(*, user_id: UUID | str) -> list[Any]:
    """The user's memberships, each with its organization, oldest first: from the cache when its
    entry carries the user's current version, else from the database (then cached)."""
    member_fields, organization_fields = _fields(OrganizationMember), _fields(Organization)

    def load() -> tuple:
        memberships = OrganizationMember.objects.select_related("organization").filter(user_id=user_id)
        return tuple(
            (
                tuple(getattr(member, name) for name in member_fields),
                tuple(getattr(member.organization, name) for name in organization_fields),
            )
            for member in memberships.order_by("joined_at", "pk")
        )

    rows = memberships_cache.get(user_id, load, shape=_shape(member_fields, organization_fields))
    result = []
    for member_values, organization_values in rows:
        member = OrganizationMember.from_db("default", member_fields, member_values)
        member.organization = Organization.from_db("default", organization_fields, organization_values)
        result.append(member)
    return result


def _membership_from_prefetched(
    prefetched: list[OrganizationMember], organization_id: UUID | str | None
) -> OrganizationMember:
    if organization_id is None:
        if len(prefetched) == 1:
            return prefetched[0]
        raise ValidationFailed(
            "organization_id is required when you belong to several organizations.",
            details={"organization_id": ["This field is required."]},
        )
    try:
        wanted = organization_id if isinstance(organization_id, UUID) else UUID(str(organization_id))
    except (ValueError, TypeError, AttributeError) as exc:
        raise NotFound("Organization not found.") from exc
    for membership in prefetched:
        if membership.organization_id == wanted:
            return membership
    raise NotFound("Organization not found.")


def membership_get(*, user: User, organization_id: UUID | str | None) -> OrganizationMember:
    """The caller's membership of the organization, or 404 (no existence leak for non-members).

    ``organization_id`` may be omitted only when the user belongs to exactly one organization.
    A read-only request answers from the memberships it keeps (``memberships_prefetch``), with the
    same answers; any other reads the database, with its organization, in one query (hand-written
    SQL: ``apps.organizations.hand_written_reads``, for the CPU of every write and generation).
    """
    kept = _request_memberships(user)
    if kept is not None:
        return _membership_from_prefetched(kept, organization_id)
    if organization_id is None:
        only = list(OrganizationMember.objects.select_related("organization").filter(user=user)[:2])
        if len(only) == 1:
            return only[0]
        raise ValidationFailed(
            "organization_id is required when you belong to several organizations.",
            details={"organization_id": ["This field is required."]},
        )
    membership = membership_read(user_id=user.pk, organization_id=organization_id)
    if membership is None:
        raise NotFound("Organization not found.")
    return membership


def membership_require(*, user: User, organization_id: UUID | str | None, role: str) -> OrganizationMember:
    """The caller's membership with at least ``role``: 404 for non-members, 403 for a lower role."""
    membership = membership_get(user=user, organization_id=organization_id)
    if ROLE_RANK[membership.role] < ROLE_RANK[role]:
        raise PermissionDenied(f"This action needs the {role} role or higher.")
    return membership


def workspace_organization_id(*, workspace_id: UUID | str | None) -> UUID | None:
    """The organization of a workspace (None when it does not exist): what the rate limiter charges."""
    try:
        return Workspace.objects.filter(pk=workspace_id).values_list("organization_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def organization_list_for_user(*, user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(members__user=user)


def workspace_get_for_organization(
    *, organization_id: UUID | str, workspace_id: UUID | str, related: tuple[str, ...] = ()
) -> Workspace:
    """A workspace of that organization, or 404 (a foreign workspace id is simply not found).
    ``related``: reverse one-to-one relations read in the same query, put in place as
    ``select_related`` puts them, for a caller above this app that needs its own row of the
    workspace too (the brand voice of a generation). Hand-written SQL
    (``apps.organizations.hand_written_reads``: every generation reads it)."""
    workspace = workspace_read(organization_id=organization_id, workspace_id=workspace_id, related=related)
    if workspace is None:
        raise NotFound("Workspace not found.")
    return workspace


def workspace_default(*, organization_id: UUID | str, related: tuple[str, ...] = ()) -> Workspace | None:
    """The organization's default workspace (its oldest if none is marked); ``related`` as above.
    None when it has none, or when ``organization_id`` is not an id."""
    return workspace_read(organization_id=organization_id, workspace_id=None, related=related)


def membership_list_for_user(*, user: User) -> QuerySet[OrganizationMember]:
    """The caller's memberships with their organizations and plans (one query per page)."""
    return (
        OrganizationMember.objects.filter(user=user)
        .select_related("organization", "organization__subscription__plan")
        .order_by("organization__created_at", "organization__pk")
    )


def member_list(*, organization_id: UUID | str) -> QuerySet[OrganizationMember]:
    """People only: the machine users of API keys are listed under /api-keys/."""
    return (
        OrganizationMember.objects.filter(organization_id=organization_id, user__is_machine=False)
        .select_related("user")
        .order_by("joined_at", "pk")
    )


def workspace_list(*, organization_id: UUID | str, user: User | None = None) -> QuerySet[Workspace]:
    """The organization's workspaces; for an API key limited to one workspace, that one only."""
    workspaces = Workspace.objects.filter(organization_id=organization_id)
    scope = workspace_scope(user=user) if user is not None else None
    if scope is not None:
        workspaces = workspaces.filter(pk=scope)
    return workspaces.order_by("created_at", "pk")


def invitation_list(*, organization_id: UUID | str, status: str | None = None) -> QuerySet[Invitation]:
    """Invitations of an organization, filtered by ``Invitation.effective_status`` (a pending one
    past its expiry is expired)."""
    invitations = Invitation.objects.filter(organization_id=organization_id).select_related("invited_by")
    if status:
        invitations = invitations.filter(Invitation.effective_status_q(status))
    return invitations.order_by("-created_at", "pk")


@dataclass(frozen=True)
class SeatCount:
    """Seats taken: members plus pending, unexpired invitations (an invitation holds a seat)."""

    members: int
    pending_invitations: int

    @property
    def total(self) -> int:
        return self.members + self.pending_invitations


def organization_seats_taken(*, organization_id: UUID | str) -> SeatCount:
    return SeatCount(
        # An API key's machine user is no seat.
        members=OrganizationMember.objects.filter(organization_id=organization_id, user__is_machine=False).count(),
        pending_invitations=Invitation.objects.filter(organization_id=organization_id)
        .filter(Invitation.effective_status_q(InvitationStatus.PENDING))
        .count(),
    )


def workspace_get_for_user(*, user: User, workspace_id: UUID | str, role: str) -> Workspace:
    """A workspace of one of the caller's organizations with at least ``role`` there: 404 when it
    does not exist or belongs to an organization the caller is not a member of, 403 for a lower role."""
    try:
        workspace = Workspace.objects.select_related("organization").get(
            pk=workspace_id, organization__members__user=user
        )
    except (Workspace.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound("Workspace not found.") from exc
    workspace_scope_check(user=user, workspace_id=workspace.pk)
    membership_require(user=user, organization_id=workspace.organization_id, role=role)
    return workspace


# --------------------------------------------------------------------------- API keys


def workspace_scope(*, user: User) -> UUID | None:
    """The one workspace the caller is limited to (an API key created for a workspace), else None.

    People are never limited. A machine user's key is read from the instance the authentication
    loaded (no query); a machine user loaded any other way is looked up (fail closed)."""
    if not getattr(user, "is_machine", False):
        return None
    try:
        return user.api_key.workspace_id
    except ApiKey.DoesNotExist as exc:  # a machine user without its key: it may see nothing
        raise NotFound("Workspace not found.") from exc


def workspace_scope_check(*, user: User, workspace_id: UUID | str | None) -> None:
    """404 when the caller is limited to another workspace (its other workspaces look missing)."""
    scope = workspace_scope(user=user)
    if scope is not None and str(scope) != str(workspace_id):
        raise NotFound("Workspace not found.")


def workspace_scope_filter(*, user: User, workspace_id: UUID | str | None) -> UUID | str | None:
    """The workspace a list of the caller is filtered on: ``workspace_id`` as asked, except for a
    caller limited to one workspace (an API key), whose lists are always of that one — and for whom
    another ``workspace_id`` is 404, like a workspace that does not exist."""
    scope = workspace_scope(user=user)
    if scope is None:
        return workspace_id
    if workspace_id and str(workspace_id) != str(scope):
        raise NotFound("Workspace not found.")
    return scope


def api_key_list(*, organization_id: UUID | str, include_revoked: bool = False) -> QuerySet[ApiKey]:
    keys = ApiKey.objects.filter(organization_id=organization_id).select_related("created_by", "revoked_by")
    if not include_revoked:
        keys = keys.filter(revoked_at__isnull=True)
    return keys.order_by("-created_at", "pk")


def api_key_get(*, organization_id: UUID | str, key_id: UUID | str) -> ApiKey:
    try:
        return api_key_list(organization_id=organization_id, include_revoked=True).get(pk=key_id)
    except (ApiKey.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound("API key not found.") from exc
