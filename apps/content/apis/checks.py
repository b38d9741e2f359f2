"""Permission checks the content views make before validating a body (404, 403, then 400)."""

from typing import Any

from rest_framework import serializers

from apps.content.selectors import content_get_for_user, content_organization_id
from apps.organizations.models import OrganizationMember, Role
from apps.organizations.selectors import membership_require


def content_organization_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    """The organization the per-tier rate limiter charges: the content's own (as its permission check)."""
    return content_organization_id(content_id=kwargs.get("content_id"))


def require_role_of_content(request: Any, content_id: Any, role: str) -> None:
    """Permission before validation: a caller below ``role`` is refused (403) whatever the body, and
    a foreign or missing content is a 404, before the body is validated (400)."""
    content = content_get_for_user(user=request.user, content_id=content_id)
    membership_require(user=request.user, organization_id=content.organization_id, role=role)


def require_editor_of_body_organization(request: Any) -> OrganizationMember | None:
    """Permission before validation: the ``organization_id`` sent (or, omitted, the caller's only
    organization) is checked first (404, 403), then the body is validated (400). A malformed
    ``organization_id`` is left to the serializer's 400."""
    value = request.data.get("organization_id") if isinstance(request.data, dict) else None
    try:  # read as the serializer reads it (a JSON integer is a UUID to DRF's UUIDField)
        organization_id = serializers.UUIDField().to_internal_value(value) if value is not None else None
    except serializers.ValidationError:
        return None
    return membership_require(user=request.user, organization_id=organization_id, role=Role.EDITOR)
