"""What media plug into organizations and common (installed by ``MediaConfig.ready()``): the
organization and workspace deletion hooks (their objects leave the storage after the commit), and
the housekeeping jobs that sweep object deletions and stale pending uploads."""

from apps.common.housekeeping import register_job
from apps.media import usage  # noqa: F401  (its registry exists from start-up, filled by the apps above)
from apps.media.deletion import (
    housekeeping_media_objects,
    housekeeping_pending_uploads,
    organization_purge,
    workspace_purge,
)
from apps.organizations import deletion


def install() -> None:
    deletion.register("media", purge=organization_purge, workspace_purge=workspace_purge)
    register_job("media_pending_uploads_expired", housekeeping_pending_uploads)
    register_job("media_objects_swept", housekeeping_media_objects)
