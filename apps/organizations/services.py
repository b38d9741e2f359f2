"""Writes on organizations, members, workspaces and invitations.

Every write that depends on a count (plan limits, "at least one owner", "never the last
workspace") first locks the organization row (``SELECT ... FOR UPDATE``) and re-reads the
caller's membership under that lock, so concurrent requests on one organization are serialized
and each sees the state the previous one committed.
"""

import logging
import unicodedata
import uuid
from collections.abc import Iterable
from datetime import timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from apps.common.events import Actor, emit
from apps.common.exceptions import NotFound, PermissionDenied, PlanLimitReached, ValidationFailed
from apps.organizations.api_keys import api_key_generate
from apps.organizations.creation import run_created
from apps.organizations.deletion import (
    deletion_check,
    deletion_purge,
    workspace_deletion_check,
    workspace_deletion_purge,
)
from apps.organizations.exceptions import (
    AlreadyMember,
    InvitationEmailMismatch,
    InvitationExists,
    InvitationExpired,
    InvitationNotFound,
    InvitationNotPending,
    LastOwner,
    LastWorkspace,
    OrganizationNotEmpty,
    PersonalOrganizationUndeletable,
    WorkspaceNameTaken,
    WorkspaceNotEmpty,
)
from apps.organizations.invitation_email import invitation_email_enqueue, placeholder_token_hash, token_hash
from apps.organizations.limits import plan_limits_for
from apps.organizations.models import (
    ApiKey,
    Invitation,
    InvitationEmailStatus,
    InvitationStatus,
    Organization,
    OrganizationMember,
    Role,
    Workspace,
)
from apps.organizations.selectors import (
    api_key_get,
    membership_require,
    organization_seats_taken,
    workspace_get_for_organization,
)
from apps.users.models import User, normalize_email
from apps.users.services import email_verified_require, signup_throttle_check, user_build, user_insert

logger = logging.getLogger(__name__)

DEFAULT_WORKSPACE_NAME = "General"
INVITATION_TTL = timedelta(days=7)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "org"
    return f"{base}-{uuid.uuid4().hex[:8]}"


def _clean_name(name: str, field: str = "name") -> str:
    """A display name: no control characters (newlines, tabs, NUL, ESC, ...: Unicode category Cc),
    no line or paragraph separator; surrounding spaces removed. The API checks ``maxLength`` on
    the name as sent, before this trimming (the schema states the length of what is sent)."""
    name = name or ""
    if any(unicodedata.category(char) == "Cc" or char in "\u2028\u2029" for char in name):
        raise ValidationFailed(details={field: ["Control characters (newline, tab, ...) are not allowed."]})
    name = name.strip()
    if not name:
        raise ValidationFailed(details={field: ["This field may not be blank."]})
    return name


def organization_lock(*, organization_id: UUID | str) -> None:
    """Lock the organization's row until the end of the caller's transaction (``SELECT … FOR UPDATE``):
    what serializes the writes that count against its plan limits or must not race its deletion.
    Reads only the id (no column that a concurrent change could make stale)."""
    list(Organization.objects.select_for_update().filter(pk=organization_id).values_list("pk", flat=True))


def _locked_membership(*, user: User, organization_id: UUID | str, role: str) -> OrganizationMember:
    """Lock the organization row, then return the caller's membership as it is under the lock.

    The first check answers 404/403 without taking a lock; the second re-reads the role after
    the lock, because a concurrent request may have changed it while we waited.
    """
    membership_require(user=user, organization_id=organization_id, role=role)
    organization_lock(organization_id=organization_id)
    return membership_require(user=user, organization_id=organization_id, role=role)


def _check_limit(*, resource: str, limit: int | None, current: int, adding: int = 1) -> None:
    if limit is not None and current + adding > limit:
        raise PlanLimitReached(
            f"Your plan allows {limit} {resource.removesuffix('s') if limit == 1 else resource}; upgrade to add more.",
            details={"limit": limit, "current": current, "resource": resource},
        )


