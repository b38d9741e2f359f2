"""The analytics reports. Every query names its database (``using``): the replica chosen by
``apps.analytics.replicas.analytics_read``, or the primary. The caller's membership and the
workspace are checked on the primary before (auth never reads a replica).

Sizes are bounded whatever the range: at most 366 buckets, top-N lists (``TOP``).
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Trunc
from django.utils import timezone

from apps.common.exceptions import ValidationFailed
from apps.content.models import Content, ContentVersion, FailureOutcome, GenerationFailure, VersionSource
from apps.organizations.selectors import membership_get, workspace_get_for_organization
from apps.scheduling.models import PostStatus, ScheduledPost
from apps.subscriptions.selectors import subscription_for_organization, subscription_period_usage
from apps.users.models import User

MAX_DAYS = 366
DEFAULT_DAYS = 30
TOP = 20
TOP_REASONS = 10
REASON_MAX_CHARS = 200
GRANULARITIES = ("day", "week")


@dataclass(frozen=True)
class Window:
    """What a report covers: one organization (optionally one workspace), [start, end) in ``tz``."""

    organization_id: UUID
    workspace_id: UUID | None
    first_day: date
    last_day: date
    tz: ZoneInfo
    granularity: str

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, datetime.min.time(), tzinfo=self.tz)

    @property
    def end(self) -> datetime:  # exclusive: midnight after the last day
        return datetime.combine(self.last_day + timedelta(days=1), datetime.min.time(), tzinfo=self.tz)


def analytics_window(
    *,
    user: User,
    organization_id: UUID | str | None,
    workspace_id: UUID | str | None = None,
    start: date | None = None,
    end: date | None = None,
    granularity: str = "day",
    tz: ZoneInfo,
) -> Window:
    """The caller's window: membership (404 for a stranger), workspace of that organization (404),
    range of at most ``MAX_DAYS`` days (by default the last ``DEFAULT_DAYS`` days, today included)."""
    membership = membership_get(user=user, organization_id=organization_id)
    if workspace_id is not None:
        workspace_get_for_organization(organization_id=membership.organization_id, workspace_id=workspace_id)
    today = timezone.now().astimezone(tz).date()
    last_day = end or (today if start is None else min(start + timedelta(days=DEFAULT_DAYS - 1), today))
    first_day = start or last_day - timedelta(days=DEFAULT_DAYS - 1)
    if first_day > last_day:
        raise ValidationFailed("start must not be after end.", details={"start": ["Must not be after end."]})
    if (last_day - first_day).days + 1 > MAX_DAYS:
        raise ValidationFailed(
            f"The range covers at most {MAX_DAYS} days.", details={"end": [f"At most {MAX_DAYS} days after start."]}
        )
    return Window(
        organization_id=membership.organization_id,
        workspace_id=UUID(str(workspace_id)) if workspace_id is not None else None,
        first_day=first_day,
        last_day=last_day,
        tz=tz,
        granularity=granularity,
    )


# --------------------------------------------------------------------------- helpers


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, *, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def _number(value: Any) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def percentiles(
    qs: QuerySet, expression: Expression, fractions: tuple[float, ...], *, alias: str
) -> list[float | None]:
    """Continuous percentiles (linear interpolation, as ``percentile_cont``) of ``expression`` over
    ``qs``; timedeltas in seconds. PostgreSQL: in SQL. Elsewhere (SQLite): the count, then the one or
    two middle rows of each fraction (``ORDER BY … LIMIT 2 OFFSET k``), so no row list is loaded."""
    output = expression.output_field if hasattr(expression, "output_field") else FloatField()
    if connections[alias].vendor == "postgresql":
        result = qs.aggregate(
            **{f"p{i}": PercentileCont(expression, fraction=f, output_field=output) for i, f in enumerate(fractions)}
        )
        return [None if result[f"p{i}"] is None else round(_number(result[f"p{i}"]), 3) for i in range(len(fractions))]
    count = qs.count()
    if not count:
        return [None] * len(fractions)
    ordered = qs.annotate(_value=expression).order_by("_value").values_list("_value", flat=True)
    out: list[float | None] = []
    for fraction in fractions:
        position = fraction * (count - 1)
        low = math.floor(position)
        values = [_number(v) for v in ordered[low : low + 2]]
        high = values[1] if len(values) > 1 else values[0]
        out.append(round(values[0] + (high - values[0]) * (position - low), 3))
    return out


def _buckets(window: Window) -> list[date]:
    """Every bucket of the window (≤ 366): each day, or the Monday of each week."""
    if window.granularity == "week":
        first = window.first_day - timedelta(days=window.first_day.weekday())
        return [first + timedelta(weeks=i) for i in range((window.last_day - first).days // 7 + 1)]
    return [window.first_day + timedelta(days=i) for i in range((window.last_day - window.first_day).days + 1)]


def _bucket_of(window: Window, field: str) -> Trunc:
    return Trunc(field, window.granularity, tzinfo=window.tz)


def _bucket_date(value: Any, tz: ZoneInfo) -> date:
    if isinstance(value, datetime):
        return (value.astimezone(tz) if timezone.is_aware(value) else value).date()
    return value


def _top(rows: Any, limit: int = TOP) -> list[dict[str, Any]]:
    return list(rows[:limit])


# --------------------------------------------------------------------------- generation


def generation_report(window: Window, *, alias: str) -> dict[str, Any]:
    # ContentVersion.organization (a copy of the content's) and its (organization, created_at) index:
    # one index range per query, no join (docs/analytics.md, "Volume").
    versions = _in_window(ContentVersion.objects.using(alias), window)
    generated = versions.exclude(source=VersionSource.MANUAL_EDIT)
    totals = _generation_totals(versions, generated, alias=alias)
    series = _generation_series(versions, window)
    failed = _generation_failures(window, alias=alias)
    by_model, by_provider = _generation_by_model(generated)
    generated_count = totals["generated"]
    attempts = generated_count + failed["total"]  # a failure (GenerationFailure) saved no version

    def share(n: int, of: int) -> float | None:
        return round(n / of, 4) if of else None

    return {
        "versions": totals["versions"],
        "generated_versions": generated_count,
        "tokens": totals["tokens"] or 0,
        "prompt_tokens": totals["prompt"] or 0,
        "completion_tokens": totals["completion"] or 0,
        "fallback_share": share(totals["fallbacks"], generated_count),
        "truncated_share": share(totals["truncated"], generated_count),
        "failed_generations": failed["total"],
        "timeout_share": share(failed["timeouts"], attempts),
        "refusal_share": share(failed["refusals"], attempts),
        "latency_ms_p50": totals["latency_p50"],
        "latency_ms_p95": totals["latency_p95"],
        "by_provider": by_provider[:TOP],
        "by_model": by_model[:TOP],
        "by_member": _generation_by_member(versions, alias=alias)[:TOP],
        "by_workspace": [
            {"workspace_id": row["workspace_id"], "name": row["workspace__name"], **_counts(row)}
            for row in _top(
                versions.values("workspace_id", "workspace__name")
                .annotate(versions=Count("*"), tokens=Sum("total_tokens"))
                .order_by("-tokens", "workspace__name")
            )
        ],
        "series": series,
    }


def _in_window(qs: QuerySet, window: Window) -> QuerySet:
    """The rows of the window's organization (and workspace) created within it."""
    qs = qs.filter(organization_id=window.organization_id, created_at__gte=window.start, created_at__lt=window.end)
    if window.workspace_id is not None:
        qs = qs.filter(workspace_id=window.workspace_id)
    return qs


