"""Tests named by docs/security.md (OWASP API Security Top 10, 2023) that no app test covered yet:
mass assignment on every write endpoint (API3), sign-up throttling (API6), no user-supplied URL is
fetched by the server (API7), upstream answers validated (API10)."""

import uuid
from datetime import timedelta

import httpx
import pytest
from django.core import mail
from django.utils import timezone

from apps.content.models import Content
from apps.organizations.models import Invitation, InvitationStatus, Organization, OrganizationMember, Role, Workspace
from apps.organizations.services import organization_create
from apps.scheduling.models import PostStatus, ScheduledPost
from apps.subscriptions.models import Subscription
from apps.users.models import User
from tests.factories import ContentFactory, MembershipFactory, put_on_plan
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

OTHER_UUID = "00000000-0000-4000-8000-000000000001"


# --- API3: object property level authorization (mass assignment) ----------------------------------
@pytest.fixture
def team(make_user):
    """Alice owns a Team-plan organization with an admin; she also has her personal organization."""
    owner = make_user(email="alice@example.com")
    organization = organization_create(owner=owner, name="Acme")
    put_on_plan(organization, "team")
    admin = make_user(email="admin@example.com")
    MembershipFactory(organization=organization, user=admin, role=Role.ADMIN)
    return organization, owner, admin