def _owner_count(organization_id: UUID | str) -> int:
    return OrganizationMember.objects.filter(organization_id=organization_id, role=Role.OWNER).count()


def _member_in(*, organization_id: UUID | str, member_id: UUID | str) -> OrganizationMember:
    try:
        # An API key's machine membership is managed through its key, never as a member.
        return OrganizationMember.objects.select_related("user").get(
            organization_id=organization_id, pk=member_id, user__is_machine=False
        )
    except (OrganizationMember.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("Member not found.") from exc


# ---------------------------------------------------------------------------
# Organizations
# ---------------------------------------------------------------------------


@transaction.atomic
def organization_create(*, owner: User, name: str, is_personal: bool = False) -> Organization:
    """A new organization on the Free plan, with ``owner`` as its owner and one default workspace."""
    name = _clean_name(name)
    organization = Organization.objects.create(
        name=name, slug=_unique_slug(name), is_personal=is_personal, created_by=owner
    )
    OrganizationMember.objects.create(organization=organization, user=owner, role=Role.OWNER)
    Workspace.objects.create(organization=organization, name=DEFAULT_WORKSPACE_NAME, is_default=True, created_by=owner)
    run_created(organization)  # e.g. the Free subscription (registered by subscriptions)
    return organization


def organization_create_personal(*, user: User) -> Organization:
    """The personal organization every new user gets at registration."""
    label = user.full_name or user.email.split("@")[0]
    return organization_create(owner=user, name=f"{label}'s organization", is_personal=True)


def account_register(
    *, email: str, password: str, first_name: str = "", last_name: str = "", client_ip: str | None = None
) -> User:
    """Sign-up: a user (``users.services.user_create``) with their personal organization (owner, Free
    plan, one default workspace), in one transaction. Lives here, above users, because it spans both.

    A sign-up from the network passes ``client_ip``: it is throttled first (``signup_throttle_check``),
    before the password and email checks, so refused attempts count too. Fixtures and scripts pass none.
    """
    if client_ip is not None:
        signup_throttle_check(client_ip=client_ip)
    user = user_build(email=email, password=password, first_name=first_name, last_name=last_name)  # slow: outside
    with transaction.atomic():
        user_insert(user=user)
        organization_create_personal(user=user)
    return user


@transaction.atomic
def organization_update(*, user: User, organization_id: UUID | str, name: str) -> Organization:
    """Rename an organization (admin or owner). The slug stays: it may be used in links."""
    membership = membership_require(user=user, organization_id=organization_id, role=Role.ADMIN)
    organization = membership.organization
    organization.name = _clean_name(name)
    organization.save(update_fields=["name", "updated_at"])
    return organization


@transaction.atomic
def organization_delete(*, user: User, organization_id: UUID | str) -> None:
    """Delete an organization and all its data (owner only).

    Refused for a personal organization, and whenever a guard registered by an app above says no
    (``apps.organizations.deletion``): a paid subscription still in force, posts still scheduled to
    go out. Then each app purges what a cascade cannot delete, and the organization goes.
    """
    membership = _locked_membership(user=user, organization_id=organization_id, role=Role.OWNER)
    organization = membership.organization
    if organization.is_personal:
        raise PersonalOrganizationUndeletable()
    deletion_check(organization)
    try:
        with transaction.atomic():
            deletion_purge(organization)  # PROTECT chains (e.g. content → workspace): leaves first
            machine_user_ids = list(ApiKey.objects.filter(organization=organization).values_list("user_id", flat=True))
            organization.delete()
            User.objects.filter(pk__in=machine_user_ids, is_machine=True).delete()  # the keys' machine users
            emit(
                "organization.deleted",
                organization_id=organization_id,
                target=("organization", organization_id),
                data={"name": organization.name},
                on_behalf_of=user,
            )
    except ProtectedError as exc:
        raise OrganizationNotEmpty(details={"blocking": sorted({type(o).__name__ for o in exc.protected_objects})})


# ---------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------


@transaction.atomic
def member_change_role(
    *, user: User, organization_id: UUID | str, member_id: UUID | str, role: str
) -> OrganizationMember:
    """Change a member's role (admin+). Only owners grant or take away the owner role, and the
    last owner cannot be demoted."""
    if role not in Role.values:
        raise ValidationFailed(details={"role": [f'"{role}" is not a valid role.']})
    actor = _locked_membership(user=user, organization_id=organization_id, role=Role.ADMIN)
    target = _member_in(organization_id=organization_id, member_id=member_id)
    if (target.role == Role.OWNER or role == Role.OWNER) and actor.role != Role.OWNER:
        raise PermissionDenied("Only an owner can grant or change the owner role.")
    if target.role == role:
        return target
    if target.role == Role.OWNER and _owner_count(organization_id) <= 1:
        raise LastOwner()
    previous = target.role
    target.role = role
    target.save(update_fields=["role"])
    emit(
        "member.role_changed",
        organization_id=organization_id,
        target=("member", target.pk),
        data={"user_id": str(target.user_id), "email": target.user.email, "from": previous, "to": role},
        on_behalf_of=user,
    )
    return target


@transaction.atomic
def member_remove(*, user: User, organization_id: UUID | str, member_id: UUID | str) -> None:
    """Remove a member (admin+; removing an owner needs an owner). Never the last owner."""
    actor = _locked_membership(user=user, organization_id=organization_id, role=Role.VIEWER)
    target = _member_in(organization_id=organization_id, member_id=member_id)
    if target.pk != actor.pk:
        if not actor.has_role(Role.ADMIN):
            raise PermissionDenied("This action needs the admin role or higher.")
        if target.role == Role.OWNER and actor.role != Role.OWNER:
            raise PermissionDenied("Only an owner can remove an owner.")
    if target.role == Role.OWNER and _owner_count(organization_id) <= 1:
        raise LastOwner()
    emit(
        "member.left" if target.pk == actor.pk else "member.removed",
        organization_id=organization_id,
        target=("member", target.pk),
        data={"user_id": str(target.user_id), "email": target.user.email, "role": target.role},
        on_behalf_of=user,
    )
    target.delete()


def member_leave(*, user: User, organization_id: UUID | str) -> None:
    """The caller leaves the organization; the last owner cannot."""
    with transaction.atomic():
        actor = _locked_membership(user=user, organization_id=organization_id, role=Role.VIEWER)
        member_remove(user=user, organization_id=organization_id, member_id=actor.pk)


@transaction.atomic
def organization_transfer_ownership(
    *, user: User, organization_id: UUID | str, member_id: UUID | str
) -> tuple[OrganizationMember, OrganizationMember]:
    """Make another member the owner; the caller (an owner) becomes admin."""
    actor = _locked_membership(user=user, organization_id=organization_id, role=Role.OWNER)
    try:
        target = _member_in(organization_id=organization_id, member_id=member_id)
    except NotFound as exc:
        # A body field that names no member of the organization in the URL is invalid input (400), not a
        # missing resource: the URL's organization exists.
        raise ValidationFailed(details={"member_id": ["Not a member of this organization."]}) from exc
    if target.pk == actor.pk:
        raise ValidationFailed(details={"member_id": ["You already own this organization; choose another member."]})
    target.role = Role.OWNER
    target.save(update_fields=["role"])
    actor.role = Role.ADMIN
    actor.save(update_fields=["role"])
    emit(
        "organization.ownership_transferred",
        organization_id=organization_id,
        target=("member", target.pk),
        data={"from_user_id": str(actor.user_id), "to_user_id": str(target.user_id), "to_email": target.user.email},
        on_behalf_of=user,
    )
    return actor, target


# ---------------------------------------------------------------------------
# Workspaces
# ---------------------------------------------------------------------------


def _workspace_name_free(*, organization_id: UUID | str, name: str, exclude_pk: UUID | None = None) -> None:
    others = Workspace.objects.annotate(lname=Lower("name")).filter(organization_id=organization_id, lname=name.lower())
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise WorkspaceNameTaken(details={"name": [WorkspaceNameTaken.default_message]})


def _workspace_save(workspace: Workspace, **kwargs) -> None:
    try:
        with transaction.atomic():
            workspace.save(**kwargs)
    except IntegrityError as exc:  # the unique constraint decides between concurrent writers
        raise WorkspaceNameTaken(details={"name": [WorkspaceNameTaken.default_message]}) from exc


@transaction.atomic
def workspace_create(*, user: User, organization_id: UUID | str, name: str, description: str = "") -> Workspace:
    """A new workspace (admin+), within the plan's workspace limit (402 beyond it)."""
    _locked_membership(user=user, organization_id=organization_id, role=Role.ADMIN)
    name = _clean_name(name)
    limits = plan_limits_for(organization_id)
    current = Workspace.objects.filter(organization_id=organization_id).count()
    _check_limit(resource="workspaces", limit=limits.workspaces, current=current)
    _workspace_name_free(organization_id=organization_id, name=name)
    workspace = Workspace(
        organization_id=organization_id, name=name, description=description, is_default=current == 0, created_by=user
    )
    _workspace_save(workspace, force_insert=True)
    return workspace


@transaction.atomic
def workspace_update(
    *,
    user: User,
    workspace: Workspace,
    name: str | None = None,
    description: str | None = None,
    requires_approval: bool | None = None,
) -> Workspace:
    """Rename, describe, or turn the approval requirement on or off (admin+). Turning it on does not
    touch posts already scheduled: it applies to the next schedule request."""
    membership_require(user=user, organization_id=workspace.organization_id, role=Role.ADMIN)
    fields = ["updated_at"]
    if requires_approval is not None:
        workspace.requires_approval = requires_approval
        fields.append("requires_approval")
    if name is not None:
        workspace.name = _clean_name(name)
        _workspace_name_free(organization_id=workspace.organization_id, name=workspace.name, exclude_pk=workspace.pk)
        fields.append("name")
    if description is not None:
        workspace.description = description
        fields.append("description")
    _workspace_save(workspace, update_fields=fields)
    return workspace


@transaction.atomic
def workspace_delete(*, user: User, workspace: Workspace) -> None:
    """Delete an empty workspace (admin+); never the last one. If it was the default, the oldest
    remaining workspace becomes the default."""
    _locked_membership(user=user, organization_id=workspace.organization_id, role=Role.ADMIN)
    others = Workspace.objects.filter(organization_id=workspace.organization_id).exclude(pk=workspace.pk)
    if not others.exists():
        raise LastWorkspace()
    workspace_deletion_check(workspace)  # e.g. live content still in it (registered by content)
    workspace_deletion_purge(workspace)  # e.g. its trashed content, deleted for good
    try:
        with transaction.atomic():
            workspace_id = workspace.pk
            workspace.delete()
            emit(
                "workspace.deleted",
                organization_id=workspace.organization_id,
                target=("workspace", workspace_id),
                data={"name": workspace.name},
                on_behalf_of=user,
            )
    except ProtectedError as exc:
        raise WorkspaceNotEmpty(details={"blocking": sorted({type(o).__name__ for o in exc.protected_objects})})
    if workspace.is_default:
        successor = others.order_by("created_at").first()
        successor.is_default = True
        successor.save(update_fields=["is_default", "updated_at"])


# ---------------------------------------------------------------------------
# Invitations
# ---------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, user: User, organization_id: UUID | str, email: str, role: str) -> Invitation:
    """Invite someone by email (admin+; only owners invite owners). The invitation holds a seat:
    members + pending invitations must stay within the plan's member limit (402 beyond it)."""
    if role not in Role.values:
        raise ValidationFailed(details={"role": [f'"{role}" is not a valid role.']})
    actor = _locked_membership(user=user, organization_id=organization_id, role=Role.ADMIN)
    if role == Role.OWNER and actor.role != Role.OWNER:
        raise PermissionDenied("Only an owner can invite another owner.")
    email = normalize_email(email)
    now = timezone.now()
    if OrganizationMember.objects.filter(organization_id=organization_id, user__email__iexact=email).exists():
        raise AlreadyMember(details={"email": [AlreadyMember.default_message]})
    pending = Invitation.objects.filter(
        organization_id=organization_id, status=InvitationStatus.PENDING, email__iexact=email
    )
    if pending.filter(expires_at__gt=now).exists():
        raise InvitationExists(details={"email": [InvitationExists.default_message]})
    limits = plan_limits_for(organization_id)
    seats = organization_seats_taken(organization_id=organization_id)
    _check_limit(resource="members", limit=limits.members, current=seats.total)
    # An expired pending invitation no longer holds a seat; mark it so a new one can be sent.
    pending.filter(expires_at__lte=now).update(status=InvitationStatus.EXPIRED)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organization_id=organization_id,
                email=email,
                role=role,
                token_hash=placeholder_token_hash(),  # the worker issues the token it emails
                invited_by=user,
                expires_at=now + INVITATION_TTL,
            )
    except IntegrityError as exc:  # "one pending invitation per email": the constraint has the last word
        raise InvitationExists(details={"email": [InvitationExists.default_message]}) from exc
    invitation.organization = actor.organization
    emit(
        "member.invited",
        organization_id=organization_id,
        target=("invitation", invitation.pk),
        data={"email": email, "role": role},
        on_behalf_of=user,
    )
    transaction.on_commit(lambda: invitation_email_enqueue(invitation_id=invitation.pk))
    logger.info("invitation created", extra={"organization_id": str(organization_id), "invitation": str(invitation.pk)})
    return invitation


