"""What the channels app registers in the lower apps' registries (called by ChannelsConfig.ready):
the periodic token refresh."""

from apps.channels.tasks import channels_refresh_ensure_scheduled
from apps.common.tasks import register_periodic_task


def install() -> None:
    register_periodic_task("channels_refresh", channels_refresh_ensure_scheduled)
