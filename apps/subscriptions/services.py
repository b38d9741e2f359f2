"""Writes on billing: Stripe customers, checkout and portal sessions, and webhook events.

Stripe is the source of truth for paid subscriptions; our ``Subscription`` row mirrors it through
verified webhook events, each applied once (unique event id) and in order (``last_event_at``).
"""

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.common.events import emit
from apps.common.exceptions import ValidationFailed
from apps.organizations.models import Organization, Role
from apps.organizations.selectors import membership_require
from apps.subscriptions import stripe_gateway
from apps.subscriptions.exceptions import (
    AlreadySubscribed,
    BillingNotConfigured,
    NoBillingAccount,
    PlanNotPurchasable,
    WebhookPayloadInvalid,
)
from apps.subscriptions.models import (
    Plan,
    StripeEvent,
    StripeEventStatus,
    Subscription,
    SubscriptionStatus,
)
from apps.subscriptions.plan_cache import plans_by_id, plans_forget
from apps.subscriptions.selectors import (
    PAYING_STATUSES,
    plan_for_price_id,
    plan_free,
    plan_price_id,
    subscription_is_paying,
)
from apps.subscriptions.throttles import organization_rate_limits_invalidate
from apps.users.models import User
from apps.users.services import email_verified_require

logger = logging.getLogger(__name__)


def plans_cache_invalidate() -> None:
    """Call when a plan was edited: the cached plans, the public plan list and every organization's
    cached limits (``apps.subscriptions.plan_cache``)."""
    plans_forget()


# ---------------------------------------------------------------------------
# Checkout and portal
# ---------------------------------------------------------------------------


def stripe_customer_ensure(*, organization: Organization) -> str:
    """The organization's Stripe Customer id, created on first use — exactly once even when two
    requests race: the subscription row is locked while the customer is created, and the idempotency
    key derived from the organization id makes a retried create return the same customer. The caller
    has checked that billing is configured (``_billing_manager``)."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(organization=organization)
        if subscription.stripe_customer_id:
            return subscription.stripe_customer_id
        customer_id = stripe_gateway.customer_create(
            organization_id=str(organization.pk),
            name=organization.name,
            idempotency_key=f"customer-create:{organization.pk}",
        )
        subscription.stripe_customer_id = customer_id
        subscription.save(update_fields=["stripe_customer_id", "updated_at"])
    return customer_id


def _billing_manager(*, user: User, organization_id: UUID | str) -> Organization:
    """The organization, when ``user`` may manage its billing (owner or admin: 404/403 otherwise)
    and billing is configured on this server (503 otherwise)."""
    membership = membership_require(user=user, organization_id=organization_id, role=Role.ADMIN)
    if not stripe_gateway.stripe_configured():
        raise BillingNotConfigured()
    return membership.organization


def checkout_session_create(
    *, user: User, organization_id: UUID | str, plan_slug: str
) -> stripe_gateway.CheckoutSession:
    """A Stripe Checkout Session for ``plan_slug``, opened by an owner or admin. 400
    for an unknown or free plan, 409 when the organization already pays (plan changes go through
    the portal), 503 without Stripe keys or without a Stripe price for the plan."""
    organization = _billing_manager(user=user, organization_id=organization_id)
    email_verified_require(user=user, action="billing")
    plan = Plan.objects.filter(slug=plan_slug, is_active=True).first()
    if plan is None:
        raise PlanNotPurchasable(f"Unknown plan {plan_slug!r}.", details={"plan": ["Unknown plan."]})
    if plan.is_free:
        raise PlanNotPurchasable(
            "The free plan needs no checkout.", details={"plan": ["The free plan cannot be bought."]}
        )
    price_id = plan_price_id(plan=plan)
    if not price_id:
        raise BillingNotConfigured(f"No Stripe price is configured for the {plan.name} plan.")
    subscription = Subscription.objects.select_related("plan").get(organization=organization)
    if subscription_is_paying(subscription=subscription):
        raise AlreadySubscribed()
    customer_id = stripe_customer_ensure(organization=organization)
    # Same organization, plan and price within the same minute → same key → Stripe answers a double
    # click with the same session instead of opening two.
    minute = int(time.time() // 60)
    return stripe_gateway.checkout_session_create(
        customer_id=customer_id,
        price_id=price_id,
        organization_id=str(organization.pk),
        plan_slug=plan.slug,
        success_url=f"{settings.FRONTEND_URL}/billing/success?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{settings.FRONTEND_URL}/billing/cancel",
        idempotency_key=f"checkout-session:{organization.pk}:{price_id}:{minute}",
    )


def _allowed_return_origins() -> set[str]:
    origins = {settings.FRONTEND_URL, *getattr(settings, "CORS_ALLOWED_ORIGINS", [])}
    return {origin.rstrip("/").lower() for origin in origins if origin}


RETURN_URL_REFUSED = "Must be on FRONTEND_URL or one of CORS_ALLOWED_ORIGINS."


def return_url_is_allowed(url: str) -> bool:
    """Only our own front-end origins may be the portal's return URL (no open redirect)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    return f"{parts.scheme}://{parts.netloc}".lower() in _allowed_return_origins()