@transaction.atomic
def invitation_revoke(*, user: User, organization_id: UUID | str, invitation_id: UUID | str) -> None:
    membership_require(user=user, organization_id=organization_id, role=Role.ADMIN)
    try:
        invitation = Invitation.objects.get(organization_id=organization_id, pk=invitation_id)
    except (Invitation.DoesNotExist, ValueError, TypeError) as exc:
        raise InvitationNotFound() from exc
    if _invitations_revoke_pending(Invitation.objects.filter(pk=invitation.pk)) != 1:
        raise InvitationNotPending(details={"status": invitation.status})
    emit(
        "invitation.revoked",
        organization_id=organization_id,
        target=("invitation", invitation.pk),
        data={"email": invitation.email, "role": invitation.role},
        on_behalf_of=user,
    )


@transaction.atomic
def invitation_resend(*, user: User, organization_id: UUID | str, invitation_id: UUID | str) -> Invitation:
    """Send a pending invitation's email again (admin+), e.g. after ``email_status = failed``: a new
    token is issued (the link of every earlier email stops working at once) and the invitation is
    valid ``INVITATION_TTL`` from now."""
    membership_require(user=user, organization_id=organization_id, role=Role.ADMIN)
    try:
        invitation = Invitation.objects.get(organization_id=organization_id, pk=invitation_id)
    except (Invitation.DoesNotExist, ValueError, TypeError) as exc:
        raise InvitationNotFound() from exc
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationNotPending(details={"status": invitation.status})
    if invitation.expires_at <= timezone.now():
        raise InvitationExpired(details={"expired_at": invitation.expires_at.isoformat()})
    if _invitations_resend_pending(Invitation.objects.filter(pk=invitation.pk, expires_at__gt=timezone.now())) != 1:
        raise InvitationNotPending()  # accepted or revoked meanwhile
    invitation.refresh_from_db()
    logger.info("invitation resent", extra={"organization_id": str(organization_id), "invitation": str(invitation.pk)})
    return invitation


