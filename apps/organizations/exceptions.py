"""Domain errors of organizations, members, workspaces and invitations (the one handler maps them)."""

from apps.common.exceptions import Conflict, DomainError, NotFound, PermissionDenied


class LastOwner(Conflict):
    code = "last_owner"
    default_message = "An organization must keep at least one owner. Make another member owner first."


class LastWorkspace(Conflict):
    code = "last_workspace"
    default_message = "An organization must keep at least one workspace."


class WorkspaceNotEmpty(Conflict):
    code = "workspace_not_empty"
    default_message = "This workspace still has content. Delete or move its content first."


class WorkspaceNameTaken(Conflict):
    code = "workspace_name_taken"
    default_message = "A workspace with this name already exists in this organization."


class PersonalOrganizationUndeletable(Conflict):
    code = "personal_organization"
    default_message = "A personal organization cannot be deleted."


# The deletion guards of the apps above raise their own errors (``apps.organizations.deletion``):
# ``SubscriptionStillActive`` (subscriptions), ``ScheduledPostsActive`` (scheduling).
class OrganizationNotEmpty(Conflict):
    code = "organization_not_empty"
    default_message = "The organization still holds data that must be removed first."


class AlreadyMember(Conflict):
    code = "already_member"
    default_message = "This person is already a member of the organization."


class InvitationExists(Conflict):
    code = "invitation_exists"
    default_message = "A pending invitation for this email already exists."


class InvitationNotFound(NotFound):
    code = "invitation_not_found"
    default_message = "Invitation not found."


class InvitationNotPending(Conflict):
    code = "invitation_not_pending"
    default_message = "This invitation has already been used or was revoked."


class InvitationExpired(Conflict):
    code = "invitation_expired"
    default_message = "This invitation has expired. Ask for a new one."


class InvitationEmailMismatch(PermissionDenied):
    code = "invitation_email_mismatch"
    default_message = "This invitation was sent to another email address."


class ApiKeyInvalid(DomainError):
    status_code = 401
    code = "api_key_invalid"
    default_message = "This API key is not valid."


class ApiKeyRevoked(DomainError):
    status_code = 401
    code = "api_key_revoked"
    default_message = "This API key was revoked."


class ApiKeyNotAllowed(DomainError):
    status_code = 403
    code = "api_key_not_allowed"
    default_message = "API keys cannot be used on this endpoint; sign in as a user."
