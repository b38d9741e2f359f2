"""The seed's plans exist after `migrate` and `loaddata fixtures/plans.json` is idempotent (issue 4)."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.subscriptions.models import Plan

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "plans.json"
FIELDS = [
    "slug",
    "price_cents",
    "monthly_token_limit",
    "monthly_post_limit",
    "workspace_limit",
    "member_limit",
    "requests_per_minute",
    "generations_per_minute",
]
# The seed's table (price, tokens, posts, workspaces, members); None = unlimited.
SEED = {
    "free": (0, 100, 5, 1, 1),
    "pro": (2900, 5000, 100, 3, 1),
    "team": (9900, 20000, None, 10, 10),
}


def _plans() -> list[dict]:
    return list(Plan.objects.order_by("slug").values("pk", *FIELDS))


def test_plans_exist_after_migrate_with_the_seed_figures():
    plans = {p.slug: p for p in Plan.objects.all()}

    assert set(plans) == set(SEED)
    for slug, (price, tokens, posts, workspaces, members) in SEED.items():
        plan = plans[slug]
        assert (
            plan.price_cents,
            plan.monthly_token_limit,
            plan.monthly_post_limit,
            plan.workspace_limit,
            plan.member_limit,
        ) == (price, tokens, posts, workspaces, members)
        assert plan.requests_per_minute > 0 and plan.generations_per_minute > 0
    assert plans["free"].requests_per_minute < plans["pro"].requests_per_minute < plans["team"].requests_per_minute


def test_loaddata_plans_fixture_is_idempotent_over_migrated_plans():
    before = _plans()

    call_command("loaddata", str(FIXTURE), verbosity=0)
    call_command("loaddata", str(FIXTURE), verbosity=0)

    assert _plans() == before


def test_loaddata_plans_fixture_creates_the_plans_on_an_empty_table():
    Plan.objects.all().delete()

    call_command("loaddata", str(FIXTURE), verbosity=0)
    first = _plans()
    call_command("loaddata", str(FIXTURE), verbosity=0)

    assert [p["slug"] for p in first] == ["free", "pro", "team"]
    assert _plans() == first
    assert Plan.objects.get(slug="team").monthly_post_limit is None


def test_fixture_and_data_migration_agree():
    from apps.subscriptions.plans_data import PLANS

    fixture = {row["fields"]["slug"]: row["fields"] for row in json.loads(FIXTURE.read_text())}
    for data in PLANS:
        for field, value in data.items():
            assert fixture[data["slug"]][field] == value, (data["slug"], field)