def _generation_totals(versions: QuerySet, generated: QuerySet, *, alias: str) -> dict[str, Any]:
    """Counts and token sums in one scan; the latency percentiles (ms) of the generated versions
    in the same scan on PostgreSQL (elsewhere: ``percentiles``)."""
    is_generated = ~Q(source=VersionSource.MANUAL_EDIT)
    postgres = connections[alias].vendor == "postgresql"
    totals = versions.aggregate(
        versions=Count("*"),
        tokens=Sum("total_tokens"),
        prompt=Sum("prompt_tokens"),
        completion=Sum("completion_tokens"),
        generated=Count("id", filter=is_generated),
        fallbacks=Count("id", filter=is_generated & Q(parameters__fallback_used=True)),
        truncated=Count("id", filter=is_generated & Q(truncated=True)),
        **(
            {
                f"latency_p{i}": PercentileCont(
                    "latency_ms", fraction=f, filter=is_generated, output_field=FloatField()
                )
                for i, f in ((50, 0.5), (95, 0.95))
            }
            if postgres
            else {}
        ),
    )
    if postgres:
        for key in ("latency_p50", "latency_p95"):
            totals[key] = None if totals[key] is None else round(float(totals[key]), 3)
    else:
        totals["latency_p50"], totals["latency_p95"] = percentiles(generated, F("latency_ms"), (0.5, 0.95), alias=alias)
    return totals


