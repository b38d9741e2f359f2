"""Domain errors of the content app. The AI provider errors live with the provider interface
(``apps.content.providers.base``), the boundary that raises them."""

from apps.common.exceptions import Conflict, ValidationFailed


class ContentWorkspaceMissing(ValidationFailed):
    code = "workspace_required"
    default_message = "The organization has no workspace; create one or pass workspace_id."


class ReviewTransitionConflict(Conflict):
    code = "review_transition_conflict"
    default_message = "The content is not in a review state that allows this (someone may have acted on it first)."


class ReviewVersionMismatch(Conflict):
    code = "review_version_mismatch"
    default_message = "The content has a newer version than the one you reviewed; review the current version."


class ContentNotDeleted(Conflict):
    code = "content_not_deleted"
    default_message = "The content is not in the trash."


class ContentArchived(Conflict):
    code = "content_archived"
    default_message = "The content is archived; unarchive it first."
