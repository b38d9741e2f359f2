"""``apps.common.sql_rows``: instances built from hand-written SQL as the ORM builds them."""

import pytest
from django.core.exceptions import ValidationError

from apps.brand.models import BrandVoice
from apps.brand.services import brand_voice_set
from apps.common.sql_rows import fetch_one, row_reader
from apps.organizations.selectors import workspace_default
from apps.organizations.services import organization_create

pytestmark = pytest.mark.django_db


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

    fields = BrandVoice._meta.concrete_fields
    assert {f.attname: getattr(read, f.attname) for f in fields} == {f.attname: getattr(orm, f.attname) for f in fields}
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
