"""Issue 12 item 13: the schema states what the server enforces, where OpenAPI can.

- a new password's ``minLength`` is the one ``AUTH_PASSWORD_VALIDATORS`` enforces;
- every operation whose services can answer 402 or 409 documents that status, naming each code
  (the table below: operation id → the domain errors its services raise);
- the conditional ``organization_id`` rule is described on every operation where it is optional;
- a display name's ``pattern`` accepts exactly the names the service accepts.
"""

import json
import re

import pytest
from rest_framework.test import APIClient

from apps.brand.exceptions import TemplateNameTaken
from apps.channels.exceptions import ChannelNotActive
from apps.common.exceptions import DomainError, PlanLimitReached, QuotaExceeded, ValidationFailed
from apps.common.idempotency import IdempotencyInProgress
from apps.common.schema import ORG_ID_RULE
from apps.common.serializers import DISPLAY_NAME_PATTERN, NOT_BLANK_PATTERN
from apps.content.exceptions import (
    ContentArchived,
    ContentNotDeleted,
    ReviewTransitionConflict,
    ReviewVersionMismatch,
)
from apps.media.exceptions import MediaInUse, MediaNotPending, MediaUploadMissing, StorageLimitReached
from apps.organizations.exceptions import (
    AlreadyMember,
    InvitationExists,
    InvitationExpired,
    InvitationNotPending,
    LastOwner,
    LastWorkspace,
    OrganizationNotEmpty,
    PersonalOrganizationUndeletable,
    WorkspaceNameTaken,
    WorkspaceNotEmpty,
)
from apps.organizations.services import _clean_name
from apps.planner.exceptions import EntryNotMovable, QueueFull, SlotTaken
from apps.scheduling.exceptions import (
    AlreadyPublished,
    AlreadyScheduled,
    ContentNotApproved,
    DeliveryInProgress,
    DuplicatePost,
    InvalidTransition,
    PostWithoutChannel,
    ScheduledPostsActive,
)
from apps.subscriptions.exceptions import AlreadySubscribed, NoBillingAccount, SubscriptionStillActive
from apps.users.exceptions import EmailAlreadyVerified
from apps.webhooks.exceptions import WebhookEndpointDisabled

pytestmark = pytest.mark.django_db

# What each operation's services can raise with status 402 or 409 (found by what they raise: the
# services, the deletion guards they run, the scheduler client). A new raise adds a row here.
RAISES = {
    "planner_schedule_update": [QueueFull],
    "planner_queue_add": [QueueFull, SlotTaken],
    "planner_queue_move": [SlotTaken, EntryNotMovable],
    "planner_queue_remove": [EntryNotMovable],
    "planner_queue_resume": [QueueFull],
    "scheduling_channel_token": [PostWithoutChannel, ChannelNotActive],
    "organizations_invitations_resend": [InvitationNotPending, InvitationExpired],
    "auth_email_verify_resend": [EmailAlreadyVerified],
    "brand_templates_create": [TemplateNameTaken],
    "brand_templates_update": [TemplateNameTaken],
    "campaigns_create": [QuotaExceeded],
    "campaigns_schedule": [AlreadyScheduled, DuplicatePost, ContentNotApproved, ContentArchived],
    "content_generate": [QuotaExceeded],
    "content_regenerate": [QuotaExceeded],
    "content_image_generate": [QuotaExceeded],
    "media_generate": [QuotaExceeded],
    "organizations_delete": [
        PersonalOrganizationUndeletable,
        SubscriptionStillActive,
        ScheduledPostsActive,
        OrganizationNotEmpty,
    ],
    "organizations_members_update": [LastOwner],
    "organizations_members_remove": [LastOwner],
    "organizations_leave": [LastOwner],
    "organizations_invitations_create": [PlanLimitReached, AlreadyMember, InvitationExists],
    "organizations_invitations_revoke": [InvitationNotPending],
    "organizations_invitations_accept": [PlanLimitReached, InvitationNotPending, InvitationExpired, AlreadyMember],
    "organizations_workspaces_create": [PlanLimitReached, WorkspaceNameTaken],
    "organizations_workspaces_update": [WorkspaceNameTaken],
    "organizations_workspaces_delete": [WorkspaceNotEmpty, LastWorkspace],
    "scheduling_schedule": [AlreadyScheduled, DuplicatePost, ContentNotApproved, ContentArchived],
    "content_delete": [DeliveryInProgress],
    "content_restore": [ContentNotDeleted],
    "content_submit": [ReviewTransitionConflict, ReviewVersionMismatch],
    "content_approve": [ReviewTransitionConflict, ReviewVersionMismatch],
    "content_request_changes": [ReviewTransitionConflict, ReviewVersionMismatch],
    # A scheduling conflict of a row is reported inside the 400 csv_invalid, never as a 409.
    "csv_scheduled_posts_import": [QuotaExceeded],
    "scheduling_cancel": [InvalidTransition, AlreadyPublished, DeliveryInProgress],
    "scheduling_callback": [InvalidTransition],
    "subscriptions_checkout_session_create": [AlreadySubscribed],
    "subscriptions_portal_session_create": [NoBillingAccount],
    "webhooks_deliveries_redeliver": [WebhookEndpointDisabled],
    "media_upload": [StorageLimitReached],
    "media_upload_start": [StorageLimitReached],
    "media_upload_complete": [StorageLimitReached, MediaNotPending, MediaUploadMissing],
    "media_delete": [MediaInUse],
}
# organization_id optional but not conditional: the content named in the body decides.
ORG_ID_NOT_CONDITIONAL = {"scheduling_schedule"}


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    return json.loads(response.content)


