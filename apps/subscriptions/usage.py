"""The usage ledger: reserve → settle → release, with conditional updates.

Quota invariant (docs/billing.md): a request is admitted while ``used + reserved < limit`` and then holds
its whole upper bound, so of simultaneous requests near the limit at most one crosses it and none
is admitted after it: usage never exceeds the limit by more than one reservation. Each admission is
one ``UPDATE ... SET reserved = reserved + n WHERE used + reserved < limit``; PostgreSQL re-checks
the WHERE clause after waiting for a concurrent writer's row lock, so two callers cannot both pass
the line. Call ``usage_reserve`` outside any enclosing transaction: it commits at once, so no
row lock is held while the AI provider is called.

Settling records the provider's real count, even when it exceeds the reservation or the limit
(then the next reservation is refused). A reservation left HELD
by a process that died is given back by ``usage_release_stale`` (scheduled housekeeping).
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from apps.common.events import emit
from apps.common.exceptions import QuotaExceeded
from apps.organizations.models import Organization
from apps.subscriptions.models import Plan, ReservationStatus, Subscription, UsagePeriod, UsageReservation
from apps.subscriptions.selectors import (
    billing_period_bounds,
    subscription_effective_plan,
    subscription_for_organization,
)

logger = logging.getLogger(__name__)

_MAX_ATTEMPTS = 8
# For the PostgreSQL statements below (quoted as PostgreSQL quotes).
_PERIOD_TABLE = f'"{UsagePeriod._meta.db_table}"'
_RESERVATION_TABLE = f'"{UsageReservation._meta.db_table}"'


@dataclass(frozen=True)
class Limits:
    tokens: int | None
    posts: int | None
    allowance_withheld: bool = False  # a Free organization other than a personal one
    images: int | None = None  # AI images (image credits); None = unlimited


# The subscription, plan and organization columns that decide the billing period and the limits,
# read joined to another statement on PostgreSQL (the generation's hot path) and turned back into
# in-memory rows, so that ``subscription_effective_plan`` and ``billing_period_bounds`` decide as
# they do for the rows the ORM reads.
_TERMS_COLUMNS = (
    "s.status, s.current_period_start, s.current_period_end, plan.id, plan.slug, plan.price_cents, "
    "plan.monthly_token_limit, plan.monthly_post_limit, o.is_personal, plan.monthly_image_limit"
)


def _terms_join(organization_column: str) -> str:
    return (
        f'LEFT JOIN "{Subscription._meta.db_table}" s ON s.organization_id = {organization_column} '
        f'LEFT JOIN "{Plan._meta.db_table}" plan ON plan.id = s.plan_id '
        f'LEFT JOIN "{Organization._meta.db_table}" o ON o.id = {organization_column}'
    )


def _subscription_from_row(organization_id, row: tuple) -> Subscription:
    """The subscription (with its plan and organization) from the ``_TERMS_COLUMNS`` of a row; as
    ``subscription_for_organization`` raises when the organization has none."""
    status, period_start, period_end, plan_id, slug, price_cents, token_limit, post_limit, is_personal = row[:9]
    if status is None:
        return subscription_for_organization(organization_id=organization_id)  # DoesNotExist
    plan = Plan(
        id=plan_id,
        slug=slug,
        price_cents=price_cents,
        monthly_token_limit=token_limit,
        monthly_post_limit=post_limit,
        monthly_image_limit=row[9],
    )
    return Subscription(
        status=status,
        current_period_start=period_start,
        current_period_end=period_end,
        plan=plan,
        organization=Organization(id=organization_id, is_personal=is_personal),
    )


def _subscription_read(*, organization_id) -> Subscription:
    if connection.vendor != "postgresql":
        return subscription_for_organization(organization_id=organization_id)
    sql = f"SELECT {_TERMS_COLUMNS} FROM (SELECT %s::uuid AS id) AS wanted {_terms_join('wanted.id')}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization_id])
        return _subscription_from_row(organization_id, cursor.fetchone())


def _period_terms(*, organization_id) -> tuple[datetime, datetime, Limits]:
    """The organization's current billing period (start, end) and the limits of the plan in force."""
    subscription = _subscription_read(organization_id=organization_id)
    plan = subscription_effective_plan(subscription=subscription)
    start, end = billing_period_bounds(subscription=subscription)
    return (
        start,
        end,
        Limits(
            tokens=plan.monthly_token_limit,
            posts=plan.monthly_post_limit,
            allowance_withheld=getattr(plan, "allowance_withheld", False),
            images=plan.monthly_image_limit,
        ),
    )


