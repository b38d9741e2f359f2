"""What content plugs into organizations (installed by ``ContentConfig.ready()``)."""

from apps.content.models import Content
from apps.organizations import deletion
from apps.organizations.exceptions import WorkspaceNotEmpty
from apps.organizations.models import Organization, Workspace


def organization_purge(organization: Organization) -> None:
    """Content protects its workspace (``PROTECT``): it goes before the organization's workspaces."""
    Content.objects.filter(organization=organization).delete()


def workspace_guard(workspace: Workspace) -> None:
    """A workspace with content is not deleted: the content would have nowhere to go."""
    count = Content.objects.filter(workspace=workspace).count()
    if count:
        raise WorkspaceNotEmpty(details={"content_count": count})


def install() -> None:
    deletion.register(purge=organization_purge, workspace_guard=workspace_guard)
