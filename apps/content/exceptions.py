"""Domain errors of the content app. The AI provider errors live with the provider interface
(``apps.content.providers.base``), the boundary that raises them."""

from apps.common.exceptions import ValidationFailed


class ContentWorkspaceMissing(ValidationFailed):
    code = "workspace_required"
    default_message = "The organization has no workspace; create one or pass workspace_id."