def test_mass_assignment_register_ignores_privilege_and_identity_fields(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {
            "email": "mallory@example.com",
            "password": "correct-horse-battery-9",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "id": OTHER_UUID,
            "date_joined": "2000-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 201
    user = User.objects.get(email="mallory@example.com")
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert str(user.id) != OTHER_UUID and user.date_joined.year > 2000


def test_mass_assignment_profile_patch_ignores_privilege_fields(user):
    response = client_for(user).patch(
        "/api/v1/auth/profile/",
        {"first_name": "Al", "is_staff": True, "is_superuser": True, "id": OTHER_UUID},
        format="json",
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.first_name == "Al"
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.check_password("correct-horse-battery-9") and str(user.id) != OTHER_UUID


def test_mass_assignment_profile_patch_with_a_password_is_refused_and_changes_nothing(user):
    # Issue 12 item 9: a password sent to the profile is refused (400), not silently ignored.
    response = client_for(user).patch(
        "/api/v1/auth/profile/",
        {"first_name": "Al", "is_staff": True, "is_superuser": True, "password": "new-password-123", "id": OTHER_UUID},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "password_change_elsewhere"
    user.refresh_from_db()
    assert user.first_name != "Al"
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.check_password("correct-horse-battery-9") and str(user.id) != OTHER_UUID


def test_mass_assignment_organization_create_ignores_plan_role_owner_and_flags(team):
    _, owner, admin = team

    response = client_for(admin).post(
        "/api/v1/organizations/",
        {
            "name": "Side project",
            "is_personal": True,
            "plan": "team",
            "role": "viewer",
            "owner": str(owner.id),
            "slug": "acme",
            "subscription_status": "active",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["is_personal"], body["role"], body["plan"]["slug"]) == (False, "owner", "free")
    assert body["slug"] != "acme"
    organization = Organization.objects.get(pk=body["id"])
    assert not OrganizationMember.objects.filter(organization=organization, user=owner).exists()


def test_mass_assignment_organization_update_ignores_plan_slug_and_personal_flag(team):
    organization, owner, _ = team
    slug = organization.slug

    response = client_for(owner).patch(
        f"/api/v1/organizations/{organization.pk}/",
        {"name": "Acme Inc", "slug": "hijack", "is_personal": True, "plan": "free", "subscription_status": "canceled"},
        format="json",
    )

    assert response.status_code == 200
    organization.refresh_from_db()
    subscription = Subscription.objects.get(organization=organization)
    assert (organization.name, organization.slug, organization.is_personal) == ("Acme Inc", slug, False)
    assert (subscription.plan.slug, subscription.status) == ("team", "active")


def test_mass_assignment_workspace_cannot_be_moved_or_made_default(team):
    organization, owner, _ = team
    personal = Organization.objects.get(members__user=owner, is_personal=True)
    created = client_for(owner).post(
        "/api/v1/organizations/workspaces/",
        {"organization_id": str(organization.pk), "name": "Launch", "is_default": True, "id": OTHER_UUID},
        format="json",
    )
    assert created.status_code == 201
    workspace = Workspace.objects.get(pk=created.json()["id"])
    assert not workspace.is_default and str(workspace.pk) != OTHER_UUID

    response = client_for(owner).patch(
        f"/api/v1/organizations/workspaces/{workspace.pk}/",
        {"name": "Launch 2", "organization_id": str(personal.pk), "is_default": True},
        format="json",
    )

    assert response.status_code == 200
    workspace.refresh_from_db()
    assert (workspace.name, workspace.organization_id, workspace.is_default) == ("Launch 2", organization.pk, False)


def test_mass_assignment_member_update_changes_only_the_role(team, make_user):
    organization, owner, admin = team
    membership = OrganizationMember.objects.get(organization=organization, user=admin)
    stranger = make_user(email="stranger@example.com")

    response = client_for(owner).patch(
        f"/api/v1/organizations/{organization.pk}/members/{membership.pk}/",
        {"role": "editor", "user": str(stranger.id), "user_id": str(stranger.id), "organization_id": OTHER_UUID},
        format="json",
    )

    assert response.status_code == 200
    membership.refresh_from_db()
    assert (membership.role, membership.user_id, membership.organization_id) == ("editor", admin.id, organization.pk)
    assert not OrganizationMember.objects.filter(user=stranger, organization=organization).exists()


def test_mass_assignment_invitation_create_ignores_status_token_and_expiry(team, django_capture_on_commit_callbacks):
    organization, owner, _ = team
    far = (timezone.now() + timedelta(days=3650)).isoformat()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(owner).post(
            f"/api/v1/organizations/{organization.pk}/invitations/",
            {"email": "bob@example.com", "role": "editor", "status": "accepted", "token": "chosen", "expires_at": far},
            format="json",
        )

    assert response.status_code == 201
    invitation = Invitation.objects.get(email="bob@example.com")
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.expires_at < timezone.now() + timedelta(days=30)
    assert "chosen" not in mail.outbox[-1].body


def test_mass_assignment_content_generate_and_edit_ignore_usage_version_and_owner(team):
    organization, owner, admin = team
    personal = Organization.objects.get(members__user=owner, is_personal=True)

    generated = client_for(owner).post(
        "/api/v1/content/generate/",
        {
            "platform": "twitter",
            "tone": "casual",
            "prompt": "Announce the launch",
            "organization_id": str(organization.pk),
            "tokens_used": 0,
            "version": 7,
            "current_version": 7,
            "created_by": str(admin.id),
            "provider": "openai",
        },
        format="json",
    )
    assert generated.status_code == 201, generated.json()
    content = Content.objects.get(pk=generated.json()["id"])
    assert (content.current_version, content.created_by_id) == (1, owner.id)
    assert generated.json()["tokens_used"] > 0

    edited = client_for(owner).patch(
        f"/api/v1/content/{content.pk}/",
        {
            "text": "Hand-edited launch post",
            "organization_id": str(personal.pk),
            "version": 99,
            "created_by": OTHER_UUID,
        },
        format="json",
    )

    assert edited.status_code in (200, 201), edited.json()
    content.refresh_from_db()
    assert (content.organization_id, content.current_version, content.created_by_id) == (organization.pk, 2, owner.id)


def test_mass_assignment_schedule_ignores_status_job_and_backend(team):
    organization, owner, _ = team
    content = ContentFactory(organization=organization, created_by=owner)

    response = client_for(owner).post(
        "/api/v1/scheduling/schedule/",
        {
            "content_id": str(content.pk),
            "scheduled_at": (timezone.now() + timedelta(days=1)).isoformat(),
            "status": "published",
            "job_id": "job-chosen",
            "backend": "http",
            "platform_post_id": "p-1",
            "created_by": OTHER_UUID,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    post = ScheduledPost.objects.get(pk=response.json()["id"])
    assert post.status in (PostStatus.PENDING, PostStatus.QUEUED)
    assert (post.job_id or "") != "job-chosen" and post.platform_post_id == "" and post.created_by_id == owner.id


def test_mass_assignment_no_write_endpoint_accepts_plan_usage_or_role_fields(client):
    """The schema is the contract: no request body offers a field that sets a plan, usage, a
    subscription, staff rights or ownership (the role field exists only where roles are managed)."""
    schema = client.get("/api/schema/").json()
    components = schema["components"]["schemas"]
    forbidden = {"plan_id", "tokens_used", "posts_used", "usage", "is_staff", "is_superuser", "owner", "status"}
    offered = {}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref", "")
            properties = set(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})) if ref else set()
            offered[(method, path)] = properties
            if path not in ("/api/v1/scheduling/callback/", "/api/v1/subscriptions/webhook/"):
                assert not properties & forbidden, (method, path, properties & forbidden)
            if "role" in properties:
                assert "/organizations/" in path, (method, path)
    # "plan" is only the plan you want to buy (checkout), never one you get.
    assert [k for k, v in offered.items() if "plan" in v] == [
        ("post", "/api/v1/subscriptions/create-checkout-session/")
    ]


# --- API6: sensitive business flows ----------------------------------------------------------------
def test_register_is_throttled_per_client_ip(api_client, settings):
    settings.REGISTER_RATE_PER_IP = "3/hour"

    def register(n: int, ip: str):
        return api_client.post(
            "/api/v1/auth/register/",
            {"email": f"bot{n}@example.com", "password": "correct-horse-battery-9"},
            format="json",
            REMOTE_ADDR=ip,
        )

    statuses = [register(n, "203.0.113.7").status_code for n in range(4)]

    assert statuses == [201, 201, 201, 429]
    assert User.objects.filter(email__startswith="bot").count() == 3
    assert register(9, "198.51.100.2").status_code == 201  # another address is not affected


def test_register_throttle_answers_in_the_error_shape_with_retry_after(api_client, settings):
    settings.REGISTER_RATE_PER_IP = "1/hour"
    api_client.post("/api/v1/auth/register/", {"email": "a@example.com", "password": "x"}, format="json")

    response = api_client.post(
        "/api/v1/auth/register/", {"email": "b@example.com", "password": "correct-horse-battery-9"}, format="json"
    )

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited" and int(response["Retry-After"]) > 0
    assert not User.objects.filter(email="b@example.com").exists()


# --- API7: server-side request forgery ---------------------------------------------------------------
def test_ssrf_no_request_body_or_query_carries_a_url_the_server_would_fetch(client):
    """Every URL the server calls comes from settings (OPENAI_BASE_URL, GEMINI_BASE_URL, STRIPE_API_BASE,
    SCHEDULER_SERVICE_URL, SCHEDULER_PUBLISHER_WEBHOOK_URL), except the webhook endpoints' ``url``: the
    server does POST to it, behind the SSRF guard (apps/webhooks/netguard.py: https, every resolved
    address public, the connection pinned to the checked address; apps/webhooks/tests/). The billing
    portal's return_url is never fetched (Stripe redirects the browser to it) and must be on a
    front-end origin (apps/subscriptions/tests/test_checkout.py). A channel's Mastodon instance
    (``instance_url``) and Bluesky PDS (``pds_url``) are called by the server: https only and every
    resolved address public unless CHANNEL_ALLOW_PRIVATE_INSTANCES (apps.channels.connect.instance_url_check;
    apps/channels/tests/test_connect.py)."""
    schema = client.get("/api/schema/").json()
    components = schema["components"]["schemas"]
    url_like = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("schema", {}).get("format") == "uri" or "url" in parameter["name"].lower():
                    url_like.append((method, path, parameter["name"]))
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            component = components.get(body.get("$ref", "").rsplit("/", 1)[-1], {})
            for name, prop in component.get("properties", {}).items():
                if prop.get("format") == "uri" or "url" in name.lower():
                    url_like.append((method, path, name))

    assert sorted(url_like) == [
        ("patch", "/api/v1/webhooks/endpoints/{id}/", "url"),
        ("post", "/api/v1/channels/connect/bluesky/", "pds_url"),
        ("post", "/api/v1/channels/connect/{network}/", "instance_url"),
        ("post", "/api/v1/subscriptions/portal-session/", "return_url"),
        ("post", "/api/v1/webhooks/endpoints/", "url"),
    ]


# --- API10: unsafe consumption of APIs ----------------------------------------------------------------
@pytest.fixture
def openai_garbage(settings, httpserver):
    settings.OPENAI_API_KEY = "sk-test"
    settings.OPENAI_BASE_URL = httpserver.url_for("/v1")
    settings.AI_MAX_RETRIES = 0
    settings.AI_FALLBACK_PROVIDER = ""
    return httpserver


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>not json</html>", headers={"Content-Type": "text/html"}),
        httpx.Response(200, json={"id": "x", "object": "chat.completion", "choices": []}),
        httpx.Response(200, json={"unexpected": True}),
    ],
    ids=["html", "no-choices", "wrong-shape"],
)
def test_upstream_malformed_ai_answer_is_a_mapped_error_and_spends_nothing(user, openai_garbage, answer):
    openai_garbage.expect_request("/v1/chat/completions").respond_with_data(
        answer.content, status=answer.status_code, content_type=answer.headers.get("Content-Type")
    )
    organization = Organization.objects.get(members__user=user)
    put_on_plan(organization, "team")

    response = client_for(user).post(
        "/api/v1/content/generate/",
        {"platform": "twitter", "tone": "casual", "prompt": "Hello", "ai_provider": "openai"},
        format="json",
    )

    assert response.status_code in (502, 422), response.json()
    assert response.json()["error"]["code"].startswith("ai_")
    assert not Content.objects.filter(organization=organization).exists()
    from apps.subscriptions.models import UsagePeriod

    period = UsagePeriod.objects.filter(organization=organization).first()
    assert period is None or (period.tokens_used, period.tokens_reserved, period.posts_used) == (0, 0, 0)


def test_upstream_stripe_session_without_url_is_502(make_user, settings, httpserver):
    owner = make_user(email="payer@example.com")
    organization = Organization.objects.get(members__user=owner)
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_API_BASE = httpserver.url_for("/")
    settings.STRIPE_PRICE_ID_PRO = "price_pro"
    httpserver.expect_request("/v1/customers", method="POST").respond_with_json({"id": "cus_1", "object": "customer"})
    httpserver.expect_request("/v1/checkout/sessions", method="POST").respond_with_json(
        {"id": "cs_1", "object": "checkout.session"}  # no url
    )

    response = client_for(owner).post(
        "/api/v1/subscriptions/create-checkout-session/",
        {"organization_id": str(organization.pk), "plan": "pro"},
        format="json",
    )

    assert response.status_code == 502, response.json()
    assert Subscription.objects.get(organization=organization).plan.slug == "free"


def test_bola_body_reference_to_another_tenants_content_is_404(user):
    """Ids in bodies are looked up within the caller's organizations (API1 for body references)."""
    stranger_org = organization_create(owner=User.objects.create_user(email="s@example.com", password="x"), name="S")
    content = ContentFactory(organization=stranger_org, created_by=stranger_org.members.first().user)

    response = client_for(user).post(
        "/api/v1/scheduling/schedule/",
        {"content_id": str(content.pk), "scheduled_at": (timezone.now() + timedelta(days=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 404
    assert not ScheduledPost.objects.filter(content=content).exists()
    assert str(uuid.UUID(str(content.pk))) not in response.content.decode()