def portal_session_create(*, user: User, organization_id: UUID | str, return_url: str | None = None) -> str:
    """A Stripe customer-portal session URL (plan changes, payment methods, cancellation), opened by
    an owner or admin; ``return_url`` must be one of our front-end origins (no open redirect)."""
    organization = _billing_manager(user=user, organization_id=organization_id)
    if return_url is not None and not return_url_is_allowed(return_url):
        raise ValidationFailed(details={"return_url": [RETURN_URL_REFUSED]})
    subscription = Subscription.objects.get(organization=organization)
    if not subscription.stripe_customer_id:
        raise NoBillingAccount()
    return stripe_gateway.portal_session_create(
        customer_id=subscription.stripe_customer_id,
        return_url=return_url or f"{settings.FRONTEND_URL}/billing",
        idempotency_key=f"portal-session:{organization.pk}:{uuid4().hex}",
    )


# ---------------------------------------------------------------------------
# Manual grant (ops, from the admin site)
# ---------------------------------------------------------------------------


@transaction.atomic
def subscription_manual_grant(*, subscription_id: UUID | str, plan: Plan, status: str) -> Subscription:
    """Set an organization's plan and status by hand (organizations billed outside Stripe). For a
    subscription Stripe manages, its next event overrides both. The organization's cached rate
    limits are voided (at once and after the commit)."""
    if status not in SubscriptionStatus.values:
        raise ValidationFailed(details={"status": [f"Unknown status {status!r}."]})
    subscription = Subscription.objects.select_for_update().get(pk=subscription_id)
    before = (subscription.plan_id, subscription.status)
    subscription.plan, subscription.status = plan, status
    subscription.save(update_fields=["plan", "status", "updated_at"])
    if (subscription.plan_id, subscription.status) != before:
        subscription_changed_emit(subscription=subscription, before=before)
    organization_rate_limits_invalidate(organization_id=subscription.organization_id)
    return subscription


# ---------------------------------------------------------------------------
# Webhook events
# ---------------------------------------------------------------------------

# Statuses after which a Stripe subscription never comes back (a new checkout makes a new one).
_TERMINAL_STATUSES = {SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED}


@dataclass
class _Outcome:
    status: str
    note: str = ""
    organization_id: UUID | None = None


@dataclass(frozen=True)
class StripeEventResult:
    event_id: str
    duplicate: bool
    status: str


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):  # out of range or NaN in a signed body: malformed, not a 500
        return None


