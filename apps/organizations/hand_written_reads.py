"""The two reads every generation makes, in hand-written SQL instead of a QuerySet: the membership
with its organization (``membership_read``: the role check of every write and every generation) and
a workspace with reverse one-to-one rows such as its brand voice (``workspace_read``). Nothing else
in the code base builds SQL for models this way; every other read is the ORM.

Why: building and compiling their QuerySets costs more CPU than running them, and in an A/B through
gunicorn (5 alternating rounds) the ORM reads gave 400 generations at once an ideal ÷ wall of 0.44
against 0.51 with these (−13 %; streamed 0.45 / 0.46, 50 at 1 s 0.65 / 0.73) and 17.2 against
13.6 ms of server CPU per generation (docs/benchmarks.md).

When to remove it: when that A/B (``bench/ab.py``, this module against the ORM reads it replaces)
no longer shows at least 5 % on the 400-burst ratio — for instance once Django caches compiled
queries, or the generation path no longer reads these rows per request. Removing it is: the
selectors call ``select_related(...).get()`` / ``.first()`` again, the ORM reads that
``apps/organizations/tests/test_hand_written_reads.py`` keeps as the reference its answers are
pinned to.

How: a ``RowReader`` is one model under one table alias of such a query: its SELECT list (every
concrete field, from ``_meta``: a field added to the model is read here too), its parameters
prepared as the ORM prepares them (``get_db_prep_value``: a malformed UUID raises
``ValidationError``, SQLite gets hex), and ``instance_from_row``, which builds the instance with the
converters the ORM applies to each column (the backend's, then the field's ``from_db_value``) and
``Model.from_db``, as a QuerySet does. Related rows are put in place as ``select_related`` puts
them (a reverse one-to-one that found nothing is cached as missing: no query when it is used).

The guard: a reader is whole rows of plain models only. Building one for a model with a
``GeneratedField``, a field with ``db_default``, a parent link (multi-table inheritance), a
composite primary key, or a default manager that chooses its rows (``get_queryset`` of its own)
raises ``ImproperlyConfigured``: each would need what the ORM does for it, which this module does
not do.
"""

import functools
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connections, router
from django.db.models import Manager, Model
from django.db.models.expressions import Col

from apps.organizations.models import Organization, OrganizationMember, Workspace

# What a value that is not an id raises when it is prepared as one (the ORM's read raises the same).
_NOT_AN_ID = (ValueError, TypeError, ValidationError)


def unsupported(model: type[Model]) -> list[str]:
    """What in ``model`` a ``RowReader`` cannot read as the ORM reads it (empty when it can)."""
    meta = model._meta
    found = []
    if meta.parents:
        found.append(f"a parent link (multi-table inheritance from {', '.join(p.__name__ for p in meta.parents)})")
    if meta.is_composite_pk:
        found.append("a composite primary key")
    for field in meta.concrete_fields:
        if field.generated:
            found.append(f"a GeneratedField ({field.name})")
        if field.has_db_default():
            found.append(f"a db_default ({field.name})")
    if type(meta.default_manager).get_queryset is not Manager.get_queryset:
        found.append(f"a default manager choosing its rows ({type(meta.default_manager).__name__}.get_queryset)")
    return found


class RowReader:
    """``model``'s columns under ``alias`` in a query run on the database ``using``."""

    def __init__(self, model: type[Model], alias: str, using: str) -> None:
        refused = unsupported(model)
        if refused:
            raise ImproperlyConfigured(f"{model.__name__} cannot be read by hand: it has {'; '.join(refused)}.")
        connection = connections[using]
        quote = connection.ops.quote_name
        fields = model._meta.concrete_fields
        self.model, self.alias, self.using = model, alias, using
        self.table = f"{quote(model._meta.db_table)} {alias}"
        self.columns = ", ".join(f"{alias}.{quote(field.column)}" for field in fields)
        self._attnames = [field.attname for field in fields]
        self._width = len(fields)
        self._pk_index = list(fields).index(model._meta.pk)
        converters: list[tuple[int, list[Callable[..., Any]], Col]] = []
        for index, field in enumerate(fields):  # what SQLCompiler.get_converters finds for the column
            column = field.get_col(alias)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        self._converters = converters

    def column(self, name: str) -> str:
        """The quoted column of field ``name`` (``"user"`` → ``m."user_id"``)."""
        return f"{self.alias}.{connections[self.using].ops.quote_name(self.model._meta.get_field(name).column)}"

    def param(self, name: str, value: Any) -> Any:
        """``value`` as the ORM sends it for field ``name`` (``ValidationError`` if it cannot be one)."""
        return self.model._meta.get_field(name).get_db_prep_value(value, connections[self.using])

    def instance_from_row(self, row: Sequence[Any], start: int) -> tuple[Model | None, int]:
        """The instance in ``row[start:]`` (None when its primary key is NULL: a LEFT JOIN that found
        nothing) and where the next model's columns start."""
        end = start + self._width
        values = list(row[start:end])
        if values[self._pk_index] is None:
            return None, end
        connection = connections[self.using]
        for index, converters, column in self._converters:
            value = values[index]
            for converter in converters:
                value = converter(value, column, connection)
            values[index] = value
        return self.model.from_db(self.using, self._attnames, values), end


