"""The analytics endpoints on whatever database the tests run (SQLite or PostgreSQL), no replica:
the primary answers (``source`` "primary")."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from apps.analytics import replicas
from apps.analytics.routers import PrimaryRouter
from apps.content.models import ContentVersion, GenerationFailure
from apps.organizations.models import OrganizationMember
from apps.scheduling.models import ScheduledPost
from apps.subscriptions.models import UsagePeriod
from apps.subscriptions.selectors import subscription_for_organization, subscription_period_usage
from tests.factories import ContentFactory, OrganizationFactory, ScheduledPostFactory, set_quota
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

GENERATION = reverse("analytics:generation")
PUBLISHING = reverse("analytics:publishing")
QUOTA = reverse("analytics:quota")


def _versions(org, user, latencies, *, fallback=(), created_at=None):
    content = ContentFactory(organization=org, created_by=user, versions=[f"v{i}" for i in range(len(latencies))])
    for number, (version, latency) in enumerate(zip(content.versions.order_by("version"), latencies, strict=True)):
        fields = {"latency_ms": latency, "total_tokens": 100, "model": "offline-template-v1"}
        if number in fallback:
            fields["parameters"] = {"fallback_used": True, "requested_provider": "openai"}
        if created_at is not None:
            fields["created_at"] = created_at
        ContentVersion.objects.filter(pk=version.pk).update(**fields)
    return content


def test_generation_counts_tokens_shares_and_latency_percentiles(auth_client, org, user):
    _versions(org, user, [100, 200, 300, 400], fallback={1})
    response = auth_client.get(GENERATION, {"organization_id": str(org.pk)})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["source"] == "primary"
    assert datetime.fromisoformat(data["as_of"]) <= timezone.now()
    assert (data["versions"], data["generated_versions"], data["tokens"]) == (4, 4, 400)
    assert data["fallback_share"] == 0.25
    assert (data["failed_generations"], data["timeout_share"], data["refusal_share"]) == (0, 0.0, 0.0)
    # percentile_cont: linear interpolation between the closest ranks.
    assert data["latency_ms_p50"] == pytest.approx(250)
    assert data["latency_ms_p95"] == pytest.approx(385)
    assert data["by_provider"] == [{"provider": "offline", "versions": 4, "tokens": 400}]
    assert data["by_model"][0]["model"] == "offline-template-v1"
    assert data["by_member"] == [{"user_id": str(user.pk), "email": user.email, "versions": 4, "tokens": 400}]
    assert data["by_workspace"][0]["tokens"] == 400
    assert len(data["series"]) == 30
    assert data["series"][-1] == {"date": timezone.now().date().isoformat(), "versions": 4, "tokens": 400}


def test_generation_timeout_and_refusal_shares_count_failed_generations_among_attempts(auth_client, org, user):
    _versions(org, user, [100, 200, 300, 400, 500, 600])  # 6 generated versions
    failure = {"organization": org, "workspace": org.workspaces.first(), "created_by": user, "provider": "openai"}
    GenerationFailure.objects.create(**failure, outcome="timeout", error_code="ai_timeout")
    GenerationFailure.objects.create(**failure, outcome="refused", error_code="ai_content_refused")
    GenerationFailure.objects.create(**failure, outcome="error", error_code="ai_provider_error")
    old = GenerationFailure.objects.create(**failure, outcome="timeout", error_code="ai_timeout")
    GenerationFailure.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))  # outside
    # another organization's failures never count
    GenerationFailure.objects.create(organization=OrganizationFactory(), provider="openai", outcome="timeout")

    data = auth_client.get(GENERATION, {"organization_id": str(org.pk)}).json()

    assert data["failed_generations"] == 3
    assert (data["timeout_share"], data["refusal_share"]) == (round(1 / 9, 4), round(1 / 9, 4))
    assert data["generated_versions"] == 6 and data["fallback_share"] == 0.0  # versions only


def test_generation_empty_range_has_null_percentiles(auth_client, org):
    data = auth_client.get(GENERATION, {"organization_id": str(org.pk)}).json()
    assert (data["versions"], data["latency_ms_p50"], data["fallback_share"]) == (0, None, None)


def test_days_are_cut_in_the_requested_time_zone(auth_client, org, user):
    late = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)  # already March 10 in Paris
    _versions(org, user, [10], created_at=late)
    query = {"organization_id": str(org.pk), "start": "2026-03-09", "end": "2026-03-10"}
    utc = auth_client.get(GENERATION, query).json()["series"]
    paris = auth_client.get(GENERATION, {**query, "tz": "Europe/Paris"}).json()["series"]
    assert [b["versions"] for b in utc] == [1, 0]
    assert [b["versions"] for b in paris] == [0, 1]


def test_week_granularity_buckets_by_monday(auth_client, org, user):
    _versions(org, user, [10, 20], created_at=datetime(2026, 3, 11, 12, tzinfo=UTC))  # a Wednesday
    query = {"organization_id": str(org.pk), "start": "2026-03-01", "end": "2026-03-31", "granularity": "week"}
    series = auth_client.get(GENERATION, query).json()["series"]
    assert [b["date"] for b in series] == [
        "2026-02-23",
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
        "2026-03-23",
        "2026-03-30",
    ]
    assert [b["versions"] for b in series] == [0, 0, 2, 0, 0, 0]


def test_a_year_is_the_largest_range_and_the_series_stays_bounded(auth_client, org):
    ok = auth_client.get(GENERATION, {"organization_id": str(org.pk), "start": "2025-01-01", "end": "2025-12-31"})
    assert ok.status_code == 200 and len(ok.json()["series"]) == 365
    leap = auth_client.get(GENERATION, {"organization_id": str(org.pk), "start": "2024-01-01", "end": "2024-12-31"})
    assert leap.status_code == 200 and len(leap.json()["series"]) == 366
    too_long = auth_client.get(GENERATION, {"organization_id": str(org.pk), "start": "2025-01-01", "end": "2026-01-02"})
    assert too_long.status_code == 400
    assert too_long.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(
    "query",
    [
        {"tz": "Mars/Olympus_Mons"},
        {"tz": "../../etc/passwd"},
        {"granularity": "month"},
        {"start": "2026-03-10", "end": "2026-03-01"},
        {"start": "0001-01-01"},
        {"end": "9999-12-31"},
        {"start": "not-a-date"},
    ],
)
def test_invalid_filters_are_a_400(auth_client, org, query):
    response = auth_client.get(GENERATION, {"organization_id": str(org.pk), **query})
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("url", [GENERATION, PUBLISHING, QUOTA])
def test_strangers_get_a_404(url, make_user, org, user):
    stranger = make_user(email="stranger@example.com")
    response = client_for(stranger).get(url, {"organization_id": str(org.pk)})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("url", [GENERATION, PUBLISHING, QUOTA])
def test_a_viewer_reads_it(url, make_user, org, user):
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role="viewer")
    assert client_for(viewer).get(url, {"organization_id": str(org.pk)}).status_code == 200


def test_workspace_filter(auth_client, org, user, make_user):
    other = make_user(email="other@example.com")
    foreign_workspace = OrganizationMember.objects.get(user=other).organization.workspaces.get()
    _versions(org, user, [10])
    own = org.workspaces.get()
    data = auth_client.get(GENERATION, {"organization_id": str(org.pk), "workspace_id": str(own.pk)}).json()
    assert data["versions"] == 1 and data["workspace_id"] == str(own.pk)
    foreign = auth_client.get(GENERATION, {"organization_id": str(org.pk), "workspace_id": str(foreign_workspace.pk)})
    assert foreign.status_code == 404


def test_publishing_counts_delays_and_failure_reasons(auth_client, org, user):
    content = ContentFactory(organization=org, created_by=user)
    now = timezone.now()
    due = now - timedelta(hours=2)
    for delay in (10, 20, 30):
        ScheduledPostFactory(
            content=content, scheduled_at=due, status="published", published_at=due + timedelta(seconds=delay)
        )
    ScheduledPostFactory(content=content, scheduled_at=due, status="failed", last_error="token expired")
    ScheduledPostFactory(content=content, scheduled_at=due, status="failed", last_error="token expired")
    ScheduledPostFactory(content=content, scheduled_at=due, status="cancelled")
    ScheduledPostFactory(content=content, scheduled_at=now + timedelta(days=400))  # outside the range
    data = auth_client.get(PUBLISHING, {"organization_id": str(org.pk)}).json()
    assert (data["scheduled"], data["published"], data["failed"], data["cancelled"], data["pending"]) == (6, 3, 2, 1, 0)
    assert data["delay_seconds_p50"] == pytest.approx(20)
    assert data["delay_seconds_p95"] == pytest.approx(29)
    assert data["failure_reasons"] == [{"reason": "token expired", "count": 2}]
    assert data["by_platform"] == [
        {"platform": "twitter", "scheduled": 6, "pending": 0, "queued": 0, "published": 3, "failed": 2, "cancelled": 1}
    ]
    today = [b for b in data["series"] if b["date"] == due.date().isoformat()]
    assert today[0]["scheduled"] == 6
    assert ScheduledPost.objects.count() == 7


def _ledger(org, *, tokens=0, posts=0):
    usage = subscription_period_usage(subscription=subscription_for_organization(organization_id=org.pk))
    UsagePeriod.objects.update_or_create(
        organization=org,
        period_start=usage.period_start,
        defaults={"period_end": usage.period_end, "tokens_used": tokens, "posts_used": posts},
    )
    return usage


def test_quota_series_and_projection(auth_client, org, user):
    set_quota(org, tokens=1000, posts=None)
    _versions(org, user, [10, 10])
    usage = _ledger(org, tokens=1000, posts=1)
    data = auth_client.get(QUOTA, {"organization_id": str(org.pk)}).json()
    assert (data["tokens_limit"], data["tokens_used"], data["posts_limit"]) == (1000, 1000, None)
    assert data["tokens_run_out_on"] == timezone.now().date().isoformat()  # already used up
    assert data["posts_run_out_on"] is None  # unlimited
    days = (usage.period_end - usage.period_start).days
    assert len(data["series"]) == days
    today = next(b for b in data["series"] if b["date"] == timezone.now().date().isoformat())
    assert (today["tokens"], today["posts"]) == (200, 1)


def test_quota_projection_at_the_current_pace(auth_client, org):
    set_quota(org, tokens=10**9, posts=None)
    usage = _ledger(org, tokens=10)
    data = auth_client.get(QUOTA, {"organization_id": str(org.pk)}).json()
    assert data["tokens_run_out_on"] is None  # a billion tokens at this pace: not this period
    set_quota(org, tokens=11, posts=None)
    _ledger(org, tokens=10)
    data = auth_client.get(QUOTA, {"organization_id": str(org.pk)}).json()
    elapsed = (timezone.now() - usage.period_start).total_seconds()
    if elapsed * 1.1 < (usage.period_end - usage.period_start).total_seconds():
        assert data["tokens_run_out_on"] is not None
        assert date.fromisoformat(data["tokens_run_out_on"]) <= usage.period_end.date()


# --------------------------------------------------------------------------- routing without a replica


def test_without_a_replica_everything_is_on_the_primary(settings):
    assert replicas.replica_aliases() == [a for a in settings.DATABASES if a.startswith("replica_")]
    router = PrimaryRouter()
    assert router.db_for_read(ContentVersion) == "default"
    assert router.db_for_write(ContentVersion) == "default"
    assert router.allow_migrate("replica_1", "content") is False
    assert router.allow_migrate("default", "content") is True


def test_a_replica_failing_midway_falls_back_to_the_primary(monkeypatch):
    monkeypatch.setattr(replicas, "replica_alias", lambda: "replica_9")
    monkeypatch.setattr(replicas, "connections", {"replica_9": type("C", (), {"close": lambda self: None})()})
    calls = []

    def read(alias):
        calls.append(alias)
        if alias == "replica_9":
            raise DatabaseError("connection lost")
        return {"ok": True}

    assert replicas.analytics_read(read) == ({"ok": True}, "default")
    assert calls == ["replica_9", "default"]
    assert replicas._states["replica_9"].up is False
    replicas.replica_state_reset()


def test_health_ready_lists_the_replicas(client):
    body = client.get("/health/ready").json()
    assert body["status"] == "ok"
    if replicas.replica_aliases():
        assert [r["alias"] for r in body["replicas"]] == replicas.replica_aliases()
    else:
        assert "replicas" not in body
