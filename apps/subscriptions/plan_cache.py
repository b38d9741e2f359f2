"""Every plan, on the shared cache: what a Stripe subscription event reads (the plan sold at the
event's price, the previous plan's slug) without a query per event.

The entry carries the plans' generation (``apps.subscriptions.throttles.PLANS_GENERATION_KEY``),
which every plan edit sets anew after its commit (``plans_cache_invalidate``, called by the admin),
and it is read in the same round trip: an entry from before an edit is not used once the edit is
committed. Plans written some other way (a data migration) are seen after at most
``PLANS_SNAPSHOT_SECONDS``; and a price that the entry does not know is looked up in the database
before it is called unknown (``apps.subscriptions.services``), so a new plan is never missed.
"""

from typing import Any

from django.core.cache import cache

from apps.subscriptions.models import Plan
from apps.subscriptions.throttles import PLANS_GENERATION_KEY

PLANS_SNAPSHOT_KEY = "subscriptions:plans-by-id"
PLANS_SNAPSHOT_SECONDS = 60


def _fields() -> list[str]:
    return [field.attname for field in Plan._meta.concrete_fields]


def plans_by_id(*, fresh: bool = False) -> dict[Any, Plan]:
    """Every plan by primary key, in the model's order: from the shared cache when its entry is of
    the current plans' generation (one round trip), else (or with ``fresh``) from the database."""
    fields = _fields()
    shape = ",".join(fields)
    cached = cache.get_many([PLANS_SNAPSHOT_KEY, PLANS_GENERATION_KEY])
    generation = cached.get(PLANS_GENERATION_KEY, 0)
    entry = cached.get(PLANS_SNAPSHOT_KEY)
    if not fresh and isinstance(entry, tuple) and len(entry) == 3 and entry[:2] == (generation, shape):
        plans = [Plan.from_db("default", fields, values) for values in entry[2]]
        return {plan.pk: plan for plan in plans}
    plans = list(Plan.objects.all())
    rows = tuple(tuple(getattr(plan, name) for name in fields) for plan in plans)
    cache.set(PLANS_SNAPSHOT_KEY, (generation, shape, rows), timeout=PLANS_SNAPSHOT_SECONDS)
    return {plan.pk: plan for plan in plans}
