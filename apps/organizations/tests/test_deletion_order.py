"""The order in which the apps above organizations run their deletion hooks
(``apps.organizations.deletion``): declared by the registrations (``purge_before``), the same whatever
the order of ``INSTALLED_APPS`` or of the registrations, and the one an organization's deletion uses."""

import dataclasses
import itertools
from graphlib import CycleError

import pytest
from django.utils import timezone

from apps.content.models import Content, ContentVersionMedia
from apps.media.models import Media
from apps.media.services import media_create
from apps.organizations import deletion
from apps.organizations.deletion import DeletionHooks, deletion_order
from apps.organizations.models import Organization
from apps.organizations.services import organization_delete
from apps.scheduling.models import ScheduledPost
from tests.factories import ContentFactory, ScheduledPostFactory, put_on_plan
from tests.support.attachments import png_bytes


def _noop(organization) -> None:
    pass


def test_deletion_order_is_the_declared_one():
    # scheduled posts point at content versions (RESTRICT): scheduling purges before content; content's
    # version attachments point at media: content purges before media
    assert [name for name, _ in deletion.registrations()] == ["scheduling", "subscriptions", "content", "media"]


def test_deletion_order_does_not_depend_on_the_order_of_registration():
    registered = deletion.registrations()

    orders = {tuple(deletion_order(permutation)) for permutation in itertools.permutations(registered)}

    assert orders == {("scheduling", "subscriptions", "content", "media")}


def test_deletion_order_puts_each_registration_before_those_it_names():
    entries = [
        ("a", DeletionHooks(purge=_noop)),
        ("z", DeletionHooks(purge=_noop, purge_before=("a", "not_installed"))),
        ("m", DeletionHooks(purge=_noop, purge_before=("a",))),
    ]

    assert deletion_order(entries) == ["m", "z", "a"]  # a after both; m and z by name


def test_deletion_order_refuses_contradictory_declarations():
    entries = [("a", DeletionHooks(purge_before=("b",))), ("b", DeletionHooks(purge_before=("a",)))]

    with pytest.raises(CycleError):
        deletion_order(entries)


@pytest.mark.django_db
def test_organization_delete_runs_the_purges_in_the_declared_order(team):
    put_on_plan(team.organization, "free")  # no paid subscription in force: the guards let it go
    calls = []
    registered = deletion.registrations()

    def recording(name, purge):
        def run(organization):
            calls.append(name)
            purge(organization)

        return run

    content = ContentFactory(organization=team.organization, prompt="hello", versions=("hello",))
    post = ScheduledPostFactory(content=content, status="published", scheduled_at=timezone.now())
    try:
        for name, hooks in registered:
            if hooks.purge is not None:
                deletion.register(name, **_fields(dataclasses.replace(hooks, purge=recording(name, hooks.purge))))
        organization_delete(user=team.owner, organization_id=team.organization.pk)
    finally:
        for name, hooks in registered:
            deletion.register(name, **_fields(hooks))

    assert calls == ["scheduling", "content", "media"]
    assert not Organization.objects.filter(pk=team.organization.pk).exists()
    assert not Content.objects.filter(pk=content.pk).exists() and not ScheduledPost.objects.filter(pk=post.pk).exists()


@pytest.mark.django_db
def test_content_purges_its_attachments_before_a_media_purge_runs(team, tmp_path, settings):
    """Content names "media" in purge_before: whatever registers as "media" (the media library) runs
    after content's purge, so no attachment row still points at a media it deletes."""
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    put_on_plan(team.organization, "free")
    content = ContentFactory(organization=team.organization, prompt="hello", versions=("hello",))
    picture = media_create(workspace=content.workspace, created_by=team.owner, data=png_bytes())
    ContentVersionMedia.objects.create(version=content.versions.get(), media=picture, position=1)
    seen = []

    def media_purge(organization) -> None:
        seen.append(ContentVersionMedia.objects.filter(version__content__organization=organization).count())
        Media.objects.filter(organization=organization).delete()

    real = dict(deletion.registrations())["media"]
    try:
        deletion.register("media", purge=media_purge)
        assert [name for name, _ in deletion.registrations()][-2:] == ["content", "media"]
        organization_delete(user=team.owner, organization_id=team.organization.pk)
    finally:
        deletion.register("media", **_fields(real))

    assert seen == [0]
    assert not Media.objects.filter(pk=picture.pk).exists()


def _fields(hooks: DeletionHooks) -> dict:
    return {field.name: getattr(hooks, field.name) for field in dataclasses.fields(hooks)}
