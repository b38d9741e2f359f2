"""Domain errors of the channels app (accounts, connect flows, tokens)."""

from apps.common.exceptions import Conflict, NotFound, ServiceNotConfigured, UpstreamError, ValidationFailed


class ChannelNotFound(NotFound):
    code = "channel_not_found"
    default_message = "Channel not found."


class NetworkUnknown(NotFound):
    code = "network_unknown"
    default_message = "No such network (x, linkedin, mastodon, bluesky)."


class NetworkNotConfigured(ServiceNotConfigured):
    code = "network_not_configured"
    default_message = "This network's app (client id and secret) is not configured on this server."


class ChannelConnectStateInvalid(ValidationFailed):
    code = "connect_state_invalid"
    default_message = "This authorization is unknown, expired (10 minutes), already used, or not yours."


class ChannelConnectRefused(ValidationFailed):
    """The network refused the grant or the credentials (details: ``network_code``)."""

    code = "connect_refused"
    default_message = "The network refused the connection."


class ChannelNetworkUnavailable(UpstreamError):
    """The network could not be reached or failed (details: ``network_code``, ``retry_after``)."""

    code = "network_unavailable"
    default_message = "The network could not be reached. Try again later."


class ChannelNotActive(Conflict):
    code = "channel_not_active"
    default_message = "The channel is not active (reconnect it first)."