def _str(value: Any) -> str:
    """An id field that may be a plain id or an expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _uuid_or_none(value: Any) -> UUID | None:
    try:
        return UUID(str(value)) if value else None
    except ValueError:
        return None


def _subscription_locked(*, customer_id: str, organization_hint: Any) -> Subscription | None:
    """Our subscription row for a Stripe customer (or, failing that, for the organization named in
    the metadata we put on the Stripe object, if it has no other customer), locked for update.

    Only the subscription row is locked, with no join: FOR UPDATE over a join with the plan would
    also lock the plan row that every customer on that plan shares (serializing all webhooks and
    deadlocking with the foreign-key checks of concurrent plan changes), and ``of=("self",)`` would
    make PostgreSQL drop the row when a concurrent transaction changed its plan (the re-check of
    the join fails). The handlers only read ``plan_id``."""
    rows = Subscription.objects.select_for_update()
    if customer_id:
        found = rows.filter(stripe_customer_id=customer_id).first()
        if found is not None:
            return found
    organization_id = _uuid_or_none(organization_hint)
    if organization_id is None or not customer_id:
        return None
    found = rows.filter(organization_id=organization_id, stripe_customer_id="").first()
    if found is not None:
        found.stripe_customer_id = customer_id
    return found


def _is_stale(subscription: Subscription, created: datetime) -> bool:
    return subscription.last_event_at is not None and created < subscription.last_event_at


# What a Stripe event may change on our subscription row (the handlers above set no other field).
_EVENT_FIELDS = [
    "plan",
    "status",
    "stripe_customer_id",
    "stripe_subscription_id",
    "current_period_start",
    "current_period_end",
    "cancel_at_period_end",
    "last_event_at",
    "updated_at",
]


def _save(
    subscription: Subscription, *, created: datetime, before: tuple[int, str], plans: dict[Any, Plan] | None = None
) -> None:
    if subscription.last_event_at is None or created > subscription.last_event_at:
        subscription.last_event_at = created
    subscription.save(update_fields=_EVENT_FIELDS)
    if (subscription.plan_id, subscription.status) != before:
        subscription_changed_emit(subscription=subscription, before=before, plans=plans)
        organization_rate_limits_invalidate(organization_id=subscription.organization_id)


def subscription_changed_emit(
    *, subscription: Subscription, before: tuple[Any, str], plans: dict[Any, Plan] | None = None
) -> None:
    """The ``subscription.changed`` event (audit log, webhooks), in the caller's transaction.
    ``plans``: every plan by id, when the caller read them already (then no query here)."""
    if plans is not None and before[0] in plans:
        previous_plan = plans[before[0]].slug
    else:
        previous_plan = Plan.objects.filter(pk=before[0]).values_list("slug", flat=True).first()
    emit(
        "subscription.changed",
        organization_id=subscription.organization_id,
        target=("subscription", subscription.pk),
        data={
            "plan": subscription.plan.slug,
            "status": subscription.status,
            "previous_plan": previous_plan,
            "previous_status": before[1],
            "cancel_at_period_end": subscription.cancel_at_period_end,
        },
    )


def _subscription_period(obj: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    """Stripe moved the period from the subscription to its items (API 2025-03-31); read both."""
    start, end = _timestamp(obj.get("current_period_start")), _timestamp(obj.get("current_period_end"))
    if start is None or end is None:
        items = ((obj.get("items") or {}).get("data") or [{}])[0] or {}
        start, end = _timestamp(items.get("current_period_start")), _timestamp(items.get("current_period_end"))
    return start, end


def _subscription_price_id(obj: dict[str, Any]) -> str:
    items = (obj.get("items") or {}).get("data") or []
    for item in items:
        price = _str((item or {}).get("price"))
        if price:
            return price
    return _str((obj.get("plan") or {}).get("id")) if isinstance(obj.get("plan"), dict) else ""


def _handle_subscription(obj: dict[str, Any], created: datetime, *, deleted: bool) -> _Outcome:
    stripe_subscription_id = _str(obj.get("id"))
    customer_id = _str(obj.get("customer"))
    subscription = _subscription_locked(
        customer_id=customer_id, organization_hint=(obj.get("metadata") or {}).get("organization_id")
    )
    if subscription is None:
        return _Outcome(StripeEventStatus.UNMATCHED, "unknown customer")
    outcome = _Outcome(StripeEventStatus.PROCESSED, organization_id=subscription.organization_id)
    if _is_stale(subscription, created):
        return _Outcome(StripeEventStatus.STALE, "older than the state applied", subscription.organization_id)
    status = SubscriptionStatus.CANCELED if deleted else obj.get("status")
    if status not in SubscriptionStatus.values:
        return _Outcome(StripeEventStatus.UNMATCHED, f"unknown status {status!r}", subscription.organization_id)
    is_current = subscription.stripe_subscription_id in ("", stripe_subscription_id)
    if not is_current and (deleted or status not in PAYING_STATUSES):
        # e.g. the deletion of an old subscription after the organization subscribed again.
        return _Outcome(StripeEventStatus.IGNORED, "not the current subscription", subscription.organization_id)
    if (
        subscription.stripe_subscription_id == stripe_subscription_id
        and subscription.status in _TERMINAL_STATUSES
        and status not in _TERMINAL_STATUSES
    ):
        return _Outcome(StripeEventStatus.STALE, "subscription already ended", subscription.organization_id)

    before = (subscription.plan_id, subscription.status)
    plans = None
    subscription.stripe_subscription_id = stripe_subscription_id
    if status in _TERMINAL_STATUSES:
        # Back to Free limits; the organization keeps all its data and its Stripe customer.
        subscription.plan = plan_free()
        subscription.status = status
        subscription.cancel_at_period_end = False
        subscription.current_period_start = subscription.current_period_end = None
    else:
        price_id = _subscription_price_id(obj)
        # Every plan from the shared cache (a query only when a plan changed): the price's plan, and
        # the previous plan's slug for the subscription.changed event. A price the cached plans do
        # not know is looked up in the database before it is called unknown.
        plans = plans_by_id()
        plan = plan_for_price_id(price_id=price_id, plans=plans.values())
        if plan is None:
            plans = plans_by_id(fresh=True)
            plan = plan_for_price_id(price_id=price_id, plans=plans.values())
        if plan is None:
            logger.warning("stripe subscription with an unknown price", extra={"price_id": price_id})
            return _Outcome(StripeEventStatus.UNMATCHED, "unknown price", subscription.organization_id)
        subscription.plan = plan
        subscription.status = status
        subscription.cancel_at_period_end = bool(obj.get("cancel_at_period_end")) or obj.get("cancel_at") is not None
        start, end = _subscription_period(obj)
        if start and end:
            subscription.current_period_start, subscription.current_period_end = start, end
    _save(subscription, created=created, before=before, plans=plans)
    return outcome


def _handle_subscription_created_or_updated(obj: dict[str, Any], created: datetime) -> _Outcome:
    return _handle_subscription(obj, created, deleted=False)


def _handle_subscription_deleted(obj: dict[str, Any], created: datetime) -> _Outcome:
    return _handle_subscription(obj, created, deleted=True)


def _handle_checkout_completed(obj: dict[str, Any], created: datetime) -> _Outcome:
    if obj.get("mode") != "subscription":
        return _Outcome(StripeEventStatus.IGNORED, "not a subscription checkout")
    metadata = obj.get("metadata") or {}
    hint = obj.get("client_reference_id") or metadata.get("organization_id")
    subscription = _subscription_locked(customer_id=_str(obj.get("customer")), organization_hint=hint)
    if subscription is None:
        return _Outcome(StripeEventStatus.UNMATCHED, "unknown customer")
    organization_id = subscription.organization_id
    if hint and _uuid_or_none(hint) != organization_id:
        return _Outcome(StripeEventStatus.UNMATCHED, "customer and organization do not match", organization_id)
    if _is_stale(subscription, created):
        return _Outcome(StripeEventStatus.STALE, "older than the state applied", organization_id)
    stripe_subscription_id = _str(obj.get("subscription"))
    if not stripe_subscription_id:
        return _Outcome(StripeEventStatus.IGNORED, "no subscription on the session", organization_id)
    if subscription.stripe_subscription_id == stripe_subscription_id:
        # The subscription's own events (authoritative) already arrived.
        return _Outcome(StripeEventStatus.IGNORED, "subscription already applied", organization_id)
    before = (subscription.plan_id, subscription.status)
    subscription.stripe_subscription_id = stripe_subscription_id
    plan = Plan.objects.filter(slug=metadata.get("plan") or "").exclude(price_cents=0).first()
    if plan is not None and obj.get("payment_status") in ("paid", "no_payment_required"):
        # Paid at checkout: grant the plan now; customer.subscription.* events refine period and status.
        subscription.plan = plan
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.cancel_at_period_end = False
    _save(subscription, created=created, before=before)
    return _Outcome(StripeEventStatus.PROCESSED, organization_id=organization_id)


def _invoice_subscription_id(obj: dict[str, Any]) -> str:
    """``invoice.subscription`` moved to ``invoice.parent.subscription_details`` (API 2025-03-31)."""
    legacy = _str(obj.get("subscription"))
    if legacy:
        return legacy
    parent = obj.get("parent") or {}
    return _str((parent.get("subscription_details") or {}).get("subscription"))


def _handle_invoice(obj: dict[str, Any], created: datetime, *, paid: bool) -> _Outcome:
    stripe_subscription_id = _invoice_subscription_id(obj)
    if not stripe_subscription_id:
        return _Outcome(StripeEventStatus.IGNORED, "invoice without subscription")
    subscription = _subscription_locked(customer_id=_str(obj.get("customer")), organization_hint=None)
    if subscription is None:
        return _Outcome(StripeEventStatus.UNMATCHED, "unknown customer")
    organization_id = subscription.organization_id
    if subscription.stripe_subscription_id != stripe_subscription_id:
        return _Outcome(StripeEventStatus.IGNORED, "not the current subscription", organization_id)
    if _is_stale(subscription, created):
        return _Outcome(StripeEventStatus.STALE, "older than the state applied", organization_id)
    before = (subscription.plan_id, subscription.status)
    if paid and subscription.status in (
        SubscriptionStatus.PAST_DUE,
        SubscriptionStatus.UNPAID,
        SubscriptionStatus.INCOMPLETE,
    ):
        subscription.status = SubscriptionStatus.ACTIVE
    elif not paid and subscription.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING):
        # Paid limits stay while Stripe retries; when it gives up, the subscription turns
        # unpaid or canceled (customer.subscription.updated/deleted) and Free limits apply.
        subscription.status = SubscriptionStatus.PAST_DUE
    else:
        return _Outcome(
            StripeEventStatus.IGNORED, f"nothing to change in status {subscription.status}", organization_id
        )
    _save(subscription, created=created, before=before)
    return _Outcome(StripeEventStatus.PROCESSED, organization_id=organization_id)


# The Stripe events we handle (docs/billing.md lists them for the webhook endpoint's setup; a test
# holds the two equal); any other event is recorded and ignored.
_HANDLERS = {
    "checkout.session.completed": _handle_checkout_completed,
    "customer.subscription.created": _handle_subscription_created_or_updated,
    "customer.subscription.updated": _handle_subscription_created_or_updated,
    "customer.subscription.deleted": _handle_subscription_deleted,
    "invoice.paid": lambda obj, created: _handle_invoice(obj, created, paid=True),
    "invoice.payment_failed": lambda obj, created: _handle_invoice(obj, created, paid=False),
}


def _stripe_event_insert(record: StripeEvent) -> bool:
    """INSERT the event row unless its ``stripe_event_id`` is there already (``ON CONFLICT DO
    NOTHING``, PostgreSQL and SQLite): True when inserted (``record.pk`` is set). A concurrent
    insert of the same id waits for the other transaction, like the unique constraint does — and
    unlike a failed INSERT, this needs no savepoint around it (two round trips fewer per event)."""
    fields = [field for field in StripeEvent._meta.concrete_fields if not field.primary_key]
    values = [field.get_db_prep_save(field.pre_save(record, add=True), connection) for field in fields]
    quote = connection.ops.quote_name
    # Identifiers from the model's metadata, quoted; every value is a parameter.
    table, key = quote(StripeEvent._meta.db_table), quote(StripeEvent._meta.pk.column)
    unique = quote(StripeEvent._meta.get_field("stripe_event_id").column)
    columns, placeholders = ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT ({unique}) DO NOTHING RETURNING {key}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    record.pk = row[0]
    record._state.adding = False
    return True


def stripe_event_process(*, event: dict[str, Any]) -> StripeEventResult:
    """Apply one verified Stripe event, once.

    The event row is inserted first, in the same transaction as its effects: a second delivery of
    the same event id — even one arriving at the same moment — meets the unique constraint (waiting
    for the first transaction on PostgreSQL; ``_stripe_event_insert``) and changes nothing. If
    processing fails, nothing is recorded and Stripe's retry processes the event again.
    """
    event_id, event_type = event.get("id"), event.get("type")
    created = _timestamp(event.get("created"))
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(event_id, str) or not event_id or not isinstance(event_type, str) or created is None:
        raise WebhookPayloadInvalid()
    if not isinstance(obj, dict):
        raise WebhookPayloadInvalid()
    with transaction.atomic():
        record = StripeEvent(
            stripe_event_id=event_id[:255],
            type=event_type[:100],
            created=created,
            livemode=bool(event.get("livemode")),
            payload=event,
            status=StripeEventStatus.IGNORED,
        )
        if not _stripe_event_insert(record):
            existing = StripeEvent.objects.filter(stripe_event_id=event_id[:255]).values_list("status", flat=True)
            return StripeEventResult(event_id=event_id, duplicate=True, status=existing.first() or "")
        handler = _HANDLERS.get(event_type)
        outcome = (
            _Outcome(StripeEventStatus.IGNORED, "event type not handled") if handler is None else handler(obj, created)
        )
        record.status = outcome.status
        record.outcome = outcome.note[:255]
        record.organization_id = outcome.organization_id
        record.processed_at = timezone.now()
        record.save(update_fields=["status", "outcome", "organization", "processed_at"])
    logger.info(
        "stripe event",
        extra={"stripe_event_id": event_id, "event_type": event_type, "status": outcome.status, "note": outcome.note},
    )
    return StripeEventResult(event_id=event_id, duplicate=False, status=outcome.status)