def usage_period_current(*, organization_id) -> tuple[UsagePeriod, Limits]:
    """The organization's ledger row for the current billing period (created on first use)."""
    start, end, limits = _period_terms(organization_id=organization_id)
    period, created = UsagePeriod.objects.get_or_create(
        organization_id=organization_id, period_start=start, defaults={"period_end": end}
    )
    if not created and period.period_end != end:
        # A period rolled forward before Stripe's renewal arrived: keep the row, take Stripe's end.
        UsagePeriod.objects.filter(pk=period.pk).update(period_end=end)
        period.period_end = end
    return period, limits


def _quota_error(
    *, kind: str, limit: int, used: int, reserved: int, period: UsagePeriod, withheld: bool = False
) -> QuotaExceeded:
    """402 quota_exceeded that tells the truth: settled usage, what calls in flight hold, the limit
    and when the period resets (details: quota, limit, used, reserved, resets_at)."""
    resets_at = period.period_end.isoformat()
    noun = {"tokens": "tokens", "images": "image credits"}.get(kind, "posts")
    if withheld:
        message = (
            "The Free plan's monthly allowance goes to your personal organization only. Upgrade this "
            "organization (POST /api/v1/subscriptions/create-checkout-session/) to generate content in it."
        )
    elif limit == 0:
        message = f"This organization's plan includes no {noun}. Upgrade the organization's plan to generate content."
    elif kind == "images":
        message = f"This organization has used {used} of its {limit} image credits for this billing period"
        if reserved:
            message += f", and {reserved} more are held by images being generated"
        message += f". New AI images can be generated when the period resets at {resets_at}, or after an upgrade."
    else:
        message = f"This organization has used {used} of its {limit} {noun} for this billing period"
        if reserved:
            message += f", and {reserved} more are held by generations in progress"
        message += f". New generations can start when the period resets at {resets_at}, or after an upgrade."
    return QuotaExceeded(
        message,
        details={"quota": kind, "limit": limit, "used": used, "reserved": reserved, "resets_at": resets_at},
    )


def _refusal(
    period: UsagePeriod, limits: Limits, *, tokens: int, posts: int, posts_whole: bool = False
) -> QuotaExceeded | None:
    """The error a request for ``tokens``/``posts`` gets against ``period`` as read, or None if it is
    admissible. ``posts_whole``: every post asked must fit under the limit (a campaign), not just one."""
    posts_needed = posts if posts_whole else 1
    if (
        limits.posts is not None
        and posts > 0
        and period.posts_used + period.posts_reserved + posts_needed > limits.posts
    ):
        return _quota_error(
            kind="posts",
            limit=limits.posts,
            used=period.posts_used,
            reserved=period.posts_reserved,
            period=period,
            withheld=limits.allowance_withheld,
        )
    if limits.tokens is not None and tokens > 0 and period.tokens_used + period.tokens_reserved >= limits.tokens:
        return _quota_error(
            kind="tokens",
            limit=limits.tokens,
            used=period.tokens_used,
            reserved=period.tokens_reserved,
            period=period,
            withheld=limits.allowance_withheld,
        )
    return None


def usage_reserve(*, organization: Organization, tokens: int, posts: int = 0) -> UsageReservation:
    """Admit one request and hold its whole upper bound: ``tokens`` (prompt estimate + output cap)
    and ``posts`` (1 for a new piece of content).

    Admission (the quota invariant, docs/billing.md): while ``used + reserved < limit`` for each limited quota
    the request spends. The full bound is held even when it crosses the limit, in ONE conditional
    UPDATE, so of simultaneous requests near the limit at most one crosses it and none is admitted
    after it. Raises QuotaExceeded (402, details: quota, limit, used, reserved, resets_at) otherwise.
    """
    return _reserve(organization=organization, requests=[{"tokens": tokens, "posts": posts}], posts_whole=False)[0]


