"""Tenants: organizations, their members (with a role), workspaces and invitations."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from apps.common.versioned_cache import ForgetsOwnerModel, ForgetsOwnerQuerySet
from apps.organizations.membership_cache import memberships_cache, memberships_forget


def _members_forget(organization_ids: list) -> None:
    """Drop the cached memberships of every member of these organizations."""
    if organization_ids:
        memberships_forget(
            user_ids=OrganizationMember.objects.filter(organization_id__in=organization_ids).values_list(
                "user_id", flat=True
            )
        )


class OrganizationQuerySet(models.QuerySet):
    """``update()`` and ``delete()`` drop the cached memberships of the organizations' members
    (``apps.organizations.membership_cache``)."""

    def update(self, **kwargs: object) -> int:
        organization_ids = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        _members_forget(organization_ids)
        return count

    def delete(self) -> tuple[int, dict[str, int]]:
        _members_forget(list(self.values_list("pk", flat=True)))
        return super().delete()


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


# Higher rank = more rights. A role "at least editor" is rank >= ROLE_RANK[EDITOR].
ROLE_RANK: dict[str, int] = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3, Role.OWNER: 4}


class Organization(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    is_personal = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        adding = self._state.adding
        super().save(*args, **kwargs)
        if not adding:  # a new organization has no members yet
            _members_forget([self.pk])

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        _members_forget([self.pk])  # before: the cascade deletes the memberships
        return super().delete(*args, **kwargs)


class OrganizationMember(ForgetsOwnerModel):
    # Every write drops the user's cached memberships (apps.organizations.membership_cache).
    owner_cache, owner_field = memberships_cache, "user_id"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = ForgetsOwnerQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="org_member_unique"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="org_member_role_valid"),
        ]
        indexes = [models.Index(fields=["user", "organization"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.organization_id} as {self.role}"

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[minimum]


class Workspace(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="workspaces")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    is_default = models.BooleanField(default=False)
    # Content of this workspace must be approved (apps.content review states) before it is scheduled.
    requires_approval = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "organization", name="workspace_name_unique_per_org"),
            # The default workspace (where content goes when none is named) is one per organization.
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(is_default=True), name="workspace_one_default_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"


class InvitationEmailStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # queued, or waiting for a retry
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"  # every attempt failed (INVITATION_EMAIL_MAX_ATTEMPTS); resend it


class Invitation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=16, choices=Role.choices)
    # Only a SHA-256 of the token is stored; the token itself travels in the email link.
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Delivery of the email by the task worker (apps.organizations.invitation_email).
    email_status = models.CharField(
        max_length=16, choices=InvitationEmailStatus.choices, default=InvitationEmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_last_error = models.CharField(max_length=500, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organization",
                condition=models.Q(status="pending"),
                name="invitation_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization_id} ({self.status})"

    # The row keeps "pending" past its expiry until someone acts on it; users see it as expired.
    # ``effective_status`` (one row) and ``effective_status_q`` (a filter) are that one rule.
    @property
    def effective_status(self) -> str:
        if self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return self.status

    @staticmethod
    def effective_status_q(status: str, *, now: datetime | None = None) -> models.Q:
        """Invitations whose ``effective_status`` is ``status`` (pending = pending and unexpired)."""
        now = now or timezone.now()
        if status == InvitationStatus.PENDING:
            return models.Q(status=InvitationStatus.PENDING, expires_at__gt=now)
        if status == InvitationStatus.EXPIRED:
            return models.Q(status=InvitationStatus.EXPIRED) | models.Q(
                status=InvitationStatus.PENDING, expires_at__lte=now
            )
        return models.Q(status=status)


class ApiKey(models.Model):
    """A credential for machine clients of one organization (docs/api-keys.md).

    Only a SHA-256 of the secret is stored; ``prefix`` (the first characters of the key) is shown
    to tell keys apart. Each key acts through its own machine user (``user``), a member of
    ``organization`` with ``role`` (viewer or editor), so every permission check of the API applies
    to keys unchanged; ``workspace`` (optional) narrows it to one workspace.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_keys")
    workspace = models.ForeignKey(Workspace, null=True, blank=True, on_delete=models.CASCADE, related_name="api_keys")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_key")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=16, choices=Role.choices)
    prefix = models.CharField(max_length=32)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["viewer", "editor"]), name="api_key_role_at_most_editor"
            ),
        ]
        indexes = [models.Index(fields=["organization", "created_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    # What the audit log reads from ``request.auth`` (apps.common.events.actor_from_request).
    @property
    def api_key_id(self) -> uuid.UUID:
        return self.pk

    @property
    def audit_label(self) -> str:
        return f"key {self.prefix}… ({self.name})"
