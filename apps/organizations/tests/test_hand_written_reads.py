"""``apps.organizations.hand_written_reads`` gives what the ORM gives. Its answers are pinned to the
ORM reads it replaces (``_orm_*`` below: the selectors' bodies before it, and after it if it goes):
every concrete field of the models it reads, walked from ``_meta`` (a field added to a model is
covered, a field of a new type fails until it has samples here), the related rows in place without
a query, and the same answer for every id that is not the caller's or not an id. Its guard refuses
the models it cannot read as the ORM does. Run on SQLite and on PostgreSQL."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.test.utils import isolate_apps

from apps.brand.models import BrandVoice
from apps.brand.selectors import BRAND_VOICE_RELATED
from apps.brand.services import brand_voice_set
from apps.organizations.hand_written_reads import RowReader, row_reader, unsupported
from apps.organizations.models import Organization, OrganizationMember, Role, Workspace
from apps.organizations.selectors import membership_get, workspace_default, workspace_get_for_organization
from apps.organizations.services import organization_create
from apps.users.models import User

pytestmark = pytest.mark.django_db

MODELS = (OrganizationMember, Organization, Workspace, BrandVoice)


# --------------------------------------------------------------------------- the ORM's answers


def _orm_membership_get(*, user: User, organization_id) -> OrganizationMember | None:
    try:
        return OrganizationMember.objects.select_related("organization").get(user=user, organization_id=organization_id)
    except (OrganizationMember.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


def _orm_workspace_get(*, organization_id, workspace_id, related=BRAND_VOICE_RELATED) -> Workspace | None:
    try:
        return Workspace.objects.select_related(*related).get(organization_id=organization_id, pk=workspace_id)
    except (Workspace.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


def _orm_workspace_default(*, organization_id, related=BRAND_VOICE_RELATED) -> Workspace | None:
    try:
        return (
            Workspace.objects.filter(organization_id=organization_id)
            .select_related(*related)
            .order_by("-is_default", "created_at")
            .first()
        )
    except (ValueError, TypeError, ValidationError):
        return None


def _answer(instance) -> dict | None:
    """Every concrete column of ``instance`` with its Python type and repr (a converter left out shows
    as a str for a UUID, an int for a bool, a str for JSON, another time zone), and its state."""
    if instance is None:
        return None
    columns = {
        field.attname: (type(value := getattr(instance, field.attname)), value, repr(value))
        for field in _fields(instance)
    }
    return columns | {"_state": (instance._state.adding, instance._state.db)}


def _fields(instance) -> list:
    return list(type(instance)._meta.concrete_fields)


def _outcome(read, *args, **kwargs) -> object:
    """What ``read`` answers: the answer of each instance it returns, or the exception's type."""
    try:
        found = read(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - the type is the answer compared
        return type(exc).__name__
    return _answer(found)


# --------------------------------------------------------------------------- every field type


def _texts(field) -> list:
    if field.choices:
        return [value for value, _ in field.flatchoices]
    return ["Ünïcode — 'single' \"double\" %s %% ; -- \\ end"[: field.max_length], ""]


def _related_ids(field) -> list:
    """A foreign key keeps its row (moving it would move the row out of the reads), a nullable one
    is also read NULL and pointing to another row."""
    if not field.null:
        return []
    return [None, field.related_model._default_manager.order_by("pk").last().pk]


# The values each field type is read with (besides the row as created), by the field's exact class.
SAMPLES = {
    models.UUIDField: lambda field: [] if field.primary_key else [uuid.uuid4()],
    models.CharField: _texts,
    models.SlugField: lambda field: ["a-slug_2-ü"],
    models.TextField: lambda field: ["first line\nsecond — ✓\t'%s'", ""],
    models.BooleanField: lambda field: [True, False],
    models.DateTimeField: lambda field: [
        datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC),
        datetime(2030, 12, 31, 23, 59, 59, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    ],
    models.PositiveIntegerField: lambda field: [0, 2147483647],
    models.JSONField: lambda field: [{"nested": [1, 2.5, None, True, "é"], "": {}}, [], ["a", "b"], "text", 0],
    models.ForeignKey: _related_ids,
    models.OneToOneField: _related_ids,
}

FIELDS = [(model, field.name) for model in MODELS for field in model._meta.concrete_fields]


def test_every_field_type_of_the_models_read_by_hand_has_samples():
    missing = [
        f"{type(field).__name__} ({model.__name__}.{name})"
        for model, name in FIELDS
        if type(field := model._meta.get_field(name)) not in SAMPLES
    ]

    assert not missing, f"no samples for these field types; add them to SAMPLES: {missing}"


@dataclass
class Rows:
    editor: User
    organization: Organization
    workspace: Workspace

    def row(self, model) -> models.Model:
        if model is OrganizationMember:
            return OrganizationMember.objects.get(user=self.editor, organization=self.organization)
        if model is BrandVoice:
            return BrandVoice.objects.get(workspace=self.workspace)
        return {Organization: self.organization, Workspace: self.workspace}[model]

    def hand_and_orm(self) -> list[tuple[object, object]]:
        """(hand-written, ORM) answers of the four models, each read both ways."""
        organization_id, workspace_id = self.organization.pk, self.workspace.pk
        membership = membership_get(user=self.editor, organization_id=organization_id)
        expected = _orm_membership_get(user=self.editor, organization_id=organization_id)
        pairs = [(_answer(membership), _answer(expected))]
        pairs.append((_answer(membership.organization), _answer(expected.organization)))
        reads = [
            (
                workspace_get_for_organization(
                    organization_id=organization_id, workspace_id=workspace_id, related=BRAND_VOICE_RELATED
                ),
                _orm_workspace_get(organization_id=organization_id, workspace_id=workspace_id),
            ),
            (
                workspace_default(organization_id=organization_id, related=BRAND_VOICE_RELATED),
                _orm_workspace_default(organization_id=organization_id),
            ),
        ]
        for workspace, expected in reads:
            pairs += [
                (_answer(workspace), _answer(expected)),
                (_answer(workspace.brand_voice), _answer(expected.brand_voice)),
            ]
        return pairs


@pytest.fixture
def rows(team) -> Rows:
    workspace = Workspace.objects.get(organization=team.organization, is_default=True)
    brand_voice_set(user=team.owner, workspace_id=workspace.pk, rules=["Short"], banned_phrases=["synergy"])
    return Rows(editor=team.user(Role.EDITOR), organization=team.organization, workspace=workspace)


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=[f"{model.__name__}.{name}" for model, name in FIELDS])
def test_each_field_is_read_by_hand_as_the_orm_reads_it(rows, model, name):
    field = model._meta.get_field(name)
    samples = SAMPLES[type(field)](field)
    row = rows.row(model)

    for value in [getattr(row, field.attname), *samples]:
        model._default_manager.filter(pk=row.pk).update(**{field.attname: value})

        for hand, orm in rows.hand_and_orm():
            assert hand == orm, f"{model.__name__}.{name} = {value!r}"
        read = model._default_manager.get(pk=row.pk)
        assert getattr(read, field.attname) == value  # the sample was stored, and read back


