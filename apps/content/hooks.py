"""What content plugs into organizations (installed by ``ContentConfig.ready()``)."""

from apps.content.models import Content
from apps.organizations import deletion
from apps.organizations.models import Organization


def organization_purge(organization: Organization) -> None:
    """Content protects its workspace (``PROTECT``): it goes before the organization's workspaces."""
    Content.objects.filter(organization=organization).delete()


def install() -> None:
    deletion.register(purge=organization_purge)
