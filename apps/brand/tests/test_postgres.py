"""Real concurrency on PostgreSQL: brand voice revisions are numbered once each."""

import pytest

from apps.brand.models import BrandVoice, BrandVoiceRevision
from apps.organizations.models import OrganizationMember
from apps.organizations.selectors import workspace_default
from tests.support.clients import client_for
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_concurrent_brand_voice_changes_get_distinct_consecutive_revisions(make_user):
    owner = make_user(email="owner@example.com")
    workspace = workspace_default(organization_id=OrganizationMember.objects.get(user=owner).organization_id)
    url = f"/api/v1/brand/workspaces/{workspace.pk}/voice/"
    clients = [client_for(owner) for _ in range(8)]

    responses = run_concurrently(lambda i: clients[i].put(url, {"description": f"voice {i}"}, format="json"), 8)

    assert [r.status_code for r in responses] == [200] * 8
    revisions = sorted(BrandVoiceRevision.objects.values_list("revision", flat=True))
    assert revisions == list(range(1, 9))
    voice = BrandVoice.objects.get(workspace=workspace)
    latest = BrandVoiceRevision.objects.get(revision=8)
    assert voice.revision == 8 and voice.description == latest.description
