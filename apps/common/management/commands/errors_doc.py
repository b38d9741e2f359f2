"""Writes docs/errors.md from the error catalogue (apps/common/errors.py); --check only compares."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.common.errors import catalogue_markdown

DOC = Path(settings.BASE_DIR) / "docs" / "errors.md"


class Command(BaseCommand):
    help = "Generate docs/errors.md from the error catalogue."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if docs/errors.md is out of date.")

    def handle(self, *args, check: bool = False, **options) -> None:
        text = catalogue_markdown()
        if check:
            if not DOC.exists() or DOC.read_text() != text:
                raise CommandError(f"{DOC} is out of date: run `python manage.py errors_doc`.")
            return
        DOC.write_text(text)
        self.stdout.write(f"wrote {DOC}")