# --------------------------------------------------------------------------- related rows in place


def test_the_membership_comes_with_its_organization_in_place(rows, django_assert_num_queries):
    with django_assert_num_queries(1):
        membership = membership_get(user=rows.editor, organization_id=str(rows.organization.pk))

    with django_assert_num_queries(0):
        assert _answer(membership.organization) == _answer(rows.organization)


@pytest.mark.parametrize("by", ["id", "default"])
def test_the_workspace_comes_with_its_brand_voice_in_place_both_ways(rows, by, django_assert_num_queries):
    organization_id = rows.organization.pk
    with django_assert_num_queries(1):
        if by == "id":
            workspace = workspace_get_for_organization(
                organization_id=organization_id, workspace_id=rows.workspace.pk, related=BRAND_VOICE_RELATED
            )
        else:
            workspace = workspace_default(organization_id=organization_id, related=BRAND_VOICE_RELATED)

    with django_assert_num_queries(0):
        voice = workspace.brand_voice
        assert voice.workspace is workspace and voice.rules == ["Short"]


def test_a_workspace_without_a_brand_voice_has_none_without_a_query(rows, django_assert_num_queries):
    BrandVoice.objects.filter(workspace=rows.workspace).delete()
    workspace = workspace_default(organization_id=rows.organization.pk, related=BRAND_VOICE_RELATED)
    expected = _orm_workspace_default(organization_id=rows.organization.pk)

    with django_assert_num_queries(0):
        for read in (workspace, expected):
            with pytest.raises(ObjectDoesNotExist):
                read.brand_voice


