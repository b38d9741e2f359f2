"""Approvals: draft → in_review → approved | changes_requested, who may do what, one version per
approval, the review history, and scheduling gated by the workspace's requires_approval."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.content import transitions
from apps.content.models import Content, ContentReview, ReviewState
from apps.content.services import content_approve, content_edit, content_submit
from apps.organizations.models import OrganizationMember, Role
from apps.scheduling.models import ScheduledPost
from tests.factories import ContentFactory
from tests.support.clients import client_for

SCHEDULE = "/api/v1/scheduling/schedule/"


def url(content, action: str) -> str:
    return f"/api/v1/content/{content.pk}/{action}/"


@pytest.fixture
def team(make_user):
    """An organization with an owner, an admin, an editor and a viewer, and a content by the editor."""
    owner = make_user(email="owner@example.com")
    organization = OrganizationMember.objects.get(user=owner).organization
    members = {"owner": owner}
    for role in (Role.ADMIN, Role.EDITOR, Role.VIEWER):
        member = make_user(email=f"{role}@example.com")
        OrganizationMember.objects.create(organization=organization, user=member, role=role)
        members[role] = member
    content = ContentFactory(organization=organization, created_by=members["editor"], versions=("v1 text", "v2 text"))
    return organization, members, content


def _state(content) -> tuple[str, int | None]:
    content.refresh_from_db()
    return content.review_state, content.review_version


@pytest.mark.django_db
def test_content_review_submit_then_approve_records_who_when_and_version(team):
    organization, members, content = team
    editor, admin = client_for(members["editor"]), client_for(members["admin"])

    submitted = editor.post(url(content, "submit"), {"comment": "ready"}, format="json")
    approved = admin.post(url(content, "approve"), {"comment": "ship it", "version": 2}, format="json")

    assert submitted.status_code == 201, submitted.json()
    assert (submitted.json()["from_state"], submitted.json()["to_state"]) == ("draft", "in_review")
    assert approved.status_code == 201, approved.json()
    body = approved.json()
    assert (body["action"], body["to_state"], body["version"], body["comment"]) == ("approve", "approved", 2, "ship it")
    assert body["actor"] == str(members["admin"].pk)
    content.refresh_from_db()
    assert (content.review_state, content.review_version) == ("approved", 2)
    assert content.review_updated_by == members["admin"]
    assert timezone.now() - content.review_updated_at < timedelta(seconds=30)
    detail = editor.get(f"/api/v1/content/{content.pk}/").json()
    assert (detail["review_state"], detail["review_version"]) == ("approved", 2)


@pytest.mark.django_db
def test_content_review_request_changes_keeps_the_comment_in_the_history(team):
    _, members, content = team
    editor, owner = client_for(members["editor"]), client_for(members["owner"])
    editor.post(url(content, "submit"), {}, format="json")

    response = owner.post(url(content, "request-changes"), {"comment": "Shorter, please."}, format="json")
    history = client_for(members["viewer"]).get(url(content, "reviews")).json()

    assert response.status_code == 201, response.json()
    assert _state(content) == ("changes_requested", 2)
    assert history["count"] == 2
    assert [(r["action"], r["comment"], r["actor_email"]) for r in history["results"]] == [
        ("submit", "", "editor@example.com"),
        ("request_changes", "Shorter, please.", "owner@example.com"),
    ]


@pytest.mark.django_db
def test_content_review_request_changes_without_a_comment_is_refused_and_changes_nothing(team):
    _, members, content = team
    client_for(members["editor"]).post(url(content, "submit"), {}, format="json")

    for body in ({}, {"comment": "   "}):
        response = client_for(members["admin"]).post(url(content, "request-changes"), body, format="json")
        assert response.status_code == 400, response.json()
        assert "comment" in response.json()["error"]["details"]
    assert _state(content) == ("in_review", 2)
    assert ContentReview.objects.filter(content=content).count() == 1


@pytest.mark.django_db
def test_content_review_resubmit_after_changes_requested(team):
    _, members, content = team
    editor, admin = client_for(members["editor"]), client_for(members["admin"])
    editor.post(url(content, "submit"), {}, format="json")
    admin.post(url(content, "request-changes"), {"comment": "Add a hashtag"}, format="json")
    editor.patch(f"/api/v1/content/{content.pk}/", {"text": "v3 text #launch"}, format="json")

    assert _state(content) == ("changes_requested", 2)  # a new version does not erase the request
    response = editor.post(url(content, "submit"), {}, format="json")

    assert response.status_code == 201
    assert response.json()["from_state"] == "changes_requested"
    assert _state(content) == ("in_review", 3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("viewer", "submit", 403),
        ("editor", "approve", 403),
        ("editor", "request-changes", 403),
        ("viewer", "approve", 403),
    ],
)
def test_content_review_role_too_low_is_403_and_changes_nothing(team, role, action, status):
    _, members, content = team
    if action != "submit":
        content_submit(user=members["editor"], content_id=content.pk)
    before = _state(content)

    response = client_for(members[role]).post(url(content, action), {"comment": "x"}, format="json")

    assert response.status_code == status
    assert response.json()["error"]["code"] == "permission_denied"
    assert _state(content) == before


@pytest.mark.django_db
def test_content_review_approve_of_a_draft_is_409_with_the_state(team):
    _, members, content = team

    response = client_for(members["admin"]).post(url(content, "approve"), {}, format="json")

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "review_transition_conflict"
    assert error["details"]["review_state"] == "draft"
    assert _state(content) == ("draft", None)


@pytest.mark.django_db
def test_content_review_approve_twice_the_second_is_409(team):
    _, members, content = team
    content_submit(user=members["editor"], content_id=content.pk)
    admin = client_for(members["admin"])

    first = admin.post(url(content, "approve"), {}, format="json")
    second = client_for(members["owner"]).post(url(content, "approve"), {}, format="json")

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "review_transition_conflict"
    assert ContentReview.objects.filter(content=content, action="approve").count() == 1


@pytest.mark.django_db
def test_content_review_approve_of_a_version_other_than_the_one_under_review_is_409(team):
    _, members, content = team
    content_submit(user=members["editor"], content_id=content.pk)

    response = client_for(members["admin"]).post(url(content, "approve"), {"version": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "review_version_mismatch"
    assert _state(content) == ("in_review", 2)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["in_review", "approved"])
def test_content_review_a_new_version_sends_the_content_back_to_draft(team, state):
    _, members, content = team
    content_submit(user=members["editor"], content_id=content.pk)
    if state == "approved":
        content_approve(user=members["admin"], content_id=content.pk)

    content_edit(user=members["editor"], content_id=content.pk, text="v3 after the review")

    assert _state(content) == ("draft", None)
    reset = ContentReview.objects.filter(content=content).order_by("-created_at").first()
    assert (reset.action, reset.from_state, reset.to_state, reset.version, reset.actor) == (
        "reset",
        state,
        "draft",
        3,
        members["editor"],
    )


@pytest.mark.django_db
def test_content_review_transitions_are_emitted_as_events_for_other_features(team):
    _, members, content = team
    seen = []

    def listener(**kwargs):
        seen.append((kwargs["content"].review_state, kwargs["actor"], kwargs["version"]))

    transitions.subscribe(transitions.APPROVED, "test_listener", listener)
    try:
        content_submit(user=members["editor"], content_id=content.pk)
        content_approve(user=members["admin"], content_id=content.pk, comment="ok")
    finally:
        transitions._subscribers.remove("test_listener")

    assert seen == [("approved", members["admin"], 2)]


@pytest.mark.django_db
def test_content_review_of_a_trashed_content_is_404(team):
    _, members, content = team
    Content.objects.filter(pk=content.pk).update(deleted_at=timezone.now())

    response = client_for(members["editor"]).post(url(content, "submit"), {}, format="json")

    assert response.status_code == 404


# ---------------------------------------------------------------------------
# Scheduling in a workspace that requires approval
# ---------------------------------------------------------------------------
def _require_approval(organization):
    organization.workspaces.update(requires_approval=True)


def _schedule(client, content, **extra):
    when = (timezone.now() + timedelta(hours=3)).isoformat()
    return client.post(SCHEDULE, {"content_id": str(content.pk), "scheduled_at": when, **extra}, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "in_review", "changes_requested"])
def test_scheduling_unapproved_content_in_a_workspace_requiring_approval_is_409(team, state):
    organization, members, content = team
    _require_approval(organization)
    if state != "draft":
        content_submit(user=members["editor"], content_id=content.pk)
    if state == "changes_requested":
        client_for(members["admin"]).post(url(content, "request-changes"), {"comment": "no"}, format="json")

    response = _schedule(client_for(members["editor"]), content)

    assert response.status_code == 409, response.json()
    error = response.json()["error"]
    assert error["code"] == "content_not_approved"
    assert error["details"]["review_state"] == state
    assert not ScheduledPost.objects.exists()


@pytest.mark.django_db
def test_scheduling_approved_content_pins_the_approved_version(team):
    organization, members, content = team
    _require_approval(organization)
    content_submit(user=members["editor"], content_id=content.pk)
    content_approve(user=members["admin"], content_id=content.pk)

    response = _schedule(client_for(members["editor"]), content)

    assert response.status_code == 201, response.json()
    assert (response.json()["version"], response.json()["text"]) == (2, "v2 text")


@pytest.mark.django_db
def test_scheduling_another_version_than_the_approved_one_is_409(team):
    organization, members, content = team
    _require_approval(organization)
    content_submit(user=members["editor"], content_id=content.pk)
    content_approve(user=members["admin"], content_id=content.pk)

    response = _schedule(client_for(members["editor"]), content, version=1)

    assert response.status_code == 409
    assert response.json()["error"]["details"]["approved_version"] == 2
    assert not ScheduledPost.objects.exists()


@pytest.mark.django_db
def test_scheduling_after_a_new_version_of_approved_content_is_409_until_approved_again(team):
    organization, members, content = team
    _require_approval(organization)
    content_submit(user=members["editor"], content_id=content.pk)
    content_approve(user=members["admin"], content_id=content.pk)
    content_edit(user=members["editor"], content_id=content.pk, text="v3 unreviewed")

    response = _schedule(client_for(members["editor"]), content)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "content_not_approved"


@pytest.mark.django_db
def test_scheduling_without_approval_setting_ignores_the_review_state(team):
    _, members, content = team

    response = _schedule(client_for(members["editor"]), content)

    assert response.status_code == 201, response.json()


@pytest.mark.django_db
def test_workspace_requires_approval_is_set_by_an_admin_not_by_an_editor(team):
    organization, members, _ = team
    workspace = organization.workspaces.get()
    path = f"/api/v1/organizations/workspaces/{workspace.pk}/"

    refused = client_for(members["editor"]).patch(path, {"requires_approval": True}, format="json")
    accepted = client_for(members["admin"]).patch(path, {"requires_approval": True}, format="json")

    assert refused.status_code == 403
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["requires_approval"] is True
    workspace.refresh_from_db()
    assert workspace.requires_approval is True


@pytest.mark.django_db
def test_content_list_filters_by_review_state(team):
    organization, members, content = team
    other = ContentFactory(organization=organization, created_by=members["editor"])
    content_submit(user=members["editor"], content_id=content.pk)

    viewer, org_id = client_for(members["viewer"]), str(organization.pk)
    in_review = viewer.get("/api/v1/content/", {"organization_id": org_id, "review_state": "in_review"}).json()
    draft = viewer.get("/api/v1/content/", {"organization_id": org_id, "review_state": ReviewState.DRAFT}).json()

    assert [c["id"] for c in in_review["results"]] == [str(content.pk)]
    assert [c["id"] for c in draft["results"]] == [str(other.pk)]


@pytest.mark.django_db
def test_editorial_walk_generate_submit_approve_schedule_delete_restore(team):
    """The walk of docs/content.md#a-walk-through, over HTTP with the offline provider."""
    organization, members, _ = team
    editor, admin = client_for(members["editor"]), client_for(members["admin"])
    workspace = organization.workspaces.get()
    admin.patch(f"/api/v1/organizations/workspaces/{workspace.pk}/", {"requires_approval": True}, format="json")
    generated = editor.post(
        "/api/v1/content/generate/",
        {
            "platform": "linkedin",
            "tone": "professional",
            "prompt": "Announce our spring release",
            "organization_id": str(organization.pk),
            "ai_provider": "offline",
        },
        format="json",
    )
    assert generated.status_code == 201, generated.json()
    content_id = generated.json()["id"]
    content = Content.objects.get(pk=content_id)

    refused = _schedule(editor, content)
    editor.post(url(content, "submit"), {}, format="json")
    approved = admin.post(url(content, "approve"), {"comment": "Good to go", "version": 1}, format="json")
    scheduled = _schedule(editor, content)
    deleted = editor.delete(f"/api/v1/content/{content_id}/")
    trash = editor.get("/api/v1/content/trash/", {"organization_id": str(organization.pk)}).json()
    restored = editor.post(url(content, "restore"))

    assert refused.json()["error"]["code"] == "content_not_approved"
    assert approved.status_code == 201
    assert scheduled.status_code == 201 and scheduled.json()["version"] == 1
    assert deleted.status_code == 204
    assert ScheduledPost.objects.get(pk=scheduled.json()["id"]).status == "cancelled"
    assert [row["id"] for row in trash["results"]] == [content_id]
    assert restored.status_code == 200
    assert (restored.json()["review_state"], restored.json()["review_version"]) == ("approved", 1)
