"""How a channel reads in the API: the account, never a token (only whether one is held, and until when)."""

from rest_framework import serializers

from apps.channels.models import ChannelState, Network


class ChannelSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    network = serializers.ChoiceField(choices=Network.choices)
    account_id = serializers.CharField(help_text="X user id, LinkedIn URN, Mastodon account id or Bluesky DID.")
    handle = serializers.CharField(allow_blank=True)
    display_name = serializers.CharField(allow_blank=True)
    avatar_url = serializers.CharField(allow_blank=True)
    instance_url = serializers.CharField(
        allow_blank=True, help_text="Mastodon instance or Bluesky PDS; blank otherwise."
    )
    scopes = serializers.ListField(child=serializers.CharField())
    state = serializers.ChoiceField(choices=ChannelState.choices)
    state_reason = serializers.CharField(allow_blank=True, help_text="Why the channel needs reconnecting.")
    token_expires_at = serializers.DateTimeField(allow_null=True, help_text="null: the token does not expire.")
    connected_by = serializers.UUIDField(source="connected_by_id", allow_null=True)
    connected_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class NetworkSerializer(serializers.Serializer):
    network = serializers.ChoiceField(choices=Network.choices)
    name = serializers.CharField()
    connect_method = serializers.ChoiceField(
        choices=["oauth2_pkce", "oauth2_instance", "app_password"],
        help_text="oauth2_pkce: POST connect, open authorization_url; oauth2_instance: the same with instance_url "
        "(Mastodon); app_password: POST connect with handle and app_password (Bluesky).",
    )
    available = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True, help_text="Why the network is unavailable on this server.")
