"""Channels (SPEC §12, docs/channels.md): one row per network account connected to a workspace,
its tokens encrypted by the vault (``apps.channels.vault``), never readable from here in clear.

``Channel.access_token`` / ``refresh_token`` hold Fernet tokens (ciphertext); only the services
decrypt them, just before a call to the network.
"""

import uuid

from django.conf import settings
from django.db import models


class Network(models.TextChoices):
    X = "x", "X"
    LINKEDIN = "linkedin", "LinkedIn"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"


# The content platform (apps.content.models.Platform) a channel's posts are written and checked for.
NETWORK_PLATFORM: dict[str, str] = {
    "x": "twitter",
    "linkedin": "linkedin",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
}


class ChannelState(models.TextChoices):
    ACTIVE = "active", "Active"
    RECONNECT_REQUIRED = "reconnect_required", "Reconnect required"
    DISCONNECTED = "disconnected", "Disconnected"


def _list() -> list:
    return []


class Channel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.CASCADE, related_name="channels")
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    network = models.CharField(max_length=16, choices=Network.choices)
    # The network's id of the account: X user id, LinkedIn URN, Mastodon account id, Bluesky DID.
    account_id = models.CharField(max_length=255)
    handle = models.CharField(max_length=255, blank=True)
    display_name = models.CharField(max_length=255, blank=True)
    avatar_url = models.URLField(max_length=1000, blank=True)
    scopes = models.JSONField(default=_list, blank=True)
    # Mastodon instance or Bluesky PDS base URL ("" = the network's only host).
    instance_url = models.URLField(max_length=255, blank=True)
    state = models.CharField(max_length=24, choices=ChannelState.choices, default=ChannelState.ACTIVE)
    state_reason = models.CharField(max_length=500, blank=True)
    # Ciphertext (apps.channels.vault); "" = none (Mastodon tokens do not expire, no refresh token).
    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    # Refreshes of the tokens that failed in a row without a refusal (the network unreachable).
    refresh_failures = models.PositiveIntegerField(default=0)
    connected_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["network", "handle", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "account_id", "instance_url"], name="channel_unique_account"
            ),
            models.CheckConstraint(condition=models.Q(state__in=ChannelState.values), name="channel_state_valid"),
            models.CheckConstraint(condition=models.Q(network__in=Network.values), name="channel_network_valid"),
        ]
        indexes = [
            models.Index(fields=["organization", "workspace"], name="channel_org_workspace"),
            models.Index(fields=["state", "token_expires_at"], name="channel_refresh_due"),
        ]

    def __str__(self) -> str:
        return f"{self.network}:{self.handle or self.account_id}"


class MastodonApp(models.Model):
    """Our OAuth app registered on one Mastodon instance (POST /api/v1/apps), reused by every
    connection to that instance. The client secret is ciphertext (the vault)."""

    instance_url = models.URLField(max_length=255)
    redirect_uri = models.URLField(max_length=1000)
    client_id = models.CharField(max_length=255)
    client_secret = models.TextField()
    scopes = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instance_url", "redirect_uri", "scopes"], name="mastodon_app_unique"),
        ]

    def __str__(self) -> str:
        return self.instance_url


class ConnectAttempt(models.Model):
    """One OAuth authorization in flight: its ``state`` is bound to the user, workspace and
    network, used once (``consumed_at`` set by a conditional update) and valid
    CHANNEL_OAUTH_STATE_TTL_SECONDS. The PKCE verifier is ciphertext (the vault)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    state = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("organizations.Workspace", on_delete=models.CASCADE, related_name="+")
    network = models.CharField(max_length=16, choices=Network.choices)
    instance_url = models.URLField(max_length=255, blank=True)
    redirect_uri = models.URLField(max_length=1000)
    # LinkedIn: the organization pages the member administers are connected too.
    organizations = models.BooleanField(default=False)
    code_verifier = models.TextField()
    expires_at = models.DateTimeField()
    consumed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="connect_attempt_expires")]

    def __str__(self) -> str:
        return f"{self.network} {self.id}"
