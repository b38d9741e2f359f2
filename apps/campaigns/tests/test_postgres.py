"""Real concurrency on PostgreSQL: campaigns near the quota limit are admitted all or nothing."""

import pytest

from apps.campaigns.models import Campaign, CampaignVariant
from apps.content.models import Content
from apps.content.providers.offline import offline_count
from apps.content.services import output_cap_for_platform
from apps.subscriptions.models import ReservationStatus, UsageReservation
from tests.factories import set_quota
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.usage import ledger

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

URL = "/api/v1/campaigns/"


def _payload(org, platforms):
    return {"platforms": platforms, "tone": "casual", "prompt": "Widget 2 is out", "organization_id": str(org.pk)}


def test_concurrent_campaigns_never_cross_the_post_limit(owner, org, ai_settings):
    set_quota(org, tokens=None, posts=5)  # room for two campaigns of two variants, not three
    clients = [client_for(owner) for _ in range(8)]

    responses = run_concurrently(
        lambda i: clients[i].post(URL, _payload(org, ["twitter", "threads"]), format="json"), 8
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 2 + [402] * 6, statuses
    period = ledger(org)
    assert (period.posts_used, period.posts_reserved) == (4, 0)  # never above 5; the fifth post was not split
    assert Campaign.objects.count() == 2 and Content.objects.count() == 4
    assert CampaignVariant.objects.filter(status="generated").count() == 4


def test_concurrent_campaigns_near_the_token_limit_cross_it_by_at_most_one_campaign(owner, org, ai_settings):
    # Offline: a twitter+threads campaign reserves (estimate + 296) + (estimate + 516) tokens.
    set_quota(org, tokens=1500, posts=None)
    clients = [client_for(owner) for _ in range(10)]

    responses = run_concurrently(
        lambda i: clients[i].post(URL, _payload(org, ["twitter", "threads"]), format="json"), 10
    )

    created = [r for r in responses if r.status_code == 201]
    assert {r.status_code for r in responses} <= {201, 402} and created
    estimate = offline_count("Widget 2 is out")
    one_campaign = 2 * estimate + output_cap_for_platform("twitter") + output_cap_for_platform("threads")
    assert UsageReservation.objects.filter(tokens__gt=0).count() == 2 * len(created)
    period = ledger(org)
    # Admitted while used + reserved < limit: the last one admitted crosses by at most its whole reservation.
    assert period.tokens_used + period.tokens_reserved < 1500 + one_campaign
    assert period.tokens_reserved == 0
    assert UsageReservation.objects.filter(status=ReservationStatus.HELD).count() == 0
    assert Content.objects.count() == 2 * len(created)
