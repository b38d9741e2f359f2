"""The usage ledger: reserve → settle → release arithmetic, and the quota invariant under concurrency."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apps.common.exceptions import QuotaExceeded
from apps.common.handlers import exception_handler
from apps.subscriptions.models import Plan, ReservationStatus, Subscription, UsagePeriod, UsageReservation
from apps.subscriptions.selectors import billing_period_bounds
from apps.subscriptions.usage import (
    usage_period_current,
    usage_release,
    usage_release_stale,
    usage_reserve,
    usage_settle,
    usage_spend_posts,
)
from tests.factories import put_on_plan
from tests.support.concurrency import run_concurrently

pytestmark = pytest.mark.django_db


def _period(organization) -> UsagePeriod:
    return usage_period_current(organization_id=organization.pk)[0]


def _set_limits(slug: str, **limits) -> None:
    Plan.objects.filter(slug=slug).update(**limits)


def test_usage_reserve_then_settle_moves_reserved_to_used(organization):
    reservation = usage_reserve(organization=organization, tokens=40, posts=1)
    period = _period(organization)
    assert (period.tokens_reserved, period.posts_reserved, period.tokens_used) == (40, 1, 0)

    assert usage_settle(reservation=reservation, tokens=25) is True

    period.refresh_from_db()
    assert (period.tokens_used, period.tokens_reserved, period.posts_used, period.posts_reserved) == (25, 0, 1, 0)
    reservation.refresh_from_db()
    assert (reservation.status, reservation.tokens_settled) == (ReservationStatus.SETTLED, 25)


def test_usage_release_gives_everything_back(organization):
    reservation = usage_reserve(organization=organization, tokens=60, posts=1)

    assert usage_release(reservation=reservation) is True

    period = _period(organization)
    assert (period.tokens_used, period.tokens_reserved, period.posts_used, period.posts_reserved) == (0, 0, 0, 0)


def test_usage_double_settle_or_release_changes_nothing(organization):
    reservation = usage_reserve(organization=organization, tokens=30, posts=1)
    usage_settle(reservation=reservation, tokens=30)

    assert usage_settle(reservation=reservation, tokens=30) is False
    assert usage_release(reservation=reservation) is False

    period = _period(organization)
    assert (period.tokens_used, period.tokens_reserved, period.posts_used, period.posts_reserved) == (30, 0, 1, 0)
    released = usage_reserve(organization=organization, tokens=10)
    usage_release(reservation=released)
    assert usage_release(reservation=released) is False
    assert usage_settle(reservation=released, tokens=10) is False
    period.refresh_from_db()
    assert (period.tokens_used, period.tokens_reserved) == (30, 0)


def test_usage_reserve_admits_below_the_limit_and_holds_the_full_bound_past_it(organization):
    """Issue 12 item 1: admitted while used + reserved < limit; the crossing request holds its whole bound."""
    usage_settle(reservation=usage_reserve(organization=organization, tokens=90), tokens=90)  # Free: 100 tokens

    reservation = usage_reserve(organization=organization, tokens=200, posts=1)

    assert reservation.tokens == 200
    period = _period(organization)
    assert (period.tokens_used, period.tokens_reserved) == (90, 200)
    with pytest.raises(QuotaExceeded):
        usage_reserve(organization=organization, tokens=1)  # none is admitted after the crossing one
    assert usage_settle(reservation=reservation, tokens=150) is True  # settled to the real count, past the limit
    period.refresh_from_db()
    assert (period.tokens_used, period.tokens_reserved) == (240, 0)


def test_usage_reserve_a_brand_new_free_organization_admits_a_bound_above_its_whole_limit(organization):
    reservation = usage_reserve(organization=organization, tokens=250, posts=1)

    assert reservation.tokens == 250 and _period(organization).tokens_reserved == 250


def test_usage_reserve_refuses_once_used_plus_reserved_reach_the_limit(organization):
    usage_reserve(organization=organization, tokens=97)
    usage_reserve(organization=organization, tokens=3)  # 97 + 3 = 100: the line is reached

    with pytest.raises(QuotaExceeded) as info:
        usage_reserve(organization=organization, tokens=50)

    assert info.value.details["quota"] == "tokens"
    assert info.value.details["limit"] == 100
    assert info.value.details["used"] == 0
    assert info.value.details["reserved"] == 100
    assert _period(organization).tokens_reserved == 100


def test_usage_overrun_reported_by_provider_is_recorded_and_next_reservation_refused(organization):
    reservation = usage_reserve(organization=organization, tokens=80)

    usage_settle(reservation=reservation, tokens=130)  # the provider spent more than reserved

    assert _period(organization).tokens_used == 130
    with pytest.raises(QuotaExceeded) as info:
        usage_reserve(organization=organization, tokens=1)
    assert info.value.details["used"] == 130


def test_usage_posts_limit_refuses_the_sixth_post_on_free(organization):
    for _ in range(5):
        usage_settle(reservation=usage_reserve(organization=organization, tokens=1, posts=1), tokens=1)

    with pytest.raises(QuotaExceeded) as info:
        usage_reserve(organization=organization, tokens=1, posts=1)

    assert info.value.details["quota"] == "posts"
    assert (info.value.details["limit"], info.value.details["used"]) == (5, 5)
    usage_reserve(organization=organization, tokens=1, posts=0)  # a regeneration spends tokens, not posts


def test_usage_unlimited_posts_on_team(organization):
    put_on_plan(organization, "team", sub="sub_1", customer="cus_test_1")

    for _ in range(30):
        usage_reserve(organization=organization, tokens=1, posts=1)

    assert _period(organization).posts_reserved == 30


def test_usage_unlimited_tokens_when_limit_is_null(organization):
    _set_limits("free", monthly_token_limit=None)

    assert usage_reserve(organization=organization, tokens=10**9).tokens == 10**9


def test_usage_reserve_rejects_negative_amounts(organization):
    with pytest.raises(ValueError):
        usage_reserve(organization=organization, tokens=-1)
    with pytest.raises(ValueError):
        usage_settle(reservation=usage_reserve(organization=organization, tokens=1), tokens=-5)


def test_usage_quota_exceeded_maps_to_402_with_limit_used_and_resets_at(organization):
    usage_settle(reservation=usage_reserve(organization=organization, tokens=100), tokens=70)
    usage_reserve(organization=organization, tokens=40)
    with pytest.raises(QuotaExceeded) as info:
        usage_reserve(organization=organization, tokens=1)

    response = exception_handler(info.value, {})

    assert response.status_code == 402
    error = response.data["error"]
    resets_at = _period(organization).period_end.isoformat()
    assert error["code"] == "quota_exceeded"
    assert error["details"] == {"quota": "tokens", "limit": 100, "used": 70, "reserved": 40, "resets_at": resets_at}
    assert "used 70 of its 100 tokens" in error["message"]
    assert "40 more are held" in error["message"] and resets_at in error["message"]
    assert "used up" not in error["message"]


def test_usage_release_stale_releases_only_old_held_reservations(organization):
    old = usage_reserve(organization=organization, tokens=30, posts=1)
    settled_old = usage_reserve(organization=organization, tokens=10)
    usage_settle(reservation=settled_old, tokens=10)
    UsageReservation.objects.filter(pk__in=[old.pk, settled_old.pk]).update(
        created_at=timezone.now() - timedelta(minutes=30)
    )
    fresh = usage_reserve(organization=organization, tokens=20)

    assert usage_release_stale(older_than=timedelta(minutes=10)) == 1
    assert usage_release_stale(older_than=timedelta(minutes=10)) == 0

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (ReservationStatus.RELEASED, ReservationStatus.HELD)
    period = _period(organization)
    assert (period.tokens_used, period.tokens_reserved, period.posts_reserved) == (10, 20, 0)
    assert usage_settle(reservation=old, tokens=30) is False  # the dead process's late settle is a no-op


# ---------------------------------------------------------------------------
# Billing periods
# ---------------------------------------------------------------------------


def test_billing_period_is_calendar_month_on_free(organization):
    sub = Subscription.objects.get(organization=organization)
    now = datetime(2026, 12, 15, 10, tzinfo=UTC)

    assert billing_period_bounds(subscription=sub, now=now) == (
        datetime(2026, 12, 1, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
    )


def test_billing_period_is_stripe_period_on_paid_plan_and_rolls_forward_until_renewal(organization):
    start, end = datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 12, 10, tzinfo=UTC)
    put_on_plan(organization, "pro", sub="sub_1", customer="cus_test_1")
    Subscription.objects.filter(organization=organization).update(current_period_start=start, current_period_end=end)
    sub = Subscription.objects.select_related("plan").get(organization=organization)

    assert billing_period_bounds(subscription=sub, now=datetime(2026, 11, 20, tzinfo=UTC)) == (start, end)
    assert billing_period_bounds(subscription=sub, now=datetime(2026, 12, 10, 0, 5, tzinfo=UTC)) == (
        end,
        end + (end - start),
    )


def test_billing_period_of_lapsed_paid_plan_is_calendar_month(organization):
    put_on_plan(organization, "pro", status="canceled", sub="sub_1", customer="cus_test_1")
    Subscription.objects.filter(organization=organization).update(
        current_period_start=datetime(2026, 11, 10, tzinfo=UTC), current_period_end=datetime(2026, 12, 10, tzinfo=UTC)
    )
    sub = Subscription.objects.select_related("plan").get(organization=organization)

    assert billing_period_bounds(subscription=sub, now=datetime(2026, 11, 20, tzinfo=UTC))[0] == datetime(
        2026, 11, 1, tzinfo=UTC
    )


# ---------------------------------------------------------------------------
# The quota invariant under real concurrency (PostgreSQL)
# ---------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_usage_50_concurrent_reservations_against_last_tokens_admit_exactly_what_fits(make_user):
    organization = make_user(email="quota@example.com").memberships.get().organization
    usage_settle(reservation=usage_reserve(organization=organization, tokens=90), tokens=90)  # 10 of 100 left

    results = run_concurrently(lambda i: usage_reserve(organization=organization, tokens=1), 50)

    admitted = [r for r in results if isinstance(r, UsageReservation)]
    refused = [r for r in results if isinstance(r, QuotaExceeded)]
    print(f"quota: 50 concurrent 1-token reservations, 10 tokens left of 100: {len(admitted)} admitted")
    assert (len(admitted), len(refused)) == (10, 40), [r for r in results if not isinstance(r, UsageReservation)][:3]
    period = _period(organization)
    assert period.tokens_used + period.tokens_reserved == 100
    assert UsageReservation.objects.filter(period=period, status=ReservationStatus.HELD).count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_usage_50_concurrent_reservations_near_the_limit_at_most_one_crosses(make_user):
    """Issue 12 item 1: of simultaneous requests near the limit at most one crosses it; usage never
    exceeds the limit by more than one reservation."""
    organization = make_user(email="quota2@example.com").memberships.get().organization
    Plan.objects.filter(slug="free").update(monthly_token_limit=1000, monthly_post_limit=None)

    def generate(i: int):
        reservation = usage_reserve(organization=organization, tokens=60, posts=1)
        usage_settle(reservation=reservation, tokens=reservation.tokens)
        return reservation

    results = run_concurrently(generate, 50)

    admitted = [r for r in results if isinstance(r, UsageReservation)]
    assert all(isinstance(r, UsageReservation | QuotaExceeded) for r in results), results
    period = _period(organization)
    assert period.tokens_reserved == 0
    assert period.tokens_used == sum(r.tokens for r in admitted) == 60 * len(admitted)
    assert len(admitted) == 17  # 16 x 60 = 960 < 1000 admits a 17th, which crosses; none after it
    assert period.tokens_used < 1000 + 60  # never past the limit by more than one reservation
    assert period.posts_used == len(admitted)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_usage_50_concurrent_post_reservations_admit_the_post_limit(make_user):
    organization = make_user(email="posts@example.com").memberships.get().organization
    Plan.objects.filter(slug="free").update(monthly_token_limit=None, monthly_post_limit=5)

    results = run_concurrently(lambda i: usage_reserve(organization=organization, tokens=1, posts=1), 50)

    assert sum(isinstance(r, UsageReservation) for r in results) == 5
    assert _period(organization).posts_reserved == 5


def test_usage_period_rolled_forward_takes_stripe_end_when_renewal_arrives(organization):
    start, end = timezone.now() - timedelta(days=31), timezone.now() - timedelta(hours=1)
    put_on_plan(organization, "pro", sub="sub_1", customer="cus_test_1")
    Subscription.objects.filter(organization=organization).update(current_period_start=start, current_period_end=end)
    rolled = _period(organization)
    assert (rolled.period_start, rolled.period_end) == (end, end + (end - start))
    usage_reserve(organization=organization, tokens=10)

    # Stripe's renewal: the new period starts where the last ended, with its own end.
    Subscription.objects.filter(organization=organization).update(
        current_period_start=end, current_period_end=end + timedelta(days=30)
    )
    renewed = _period(organization)

    assert renewed.pk == rolled.pk
    assert renewed.tokens_reserved == 10
    assert renewed.period_end == end + timedelta(days=30)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_usage_spend_posts_20_concurrent_bulk_spends_never_cross_the_limit(make_user):
    """A bulk spend (CSV import) is admitted whole or not at all, and never past the limit."""
    organization = make_user(email="bulk@example.com").memberships.get().organization
    Plan.objects.filter(slug="free").update(monthly_token_limit=None, monthly_post_limit=10)

    results = run_concurrently(lambda i: usage_spend_posts(organization_id=organization.pk, posts=3), 20)

    admitted = [r for r in results if r is None]
    assert all(r is None or isinstance(r, QuotaExceeded) for r in results), results
    assert len(admitted) == 3  # 3 x 3 = 9 <= 10; a fourth would cross
    assert _period(organization).posts_used == 9


def test_usage_spend_posts_refuses_a_file_that_would_cross_and_spends_nothing(organization):
    Plan.objects.filter(pk=Subscription.objects.get(organization=organization).plan_id).update(monthly_post_limit=5)
    usage_spend_posts(organization_id=organization.pk, posts=4)
    with pytest.raises(QuotaExceeded) as refused:
        usage_spend_posts(organization_id=organization.pk, posts=2)
    assert refused.value.details["requested"] == 2 and refused.value.details["used"] == 4
    assert _period(organization).posts_used == 4
    usage_spend_posts(organization_id=organization.pk, posts=1)  # exactly the limit fits
    assert _period(organization).posts_used == 5