def usage_reserve_many(*, organization: Organization, requests: list[dict[str, int]]) -> list[UsageReservation]:
    """Admit several requests together, all or nothing (a campaign: one generation per platform),
    and hold each one's bound in its own reservation (settled or released one by one, as a
    single generation's). ``requests``: ``[{"tokens": ..., "posts": ...}, ...]``.

    One conditional UPDATE for all: admitted while ``tokens used + reserved < limit`` (as one
    request: the whole bound of every request is held, so the campaign that crosses the token
    limit crosses it by at most its own total reservation) and while EVERY post asked fits
    (``posts used + reserved + posts asked <= limit``: a campaign never crosses the post limit).
    Raises QuotaExceeded (402) and holds nothing otherwise."""
    return _reserve(organization=organization, requests=requests, posts_whole=True)


def _reserve(
    *, organization: Organization, requests: list[dict[str, int]], posts_whole: bool
) -> list[UsageReservation]:
    tokens = sum(r["tokens"] for r in requests)
    posts = sum(r.get("posts", 0) for r in requests)
    if not requests or any(r["tokens"] < 0 or r.get("posts", 0) < 0 for r in requests):
        raise ValueError("tokens and posts must be >= 0")
    posts_needed = posts if posts_whole else min(posts, 1)
    if connection.vendor == "postgresql":
        admitted = _reserve_in_one_statement(
            organization_id=organization.pk, requests=requests, tokens=tokens, posts=posts, posts_needed=posts_needed
        )
        if admitted:
            return admitted
        # Not admitted at once: no ledger row yet, its end moved, or a limit reached. The path
        # below creates or fixes the row, re-checks, and answers the refusal with its figures.
    for _ in range(_MAX_ATTEMPTS):
        period, limits = usage_period_current(organization_id=organization.pk)
        refusal = _refusal(period, limits, tokens=tokens, posts=posts, posts_whole=posts_whole)
        if refusal is not None:
            raise refusal
        # The admission rule again, evaluated by the database on the row's latest version.
        rows = UsagePeriod.objects.filter(pk=period.pk)
        if limits.tokens is not None and tokens > 0:
            rows = rows.filter(tokens_used__lt=limits.tokens - F("tokens_reserved"))
        if limits.posts is not None and posts > 0:
            rows = rows.filter(posts_used__lte=limits.posts - F("posts_reserved") - posts_needed)
        with transaction.atomic():
            updated = rows.update(
                tokens_reserved=F("tokens_reserved") + tokens,
                posts_reserved=F("posts_reserved") + posts,
                updated_at=timezone.now(),
            )
            if updated:
                return [
                    UsageReservation.objects.create(period=period, tokens=r["tokens"], posts=r.get("posts", 0))
                    for r in requests
                ]
        # Another request crossed the line meanwhile (or the period rolled): read again.
    period, limits = usage_period_current(organization_id=organization.pk)
    raise _refusal(period, limits, tokens=tokens, posts=posts, posts_whole=posts_whole) or _quota_error(
        kind="tokens",
        limit=limits.tokens or 0,
        used=period.tokens_used,
        reserved=period.tokens_reserved,
        period=period,
    )