def _operations(schema: dict) -> dict[str, dict]:
    return {
        operation["operationId"]: operation
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    }


def _body_schema(schema: dict, operation: dict) -> dict:
    ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in ref:
        return schema["components"]["schemas"][ref["$ref"].split("/")[-1]]
    return ref


def test_schema_register_password_min_length_is_the_validators(schema, settings):
    body = schema["components"]["schemas"]["RegisterInputRequest"]
    assert body["properties"]["password"]["minLength"] == 8  # MinimumLengthValidator's default

    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        }
    ]
    from django.contrib.auth import password_validation

    password_validation.get_default_password_validators.cache_clear()
    try:
        fresh = json.loads(APIClient().get("/api/schema/").content)
    finally:
        password_validation.get_default_password_validators.cache_clear()
    assert fresh["components"]["schemas"]["RegisterInputRequest"]["properties"]["password"]["minLength"] == 12


def test_register_with_a_password_shorter_than_min_length_gets_the_validators_message(api_client, schema):
    minimum = schema["components"]["schemas"]["RegisterInputRequest"]["properties"]["password"]["minLength"]

    response = api_client.post(
        "/api/v1/auth/register/", {"email": "short@example.com", "password": "Zq9!xW"[: minimum - 1]}, format="json"
    )

    assert response.status_code == 400
    messages = response.json()["error"]["details"]["password"]
    assert any(f"at least {minimum} characters" in message for message in messages), messages


def test_every_table_operation_exists(schema):
    assert set(RAISES) <= set(_operations(schema)), set(RAISES) - set(_operations(schema))


@pytest.mark.parametrize("operation_id", sorted(RAISES))
def test_operations_that_raise_402_or_409_document_each_code(schema, operation_id):
    operation = _operations(schema)[operation_id]
    classes: list[type[DomainError]] = RAISES[operation_id]

    for cls in classes:
        status = str(cls.status_code)
        assert status in {"402", "409"}
        assert status in operation["responses"], f"{operation_id} can answer {status} ({cls.code})"
        assert f"`{cls.code}`" in operation["responses"][status]["description"], (operation_id, cls.code)


def _idempotency(operation) -> list[type[DomainError]]:
    """An operation taking an Idempotency-Key can answer 409 idempotency_in_progress (a retry while the
    first request runs)."""
    names = {p["name"] for p in operation.get("parameters", [])}
    return [IdempotencyInProgress] if "Idempotency-Key" in names else []


