"""What media plug into organizations, subscriptions and common (installed by ``MediaConfig.ready()``):
the organization and workspace deletion hooks (their objects leave the storage after the commit),
the storage-used port the subscription's usage shows, and the housekeeping jobs that sweep object
deletions and stale pending uploads."""

from apps.common.housekeeping import register_job
from apps.media import usage  # noqa: F401  (its registry exists from start-up, filled by the apps above)
from apps.media.deletion import (
    housekeeping_media_objects,
    housekeeping_pending_uploads,
    organization_purge,
    workspace_purge,
)
from apps.media.selectors import organization_storage_used
from apps.organizations import deletion
from apps.subscriptions import storage_usage


def storage_used(organization_id) -> int:
    return organization_storage_used(organization_id=organization_id)


def install() -> None:
    deletion.register("media", purge=organization_purge, workspace_purge=workspace_purge)
    register_job("media_pending_uploads_expired", housekeeping_pending_uploads)
    register_job("media_objects_swept", housekeeping_media_objects)
    storage_usage.install_provider(storage_used)