def test_without_related_the_brand_voice_is_not_read(rows, django_assert_num_queries):
    workspace = workspace_default(organization_id=rows.organization.pk)

    with django_assert_num_queries(1):  # read when used, as the ORM reads it
        assert workspace.brand_voice.rules == ["Short"]


def test_only_reverse_one_to_one_relations_can_come_along(rows):
    for name in ("organization", "created_by", "prompt_templates"):
        with pytest.raises(ValueError, match="reverse one-to-one"):
            workspace_default(organization_id=rows.organization.pk, related=(name,))


# --------------------------------------------------------------------------- ids not the caller's


# Ids a caller may send, from its own row's id and another organization's row's id: the first four
# are its own row's, written otherwise.
IDS = {
    "own": lambda own, foreign: own,
    "own-as-text": lambda own, foreign: str(own),
    "own-as-hex": lambda own, foreign: own.hex,
    "own-in-capitals": lambda own, foreign: str(own).upper(),
    "foreign": lambda own, foreign: foreign,
    "missing": lambda own, foreign: uuid.uuid4(),
    "malformed": lambda own, foreign: "not-a-uuid",
    "empty": lambda own, foreign: "",
    "integer": lambda own, foreign: 42,
    "too-large-an-integer": lambda own, foreign: 2**128,
    "float": lambda own, foreign: 12.5,
    "list": lambda own, foreign: [str(own)],
    "dict": lambda own, foreign: {"id": str(own)},
}


def _id(kind: str, rows: Rows, other: Organization, model) -> object:
    own = (rows.organization if model is Organization else rows.workspace).pk
    foreign = other.pk if model is Organization else Workspace.objects.get(organization=other).pk
    return IDS[kind](own, foreign)


OWN = ("own", "own-as-text", "own-as-hex", "own-in-capitals")


@pytest.fixture
def other(make_user) -> Organization:
    return organization_create(owner=make_user(email="other@example.com"), name="Other")


@pytest.mark.parametrize("kind", IDS)
def test_membership_get_answers_any_organization_id_as_the_orm_does(rows, other, kind):
    organization_id = _id(kind, rows, other, Organization)

    hand = _outcome(membership_get, user=rows.editor, organization_id=organization_id)
    orm = _outcome(_orm_membership_get, user=rows.editor, organization_id=organization_id)

    assert hand == (orm if orm is not None else "NotFound")
    assert (hand == "NotFound") == (kind not in OWN)


@pytest.mark.parametrize("kind", IDS)
def test_workspace_get_for_organization_answers_any_workspace_id_as_the_orm_does(rows, other, kind):
    workspace_id = _id(kind, rows, other, Workspace)
    organization_id = rows.organization.pk

    hand = _outcome(
        workspace_get_for_organization,
        organization_id=organization_id,
        workspace_id=workspace_id,
        related=BRAND_VOICE_RELATED,
    )
    orm = _outcome(_orm_workspace_get, organization_id=organization_id, workspace_id=workspace_id)

    assert hand == (orm if orm is not None else "NotFound")
    assert (hand == "NotFound") == (kind not in OWN)


