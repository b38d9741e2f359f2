"""Billing test fixtures: settings pointing the Stripe SDK at a local fake Stripe server, organizations."""

import pytest

from apps.organizations.models import OrganizationMember, Role
from tests.factories import MembershipFactory
from tests.fakes.stripe import PRICE_PRO, PRICE_TEAM, WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def stripe_settings(settings, httpserver):
    """Billing configured against the local fake Stripe server."""
    settings.STRIPE_SECRET_KEY = "sk_test_fake_0123456789"
    settings.STRIPE_API_BASE = httpserver.url_for("/").rstrip("/")
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PRICE_ID_PRO = PRICE_PRO
    settings.STRIPE_PRICE_ID_TEAM = PRICE_TEAM
    settings.STRIPE_WEBHOOK_TOLERANCE = 300
    settings.FRONTEND_URL = "http://localhost:5173"
    return settings


@pytest.fixture
def fake_stripe(stripe_settings, httpserver) -> FakeStripe:
    return FakeStripe(httpserver)


@pytest.fixture
def organization(owner):
    return OrganizationMember.objects.get(user=owner).organization


@pytest.fixture
def member_factory(make_user, organization):
    return lambda role=Role.VIEWER: MembershipFactory(organization=organization, role=role, user=make_user()).user
