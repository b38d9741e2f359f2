"""One Free allowance per account (issue 12 item 2): creating organizations does not multiply it.

Rule (docs/billing.md): the Free plan's monthly tokens and posts go to personal organizations only
(one per user, created at registration). Any other organization on Free can be created, set up and
upgraded, but gets no monthly allowance until it pays.
"""

import pytest

from apps.organizations.models import Organization
from apps.subscriptions.models import Plan, UsagePeriod
from tests.factories import put_on_plan
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently
from tests.support.subscriptions import url

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organizations/"
GENERATE = "/api/v1/content/generate/"


def _generate(client, organization_id):
    body = {"platform": "twitter", "tone": "casual", "prompt": "Launch day", "organization_id": str(organization_id)}
    return client.post(GENERATE, body, format="json")


def _spent(organization_id) -> tuple[int, int, int, int]:
    period = UsagePeriod.objects.filter(organization_id=organization_id).first()
    if period is None:
        return (0, 0, 0, 0)
    return (period.tokens_used, period.tokens_reserved, period.posts_used, period.posts_reserved)


def test_free_allowance_a_created_organization_gets_none_the_personal_one_keeps_it(owner, organization):
    client = client_for(owner)
    created = client.post(ORGS, {"name": "Side project"}, format="json")
    assert created.status_code == 201, created.content
    side_id = created.json()["id"]

    refused = _generate(client, side_id)
    personal = _generate(client, organization.pk)

    assert refused.status_code == 402
    error = refused.json()["error"]
    assert error["code"] == "quota_exceeded"
    assert (error["details"]["limit"], error["details"]["used"], error["details"]["reserved"]) == (0, 0, 0)
    assert "personal organization" in error["message"] and "create-checkout-session" in error["message"]
    assert _spent(side_id) == (0, 0, 0, 0)  # nothing spent
    assert personal.status_code == 201, personal.content
    usage = client.get(url("detail"), {"organization_id": side_id}).json()["usage"]
    assert (usage["tokens"]["limit"], usage["posts"]["limit"]) == (0, 0)  # what the 402 says, readable beforehand


def test_free_allowance_an_organization_created_to_upgrade_can_check_out_and_generate(fake_stripe, owner):
    client = client_for(owner)
    side_id = client.post(ORGS, {"name": "Agency"}, format="json").json()["id"]

    checkout = client.post(url("checkout-session"), {"organization_id": side_id, "plan": "pro"}, format="json")
    put_on_plan(Organization.objects.get(pk=side_id), "pro", sub="sub_agency")  # what the webhook then does

    assert checkout.status_code == 200, checkout.content
    generated = _generate(client, side_id)
    assert generated.status_code == 201, generated.content


def test_free_allowance_a_lapsed_non_personal_organization_falls_back_to_no_allowance(owner):
    client = client_for(owner)
    side_id = client.post(ORGS, {"name": "Was paying"}, format="json").json()["id"]
    put_on_plan(Organization.objects.get(pk=side_id), "pro", status="canceled", sub="sub_gone")

    body = client.get(url("detail"), {"organization_id": side_id}).json()

    assert (body["effective_plan"], body["usage"]["tokens"]["limit"]) == ("free", 0)
    assert _generate(client, side_id).status_code == 402


def test_free_allowance_bad_organization_input_creates_nothing(owner):
    client = client_for(owner)
    before = Organization.objects.count()

    blank = client.post(ORGS, {"name": "   "}, format="json")
    foreign = _generate(client, "00000000-0000-0000-0000-000000000000")

    assert blank.status_code == 400 and blank.json()["error"]["code"] == "validation_error"
    assert foreign.status_code == 404 and foreign.json()["error"]["code"] == "not_found"
    assert Organization.objects.count() == before
    assert not UsagePeriod.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_free_allowance_15_concurrent_organizations_do_not_multiply_it(make_user):
    """Issue 12 item 2: one user creates 15 organizations in a burst and generates in each (and in the
    personal one): only the personal organization's 100 tokens are spent."""
    Plan.objects.filter(slug="free").update(requests_per_minute=1000, generations_per_minute=1000)
    user = make_user(email="burst@example.com")
    personal = user.memberships.get().organization
    clients = [client_for(user) for _ in range(16)]

    created = run_concurrently(lambda i: clients[i].post(ORGS, {"name": f"Burst {i}"}, format="json"), 15)

    assert [r.status_code for r in created] == [201] * 15, [r.content[:200] for r in created]
    targets = [r.json()["id"] for r in created] + [str(personal.pk)]
    generated = run_concurrently(lambda i: _generate(clients[i], targets[i]), 16)

    statuses = {target: response.status_code for target, response in zip(targets, generated, strict=True)}
    assert statuses.pop(str(personal.pk)) == 201
    assert set(statuses.values()) == {402}, statuses
    periods = UsagePeriod.objects.filter(organization__members__user=user)
    assert sum(p.tokens_used for p in periods) == _spent(personal.pk)[0]
    assert sum(p.posts_used for p in periods) == 1
    assert all(p.tokens_reserved == 0 for p in periods)
