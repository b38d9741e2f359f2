"""The two reads every generation makes (``apps.organizations.selectors``, in hand-written SQL:
``apps.organizations.hand_written_reads``): the editor check's membership with its organization, and
a workspace with its brand voice. One query each, the related rows in place (no query when the
generation uses them), and 404 for what is not the caller's. Their answers against the ORM's:
``test_hand_written_reads.py``."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ObjectDoesNotExist

from apps.brand.models import BrandVoice
from apps.brand.services import brand_voice_set
from apps.common.exceptions import NotFound
from apps.organizations.models import OrganizationMember, Role, Workspace
from apps.organizations.selectors import membership_get, workspace_default, workspace_get_for_organization
from apps.organizations.services import organization_create

pytestmark = pytest.mark.django_db

VOICE = ("brand_voice",)


def _columns(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_membership_get_reads_the_membership_with_its_organization_in_one_query(team, django_assert_num_queries):
    editor = team.user(Role.EDITOR)
    expected = OrganizationMember.objects.get(user=editor, organization=team.organization)

    with django_assert_num_queries(1):
        membership = membership_get(user=editor, organization_id=str(team.organization.pk))

    assert _columns(membership) == _columns(expected) and membership.role == Role.EDITOR
    with django_assert_num_queries(0):
        assert _columns(membership.organization) == _columns(team.organization)


@pytest.mark.parametrize("wanted", ["foreign", "missing", "malformed", "integer"])
def test_membership_get_of_another_organization_or_of_no_id_is_not_found(team, make_user, wanted):
    other = organization_create(owner=make_user(email="other@example.com"), name="Other")
    organization_id = {
        "foreign": other.pk,
        "missing": uuid.uuid4(),
        "malformed": "not-a-uuid",
        "integer": 42,
    }[wanted]

    with pytest.raises(NotFound):
        membership_get(user=team.user(Role.EDITOR), organization_id=organization_id)


def test_a_workspace_is_read_with_its_brand_voice_in_one_query(team, django_assert_num_queries):
    workspace = workspace_default(organization_id=team.organization.pk)
    brand_voice_set(
        user=team.owner, workspace_id=workspace.pk, banned_phrases=["game changer"], required_hashtags=["acme"]
    )
    expected = BrandVoice.objects.get(workspace=workspace)

    with django_assert_num_queries(2):
        by_default = workspace_default(organization_id=team.organization.pk, related=VOICE)
        by_id = workspace_get_for_organization(
            organization_id=team.organization.pk, workspace_id=str(workspace.pk), related=VOICE
        )

    for read in (by_default, by_id):
        assert _columns(read) == _columns(workspace)
        with django_assert_num_queries(0):
            voice = read.brand_voice
            assert _columns(voice) == _columns(expected)
            assert voice.banned_phrases == ["game changer"] and voice.workspace is read


def test_a_workspace_without_a_brand_voice_answers_so_without_a_query(team, django_assert_num_queries):
    workspace = workspace_default(organization_id=team.organization.pk, related=VOICE)

    with django_assert_num_queries(0), pytest.raises(ObjectDoesNotExist):
        workspace.brand_voice


def test_the_default_workspace_is_the_marked_one_else_the_oldest(team):
    organization = team.organization
    marked = Workspace.objects.get(organization=organization, is_default=True)
    older = Workspace.objects.create(organization=organization, name="Older")
    Workspace.objects.filter(pk=older.pk).update(created_at=marked.created_at - timedelta(days=1))

    assert workspace_default(organization_id=organization.pk).pk == marked.pk
    Workspace.objects.filter(pk=marked.pk).update(is_default=False)
    assert workspace_default(organization_id=organization.pk, related=VOICE).pk == older.pk


@pytest.mark.parametrize("wanted", ["foreign", "missing", "malformed"])
def test_a_workspace_of_another_organization_or_of_no_id_is_not_found(team, make_user, wanted):
    other = organization_create(owner=make_user(email="other@example.com"), name="Other")
    workspace_id = {
        "foreign": workspace_default(organization_id=other.pk).pk,
        "missing": uuid.uuid4(),
        "malformed": "not-a-uuid",
    }[wanted]

    with pytest.raises(NotFound):
        workspace_get_for_organization(organization_id=team.organization.pk, workspace_id=workspace_id, related=VOICE)


def test_an_organization_without_workspaces_has_no_default():
    assert workspace_default(organization_id=uuid.uuid4(), related=VOICE) is None
    assert workspace_default(organization_id="not-a-uuid") is None