@transaction.atomic
def invitation_resend_as_staff(*, invitation_ids: Iterable[UUID | str]) -> int:
    """The admin site's resend: of the selected invitations, those pending and unexpired get a new
    token and email. Returns how many."""
    now = timezone.now()
    return _invitations_resend_pending(Invitation.objects.filter(pk__in=list(invitation_ids), expires_at__gt=now))


def _invitations_resend_pending(invitations: QuerySet[Invitation]) -> int:
    """Invalidate the current token and queue a new email for each pending invitation of ``invitations``."""
    resent = 0
    for invitation_id in list(invitations.filter(status=InvitationStatus.PENDING).values_list("pk", flat=True)):
        # Conditional on still pending: an invitation accepted or revoked meanwhile is left alone.
        updated = Invitation.objects.filter(pk=invitation_id, status=InvitationStatus.PENDING).update(
            token_hash=placeholder_token_hash(),
            expires_at=timezone.now() + INVITATION_TTL,
            email_status=InvitationEmailStatus.PENDING,
            email_attempts=0,
            email_last_error="",
            email_sent_at=None,
        )
        if updated:
            resent += 1
            transaction.on_commit(lambda pk=invitation_id: invitation_email_enqueue(invitation_id=pk))
    return resent


@transaction.atomic
def invitation_revoke_as_staff(*, invitation_ids: Iterable[UUID | str]) -> int:
    """The admin site's revoke: staff act for the organization (no membership check); of the
    selected invitations, those still pending are revoked, each recorded (``invitation.revoked``,
    actor: the staff member). Returns how many were."""
    revoked = 0
    for invitation in Invitation.objects.filter(pk__in=list(invitation_ids), status=InvitationStatus.PENDING):
        # Conditional, one by one: an invitation accepted meanwhile stays accepted, and is not recorded.
        if _invitations_revoke_pending(Invitation.objects.filter(pk=invitation.pk)) == 1:
            emit(
                "invitation.revoked",
                organization_id=invitation.organization_id,
                target=("invitation", invitation.pk),
                data={"email": invitation.email, "role": invitation.role},
            )
            revoked += 1
    return revoked


