"""API keys for machine clients: creation, authentication, scope, revocation (docs/api-keys.md)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.content.models import Content
from apps.organizations.api_keys import LAST_USED_RESOLUTION, api_key_hash
from apps.organizations.models import ApiKey, OrganizationMember, Role
from apps.organizations.selectors import member_list, organization_seats_taken
from apps.organizations.services import api_key_create, api_key_revoke, organization_create
from apps.users.models import User
from tests.factories import ContentFactory, WorkspaceFactory, put_on_plan
from tests.support.clients import client_for
from tests.support.organizations import organization_of

pytestmark = pytest.mark.django_db


def _key_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def org(owner):
    organization = organization_create(owner=owner, name="Acme")
    put_on_plan(organization, "team")
    return organization


def _create(owner, org, role=Role.EDITOR, workspace_id=None):
    return api_key_create(user=owner, organization_id=org.pk, name="CI bot", role=role, workspace_id=workspace_id)


# --------------------------------------------------------------------------- management endpoints


def test_api_key_create_shows_the_secret_once_and_stores_only_its_hash(owner, org):
    client = client_for(owner)
    response = client.post(
        reverse("organizations:api-key-list", kwargs={"id": org.pk}), {"name": "CI", "role": "editor"}, format="json"
    )
    assert response.status_code == 201, response.content
    secret = response.json()["key"]
    assert secret.startswith("caas_live_") and len(secret) == 50
    key = ApiKey.objects.get(pk=response.json()["id"])
    assert key.key_hash == api_key_hash(secret) and secret not in key.key_hash
    assert secret.startswith(key.prefix) and response.json()["prefix"] == key.prefix
    listed = client.get(reverse("organizations:api-key-list", kwargs={"id": org.pk})).json()
    assert listed["count"] == 1 and "key" not in listed["results"][0]
    detail = client.get(reverse("organizations:api-key-detail", kwargs={"id": org.pk, "key_id": key.pk})).json()
    assert "key" not in detail and detail["prefix"] == key.prefix


def test_api_key_create_refuses_a_role_above_editor(owner, org):
    response = client_for(owner).post(
        reverse("organizations:api-key-list", kwargs={"id": org.pk}), {"name": "CI", "role": "admin"}, format="json"
    )
    assert response.status_code == 400 and "role" in response.json()["error"]["details"]
    assert not ApiKey.objects.exists()


def test_api_key_create_needs_admin(owner, org, make_user):
    editor = make_user(email="editor@example.com")
    OrganizationMember.objects.create(organization=org, user=editor, role=Role.EDITOR)
    response = client_for(editor).post(
        reverse("organizations:api-key-list", kwargs={"id": org.pk}), {"name": "CI", "role": "viewer"}, format="json"
    )
    assert response.status_code == 403
    assert client_for(editor).get(reverse("organizations:api-key-list", kwargs={"id": org.pk})).status_code == 403


def test_api_key_create_with_a_foreign_workspace_is_refused(owner, org, make_user):
    stranger = make_user(email="stranger@example.com")
    foreign_workspace = organization_of(stranger).workspaces.first()
    response = client_for(owner).post(
        reverse("organizations:api-key-list", kwargs={"id": org.pk}),
        {"name": "CI", "role": "viewer", "workspace_id": str(foreign_workspace.pk)},
        format="json",
    )
    assert response.status_code == 400
    assert "workspace_id" in response.json()["error"]["details"]
    assert not ApiKey.objects.exists()


def test_api_key_machine_user_is_no_member_and_no_seat(owner, org):
    _create(owner, org)
    assert [m.user_id for m in member_list(organization_id=org.pk)] == [owner.pk]
    assert organization_seats_taken(organization_id=org.pk).members == 1
    response = client_for(owner).get(reverse("organizations:member-list", kwargs={"id": org.pk}))
    assert response.json()["count"] == 1


# --------------------------------------------------------------------------- authentication


def test_api_key_works_on_content_endpoints(owner, org):
    _, secret = _create(owner, org)
    content = ContentFactory(organization=org)
    client = _key_client(secret)
    listed = client.get(reverse("content:list"), {"organization_id": str(org.pk)})
    assert listed.status_code == 200, listed.content
    assert [row["id"] for row in listed.json()["results"]] == [str(content.pk)]
    generated = client.post(
        reverse("content:generate"),
        {
            "organization_id": str(org.pk),
            "platform": "twitter",
            "tone": "casual",
            "prompt": "Hello",
            "ai_provider": "offline",
        },
        format="json",
    )
    assert generated.status_code == 201, generated.content
    key = ApiKey.objects.get()
    assert Content.objects.get(pk=generated.json()["id"]).created_by_id == key.user_id


def test_api_key_coexists_with_jwt_bearer_tokens(owner, org):
    _create(owner, org)
    assert client_for(owner).get(reverse("content:list"), {"organization_id": str(org.pk)}).status_code == 200


@pytest.mark.parametrize(
    "method,route,kwargs",
    [
        ("get", "users:profile", {}),
        ("post", "users:logout", {}),
        ("post", "users:password-change", {}),
        ("get", "organizations:list", {}),
        ("post", "organizations:invitation-accept", {}),
    ],
)
def test_api_key_fails_on_account_endpoints(owner, org, method, route, kwargs):
    _, secret = _create(owner, org)
    response = getattr(_key_client(secret), method)(reverse(route, kwargs=kwargs), {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "api_key_not_allowed"


def test_api_key_cannot_manage_api_keys_or_leave(owner, org):
    key, secret = _create(owner, org)
    client = _key_client(secret)
    assert client.get(reverse("organizations:api-key-list", kwargs={"id": org.pk})).json()["error"]["code"] == (
        "api_key_not_allowed"
    )
    assert client.post(reverse("organizations:leave", kwargs={"id": org.pk})).status_code == 403
    assert OrganizationMember.objects.filter(user_id=key.user_id).exists()


def test_api_key_fails_after_revocation_at_once(owner, org):
    key, secret = _create(owner, org)
    client = _key_client(secret)
    assert client.get(reverse("content:list"), {"organization_id": str(org.pk)}).status_code == 200
    response = client_for(owner).delete(
        reverse("organizations:api-key-detail", kwargs={"id": org.pk, "key_id": key.pk})
    )
    assert response.status_code == 204
    refused = client.get(reverse("content:list"), {"organization_id": str(org.pk)})
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "api_key_revoked"
    assert refused["WWW-Authenticate"]
    key.refresh_from_db()
    assert key.revoked_at is not None and not User.objects.get(pk=key.user_id).is_active
    assert not OrganizationMember.objects.filter(user_id=key.user_id).exists()


def test_api_key_unknown_secret_is_refused(org):
    response = _key_client("caas_live_" + "x" * 40).get(reverse("content:list"))
    assert response.status_code == 401 and response.json()["error"]["code"] == "api_key_invalid"


def test_api_key_role_limits_it_like_a_member(owner, org):
    _, secret = _create(owner, org, role=Role.VIEWER)
    client = _key_client(secret)
    assert client.get(reverse("content:list"), {"organization_id": str(org.pk)}).status_code == 200
    response = client.post(
        reverse("content:generate"),
        {
            "organization_id": str(org.pk),
            "platform": "twitter",
            "tone": "casual",
            "prompt": "Hi",
            "ai_provider": "offline",
        },
        format="json",
    )
    assert response.status_code == 403
    renamed = client.patch(reverse("organizations:detail", kwargs={"id": org.pk}), {"name": "Hacked"}, format="json")
    assert renamed.status_code == 403
    org.refresh_from_db()
    assert org.name == "Acme"


def test_api_key_cannot_see_another_organization(owner, org, make_user):
    _, secret = _create(owner, org)
    stranger = make_user(email="stranger@example.com")
    foreign = ContentFactory(organization=organization_of(stranger))
    client = _key_client(secret)
    assert client.get(reverse("content:detail", kwargs={"content_id": foreign.pk})).status_code == 404
    assert client.get(reverse("content:list"), {"organization_id": str(foreign.organization_id)}).status_code == 404
    # The key's own personal organization? It has none: omitting organization_id means the key's.
    assert client.get(reverse("content:list")).status_code == 200


def test_api_key_limited_to_a_workspace_sees_only_it(owner, org):
    main = org.workspaces.get()
    other = WorkspaceFactory(organization=org, name="Other", created_by=owner)
    mine = ContentFactory(organization=org, workspace=main)
    hidden = ContentFactory(organization=org, workspace=other)
    _, secret = _create(owner, org, workspace_id=main.pk)
    client = _key_client(secret)
    listed = client.get(reverse("content:list"), {"organization_id": str(org.pk)}).json()
    assert [row["id"] for row in listed["results"]] == [str(mine.pk)]
    assert client.get(reverse("content:detail", kwargs={"content_id": hidden.pk})).status_code == 404
    assert client.get(reverse("content:list"), {"workspace_id": str(other.pk)}).status_code == 404
    assert client.get(reverse("organizations:workspace-detail", kwargs={"id": other.pk})).status_code == 404
    workspaces = client.get(reverse("organizations:workspace-list"), {"organization_id": str(org.pk)}).json()
    assert [row["id"] for row in workspaces["results"]] == [str(main.pk)]
    generated = client.post(
        reverse("content:generate"),
        {
            "organization_id": str(org.pk),
            "workspace_id": str(other.pk),
            "platform": "twitter",
            "tone": "casual",
            "prompt": "Hi",
            "ai_provider": "offline",
        },
        format="json",
    )
    assert generated.status_code == 404
    assert not Content.objects.filter(workspace=other).exclude(pk=hidden.pk).exists()
    # Organization-wide reports would show the other workspaces.
    assert client.get(reverse("content:usage")).json()["error"]["code"] == "api_key_not_allowed"


def test_api_key_last_used_is_written_at_most_once_a_minute(owner, org, django_assert_num_queries):
    key, secret = _create(owner, org)
    client = _key_client(secret)
    client.get(reverse("organizations:workspace-list"))
    key.refresh_from_db()
    first = key.last_used_at
    assert first is not None
    client.get(reverse("organizations:workspace-list"))
    key.refresh_from_db()
    assert key.last_used_at == first  # no write within the minute
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now() - LAST_USED_RESOLUTION - timedelta(seconds=1))
    client.get(reverse("organizations:workspace-list"))
    key.refresh_from_db()
    assert key.last_used_at > first


def test_api_key_is_rate_limited_on_its_own_bucket(owner, org, settings):
    from apps.subscriptions.models import Plan

    Plan.objects.filter(slug="team").update(requests_per_minute=2)
    _, secret = _create(owner, org)
    client = _key_client(secret)
    statuses = [client.get(reverse("organizations:workspace-list")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # The people of the organization keep their own budget.
    assert (
        client_for(owner).get(reverse("organizations:workspace-list"), {"organization_id": str(org.pk)}).status_code
        == 200
    )


def test_api_key_revoke_is_idempotent_and_foreign_key_is_not_found(owner, org, make_user):
    key, _ = _create(owner, org)
    api_key_revoke(user=owner, organization_id=org.pk, key_id=key.pk)
    api_key_revoke(user=owner, organization_id=org.pk, key_id=key.pk)
    other_owner = make_user(email="other@example.com")
    response = client_for(other_owner).delete(
        reverse("organizations:api-key-detail", kwargs={"id": organization_of(other_owner).pk, "key_id": key.pk})
    )
    assert response.status_code == 404


def test_api_key_machine_user_cannot_use_a_jwt(owner, org):
    key, _ = _create(owner, org)
    response = client_for(key.user).get(reverse("content:list"))
    assert response.status_code == 401


def test_api_key_admin_lists_and_revokes_through_the_service(owner, org, admin_client):
    key, secret = _create(owner, org)
    listed = admin_client.get("/admin/organizations/apikey/")
    assert listed.status_code == 200 and key.prefix in listed.content.decode()
    assert key.key_hash not in listed.content.decode()
    admin_client.post(
        "/admin/organizations/apikey/", {"action": "revoke", "_selected_action": [str(key.pk)]}, follow=True
    )
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert _key_client(secret).get(reverse("content:list")).status_code == 401


def test_api_key_organization_deletion_removes_keys_and_machine_users(owner, org):
    key, _ = _create(owner, org)
    put_on_plan(org, "free")
    response = client_for(owner).delete(reverse("organizations:detail", kwargs={"id": org.pk}))
    assert response.status_code == 204, response.content
    assert not ApiKey.objects.filter(pk=key.pk).exists()
    assert not User.objects.filter(pk=key.user_id).exists()


def test_api_key_limited_to_a_workspace_schedules_and_sees_only_its_posts(owner, org):
    from apps.scheduling.models import ScheduledPost
    from tests.factories import ScheduledPostFactory

    main = org.workspaces.get()
    other = WorkspaceFactory(organization=org, name="Other", created_by=owner)
    mine = ScheduledPostFactory(content=ContentFactory(organization=org, workspace=main))
    hidden = ScheduledPostFactory(content=ContentFactory(organization=org, workspace=other))
    hidden_content = ContentFactory(organization=org, workspace=other)
    _, secret = _create(owner, org, workspace_id=main.pk)
    client = _key_client(secret)
    listed = client.get(reverse("scheduling:list")).json()
    assert [row["id"] for row in listed["results"]] == [str(mine.pk)]
    assert client.get(reverse("scheduling:detail", kwargs={"id": hidden.pk})).status_code == 404
    assert client.post(reverse("scheduling:cancel", kwargs={"id": hidden.pk})).status_code == 404
    when = (timezone.now() + timedelta(days=2)).isoformat()
    response = client.post(
        reverse("scheduling:schedule"), {"content_id": str(hidden_content.pk), "scheduled_at": when}, format="json"
    )
    assert response.status_code == 404
    hidden.refresh_from_db()
    assert hidden.status == "pending"
    assert not ScheduledPost.objects.filter(content=hidden_content).exists()


def test_api_key_is_the_actor_in_the_audit_log(owner, org):
    from apps.audit.models import AuditEntry

    key, secret = _create(owner, org)
    assert AuditEntry.objects.filter(action="api_key.created", organization_id=org.pk, actor_user_id=owner.pk).exists()
    response = _key_client(secret).post(
        reverse("content:generate"),
        {
            "organization_id": str(org.pk),
            "platform": "twitter",
            "tone": "casual",
            "prompt": "Hi",
            "ai_provider": "offline",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    entries = AuditEntry.objects.filter(organization_id=org.pk, actor_api_key_id=key.pk)
    assert entries.exists()
    assert {e.actor_type for e in entries} == {"api_key"}
    client_for(owner).delete(reverse("organizations:api-key-detail", kwargs={"id": org.pk, "key_id": key.pk}))
    assert AuditEntry.objects.filter(action="api_key.revoked", target_id=str(key.pk)).count() == 1


# --------------------------------------------------------------------------- campaigns and media (issue 29)


def _campaign_in(org, workspace, owner, *, content_workspace=None):
    """A campaign of ``workspace`` with one generated variant (its content in ``content_workspace``,
    by default the campaign's)."""
    from apps.campaigns.models import Campaign, CampaignVariant, VariantStatus

    campaign = Campaign.objects.create(
        organization=org, workspace=workspace, created_by=owner, prompt="Brief", tone="casual"
    )
    content = ContentFactory(organization=org, workspace=content_workspace or workspace, versions=("variant text",))
    CampaignVariant.objects.create(
        campaign=campaign, platform=content.platform, position=0, status=VariantStatus.GENERATED, content=content
    )
    return campaign


def _campaign_body(org, **extra):
    return {
        "organization_id": str(org.pk),
        "platforms": ["twitter", "linkedin"],
        "tone": "casual",
        "prompt": "Spring sale",
        "ai_provider": "offline",
        **extra,
    }


def test_api_key_editor_starts_lists_reads_and_schedules_a_campaign(owner, org, ai_settings):
    key, secret = _create(owner, org)
    client = _key_client(secret)
    created = client.post(reverse("campaigns:list"), _campaign_body(org), format="json")
    assert created.status_code == 201, created.content
    campaign = created.json()
    assert campaign["workspace_id"] == str(org.workspaces.get().pk) and campaign["created_by"] == str(key.user_id)
    assert [v["status"] for v in campaign["variants"]] == ["generated", "generated"]
    listed = client.get(reverse("campaigns:list")).json()
    assert [row["id"] for row in listed["results"]] == [campaign["id"]]
    detail = client.get(reverse("campaigns:detail", kwargs={"campaign_id": campaign["id"]}))
    assert detail.status_code == 200 and detail.json()["id"] == campaign["id"]
    when = (timezone.now() + timedelta(days=1)).isoformat()
    posts = [{"content_id": v["content_id"], "scheduled_at": when} for v in campaign["variants"]]
    scheduled = client.post(
        reverse("campaigns:schedule", kwargs={"campaign_id": campaign["id"]}), {"posts": posts}, format="json"
    )
    assert scheduled.status_code == 201, scheduled.content
    assert len(scheduled.json()["scheduled_posts"]) == 2


def test_api_key_viewer_reads_campaigns_but_cannot_start_or_schedule_one(owner, org):
    from apps.campaigns.models import Campaign
    from apps.scheduling.models import ScheduledPost

    campaign = _campaign_in(org, org.workspaces.get(), owner)
    _, secret = _create(owner, org, role=Role.VIEWER)
    client = _key_client(secret)
    assert [row["id"] for row in client.get(reverse("campaigns:list")).json()["results"]] == [str(campaign.pk)]
    assert client.get(reverse("campaigns:detail", kwargs={"campaign_id": campaign.pk})).status_code == 200
    created = client.post(reverse("campaigns:list"), _campaign_body(org), format="json")
    assert created.status_code == 403 and created.json()["error"]["code"] == "permission_denied"
    content_id = str(campaign.variants.get().content_id)
    when = (timezone.now() + timedelta(days=1)).isoformat()
    scheduled = client.post(
        reverse("campaigns:schedule", kwargs={"campaign_id": campaign.pk}),
        {"posts": [{"content_id": content_id, "scheduled_at": when}]},
        format="json",
    )
    assert scheduled.status_code == 403
    assert Campaign.objects.count() == 1 and not ScheduledPost.objects.exists()


def test_api_key_limited_to_a_workspace_keeps_to_its_campaigns(owner, org, ai_settings):
    from apps.campaigns.models import Campaign
    from apps.scheduling.models import ScheduledPost

    main = org.workspaces.get()  # the default workspace: not the key's
    mine = WorkspaceFactory(organization=org, name="Mine", created_by=owner)
    own = _campaign_in(org, mine, owner)
    hidden = _campaign_in(org, main, owner)
    _, secret = _create(owner, org, workspace_id=mine.pk)
    client = _key_client(secret)
    listed = client.get(reverse("campaigns:list"), {"organization_id": str(org.pk)}).json()
    assert [row["id"] for row in listed["results"]] == [str(own.pk)]
    assert client.get(reverse("campaigns:detail", kwargs={"campaign_id": hidden.pk})).status_code == 404
    when = (timezone.now() + timedelta(days=1)).isoformat()
    posts = [{"content_id": str(hidden.variants.get().content_id), "scheduled_at": when}]
    scheduled = client.post(reverse("campaigns:schedule", kwargs={"campaign_id": hidden.pk}), {"posts": posts})
    assert scheduled.status_code == 404 and not ScheduledPost.objects.exists()
    elsewhere = client.post(reverse("campaigns:list"), _campaign_body(org, workspace_id=str(main.pk)), format="json")
    assert elsewhere.status_code == 404 and elsewhere.json()["error"]["code"] == "not_found"
    assert Campaign.objects.count() == 2
    # Without a workspace_id the campaign goes to the key's workspace (not the organization's default).
    created = client.post(reverse("campaigns:list"), _campaign_body(org), format="json")
    assert created.status_code == 201, created.content
    assert created.json()["workspace_id"] == str(mine.pk)
    assert set(
        Content.objects.filter(pk__in=[v["content_id"] for v in created.json()["variants"]]).values_list(
            "workspace_id", flat=True
        )
    ) == {mine.pk}


def test_api_key_limited_to_a_workspace_does_not_see_a_variant_moved_out_of_it(owner, org):
    main = org.workspaces.get()
    mine = WorkspaceFactory(organization=org, name="Mine", created_by=owner)
    campaign = _campaign_in(org, mine, owner, content_workspace=main)
    _, secret = _create(owner, org, workspace_id=mine.pk)
    variant = (
        _key_client(secret).get(reverse("campaigns:detail", kwargs={"campaign_id": campaign.pk})).json()["variants"][0]
    )
    assert variant["content_id"] is None and variant["generated_text"] is None
    # People, and keys of the whole organization, still see it.
    _, unlimited = _create(owner, org)
    seen = _key_client(unlimited).get(reverse("campaigns:detail", kwargs={"campaign_id": campaign.pk})).json()
    assert seen["variants"][0]["generated_text"] == "variant text"


def _media_in(workspace, owner, **kwargs):
    from apps.media.services import media_create
    from tests.support.media import image_bytes

    return media_create(workspace=workspace, created_by=owner, data=image_bytes(**kwargs), alt_text="alt")


def _pending_in(workspace, owner):
    import uuid

    from apps.media.models import Media, MediaState
    from apps.media.services import media_storage_key

    media_id = uuid.uuid4()
    return Media.objects.create(
        id=media_id,
        organization_id=workspace.organization_id,
        workspace=workspace,
        created_by=owner,
        state=MediaState.PENDING,
        storage_key=media_storage_key(organization_id=workspace.organization_id, media_id=media_id),
    )


def _upload(client, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support.media import image_bytes

    upload = SimpleUploadedFile("photo.png", image_bytes(), content_type="image/png")
    return client.post(reverse("media:list"), {"file": upload, **fields}, format="multipart")


def test_api_key_editor_uses_every_media_route(owner, org, media_s3, ai_settings):
    import requests

    from apps.media.models import Media
    from tests.support.media import image_bytes

    _, secret = _create(owner, org)
    client = _key_client(secret)
    uploaded = _upload(client)
    assert uploaded.status_code == 201, uploaded.content
    media_id = uploaded.json()["id"]
    assert [row["id"] for row in client.get(reverse("media:list")).json()["results"]] == [media_id]
    assert client.get(reverse("media:detail", kwargs={"media_id": media_id})).status_code == 200
    edited = client.patch(reverse("media:detail", kwargs={"media_id": media_id}), {"alt_text": "A"}, format="json")
    assert edited.status_code == 200 and edited.json()["alt_text"] == "A"
    wide = _media_in(org.workspaces.get(), owner, size=(200, 100), fmt="JPEG")
    fit = client.post(
        reverse("media:fit", kwargs={"media_id": wide.pk}), {"platform": "instagram", "mode": "pad"}, format="json"
    )
    assert fit.status_code == 202, fit.content
    started = client.post(reverse("media:uploads"), {"filename": "big.png"}, format="json")
    assert started.status_code == 201, started.content
    assert requests.put(started.json()["upload"]["url"], data=image_bytes(), timeout=5).status_code == 200
    pending_id = started.json()["media"]["id"]
    completed = client.post(reverse("media:complete", kwargs={"media_id": pending_id}))
    assert completed.status_code == 200 and completed.json()["state"] == "ready"
    workspace = str(org.workspaces.get().pk)
    generated = client.post(reverse("media:generate"), {"workspace_id": workspace, "prompt": "A cafe"}, format="json")
    assert generated.status_code == 201, generated.content
    assert client.delete(reverse("media:detail", kwargs={"media_id": media_id})).status_code == 204
    assert not Media.objects.filter(pk=media_id).exists()


def test_api_key_viewer_reads_media_but_cannot_write_any(owner, org, media_s3, ai_settings):
    from apps.media.models import Media

    workspace = org.workspaces.get()
    media = _media_in(workspace, owner, size=(200, 100), fmt="JPEG")
    pending = _pending_in(workspace, owner)
    _, secret = _create(owner, org, role=Role.VIEWER)
    client = _key_client(secret)
    assert str(media.pk) in [row["id"] for row in client.get(reverse("media:list")).json()["results"]]
    assert client.get(reverse("media:detail", kwargs={"media_id": media.pk})).status_code == 200
    detail = reverse("media:detail", kwargs={"media_id": media.pk})
    refused = [
        _upload(client),
        client.post(reverse("media:uploads"), {}, format="json"),
        client.post(reverse("media:complete", kwargs={"media_id": pending.pk})),
        client.patch(detail, {"alt_text": "changed"}, format="json"),
        client.delete(detail),
        client.post(
            reverse("media:fit", kwargs={"media_id": media.pk}), {"platform": "instagram", "mode": "pad"}, format="json"
        ),
        client.post(reverse("media:generate"), {"workspace_id": str(workspace.pk), "prompt": "x"}, format="json"),
    ]
    assert [r.status_code for r in refused] == [403] * 7, [r.content for r in refused]
    assert {r.json()["error"]["code"] for r in refused} == {"permission_denied"}
    media.refresh_from_db()
    assert media.alt_text == "alt" and Media.objects.filter(parent__isnull=True).count() == 2


def test_api_key_limited_to_a_workspace_keeps_to_its_media(owner, org, media_s3, ai_settings):
    from apps.media.models import Media

    main = org.workspaces.get()  # the default workspace: not the key's
    mine = WorkspaceFactory(organization=org, name="Mine", created_by=owner)
    own = _media_in(mine, owner)
    hidden = _media_in(main, owner, size=(200, 100), fmt="JPEG")
    hidden_pending = _pending_in(main, owner)
    _, secret = _create(owner, org, workspace_id=mine.pk)
    client = _key_client(secret)
    listed = client.get(reverse("media:list"), {"organization_id": str(org.pk)}).json()
    assert [row["id"] for row in listed["results"]] == [str(own.pk)]
    assert client.get(reverse("media:list"), {"workspace_id": str(main.pk)}).status_code == 404
    detail = reverse("media:detail", kwargs={"media_id": hidden.pk})
    refused = [
        client.get(detail),
        client.patch(detail, {"alt_text": "changed"}, format="json"),
        client.delete(detail),
        client.post(
            reverse("media:fit", kwargs={"media_id": hidden.pk}),
            {"platform": "instagram", "mode": "pad"},
            format="json",
        ),
        client.post(reverse("media:complete", kwargs={"media_id": hidden_pending.pk})),
        _upload(client, workspace_id=str(main.pk)),
        client.post(reverse("media:uploads"), {"workspace_id": str(main.pk)}, format="json"),
        client.post(reverse("media:generate"), {"workspace_id": str(main.pk), "prompt": "x"}, format="json"),
    ]
    assert [r.status_code for r in refused] == [404] * 8, [r.content for r in refused]
    assert [r.json()["error"]["code"] for r in refused] == ["media_not_found"] * 5 + ["not_found"] * 3
    hidden.refresh_from_db()
    assert hidden.alt_text == "alt" and not Media.objects.filter(parent=hidden).exists()
    assert Media.objects.filter(workspace=main, parent__isnull=True).count() == 2
    # Without a workspace_id an upload goes to the key's workspace (not the organization's default).
    uploaded = _upload(client)
    assert uploaded.status_code == 201 and uploaded.json()["workspace_id"] == str(mine.pk)
    generated = client.post(reverse("media:generate"), {"workspace_id": str(mine.pk), "prompt": "y"}, format="json")
    assert generated.status_code == 201 and generated.json()["workspace_id"] == str(mine.pk)


# --------------------------------------------------------------------------- planner


def _planner(workspace) -> str:
    return f"/api/v1/planner/workspaces/{workspace.pk}"


def _planned_content(org, workspace, owner, n=1):
    return ContentFactory(
        organization=org, workspace=workspace, created_by=owner, versions=(f"Planned post {n}: worth a read.",)
    )


def _weekly(client, workspace):
    slots = [{"weekday": d, "local_time": "09:00"} for d in range(7)]
    return client.put(f"{_planner(workspace)}/schedule/", {"timezone": "UTC", "slots": slots}, format="json")


def test_api_key_editor_fills_a_schedule_queues_content_and_reads_the_calendar(owner, org):
    workspace = org.workspaces.get()
    key, secret = _create(owner, org)
    client = _key_client(secret)

    filled = _weekly(client, workspace)
    added = client.post(
        f"{_planner(workspace)}/queue/", {"content_id": str(_planned_content(org, workspace, owner).pk)}, format="json"
    )
    queue = client.get(f"{_planner(workspace)}/queue/").json()["results"]
    start = timezone.now().date()
    calendar = client.get(
        f"{_planner(workspace)}/calendar/", {"start": start.isoformat(), "end": (start + timedelta(days=8)).isoformat()}
    )

    assert filled.status_code == 200 and added.status_code == 201, added.content
    assert [entry["id"] for entry in queue] == [added.json()["id"]]
    assert calendar.status_code == 200
    from apps.audit.models import AuditEntry

    assert AuditEntry.objects.get(action="queue.post_added").actor_api_key_id == key.pk


def test_api_key_viewer_reads_the_planner_but_cannot_change_it(owner, org):
    workspace = org.workspaces.get()
    _weekly(client_for(owner), workspace)
    _, secret = _create(owner, org, role=Role.VIEWER)
    client = _key_client(secret)

    read = client.get(f"{_planner(workspace)}/schedule/")
    replaced = _weekly(client, workspace)
    added = client.post(
        f"{_planner(workspace)}/queue/", {"content_id": str(_planned_content(org, workspace, owner).pk)}, format="json"
    )
    paused = client.post(f"{_planner(workspace)}/queue/pause/")

    assert read.status_code == 200 and len(read.json()["slots"]) == 7
    assert [replaced.status_code, added.status_code, paused.status_code] == [403, 403, 403]


def test_api_key_limited_to_a_workspace_keeps_to_its_planner(owner, org):
    from apps.planner.models import PostingSchedule, QueueEntry

    main = org.workspaces.get()  # not the key's
    mine = WorkspaceFactory(organization=org, name="Mine", created_by=owner)
    owner_client = client_for(owner)
    _weekly(owner_client, main)
    theirs = _planned_content(org, main, owner, 1)
    series = owner_client.post(
        f"{_planner(main)}/recurrences/",
        {"content_id": str(theirs.pk), "local_time": "09:00", "frequency": "daily", "timezone": "UTC"},
        format="json",
    )
    assert series.status_code == 201, series.content
    _, secret = _create(owner, org, workspace_id=mine.pk)
    client = _key_client(secret)

    refused = [
        client.get(f"{_planner(main)}/queue/").status_code,
        _weekly(client, main).status_code,
        client.get(f"{_planner(main)}/calendar/", {"start": "2027-01-01", "end": "2027-01-08"}).status_code,
        client.get(f"/api/v1/planner/recurrences/{series.json()['id']}/").status_code,
        client.post(f"{_planner(main)}/queue/pause/").status_code,
    ]
    _weekly(client, mine)
    foreign_content = client.post(f"{_planner(mine)}/queue/", {"content_id": str(theirs.pk)}, format="json")
    own = client.post(
        f"{_planner(mine)}/queue/", {"content_id": str(_planned_content(org, mine, owner, 2).pk)}, format="json"
    )

    assert refused == [404, 404, 404, 404, 404]
    assert foreign_content.status_code == 404
    assert own.status_code == 201, own.content
    assert PostingSchedule.objects.get(workspace=main).paused_at is None
    assert list(QueueEntry.objects.values_list("schedule__workspace_id", flat=True)) == [mine.pk]
