"""The content review and lifecycle events reach the domain events: an approval is delivered to the
endpoints that want ``content.approved`` and, like a deletion, written to the audit log."""

import pytest

from apps.audit.models import AuditEntry
from apps.organizations.models import OrganizationMember, Role
from apps.webhooks.delivery import endpoint_deliver
from tests.factories import ContentFactory
from tests.support.clients import client_for
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db


def test_an_approval_is_delivered_as_content_approved_and_audited_with_its_reviewer(
    user, make_user, org, receiver, webhook_settings
):
    editor = make_user(email="editor@example.com")
    OrganizationMember.objects.create(organization=org, user=editor, role=Role.EDITOR)
    content = ContentFactory(organization=org, created_by=editor, versions=("v1 text",))
    endpoint = make_endpoint(org, url=receiver.url, event_types=["content.approved"])

    submitted = client_for(editor).post(f"/api/v1/content/{content.pk}/submit/", {}, format="json")
    approved = client_for(user).post(
        f"/api/v1/content/{content.pk}/approve/", {"comment": "ship it", "version": 1}, format="json"
    )
    endpoint_deliver(endpoint_id=endpoint.pk)

    assert (submitted.status_code, approved.status_code) == (201, 201)
    # Only the approval is offered to the endpoint; the submission is not a webhook event.
    [request] = receiver.requests
    assert request["json"]["type"] == "content.approved"
    assert request["json"]["data"] == {"version": 1, "comment": "ship it"}
    entry = AuditEntry.objects.get(action="content.approved")
    assert (entry.organization_id, entry.target_type, entry.target_id) == (org.pk, "content", str(content.pk))
    assert entry.actor_user_id == user.pk
    assert AuditEntry.objects.filter(action="content.submitted", actor_user_id=editor.pk).count() == 1


def test_a_content_deletion_is_audited_and_a_refused_one_is_not(user, make_user, org):
    viewer = make_user(email="viewer@example.com")
    OrganizationMember.objects.create(organization=org, user=viewer, role=Role.VIEWER)
    content = ContentFactory(organization=org, created_by=user, versions=("v1 text",))

    refused = client_for(viewer).delete(f"/api/v1/content/{content.pk}/")
    deleted = client_for(user).delete(f"/api/v1/content/{content.pk}/")

    assert (refused.status_code, deleted.status_code) == (403, 204)
    [entry] = AuditEntry.objects.filter(action="content.deleted")
    assert (entry.target_id, entry.actor_user_id) == (str(content.pk), user.pk)