def _invitations_revoke_pending(invitations: QuerySet[Invitation]) -> int:
    # Conditional update: an invitation accepted or revoked meanwhile is left as it is.
    return invitations.filter(status=InvitationStatus.PENDING).update(status=InvitationStatus.REVOKED)


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> OrganizationMember:
    """Accept an invitation with its token: single use (a conditional pending → accepted update,
    so two concurrent accepts cannot both win), unexpired, and only by the invited email."""
    invitation = Invitation.objects.select_related("organization").filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise InvitationNotFound()
    if normalize_email(invitation.email) != normalize_email(user.email):
        raise InvitationEmailMismatch()
    email_verified_require(user=user, action="invitations")
    if invitation.status != InvitationStatus.PENDING:
        raise InvitationNotPending(details={"status": invitation.status})
    now = timezone.now()
    if invitation.expires_at <= now:
        raise InvitationExpired(details={"expired_at": invitation.expires_at.isoformat()})
    if OrganizationMember.objects.filter(organization_id=invitation.organization_id, user=user).exists():
        raise AlreadyMember()
    # The pending invitation held a seat, but the plan may have shrunk since (a downgrade, a lapsed
    # subscription): the seat must still exist now. Counted under the organization lock.
    organization_lock(organization_id=invitation.organization_id)
    members = OrganizationMember.objects.filter(
        organization_id=invitation.organization_id, user__is_machine=False
    ).count()
    _check_limit(resource="members", limit=plan_limits_for(invitation.organization_id).members, current=members)
    updated = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING, expires_at__gt=now).update(
        status=InvitationStatus.ACCEPTED, accepted_by=user, accepted_at=now
    )
    if updated != 1:
        raise InvitationNotPending()
    try:
        with transaction.atomic():
            member = OrganizationMember.objects.create(
                organization_id=invitation.organization_id, user=user, role=invitation.role
            )
    except IntegrityError as exc:  # joined concurrently by another invitation: roll everything back
        raise AlreadyMember() from exc
    member.organization = invitation.organization
    emit(
        "member.joined",
        organization_id=invitation.organization_id,
        target=("member", member.pk),
        data={"user_id": str(user.pk), "email": user.email, "role": member.role, "invitation_id": str(invitation.pk)},
        actor=Actor.for_user(user),
    )
    return member