def _reserve_in_one_statement(
    *, organization_id, requests: list[dict[str, int]], tokens: int, posts: int, posts_needed: int
) -> list[UsageReservation]:
    """PostgreSQL: the admission of ``_reserve`` (the same conditional UPDATE of the ledger row) and
    the reservations' INSERT as ONE statement, committed at once: the generation's hot path,
    where the ORM's read of the row, transaction and separate INSERT cost more CPU than the rest
    of the preparation. [] when the UPDATE matched no row (no row for this period yet, its end
    moved, or a limit reached): the caller then takes the general path, which says why."""
    start, end, limits = _period_terms(organization_id=organization_id)
    now = timezone.now()
    rows = [(uuid.uuid4(), r["tokens"], r.get("posts", 0)) for r in requests]
    values = ", ".join(["(%s::uuid, %s::bigint, %s::integer)"] * len(rows))
    sql = f"""
        WITH period AS (
            UPDATE {_PERIOD_TABLE}
               SET tokens_reserved = tokens_reserved + %s, posts_reserved = posts_reserved + %s, updated_at = %s
             WHERE organization_id = %s AND period_start = %s AND period_end = %s
               AND (%s::bigint IS NULL OR %s = 0 OR tokens_used < %s::bigint - tokens_reserved)
               AND (%s::bigint IS NULL OR %s = 0 OR posts_used <= %s::bigint - posts_reserved - %s)
         RETURNING id
        )
        INSERT INTO {_RESERVATION_TABLE} (id, period_id, tokens, posts, status, created_at)
        SELECT r.id, period.id, r.tokens, r.posts, %s, %s FROM period, (VALUES {values}) AS r (id, tokens, posts)
        RETURNING id, period_id
    """  # noqa: S608 - table names from the models' metadata, every value a parameter
    params = [
        *(tokens, posts, now, organization_id, start, end),
        *(limits.tokens, tokens, limits.tokens),
        *(limits.posts, posts, limits.posts, posts_needed),
        *(ReservationStatus.HELD, now),
        *(value for row in rows for value in row),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = dict(cursor.fetchall())
    if not inserted:
        return []
    reservations = []
    for reservation_id, reservation_tokens, reservation_posts in rows:
        reservation = UsageReservation(
            id=reservation_id,
            period_id=inserted[reservation_id],
            tokens=reservation_tokens,
            posts=reservation_posts,
            status=ReservationStatus.HELD,
            created_at=now,
        )
        reservation._state.adding, reservation._state.db = False, connection.alias
        reservations.append(reservation)
    return reservations


# savepoint=False: called inside the caller's transaction (save the version + settle), a savepoint
# would be two more round trips; a failure here rolls the caller's whole transaction back anyway.
@transaction.atomic(savepoint=False)
def usage_settle(*, reservation: UsageReservation, tokens: int, posts: int | None = None) -> bool:
    """Turn a held reservation into real usage (``tokens`` as reported by the provider).
    Returns False when the reservation was already settled or released (nothing changes).
    A count above the reservation is recorded as reported (never hidden); the period may then
    exceed its limit, and the next reservation is refused."""
    posts = reservation.posts if posts is None else posts
    if tokens < 0 or posts < 0:
        raise ValueError("tokens and posts must be >= 0")
    if tokens > reservation.tokens:
        logger.warning(
            "provider reported more tokens than reserved",
            extra={"reservation_id": str(reservation.pk), "reserved": reservation.tokens, "reported": tokens},
        )
    if connection.vendor == "postgresql":
        settled = _settle_in_one_statement(reservation=reservation, tokens=tokens, posts=posts)
        if settled is None:
            return False
        if tokens or posts:
            _thresholds_emit(period=settled[0], subscription=settled[1])
        return True
    closed = UsageReservation.objects.filter(pk=reservation.pk, status=ReservationStatus.HELD).update(
        status=ReservationStatus.SETTLED, tokens_settled=tokens, closed_at=timezone.now()
    )
    if not closed:
        return False
    UsagePeriod.objects.filter(pk=reservation.period_id).update(
        tokens_reserved=F("tokens_reserved") - reservation.tokens,
        tokens_used=F("tokens_used") + tokens,
        posts_reserved=F("posts_reserved") - reservation.posts,
        posts_used=F("posts_used") + posts,
        updated_at=timezone.now(),
    )
    if tokens or posts:
        usage_thresholds_emit(period_id=reservation.period_id)
    return True


def _settle_in_one_statement(
    *, reservation: UsageReservation, tokens: int, posts: int
) -> tuple[UsagePeriod, Subscription] | None:
    """PostgreSQL: ``usage_settle``'s two conditional UPDATEs (close the reservation if still held,
    then move its bound from reserved to used on the ledger row) as ONE statement, which returns
    the row's new figures and the organization's subscription, for the thresholds. None when the
    reservation was no longer held."""
    now = timezone.now()
    sql = f"""
        WITH closed AS (
            UPDATE {_RESERVATION_TABLE} SET status = %s, tokens_settled = %s, closed_at = %s
             WHERE id = %s AND status = %s
         RETURNING period_id
        )
        , moved AS (
            UPDATE {_PERIOD_TABLE} AS period
               SET tokens_reserved = period.tokens_reserved - %s, tokens_used = period.tokens_used + %s,
                   posts_reserved = period.posts_reserved - %s, posts_used = period.posts_used + %s, updated_at = %s
              FROM closed
             WHERE period.id = closed.period_id
         RETURNING period.id, period.organization_id, period.period_start, period.period_end, period.tokens_used,
                   period.posts_used, period.tokens_threshold_notified, period.posts_threshold_notified
        )
        SELECT moved.*, {_TERMS_COLUMNS} FROM moved {_terms_join("moved.organization_id")}
    """  # noqa: S608 - table names from the models' metadata, every value a parameter
    params = [
        *(ReservationStatus.SETTLED, tokens, now, reservation.pk, ReservationStatus.HELD),
        *(reservation.tokens, tokens, reservation.posts, posts, now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    names = ("id", "organization_id", "period_start", "period_end", "tokens_used", "posts_used")
    period = UsagePeriod(**dict(zip(names, row[:6], strict=True)))
    period.tokens_threshold_notified, period.posts_threshold_notified = row[6], row[7]
    return period, _subscription_from_row(period.organization_id, row[8:])


QUOTA_THRESHOLDS = (80, 100)


def usage_thresholds_emit(*, period_id: int) -> list[tuple[str, int]]:
    """Emit ``quota.threshold`` for each threshold (80 %, 100 %) of each quota the period has reached
    and not yet announced: once per period each, whoever settles concurrently (one conditional UPDATE
    per threshold decides). In the caller's transaction. Returns what was emitted."""
    period = UsagePeriod.objects.get(pk=period_id)
    return _thresholds_emit(
        period=period, subscription=subscription_for_organization(organization_id=period.organization_id)
    )


def _thresholds_emit(*, period: UsagePeriod, subscription: Subscription) -> list[tuple[str, int]]:
    """``usage_thresholds_emit`` for the period's figures and the subscription as just read (or
    returned by the settle's statement)."""
    plan = subscription_effective_plan(subscription=subscription)
    emitted = []
    for quota, used, limit in (
        ("tokens", period.tokens_used, plan.monthly_token_limit),
        ("posts", period.posts_used, plan.monthly_post_limit),
        ("images", period.images_used, plan.monthly_image_limit),
    ):
        if not limit:
            continue
        field = f"{quota}_threshold_notified"
        for threshold in QUOTA_THRESHOLDS:
            if used * 100 < limit * threshold:
                break
            if not UsagePeriod.objects.filter(pk=period.pk, **{f"{field}__lt": threshold}).update(**{field: threshold}):
                continue
            emit(
                "quota.threshold",
                organization_id=period.organization_id,
                target=("usage_period", period.pk),
                data={
                    "quota": quota,
                    "threshold_percent": threshold,
                    "used": used,
                    "limit": limit,
                    "period_start": period.period_start.isoformat(),
                    "period_end": period.period_end.isoformat(),
                },
            )
            emitted.append((quota, threshold))
    return emitted


def _image_refusal(period: UsagePeriod, limits: Limits) -> QuotaExceeded:
    return _quota_error(
        kind="images",
        limit=limits.images or 0,
        used=period.images_used,
        reserved=period.images_reserved,
        period=period,
        withheld=limits.allowance_withheld,
    )


def usage_reserve_image(*, organization_id: UUID | str) -> UsageReservation:
    """Admit one AI image and hold one image credit (SPEC §5's rule, a reservation of one).

    Admitted while ``images_used + images_reserved < limit`` (``Plan.monthly_image_limit``; None =
    unlimited), in ONE conditional UPDATE of the ledger row, so of simultaneous requests for the last
    credit exactly one gets it. Call it outside any transaction (it commits at once: no row lock
    while the provider works). QuotaExceeded (402, details.quota ``images``) otherwise."""
    for _ in range(_MAX_ATTEMPTS):
        period, limits = usage_period_current(organization_id=organization_id)
        if limits.images is not None and period.images_used + period.images_reserved >= limits.images:
            raise _image_refusal(period, limits)
        rows = UsagePeriod.objects.filter(pk=period.pk)
        if limits.images is not None:
            rows = rows.filter(images_used__lt=limits.images - F("images_reserved"))
        with transaction.atomic():
            if rows.update(images_reserved=F("images_reserved") + 1, updated_at=timezone.now()):
                return UsageReservation.objects.create(period=period, images=1)
        # Another request took the last credit meanwhile (or the period rolled): read again.
    period, limits = usage_period_current(organization_id=organization_id)
    raise _image_refusal(period, limits)


@transaction.atomic(savepoint=False)
def usage_settle_image(*, reservation: UsageReservation) -> bool:
    """The image was made and stored: its credit moves from reserved to used (once: conditional on
    the reservation still being held), and the period's thresholds are announced. False when the
    reservation was already settled or released."""
    closed = UsageReservation.objects.filter(pk=reservation.pk, status=ReservationStatus.HELD).update(
        status=ReservationStatus.SETTLED, tokens_settled=0, closed_at=timezone.now()
    )
    if not closed:
        return False
    UsagePeriod.objects.filter(pk=reservation.period_id).update(
        images_reserved=F("images_reserved") - reservation.images,
        images_used=F("images_used") + reservation.images,
        updated_at=timezone.now(),
    )
    usage_thresholds_emit(period_id=reservation.period_id)
    return True


@transaction.atomic(savepoint=False)
def usage_release(*, reservation: UsageReservation) -> bool:
    """Give back a held reservation (the provider call failed: nothing is spent)."""
    closed = UsageReservation.objects.filter(pk=reservation.pk, status=ReservationStatus.HELD).update(
        status=ReservationStatus.RELEASED, closed_at=timezone.now()
    )
    if not closed:
        return False
    UsagePeriod.objects.filter(pk=reservation.period_id).update(
        tokens_reserved=F("tokens_reserved") - reservation.tokens,
        posts_reserved=F("posts_reserved") - reservation.posts,
        images_reserved=F("images_reserved") - reservation.images,
        updated_at=timezone.now(),
    )
    return True


def usage_release_stale(*, older_than: timedelta) -> int:
    """Release every reservation still HELD after ``older_than`` (its process died between reserve
    and settle/release). Each release is conditional, so a late settle or a concurrent run is safe.
    Returns how many were released."""
    cutoff = timezone.now() - older_than
    stale = UsageReservation.objects.filter(status=ReservationStatus.HELD, created_at__lt=cutoff).only(
        "pk", "period_id", "tokens", "posts", "images"
    )
    released = 0
    for reservation in stale.iterator(chunk_size=500):
        if usage_release(reservation=reservation):
            released += 1
    if released:
        logger.info("released stale usage reservations", extra={"count": released})
    return released


def usage_spend_posts(*, organization_id: UUID | str, posts: int) -> None:
    """Spend ``posts`` new pieces of content at once, admitted only if ALL fit:
    ``used + reserved + posts <= limit`` (a bulk import is taken whole or refused whole; unlike a
    generation, it may not cross the limit). One conditional UPDATE; call it inside the caller's
    transaction so a rollback gives the posts back. QuotaExceeded (402, details: quota, limit,
    used, reserved, requested, resets_at) otherwise."""
    if posts <= 0:
        return
    period, limits = usage_period_current(organization_id=organization_id)
    rows = UsagePeriod.objects.filter(pk=period.pk)
    if limits.posts is not None:
        rows = rows.filter(posts_used__lte=limits.posts - F("posts_reserved") - posts)
    if rows.update(posts_used=F("posts_used") + posts, updated_at=timezone.now()):
        return
    period.refresh_from_db()
    error = _quota_error(
        kind="posts",
        limit=limits.posts or 0,
        used=period.posts_used,
        reserved=period.posts_reserved,
        period=period,
        withheld=limits.allowance_withheld,
    )
    error.message = (
        f"This file creates {posts} new posts; the organization has used {period.posts_used} of its "
        f"{limits.posts} posts for this billing period"
        + (f" ({period.posts_reserved} more held by generations in progress)" if period.posts_reserved else "")
        + f". Nothing was imported. The period resets at {period.period_end.isoformat()}."
    )
    error.details["requested"] = posts
    raise error
