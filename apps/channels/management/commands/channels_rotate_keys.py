"""Re-encrypt every stored channel secret under the newest CHANNEL_TOKEN_KEYS key (docs/channels.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.channels.services import vault_rotate_all
from apps.channels.vault import VaultError


class Command(BaseCommand):
    help = "Re-encrypt the channels' tokens and the Mastodon apps' secrets under the newest CHANNEL_TOKEN_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = vault_rotate_all()
        except VaultError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Re-encrypted {counts['channels']} channel(s), {counts['mastodon_apps']} Mastodon app(s), "
            f"{counts['connect_attempts']} connection(s) in flight."
        )