@functools.cache
def row_reader(model: type[Model], alias: str, using: str) -> RowReader:
    """The ``RowReader`` of ``model`` under ``alias`` on ``using``, built once per process."""
    return RowReader(model, alias, using)


def _fetch_one(using: str, sql: str, params: Sequence[Any]) -> tuple | None:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


# --------------------------------------------------------------------------- the membership


def membership_read(*, user_id: UUID | str, organization_id: UUID | str | int) -> OrganizationMember | None:
    """``OrganizationMember.objects.select_related("organization").get(user_id=..., organization_id=...)``:
    the membership with its organization in place, or None when there is none or an id is not one."""
    using = router.db_for_read(OrganizationMember)
    member = row_reader(OrganizationMember, "m", using)
    try:
        params = [member.param("user", user_id), member.param("organization", organization_id)]
    except _NOT_AN_ID:
        return None
    row = _fetch_one(using, _membership_sql(using), params)
    if row is None:
        return None
    membership, end = member.instance_from_row(row, 0)
    organization, _ = row_reader(Organization, "o", using).instance_from_row(row, end)
    OrganizationMember.organization.field.set_cached_value(membership, organization)
    return membership


@functools.cache
def _membership_sql(using: str) -> str:
    member, organization = row_reader(OrganizationMember, "m", using), row_reader(Organization, "o", using)
    # names from the models' metadata, every value a parameter
    join = f"{organization.table} ON {organization.column('id')} = {member.column('organization')}"
    where = f"{member.column('user')} = %s AND {member.column('organization')} = %s"
    return f"SELECT {member.columns}, {organization.columns} FROM {member.table} JOIN {join} WHERE {where}"  # noqa: S608


# --------------------------------------------------------------------------- the workspace


def workspace_read(
    *, organization_id: UUID | str | int, workspace_id: UUID | str | int | None, related: tuple[str, ...] = ()
) -> Workspace | None:
    """``Workspace.objects.select_related(*related)`` of the organization: the one with
    ``workspace_id``, or with None its default (``order_by("-is_default", "created_at").first()``).
    ``related``: reverse one-to-one relations of Workspace (e.g. ``"brand_voice"``), put in place.
    None when there is none or an id is not one."""
    using = router.db_for_read(Workspace)
    workspace_reader = row_reader(Workspace, "w", using)
    sql, relations = _workspace_sql(using, related, by_id=workspace_id is not None)
    try:
        params = [workspace_reader.param("organization", organization_id)]
        if workspace_id is not None:
            params.append(workspace_reader.param("id", workspace_id))
    except _NOT_AN_ID:
        return None
    row = _fetch_one(using, sql, params)
    if row is None:
        return None
    workspace, end = workspace_reader.instance_from_row(row, 0)
    for relation, reader in relations:
        found, end = reader.instance_from_row(row, end)
        relation.set_cached_value(workspace, found)  # None too: no query when there is none
        if found is not None:
            relation.field.set_cached_value(found, workspace)
    return workspace


@functools.cache
def _workspace_sql(using: str, related: tuple[str, ...], *, by_id: bool) -> tuple[str, list[tuple[Any, RowReader]]]:
    """The SQL of ``workspace_read`` and the (relation, reader) of each name in ``related``."""
    workspace = row_reader(Workspace, "w", using)
    relations = []
    for i, name in enumerate(related):
        relation = Workspace._meta.get_field(name)
        if not (relation.one_to_one and relation.auto_created):
            raise ValueError(f"related: reverse one-to-one relations of Workspace only, not {name!r}")
        relations.append((relation, row_reader(relation.related_model, f"r{i}", using)))
    joins = "".join(
        f" LEFT JOIN {reader.table} ON {reader.column(relation.field.name)}"
        f" = {workspace.column(relation.field.target_field.name)}"
        for relation, reader in relations
    )
    where = f"{workspace.column('organization')} = %s"
    if by_id:
        where += f" AND {workspace.column('id')} = %s"
    columns = ", ".join([workspace.columns, *(reader.columns for _, reader in relations)])
    order = f"{workspace.column('is_default')} DESC, {workspace.column('created_at')} ASC"
    sql = f"SELECT {columns} FROM {workspace.table}{joins} WHERE {where} ORDER BY {order} LIMIT 1"  # noqa: S608
    return sql, relations