# ---------------------------------------------------------------------------
# API keys
# ---------------------------------------------------------------------------

API_KEY_ROLES = (Role.VIEWER, Role.EDITOR)


@transaction.atomic
def api_key_create(
    *, user: User, organization_id: UUID | str, name: str, role: str, workspace_id: UUID | str | None = None
) -> tuple[ApiKey, str]:
    """Create an API key (admin+) → (key, the secret shown once).

    The key acts through a new machine user, member of the organization with ``role`` (viewer or
    editor: a key never administers), so the API's permission checks apply to it unchanged."""
    membership = _locked_membership(user=user, organization_id=organization_id, role=Role.ADMIN)
    if role not in API_KEY_ROLES:
        raise ValidationFailed(details={"role": ["An API key's role is viewer or editor."]})
    organization = membership.organization
    workspace = None
    if workspace_id is not None:
        try:
            workspace = workspace_get_for_organization(organization_id=organization.pk, workspace_id=workspace_id)
        except NotFound as exc:
            # A body field naming no workspace of the organization in the URL is invalid input (400),
            # not a missing resource: the URL's organization exists (as for transfer-ownership).
            raise ValidationFailed(details={"workspace_id": ["No such workspace in this organization."]}) from exc
    secret, prefix, digest = api_key_generate()
    machine = User(
        email=f"api-key-{uuid.uuid4().hex}@machine.invalid", first_name=_clean_name(name)[:150], is_machine=True
    )
    machine.set_unusable_password()
    machine.save()
    OrganizationMember.objects.create(organization=organization, user=machine, role=role)
    key = ApiKey.objects.create(
        organization=organization,
        workspace=workspace,
        user=machine,
        name=_clean_name(name),
        role=role,
        prefix=prefix,
        key_hash=digest,
        created_by=user,
    )
    emit(
        "api_key.created",
        organization_id=organization.pk,
        target=("api_key", key.pk),
        data={"name": key.name, "prefix": key.prefix, "role": role, "workspace_id": str(workspace_id or "") or None},
        on_behalf_of=user,
    )
    return key, secret


