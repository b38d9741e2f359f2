"""The channels' periodic worker task: the token refresh (the reconnect email's task is in emails)."""

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from apps.channels.refresh import channels_refresh_run
from apps.common.tasks import ensure_one_pending


@task()
def channels_refresh() -> dict[str, int]:
    channels_refresh_ensure_scheduled()
    return channels_refresh_run()


def channels_refresh_ensure_scheduled() -> bool:
    return ensure_one_pending(channels_refresh, interval=timedelta(seconds=settings.CHANNEL_REFRESH_INTERVAL_SECONDS))
