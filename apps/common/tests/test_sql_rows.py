"""``apps.common.sql_rows``: instances read from hand-written SQL as the ORM reads them, and inserted
as ``save()`` inserts them."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db.models import signals
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.brand.models import BrandVoice
from apps.brand.services import brand_voice_set
from apps.common.sql_rows import fetch_one, insert, row_reader
from apps.content.models import Content, ContentVersion
from apps.organizations.selectors import workspace_default
from apps.organizations.services import organization_create

pytestmark = pytest.mark.django_db


def _columns(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.fixture
def voice(make_user) -> BrandVoice:
    owner = make_user(email="owner@example.com")
    organization = organization_create(owner=owner, name="Acme")
    workspace = workspace_default(organization_id=organization.pk)
    return brand_voice_set(user=owner, workspace_id=workspace.pk, rules=["Short"], banned_phrases=["synergy"])


def _read(pk) -> BrandVoice | None:
    reader = row_reader(BrandVoice, "v", "default")
    row = fetch_one(
        "default",
        f"SELECT {reader.columns} FROM {reader.table} WHERE {reader.column('id')} = %s",
        [reader.param("id", pk)],
    )
    return None if row is None else reader.take(row, 0)[0]


def test_every_column_comes_back_converted_as_the_orm_converts_it(voice):
    orm = BrandVoice.objects.get(pk=voice.pk)

    read = _read(voice.pk)

    assert _columns(read) == _columns(orm)
    assert read.rules == ["Short"] and read.banned_phrases == ["synergy"]  # JSON, not its text
    assert read.created_at.tzinfo is not None
    assert not read._state.adding and read._state.db == "default"


def test_a_row_of_nulls_is_no_instance_and_the_next_model_starts_after_it():
    reader = row_reader(BrandVoice, "v", "default")
    width = len(BrandVoice._meta.concrete_fields)

    assert reader.take((None,) * width + ("next",), 0) == (None, width)


def test_a_value_that_is_not_an_id_is_refused_as_the_orm_refuses_it():
    with pytest.raises(ValidationError):
        row_reader(BrandVoice, "v", "default").param("id", "not-a-uuid")


def _entry(organization_id, **changes) -> AuditEntry:
    fields = {
        "event_id": uuid.uuid4(),
        "occurred_at": timezone.now(),
        "organization_id": organization_id,
        "action": "content.generated",
        "actor_type": "user",
        "actor_label": "owner@example.com",
        "target_type": "content",
        "target_id": "x",
        "data": {"platform": "twitter", "calls": [{"tokens": 37}]},
        "request_id": "r-1",
    }
    return AuditEntry(**(fields | changes))


def test_an_inserted_row_reads_back_as_the_orm_wrote_it(voice):
    organization_id = voice.workspace.organization_id
    entries = [_entry(organization_id), _entry(organization_id, target_id="y")]

    insert(*entries)

    for entry in entries:
        assert not entry._state.adding and entry._state.db == "default"
        assert _columns(AuditEntry.objects.get(pk=entry.pk)) == _columns(entry)
    assert AuditEntry.objects.filter(data__platform="twitter", target_id__in=["x", "y"]).count() == 2  # JSON


def test_auto_now_add_is_set_on_insert(voice):
    owner, workspace = voice.workspace.organization.members.get().user, voice.workspace
    content = Content(organization_id=workspace.organization_id, workspace=workspace, created_by=owner, platform="x")
    content.created_at = None

    insert(content)

    assert Content.objects.get(pk=content.pk).created_at == content.created_at is not None


def test_a_model_with_a_save_receiver_is_saved_through_save(voice):
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.pk, created))

    entry = _entry(voice.workspace.organization_id)
    signals.post_save.connect(receiver, sender=AuditEntry)
    try:
        insert(entry)
    finally:
        signals.post_save.disconnect(receiver, sender=AuditEntry)

    assert seen == [(entry.pk, True)] and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_an_unsaved_related_object_is_refused_as_save_refuses_it(voice):
    workspace = voice.workspace
    unsaved = Content(organization_id=workspace.organization_id, workspace=workspace, platform="x")
    version = ContentVersion(content=unsaved, organization_id=workspace.organization_id, workspace=workspace, version=1)
    unsaved.pk = None  # a related object without an id yet

    with pytest.raises(ValueError, match="unsaved related object"):
        insert(version)
