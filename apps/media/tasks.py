"""The worker's media tasks (django-tasks, the database queue) and the calls that ask for them.

A thumbnail is asked for every original image as it becomes ready (``media_thumbnail_request``,
after the commit that made it: upload, completion, AI image); a fitted variant when an editor asks
(``media_fit_request``). The worker makes them with Pillow off the request path
(``apps.media.derivatives``); each task is idempotent, so a repeated or late run changes nothing.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django_tasks import task

from apps.media.derivatives import FIT_MODES, fit_check, media_fit_make, media_thumbnail_make
from apps.media.models import Media, MediaKind
from apps.media.selectors import media_get_for_user
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.users.models import User


@task()
def media_thumbnail(media_id: str) -> str:
    made = media_thumbnail_make(media_id=media_id)
    return str(made.pk) if made is not None else ""


@task()
def media_fit(media_id: str, platform: str, mode: str) -> str:
    made = media_fit_make(media_id=media_id, platform=platform, mode=mode)
    return str(made.pk) if made is not None else ""


def media_thumbnail_request(*, media: Media) -> None:
    """Have the worker make ``media``'s thumbnail once the caller's transaction commits (an
    original image only; nothing for a video or a derivative)."""
    if media.kind != MediaKind.IMAGE or media.parent_id is not None:
        return
    media_id = str(media.pk)
    transaction.on_commit(lambda: media_thumbnail.enqueue(media_id=media_id))


def media_fit_request(*, user: User, media_id: uuid.UUID | str, platform: str, mode: str) -> Media:
    """Ask the worker for ``media`` fitted to ``platform``'s aspect-ratio rule by ``mode`` (editor+;
    404 for a foreign or missing media, 400 when it is no image or already fits). Returns the
    original; the variant appears among its derivatives once made (at once if it exists)."""
    if mode not in FIT_MODES:
        raise ValueError(f"unknown fit mode {mode!r}")
    media = media_get_for_user(user=user, media_id=media_id)
    membership_require(user=user, organization_id=media.organization_id, role=Role.EDITOR)
    fit_check(media=media, platform=platform, mode=mode)
    media_id = str(media.pk)
    transaction.on_commit(lambda: media_fit.enqueue(media_id=media_id, platform=platform, mode=mode))
    return media
