"""Tenant-isolation factories for /api/v1/subscriptions/ (see test_isolation.py)."""

from collections.abc import Callable

from apps.organizations.models import Organization
from apps.subscriptions.models import Subscription
from apps.subscriptions.usage import usage_reserve
from apps.users.models import User


def _billed_organization(organization: Organization, owner: User) -> dict[str, str]:
    """Victim data the billing routes could leak or change: a Stripe customer and live usage."""
    Subscription.objects.filter(organization=organization, stripe_customer_id="").update(
        stripe_customer_id=f"cus_isolation_{organization.pk.hex[:12]}"
    )
    usage_reserve(organization=organization, tokens=7, posts=1)
    return {}


FACTORIES: dict[str, Callable[[Organization, User], dict[str, str]]] = {
    # GET ?organization_id= (viewer+): plan, status, usage of one organization.
    "subscriptions:detail": _billed_organization,
    # POST {organization_id, plan} (owner/admin): opens a Stripe checkout for that organization.
    "subscriptions:checkout-session": _billed_organization,
    # POST {organization_id, return_url?} (owner/admin): opens that organization's customer portal.
    "subscriptions:portal-session": _billed_organization,
}

EXEMPT: dict[str, str] = {
    "subscriptions:plans": "public plan catalogue: the same for everyone, no organization data",
    "subscriptions:webhook": "called by Stripe, authenticated by the Stripe-Signature HMAC, not by a user; "
    "events are matched to organizations by Stripe customer id",
}
