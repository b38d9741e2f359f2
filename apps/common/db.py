"""Database helpers shared by the apps."""

from django.db.models import QuerySet


def delete_in_batches(queryset: QuerySet, *, order_by: str, batch_size: int, max_batches: int, delete=None) -> int:
    """Delete the rows of ``queryset`` (oldest ``order_by`` first), at most ``batch_size`` per statement
    and ``max_batches`` statements per call, so no single transaction holds locks on a big table for
    long; the next call continues. ``delete(ids)`` replaces the plain delete (e.g. to remove dependent
    rows first) and returns how many rows it deleted. Returns the total."""
    model = queryset.model
    delete = delete or (lambda ids: model.objects.filter(pk__in=ids).delete()[1].get(model._meta.label, 0))
    deleted = 0
    for _ in range(max_batches):
        ids = list(queryset.order_by(order_by).values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        deleted += delete(ids)
        if len(ids) < batch_size:
            break
    return deleted
