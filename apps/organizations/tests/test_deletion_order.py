"""The order in which the apps above organizations run their deletion hooks
(``apps.organizations.deletion``): declared by the registrations (``purge_before``), the same whatever
the order of ``INSTALLED_APPS`` or of the registrations, and the one an organization's deletion uses."""

import dataclasses
import itertools
from graphlib import CycleError

import pytest
from django.utils import timezone

from apps.content.models import Content
from apps.organizations import deletion
from apps.organizations.deletion import DeletionHooks, deletion_order
from apps.organizations.models import Organization
from apps.organizations.services import organization_delete
from apps.scheduling.models import ScheduledPost
from tests.factories import ContentFactory, ScheduledPostFactory, put_on_plan


def _noop(organization) -> None:
    pass


def test_deletion_order_is_the_declared_one():
    # scheduled posts point at content versions (RESTRICT): scheduling purges before content; media
    # (nothing points at them yet) first by name
    assert [name for name, _ in deletion.registrations()] == ["media", "scheduling", "subscriptions", "content"]


def test_deletion_order_does_not_depend_on_the_order_of_registration():
    registered = deletion.registrations()

    orders = {tuple(deletion_order(permutation)) for permutation in itertools.permutations(registered)}

    assert orders == {("media", "scheduling", "subscriptions", "content")}


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

    assert calls == ["media", "scheduling", "content"]
    assert not Organization.objects.filter(pk=team.organization.pk).exists()
    assert not Content.objects.filter(pk=content.pk).exists() and not ScheduledPost.objects.filter(pk=post.pk).exists()


def _fields(hooks: DeletionHooks) -> dict:
    return {field.name: getattr(hooks, field.name) for field in dataclasses.fields(hooks)}
