"""The email to an organization's admins when one of its channels needs reconnecting."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from apps.channels.models import Channel, ChannelState
from apps.organizations.models import OrganizationMember, Role


@task()
def channel_reconnect_email(channel_id: str) -> str:
    return reconnect_email_send(channel_id=channel_id)


def reconnect_email_send(*, channel_id: Any) -> str:
    """Tell the organization's owners and admins (people, not API keys) which channel to reconnect
    and why; nothing when it was reconnected meanwhile."""
    channel = Channel.objects.select_related("workspace").filter(pk=channel_id).first()
    if channel is None or channel.state != ChannelState.RECONNECT_REQUIRED:
        return "moot"
    recipients = list(
        OrganizationMember.objects.filter(
            organization_id=channel.organization_id,
            role__in=[Role.OWNER, Role.ADMIN],
            user__is_active=True,
            user__is_machine=False,
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return "no_recipient"
    name = channel.handle or channel.account_id
    send_mail(
        subject=f"Reconnect your {channel.get_network_display()} account {name}",
        message=(
            f"The {channel.get_network_display()} account {name} of the workspace {channel.workspace.name} "
            f"can no longer be used: {channel.state_reason or 'the network refused its token'}.\n\n"
            "Posts scheduled for it are held, not lost: connect the account again and they go out.\n\n"
            f"Reconnect it here:\n{settings.FRONTEND_URL}/channels/{channel.pk}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=sorted(recipients),
    )
    return "sent"