def test_idempotent_posts_document_the_409_and_the_422_of_their_key(schema):
    posts = [op for op in _operations(schema).values() if _idempotency(op)]
    assert len(posts) >= 15
    for operation in posts:
        assert "`idempotency_in_progress`" in operation["responses"]["409"]["description"]
        assert "`idempotency_key_reused`" in operation["responses"]["422"]["description"]


def test_no_operation_documents_a_402_or_409_it_cannot_answer(schema):
    """The other direction: a documented 402/409 is in the table (so the table stays complete)."""
    for operation_id, operation in _operations(schema).items():
        for status in ("402", "409"):
            if status in operation["responses"]:
                raised = {str(cls.status_code) for cls in RAISES.get(operation_id, []) + _idempotency(operation)}
                assert status in raised, f"{operation_id} documents {status}: add what raises it to RAISES"


def test_every_optional_organization_id_describes_the_rule(schema):
    described = []
    for operation_id, operation in _operations(schema).items():
        if operation_id in ORG_ID_NOT_CONDITIONAL:
            continue
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "organization_id" and not parameter.get("required"):
                assert parameter.get("description") == ORG_ID_RULE, operation_id
                described.append(operation_id)
        body = _body_schema(schema, operation)
        field = body.get("properties", {}).get("organization_id")
        if field is not None and "organization_id" not in body.get("required", []):
            assert field.get("description") == ORG_ID_RULE, operation_id
            described.append(operation_id)
    assert {"content_generate", "content_list", "organizations_workspaces_create", "scheduling_list"} <= set(described)


def _accepted(name: str) -> bool:
    try:
        _clean_name(name)
    except ValidationFailed:
        return False
    return True


def test_display_name_pattern_accepts_exactly_what_the_service_accepts(schema):
    body = schema["components"]["schemas"]["OrganizationListCreateInputRequest"]
    assert body["properties"]["name"]["pattern"] == DISPLAY_NAME_PATTERN
    pattern = re.compile(DISPLAY_NAME_PATTERN)  # the \uXXXX escapes mean the same in Python and ECMA-262

    for code_point in [*range(0x3100), 0xFEFF, 0x1F600, 0x10FFFF]:
        char = chr(code_point)
        if 0xD800 <= code_point <= 0xDFFF:
            continue
        for name in (char, f"a{char}", f"{char}b", f"a{char}b", char * 3):
            assert bool(pattern.fullmatch(name)) == _accepted(name), (hex(code_point), name)


def test_not_blank_pattern_is_what_trimming_keeps(schema):
    """A trimmed string that may not be blank: the schema's pattern asks for a character that
    str.strip() keeps (schemathesis sent "\\u000b" as a refresh token: schema-valid, refused blank)."""
    refresh = schema["components"]["schemas"]["TokenRefreshInputRequest"]["properties"]["refresh"]
    assert refresh["pattern"] == NOT_BLANK_PATTERN
    pattern = re.compile(NOT_BLANK_PATTERN)

    for code_point in [*range(0x3100), 0xFEFF, 0x1F600]:
        char = chr(code_point)
        if 0xD800 <= code_point <= 0xDFFF:
            continue
        assert bool(pattern.search(f" {char}\t")) == bool(char.strip()), hex(code_point)


def test_a_whitespace_only_refresh_token_is_refused_as_the_schema_says(api_client, schema):
    refresh = schema["components"]["schemas"]["TokenRefreshInputRequest"]["properties"]["refresh"]

    response = api_client.post("/api/v1/auth/token/refresh/", {"refresh": "\u000b"}, format="json")

    assert not re.search(refresh["pattern"], "\u000b")
    assert response.status_code == 400
    assert "refresh" in response.json()["error"]["details"]


def test_operations_with_query_parameters_document_414(schema):
    """A query string can push the URL past the 4096 characters the server takes (found by schemathesis)."""
    for operation_id, operation in _operations(schema).items():
        if any(p["in"] == "query" for p in operation.get("parameters", [])):
            assert "414" in operation["responses"], operation_id
