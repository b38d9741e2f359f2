"""The token vault: tokens at rest are ciphertext, several keys read, rotation re-encrypts under the
newest, a removed key is reported, and no token reaches the admin or the logs of a save."""

import pytest
from cryptography.fernet import Fernet
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.test import override_settings

from apps.channels import vault
from apps.channels.models import Channel
from tests.support.channels import connected_channel
from tests.support.organizations import organization_of

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def test_vault_encrypts_under_the_newest_key_and_reads_with_any():
    with override_settings(CHANNEL_TOKEN_KEYS=[OLD]):
        stored = vault.encrypt("secret-token")
    with override_settings(CHANNEL_TOKEN_KEYS=[NEW, OLD]):
        assert vault.decrypt(stored) == "secret-token"
        rotated = vault.rotate(stored)
    with override_settings(CHANNEL_TOKEN_KEYS=[NEW]):
        assert vault.decrypt(rotated) == "secret-token"
        with pytest.raises(vault.VaultError):
            vault.decrypt(stored)


def test_vault_without_keys_derives_a_development_key_from_secret_key():
    with override_settings(CHANNEL_TOKEN_KEYS=[], SECRET_KEY="a" * 50):
        stored = vault.encrypt("secret-token")
        assert vault.decrypt(stored) == "secret-token"
    with override_settings(CHANNEL_TOKEN_KEYS=[], SECRET_KEY="b" * 50), pytest.raises(vault.VaultError):
        vault.decrypt(stored)


@pytest.mark.django_db
def test_channel_tokens_are_ciphertext_in_the_database(user):
    channel = connected_channel(organization_of(user), user, access_token="tok-AAA", refresh_token="tok-RRR")

    row = Channel.objects.values("access_token", "refresh_token").get(pk=channel.pk)

    assert "tok-AAA" not in row["access_token"] and "tok-RRR" not in row["refresh_token"]
    assert vault.decrypt(row["access_token"]) == "tok-AAA"


@pytest.mark.django_db
def test_channels_rotate_keys_re_encrypts_every_token_under_the_newest_key(user, capsys):
    with override_settings(CHANNEL_TOKEN_KEYS=[OLD]):
        channel = connected_channel(organization_of(user), user, access_token="tok-AAA", refresh_token="tok-RRR")
    with override_settings(CHANNEL_TOKEN_KEYS=[NEW, OLD]):
        call_command("channels_rotate_keys")
    assert "Re-encrypted 1 channel(s)" in capsys.readouterr().out

    channel.refresh_from_db()
    with override_settings(CHANNEL_TOKEN_KEYS=[NEW]):
        assert vault.decrypt(channel.access_token) == "tok-AAA"
        assert vault.decrypt(channel.refresh_token) == "tok-RRR"


@pytest.mark.django_db
def test_channels_rotate_keys_fails_when_a_token_is_unreadable(user):
    with override_settings(CHANNEL_TOKEN_KEYS=[OLD]):
        connected_channel(organization_of(user), user)
    with override_settings(CHANNEL_TOKEN_KEYS=[NEW]), pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("channels_rotate_keys")


def test_channel_admin_shows_no_token_field():
    admin = site._registry[Channel]

    shown = set(admin.fields) | set(admin.readonly_fields) | set(admin.list_display) | set(admin.search_fields)

    assert not {"access_token", "refresh_token"} & shown


@pytest.mark.django_db
def test_tokens_stay_out_of_events_audit_and_webhook_deliveries(user, django_capture_on_commit_callbacks):
    from apps.audit.models import AuditEntry
    from apps.channels.services import channel_disconnect, channel_mark_reconnect_required
    from apps.webhooks.models import WebhookDelivery
    from apps.webhooks.services import webhook_endpoint_create

    organization = organization_of(user)
    with override_settings(WEBHOOK_ALLOW_PRIVATE_TARGETS=True, WEBHOOK_REQUIRE_HTTPS=False):
        webhook_endpoint_create(
            user=user,
            organization_id=organization.pk,
            url="http://127.0.0.1/hook",
            event_types=["channel.reconnect_required"],
        )
    channel = connected_channel(organization, user, access_token="tok-AAA", refresh_token="tok-RRR")
    with django_capture_on_commit_callbacks():
        channel_mark_reconnect_required(channel_id=channel.pk, reason="revoked")
    channel_disconnect(channel=Channel.objects.get(pk=channel.pk))

    entries = list(AuditEntry.objects.filter(action__startswith="channel.").values_list("action", "data"))
    deliveries = list(WebhookDelivery.objects.values_list("event_type", "payload"))
    assert {action for action, _ in entries} == {
        "channel.connected",
        "channel.reconnect_required",
        "channel.disconnected",
    }
    assert [event for event, _ in deliveries] == ["channel.reconnect_required"]
    for text in map(str, [*entries, *deliveries]):
        assert "tok-AAA" not in text and "tok-RRR" not in text
