"""The organization the generation tests work in, and what it has spent.

The fixtures ``owner`` (Olive) and ``org`` (her organization, with a quota) are imported by the
content and campaign conftests; ``ledger`` and ``spent`` read the usage ledger."""

import pytest

from apps.organizations.models import Organization
from apps.subscriptions.models import UsagePeriod
from tests.factories import set_quota
from tests.support.organizations import organization_of


def ledger(organization: Organization) -> UsagePeriod | None:
    return UsagePeriod.objects.filter(organization=organization).order_by("-period_start").first()


def spent(organization: Organization) -> tuple[int, int, int, int]:
    period = ledger(organization)
    if period is None:
        return (0, 0, 0, 0)
    return (period.tokens_used, period.tokens_reserved, period.posts_used, period.posts_reserved)


@pytest.fixture
def owner(make_user):
    return make_user(email="owner@example.com", first_name="Olive")


@pytest.fixture
def org(owner) -> Organization:
    organization = organization_of(owner)
    set_quota(organization)
    return organization
