"""Writes of the content app, by topic:

- ``generation``: preparing a generation (role, brief, template, provider, quota reservation);
- ``pipeline``: running it (provider call with fallback, brand rules, fitting), plain or streamed;
- ``settle``: its end in the database (the version and the spend, or the reservations released);
- ``brand_rules``: the brand voice's rules applied to an answer;
- ``versions``: version n+1 and the versions written by hand (manual edit, CSV import);
- ``review``: the review workflow; ``lifecycle``: trash, restore, archive, move, purge.

Other apps import from here, not from the modules.
"""

from apps.content.services.brand_rules import brand_hashtags_append
from apps.content.services.generation import (
    Brief,
    PreparedGeneration,
    content_brief_resolve,
    content_generation_prepare_many,
    content_generation_prepare_new,
    content_generation_prepare_regenerate,
    output_cap_for_platform,
)
from apps.content.services.lifecycle import (
    content_archive,
    content_delete,
    content_move,
    content_restore,
    content_trash_purge,
    content_unarchive,
    workspace_trash_purge,
)
from apps.content.services.pipeline import content_generation_run, content_generation_stream
from apps.content.services.review import content_approve, content_request_changes, content_submit
from apps.content.services.versions import NewContent, content_edit, contents_create_from_text

__all__ = [
    "Brief",
    "NewContent",
    "PreparedGeneration",
    "brand_hashtags_append",
    "content_approve",
    "content_archive",
    "content_brief_resolve",
    "content_delete",
    "content_edit",
    "contents_create_from_text",
    "content_generation_prepare_many",
    "content_generation_prepare_new",
    "content_generation_prepare_regenerate",
    "content_generation_run",
    "content_generation_stream",
    "content_move",
    "content_request_changes",
    "content_restore",
    "content_submit",
    "content_trash_purge",
    "content_unarchive",
    "output_cap_for_platform",
    "workspace_trash_purge",
]
