"""What the channels app registers in the lower apps' registries (called by ChannelsConfig.ready):
the periodic token refresh, the housekeeping of old connection attempts."""

from apps.channels.services import connect_attempts_housekeeping
from apps.channels.tasks import channels_refresh_ensure_scheduled
from apps.common.housekeeping import register_job
from apps.common.tasks import register_periodic_task


def install() -> None:
    register_periodic_task("channels_refresh", channels_refresh_ensure_scheduled)
    register_job("channel_connect_attempts_pruned", connect_attempts_housekeeping)