def _generation_series(versions: QuerySet, window: Window) -> list[dict[str, Any]]:
    """Versions and tokens of every bucket of the window (zero where nothing was generated)."""
    by_bucket = {
        _bucket_date(row["bucket"], window.tz): row
        for row in versions.annotate(bucket=_bucket_of(window, "created_at"))
        .values("bucket")
        .annotate(versions=Count("*"), tokens=Sum("total_tokens"))
        .order_by("bucket")
    }
    return [
        {
            "date": bucket,
            "versions": by_bucket[bucket]["versions"] if bucket in by_bucket else 0,
            "tokens": (by_bucket[bucket]["tokens"] or 0) if bucket in by_bucket else 0,
        }
        for bucket in _buckets(window)
    ]


def _generation_failures(window: Window, *, alias: str) -> dict[str, int]:
    """Generations that saved no version (``GenerationFailure``): all, timeouts, refusals."""
    return _in_window(GenerationFailure.objects.using(alias), window).aggregate(
        total=Count("*"),
        timeouts=Count("id", filter=Q(outcome=FailureOutcome.TIMEOUT)),
        refusals=Count("id", filter=Q(outcome=FailureOutcome.REFUSED)),
    )


def _generation_by_model(generated: QuerySet) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per (provider, model) and per provider, most tokens first. One scan for both: every (provider,
    model) group (a handful: the models the providers are configured with), summed per provider here."""
    by_model = [
        {"provider": row["provider"], "model": row["model"], **_counts(row)}
        for row in generated.values("provider", "model")
        .annotate(versions=Count("*"), tokens=Sum("total_tokens"))
        .order_by("-tokens", "provider", "model")
    ]
    providers: dict[str, dict[str, int]] = defaultdict(lambda: {"versions": 0, "tokens": 0})
    for row in by_model:
        providers[row["provider"]]["versions"] += row["versions"]
        providers[row["provider"]]["tokens"] += row["tokens"]
    by_provider = [
        {"provider": provider, **counts}
        for provider, counts in sorted(providers.items(), key=lambda item: (-item[1]["tokens"], item[0]))
    ]
    return by_model, by_provider


def _generation_by_member(versions: QuerySet, *, alias: str) -> list[dict[str, Any]]:
    """Per member, most tokens first: from the index alone (no join), then the members' emails in one
    small query."""
    members = list(versions.values("created_by").annotate(versions=Count("*"), tokens=Sum("total_tokens")).order_by())
    emails = dict(
        User.objects.using(alias)
        .filter(pk__in=[row["created_by"] for row in members if row["created_by"] is not None])
        .values_list("pk", "email")
    )
    return sorted(
        ({"user_id": row["created_by"], "email": emails.get(row["created_by"], ""), **_counts(row)} for row in members),
        key=lambda row: (-row["tokens"], row["email"]),
    )


def _counts(row: dict[str, Any]) -> dict[str, int]:
    return {"versions": row["versions"], "tokens": row["tokens"] or 0}


# --------------------------------------------------------------------------- publishing

STATUSES = tuple(PostStatus.values)


def _status_counts(counts: dict[str, int]) -> dict[str, int]:
    return {"scheduled": sum(counts.values()), **{status: counts.get(status, 0) for status in STATUSES}}


def publishing_report(window: Window, *, alias: str) -> dict[str, Any]:
    """Posts whose ``scheduled_at`` falls in the window, by status, platform and bucket."""
    posts = ScheduledPost.objects.using(alias).filter(
        organization_id=window.organization_id, scheduled_at__gte=window.start, scheduled_at__lt=window.end
    )
    if window.workspace_id is not None:
        posts = posts.filter(content__workspace_id=window.workspace_id)
    # One scan: counts per (bucket, platform, status) — at most 366 x platforms x statuses rows —
    # summed here per platform, per bucket and in total.
    platforms: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    buckets: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        posts.annotate(bucket=_bucket_of(window, "scheduled_at"))
        .values("bucket", "platform", "status")
        .annotate(n=Count("*"))
        .order_by()
    ):
        platforms[row["platform"]][row["status"]] += row["n"]
        buckets[_bucket_date(row["bucket"], window.tz)][row["status"]] += row["n"]
        totals[row["status"]] += row["n"]
    published = posts.filter(status=PostStatus.PUBLISHED, published_at__isnull=False)
    delay = ExpressionWrapper(F("published_at") - F("scheduled_at"), output_field=DurationField())
    p50, p95 = percentiles(published, delay, (0.5, 0.95), alias=alias)
    reasons = (
        posts.filter(status=PostStatus.FAILED)
        .values("last_error")
        .annotate(count=Count("*"))
        .order_by("-count", "last_error")[:TOP_REASONS]
    )
    return {
        **_status_counts(totals),
        "delay_seconds_p50": p50,
        "delay_seconds_p95": p95,
        "by_platform": [
            {"platform": platform, **_status_counts(counts)} for platform, counts in sorted(platforms.items())
        ],
        "failure_reasons": [
            {"reason": (row["last_error"] or "")[:REASON_MAX_CHARS], "count": row["count"]} for row in reasons
        ],
        "series": [{"date": bucket, **_status_counts(buckets.get(bucket, {}))} for bucket in _buckets(window)],
    }


# --------------------------------------------------------------------------- quota


def quota_report(window: Window, *, alias: str) -> dict[str, Any]:
    """The current billing period (the window's start/end are not used): tokens and posts used per
    day, and the day each quota runs out at the period's pace so far (null: unlimited, no use yet,
    or not before the period ends). The ledger (what the quota checks use) is read on the primary."""
    ledger = subscription_period_usage(
        subscription=subscription_for_organization(organization_id=window.organization_id)
    )
    now = timezone.now()
    tz = window.tz
    first_day = ledger.period_start.astimezone(tz).date()
    last_day = (ledger.period_end - timedelta(microseconds=1)).astimezone(tz).date()
    first_day = max(first_day, last_day - timedelta(days=MAX_DAYS - 1))
    period = Window(window.organization_id, window.workspace_id, first_day, last_day, tz, "day")
    versions = ContentVersion.objects.using(alias).filter(
        organization_id=window.organization_id,
        created_at__gte=ledger.period_start,
        created_at__lt=ledger.period_end,
    )
    contents = Content.objects.using(alias).filter(
        organization_id=window.organization_id,
        created_at__gte=ledger.period_start,
        created_at__lt=ledger.period_end,
    )
    if window.workspace_id is not None:
        versions = versions.filter(workspace_id=window.workspace_id)
        contents = contents.filter(workspace_id=window.workspace_id)
    tokens = {
        _bucket_date(row["bucket"], tz): row["tokens"] or 0
        for row in versions.annotate(bucket=_bucket_of(period, "created_at"))
        .values("bucket")
        .annotate(tokens=Sum("total_tokens"))
        .order_by()
    }
    posts = {
        _bucket_date(row["bucket"], tz): row["posts"]
        for row in contents.annotate(bucket=_bucket_of(period, "created_at"))
        .values("bucket")
        .annotate(posts=Count("*"))
        .order_by()
    }
    elapsed_days = max((min(now, ledger.period_end) - ledger.period_start).total_seconds() / 86400, 1 / 24)

    def runs_out(limit: int | None, used: int) -> date | None:
        if limit is None:
            return None
        remaining = limit - used
        if remaining <= 0:
            return now.astimezone(tz).date()
        pace = used / elapsed_days
        if pace <= 0:
            return None
        days = remaining / pace
        if days >= (ledger.period_end - now).total_seconds() / 86400:
            return None  # not before the period ends (and no date arithmetic overflow)
        return (now + timedelta(days=days)).astimezone(tz).date()

    tokens_used = ledger.tokens_used + ledger.tokens_reserved
    posts_used = ledger.posts_used + ledger.posts_reserved
    return {
        "plan": ledger.plan.slug,
        "period_start": ledger.period_start,
        "period_end": ledger.period_end,
        "tokens_used": ledger.tokens_used,
        "tokens_reserved": ledger.tokens_reserved,
        "tokens_limit": ledger.plan.monthly_token_limit,
        "posts_used": ledger.posts_used,
        "posts_limit": ledger.plan.monthly_post_limit,
        "tokens_per_day": round(ledger.tokens_used / elapsed_days, 3),
        "posts_per_day": round(ledger.posts_used / elapsed_days, 3),
        "tokens_run_out_on": runs_out(ledger.plan.monthly_token_limit, tokens_used),
        "posts_run_out_on": runs_out(ledger.plan.monthly_post_limit, posts_used),
        "series": [{"date": day, "tokens": tokens.get(day, 0), "posts": posts.get(day, 0)} for day in _buckets(period)],
    }
