"""usage_reserve_many: several generations admitted together, all or nothing (a campaign)."""

import pytest

from apps.common.exceptions import QuotaExceeded
from apps.subscriptions.models import UsageReservation
from apps.subscriptions.usage import (
    usage_period_current,
    usage_release,
    usage_reserve,
    usage_reserve_many,
    usage_settle,
)
from tests.factories import set_quota

pytestmark = pytest.mark.django_db


def _period(organization):
    return usage_period_current(organization_id=organization.pk)[0]


def test_usage_reserve_many_holds_one_reservation_per_request(organization):
    set_quota(organization, tokens=1000, posts=10)

    held = usage_reserve_many(
        organization=organization, requests=[{"tokens": 100, "posts": 1}, {"tokens": 200, "posts": 1}]
    )

    assert [(r.tokens, r.posts) for r in held] == [(100, 1), (200, 1)]
    period = _period(organization)
    assert (period.tokens_reserved, period.posts_reserved) == (300, 2)
    usage_settle(reservation=held[0], tokens=40)
    usage_release(reservation=held[1])
    period.refresh_from_db()
    assert (period.tokens_used, period.tokens_reserved, period.posts_used, period.posts_reserved) == (40, 0, 1, 0)


def test_usage_reserve_many_refuses_whole_when_not_every_post_fits(organization):
    set_quota(organization, tokens=None, posts=3)
    usage_reserve(organization=organization, tokens=0, posts=1)  # 2 posts left

    with pytest.raises(QuotaExceeded) as caught:
        usage_reserve_many(organization=organization, requests=[{"tokens": 1, "posts": 1}] * 3)

    assert caught.value.details["quota"] == "posts"
    assert _period(organization).posts_reserved == 1 and UsageReservation.objects.count() == 1
    assert len(usage_reserve_many(organization=organization, requests=[{"tokens": 1, "posts": 1}] * 2)) == 2


def test_usage_reserve_many_admits_tokens_as_one_request_that_may_cross_the_limit(organization):
    set_quota(organization, tokens=100, posts=None)

    held = usage_reserve_many(organization=organization, requests=[{"tokens": 90, "posts": 0}] * 3)

    assert _period(organization).tokens_reserved == 270  # admitted at 0 < 100; the whole bound is held
    with pytest.raises(QuotaExceeded):
        usage_reserve_many(organization=organization, requests=[{"tokens": 1, "posts": 0}])
    assert len(held) == 3
