"""What content plugs into organizations and common (installed by ``ContentConfig.ready()``):
organization and workspace deletion hooks, and the trash purge housekeeping job."""

from apps.common.housekeeping import register_job
from apps.content.models import Content
from apps.content.services import content_trash_purge, workspace_trash_purge
from apps.organizations import deletion
from apps.organizations.exceptions import WorkspaceNotEmpty
from apps.organizations.models import Organization, Workspace


def organization_purge(organization: Organization) -> None:
    """Content protects its workspace (``PROTECT``): it goes before the organization's workspaces.
    Its versions' attachments go with it (``CASCADE``), before the media library's purge deletes the
    media and their objects (``purge_before=("media",)``)."""
    Content.objects.filter(organization=organization).delete()


def workspace_guard(workspace: Workspace) -> None:
    """A workspace with live (or archived) content is not deleted: delete or move the content first.
    Trashed content does not block: it is purged with the workspace (``workspace_purge``)."""
    count = Content.objects.filter(workspace=workspace, deleted_at__isnull=True).count()
    if count:
        raise WorkspaceNotEmpty(details={"content_count": count})


def workspace_purge(workspace: Workspace) -> None:
    workspace_trash_purge(workspace=workspace)


def install() -> None:
    deletion.register(
        "content",
        purge=organization_purge,
        workspace_guard=workspace_guard,
        workspace_purge=workspace_purge,
        purge_before=("media",),  # skipped while no app registers as "media"
    )
    register_job("content_trash_purged", content_trash_purge)
