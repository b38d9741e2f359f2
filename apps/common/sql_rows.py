"""Model rows through hand-written SQL, for the statements every generation makes (the editor
check's membership, the workspace with its brand voice, the content, version and audit inserts):
what the ORM would read and write, without building and compiling a query per request — which
costs more CPU than running it (``bench/orm_costs.py``: 0.53 ms against 0.13 ms for the membership
read; docs/benchmarks.md). For such hot, fixed statements only; everything else is the ORM.

A ``RowReader`` is one model under one table alias of such a query: its SELECT list (the model's
concrete fields, from ``_meta``, so a field added to the model is read here too), its quoted
names, its parameters prepared as the ORM prepares them (``get_db_prep_value``: a malformed UUID
raises ``ValidationError``, SQLite gets hex), and ``take()``, which builds the instance from its
slice of a row with the converters the ORM applies (the backend's and the field's
``from_db_value``) and ``Model.from_db``, as a QuerySet does. ``insert()`` is
``save(force_insert=True)`` as one statement (see there). Anything beyond whole rows (deferred
fields, annotations, prefetching, updates) stays with the ORM.
"""

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model, signals
from django.db.models.expressions import Col


class RowReader:
    """``model``'s columns under ``alias`` in a query run on the database ``using``."""

    def __init__(self, model: type[Model], alias: str, using: str) -> None:
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

    def take(self, row: Sequence[Any], start: int) -> tuple[Model | None, int]:
        """The instance in ``row[start:]`` (None when its primary key is NULL: a LEFT JOIN that found
        nothing) and where the next model's columns start."""
        values = list(row[start : start + self._width])
        end = start + self._width
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


def fetch_one(using: str, sql: str, params: Sequence[Any]) -> tuple | None:
    """The first row of ``sql`` on the database ``using`` (None when there is none)."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def insert(*instances: Model) -> None:
    """``instance.save(force_insert=True)`` for each of ``instances`` (one model), as one INSERT of
    every concrete column: the values prepared as the ORM prepares them (``pre_save``, which sets
    ``auto_now``/``auto_now_add``, then ``get_db_prep_save``), the statement's text built once per
    process. For a model with a save() of its own, save signals or a primary key still unset,
    ``save(force_insert=True)`` runs instead, one by one, so nothing a save would do is skipped."""
    if not instances:
        return
    model = type(instances[0])
    using = router.db_for_write(model, instance=instances[0])
    if not _plain_insert(model) or any(instance.pk is None for instance in instances):
        for instance in instances:
            instance.save(force_insert=True, using=using)
        return
    for instance in instances:  # as save() does: refuse an unsaved related object, take its id
        instance._prepare_related_fields_for_save(operation_name="save")
    connection = connections[using]
    fields, sql, row = _insert_sql(model, using)
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for instance in instances for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql + ", ".join([row] * len(instances)), params)
    for instance in instances:
        instance._state.adding, instance._state.db = False, using


def _plain_insert(model: type[Model]) -> bool:
    """Whether saving ``model`` is Django's save and nothing else: no save() of its own, no receiver of
    its pre_save or post_save (checked on every call: a receiver may be connected later)."""
    return (
        model.save is Model.save
        and model.save_base is Model.save_base
        and not signals.pre_save.has_listeners(model)
        and not signals.post_save.has_listeners(model)
    )


@functools.cache
def _insert_sql(model: type[Model], using: str) -> tuple[list, str, str]:
    """The concrete fields of ``model``, ``INSERT INTO table (columns) VALUES `` and one row's placeholders."""
    quote = connections[using].ops.quote_name
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(quote(field.column) for field in fields)
    return (
        fields,
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ",  # noqa: S608 - names from _meta
        f"({', '.join(['%s'] * len(fields))})",
    )
