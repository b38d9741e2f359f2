"""Snapshot of every row belonging to one organization (or to any set of root rows), to assert
that "nothing changed".

Starts from the organization row and follows every foreign key that points into the rows
collected so far (workspaces, members, invitations, subscription, content, versions, scheduled
posts, usage, ... including models added later by any app) until nothing new is found.
A row of another organization that was made to point at this organization's rows shows up too.
"""

from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Model, Q

from apps.organizations.models import Organization

Snapshot = dict[str, dict[Any, dict[str, Any]]]


def _foreign_keys(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def organization_snapshot(organization_id: Any) -> Snapshot:
    return rows_reachable({Organization: {organization_id}})


def rows_reachable(roots: dict[type[Model], set[Any]]) -> Snapshot:
    """The rows of ``roots`` (model → primary keys) and every row reaching them by foreign keys,
    transitively (``organization_snapshot`` starts from one organization; the isolation suite of
    workspace-limited API keys from the workspaces a key may not see)."""
    collected: dict[type[Model], set[Any]] = {model: set(pks) for model, pks in roots.items()}
    rows: Snapshot = {}
    # Only models whose table exists: another app's model without its migration yet is skipped.
    tables = set(connection.introspection.table_names())
    models = [m for m in apps.get_models() if m._meta.db_table in tables]
    for _ in range(8):
        grew = False
        for model in models:
            condition = Q(pk__in=collected[model]) if model in collected else Q()
            for field in _foreign_keys(model):
                target = field.related_model._meta.concrete_model
                if target in collected:
                    condition |= Q(**{f"{field.attname}__in": collected[target]})
            if not condition:
                continue
            found = {row[model._meta.pk.attname]: row for row in model._base_manager.filter(condition).values()}
            if set(found) - collected.get(model, set()):
                collected.setdefault(model, set()).update(found)
                grew = True
            rows[model._meta.label] = found
        if not grew:
            break
    return rows


def victim_ids(snapshot: Snapshot) -> set[str]:
    """String forms of every UUID primary key in the snapshot (to search response bodies for)."""
    ids: set[str] = set()
    for table in snapshot.values():
        for pk in table:
            if not isinstance(pk, int):
                ids.add(str(pk))
    return ids