@pytest.mark.parametrize("kind", IDS)
def test_workspace_default_answers_any_organization_id_as_the_orm_does(rows, other, kind):
    organization_id = _id(kind, rows, other, Organization)

    hand = _outcome(workspace_default, organization_id=organization_id, related=BRAND_VOICE_RELATED)
    orm = _outcome(_orm_workspace_default, organization_id=organization_id)

    assert hand == orm
    if kind == "foreign":  # another organization's default workspace: the caller's selector checked membership
        assert hand == _answer(Workspace.objects.get(organization=other))


# --------------------------------------------------------------------------- the default workspace


def test_the_default_workspace_is_the_marked_one_else_the_oldest_as_the_orm_orders_them(rows):
    organization = rows.organization
    marked = rows.workspace
    older = Workspace.objects.create(organization=organization, name="Older")
    oldest = Workspace.objects.create(organization=organization, name="Oldest")
    Workspace.objects.filter(pk=older.pk).update(created_at=marked.created_at - timedelta(days=1))
    Workspace.objects.filter(pk=oldest.pk).update(created_at=marked.created_at - timedelta(days=2))

    def both() -> tuple:
        hand = workspace_default(organization_id=organization.pk, related=BRAND_VOICE_RELATED)
        return hand.pk, _orm_workspace_default(organization_id=organization.pk).pk

    assert both() == (marked.pk, marked.pk)
    Workspace.objects.filter(pk=marked.pk).update(is_default=False)
    assert both() == (oldest.pk, oldest.pk)
    Workspace.objects.filter(pk=older.pk).update(is_default=True)
    assert both() == (older.pk, older.pk)


def test_an_organization_without_workspaces_has_no_default(rows):
    Workspace.objects.filter(organization=rows.organization).delete()

    assert workspace_default(organization_id=rows.organization.pk, related=BRAND_VOICE_RELATED) is None
    assert _orm_workspace_default(organization_id=rows.organization.pk) is None


# --------------------------------------------------------------------------- the guard


def test_the_models_read_by_hand_pass_the_guard():
    assert {model.__name__: unsupported(model) for model in MODELS} == {model.__name__: [] for model in MODELS}


@isolate_apps("apps.organizations")
def _refused_models() -> dict[str, type[models.Model]]:
    class Row(models.Model):
        class Meta:
            abstract = True

        def __str__(self) -> str:
            return str(self.pk)

    class Plain(Row):
        name = models.CharField(max_length=10)

    class Generated(Row):
        name = models.CharField(max_length=10)
        lowered = models.GeneratedField(expression=Lower("name"), output_field=models.CharField(), db_persist=True)

    class DatabaseDefault(Row):
        name = models.CharField(max_length=10, db_default="x")

    class Child(Plain):
        extra = models.CharField(max_length=10)

    class Composite(Row):
        pk = models.CompositePrimaryKey("a", "b")
        a = models.IntegerField()
        b = models.IntegerField()

    class Hidden(models.Manager):
        def get_queryset(self) -> models.QuerySet:
            return super().get_queryset().filter(name="shown")

    class Filtered(Row):
        name = models.CharField(max_length=10)
        objects = Hidden()

    return {
        "plain": Plain,
        "GeneratedField": Generated,
        "db_default": DatabaseDefault,
        "parent link": Child,
        "composite primary key": Composite,
        "default manager": Filtered,
    }


@pytest.mark.parametrize(
    "refused", ["GeneratedField", "db_default", "parent link", "composite primary key", "default manager"]
)
def test_a_reader_for_a_model_the_orm_reads_differently_is_refused(refused):
    model = _refused_models()[refused]

    with pytest.raises(ImproperlyConfigured, match=refused):
        RowReader(model, "x", "default")
    with pytest.raises(ImproperlyConfigured, match=refused):
        row_reader(model, "x", "default")


def test_a_reader_for_a_plain_model_is_built():
    reader = RowReader(_refused_models()["plain"], "x", "default")

    assert reader.columns.count("x.") == 2  # id and name