def _api_key_revoke(key: ApiKey, *, by: User | None) -> bool:
    """Revoke once (conditional UPDATE); the machine user is deactivated and loses its membership
    either way, so nothing it could still hold reaches the data. The revocation that happens is
    recorded (``api_key.revoked``): actor the request's (an admin; a staff member in the Django
    admin), else ``by``, else the system."""
    now = timezone.now()
    changed = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=by)
    if changed:
        key.revoked_at, key.revoked_by = now, by
        emit(
            "api_key.revoked",
            organization_id=key.organization_id,
            target=("api_key", key.pk),
            data={"name": key.name, "prefix": key.prefix},
            on_behalf_of=by,
        )
    User.objects.filter(pk=key.user_id, is_machine=True).update(is_active=False)
    OrganizationMember.objects.filter(user_id=key.user_id).delete()
    return bool(changed)


@transaction.atomic
def api_key_revoke(*, user: User, organization_id: UUID | str, key_id: UUID | str) -> ApiKey:
    """Revoke a key (admin+): refused from the next request on (401). Idempotent."""
    _locked_membership(user=user, organization_id=organization_id, role=Role.ADMIN)
    key = api_key_get(organization_id=organization_id, key_id=key_id)
    _api_key_revoke(key, by=user)
    return key


@transaction.atomic
def api_key_revoke_as_staff(*, key_ids: Iterable[UUID | str]) -> int:
    """The admin's revoke action: the same revocation (and audit entry), by the ops team."""
    return sum(_api_key_revoke(key, by=None) for key in ApiKey.objects.filter(pk__in=list(key_ids)))
