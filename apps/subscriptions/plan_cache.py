"""Plans on the shared cache, exact across processes (``apps.common.versioned_cache``, the one
cache-coherence mechanism): every plan (what a Stripe subscription event reads: the plan sold at the
event's price, the previous plan's slug), the public plan list, and each organization's plan rates
(``apps.subscriptions.throttles``).

All of them are stamped with the plans' version (one owner, ``PLANS``), which every plan edit sets
anew (``plans_forget``, called by the admin through ``plans_cache_invalidate``), and read in the same
round trip: an entry from before an edit is never used once the edit is made. An organization's rates
are also stamped with the organization's own version, set anew by every change of its subscription
(``organization_rate_limits_invalidate``). Plans written some other way (a data migration) are seen
after at most the entry's timeout; and a price that the cached plans do not know is looked up in the
database before it is called unknown (``apps.subscriptions.services``), so a new plan is never missed.
"""

from typing import Any

from apps.common.versioned_cache import VersionedCache
from apps.subscriptions.models import Plan

PLANS = "all"  # the one owner of the plans' entries
PLANS_SNAPSHOT_SECONDS = 60
PLAN_LIST_SECONDS = 300
RATE_LIMITS_SECONDS = 30

# Every plan, by primary key (a Stripe event's plans); versions under "subscriptions:plans-version:all".
plans_cache = VersionedCache("subscriptions:plans-by-id", "subscriptions:plans-version", seconds=PLANS_SNAPSHOT_SECONDS)
# The public plan list as the API answers it: the same version (a plan edit voids both).
plan_list_cache = VersionedCache("subscriptions:plan-list", "subscriptions:plans-version", seconds=PLAN_LIST_SECONDS)
# An organization's per-minute rates: its own version (its subscription) and the plans' version.
rate_limits_cache = VersionedCache(
    "org-rate-limits", "org-rate-limits-version", seconds=RATE_LIMITS_SECONDS, depends_on=[(plans_cache, PLANS)]
)


def plans_forget() -> None:
    """Call when a plan was edited: every plan entry, the public list and every organization's rates."""
    plans_cache.forget([PLANS])


def _fields() -> list[str]:
    return [field.attname for field in Plan._meta.concrete_fields]


def plans_by_id(*, fresh: bool = False) -> dict[Any, Plan]:
    """Every plan by primary key, in the model's order: from the shared cache when its entry is of
    the current plans' version (one round trip), else (or with ``fresh``) from the database."""
    fields = _fields()

    def load() -> tuple:
        return tuple(tuple(getattr(plan, name) for name in fields) for plan in Plan.objects.all())

    rows = plans_cache.get(PLANS, load, shape=",".join(fields), fresh=fresh)
    plans = [Plan.from_db("default", fields, values) for values in rows]
    return {plan.pk: plan for plan in plans}
