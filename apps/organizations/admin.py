"""Admin for the ops team: organizations with their members and workspaces, invitations."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from apps.organizations.models import ApiKey, Invitation, Organization, OrganizationMember, Workspace
from apps.organizations.services import (
    api_key_revoke_as_staff,
    invitation_resend_as_staff,
    invitation_revoke_as_staff,
)


class ReadOnlyInline(admin.TabularInline):
    """Shown, never written: members and workspaces change through the API, whose services keep
    "at least one owner", "never the last workspace" and "exactly one default"."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class OrganizationMemberInline(ReadOnlyInline):
    model = OrganizationMember
    fields = ["user", "role", "joined_at"]
    readonly_fields = fields


class WorkspaceInline(ReadOnlyInline):
    model = Workspace
    fields = ["name", "description", "is_default", "created_at"]
    readonly_fields = fields


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and searchable for the ops team; writes go through the API (see ``ReadOnlyInline``)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class InvitationInline(ReadOnlyInline):
    model = Invitation  # invitations are sent from the API, which emails the token
    fields = ["email", "role", "status", "email_status", "expires_at", "invited_by"]
    readonly_fields = fields


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_personal", "plan", "member_count", "workspace_count", "created_at"]
    list_filter = ["is_personal", "subscription__plan", "subscription__status", "created_at"]
    search_fields = ["name", "slug", "members__user__email", "=id"]
    readonly_fields = ["id", "created_by", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [OrganizationMemberInline, WorkspaceInline, InvitationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Created through the API (organization_create): owner, Free subscription and default
        # workspace come together; an organization added here would lack them.
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return (
            super()
            .get_queryset(request)
            .select_related("subscription__plan")
            .annotate(
                _members=Count("members", distinct=True),
                _workspaces=Count("workspaces", distinct=True),
            )
        )

    @admin.display(description="plan", ordering="subscription__plan__sort_order")
    def plan(self, obj: Organization) -> str:
        subscription = getattr(obj, "subscription", None)
        return f"{subscription.plan.name} ({subscription.status})" if subscription else "—"

    @admin.display(description="members", ordering="_members")
    def member_count(self, obj: Organization) -> int:
        return obj._members

    @admin.display(description="workspaces", ordering="_workspaces")
    def workspace_count(self, obj: Organization) -> int:
        return obj._workspaces


@admin.register(OrganizationMember)
class OrganizationMemberAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "role", "joined_at"]
    list_filter = ["role", "joined_at", "organization__is_personal"]
    search_fields = ["user__email", "organization__name", "organization__slug"]
    list_select_related = ["user", "organization"]
    raw_id_fields = ["user", "organization"]
    readonly_fields = ["id", "joined_at"]


@admin.register(Workspace)
class WorkspaceAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "is_default", "created_at"]
    list_filter = ["is_default", "created_at"]
    search_fields = ["name", "organization__name", "organization__slug", "organization__members__user__email"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization", "created_by"]
    readonly_fields = ["id", "created_at", "updated_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email", "organization", "role", "status", "email_status", "email_attempts", "expires_at", "invited_by",
        "created_at",
    ]  # fmt: skip
    list_filter = ["status", "email_status", "role", "created_at", "expires_at"]
    search_fields = ["email", "organization__name", "organization__slug", "invited_by__email"]
    list_select_related = ["organization", "invited_by"]
    raw_id_fields = ["organization", "invited_by", "accepted_by"]
    # The token itself is never stored; its hash is shown but cannot be edited.
    # The status changes only through the services (the revoke action below, accept in the API).
    # So does the email's delivery state (the worker, and the resend action below).
    readonly_fields = [
        "id", "token_hash", "status", "accepted_by", "accepted_at", "created_at",
        "email_status", "email_attempts", "email_last_error", "email_sent_at",
    ]  # fmt: skip
    actions = ["revoke", "resend"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # sent through the API (which emails the token), never created by hand

    @admin.action(description="Revoke selected pending invitations")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        count = invitation_revoke_as_staff(invitation_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count} invitation(s) revoked.")

    @admin.action(description="Resend the email of selected pending invitations (new token)")
    def resend(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        count = invitation_resend_as_staff(invitation_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count} invitation(s) queued for sending again.")


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    """Keys are created through the API (the secret is shown once, there); the ops team can find a
    key by its prefix and revoke it (through the service: the machine user loses its access too)."""

    list_display = ["prefix", "name", "organization", "role", "workspace", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["role", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "name", "organization__name"]
    list_select_related = ["organization", "workspace"]
    readonly_fields = [f.name for f in ApiKey._meta.fields if f.name != "key_hash"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None and request.user.is_staff  # the changelist action only

    @admin.action(description="Revoke the selected API keys")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        revoked = api_key_revoke_as_staff(key_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{revoked} API key(s) revoked.")
