"""``quota.threshold``: emitted when settled usage reaches 80 and then 100 percent of a quota, once
each per billing period, whoever settles."""

import pytest

from apps.audit.models import AuditEntry
from apps.organizations.models import OrganizationMember
from apps.subscriptions.models import UsagePeriod
from apps.subscriptions.usage import usage_release, usage_reserve, usage_settle
from tests.factories import set_quota

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(user):
    organization = OrganizationMember.objects.get(user=user).organization
    set_quota(organization, tokens=1000, posts=10)
    return organization


def _spend(org, tokens: int, posts: int = 0) -> None:
    reservation = usage_reserve(organization=org, tokens=tokens, posts=posts)
    usage_settle(reservation=reservation, tokens=tokens)


def thresholds() -> list[tuple[str, int]]:
    rows = AuditEntry.objects.filter(action="quota.threshold").order_by("occurred_at")
    return [(e.data["quota"], e.data["threshold_percent"]) for e in rows]


def test_80_and_100_percent_are_each_announced_once_per_period(org):
    _spend(org, 700)
    assert thresholds() == []
    _spend(org, 150)  # 850 / 1000
    assert thresholds() == [("tokens", 80)]
    _spend(org, 50)  # 900: still above 80, nothing new
    assert thresholds() == [("tokens", 80)]
    _spend(org, 100)  # 1000
    assert thresholds() == [("tokens", 80), ("tokens", 100)]
    period = UsagePeriod.objects.get(organization=org)
    assert period.tokens_threshold_notified == 100


def test_jumping_past_both_thresholds_announces_both(org):
    _spend(org, 1000)

    assert thresholds() == [("tokens", 80), ("tokens", 100)]
    entry = AuditEntry.objects.filter(action="quota.threshold").first()
    assert (entry.data["used"], entry.data["limit"], entry.organization_id) == (1000, 1000, org.pk)


def test_posts_quota_has_its_own_thresholds(org):
    _spend(org, 10, posts=8)

    assert thresholds() == [("posts", 80)]


def test_a_released_reservation_announces_nothing(org):
    reservation = usage_reserve(organization=org, tokens=950)

    usage_release(reservation=reservation)

    assert thresholds() == []
