"""Schemathesis against the real app: a live gunicorn on 127.0.0.1, PostgreSQL/Redis from the environment.

Usage (what ``.ci/run`` does; the database is flushed and refilled, so give it a throwaway one)::

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/caas_fuzz REDIS_URL=redis://127.0.0.1:6379/14 \
        .venv/bin/python scripts/schemathesis_run.py [--max-examples 50] [--seed 20260101]

A wider run than CI's, with another seed, every phase and a time budget per pass (seconds)::

    ... scripts/schemathesis_run.py --seed 777013 --phases examples,coverage,fuzzing,stateful --max-time 270

1. Fills the database with a realistic data set (``build_dataset``): an owner who belongs to a team
   organization with admin/editor/viewer members, two workspaces, a pending invitation, content with
   several versions, scheduled posts (pending, queued with a scheduler job id, published, cancelled)
   and a paying subscription; plus a personal organization.
2. Serves the app with ``gunicorn -c gunicorn.conf.py config.asgi:application`` (DEBUG off) on a free
   port of 127.0.0.1 (``scripts/harness.py``), the AI providers and Stripe faked by
   ``scripts/fake_upstreams.py``.
3. Runs ``schemathesis run`` on ``/api/schema/`` with every check schemathesis has (its default), a
   fixed seed and a bounded number of examples per operation, authenticated as the owner (JWT) and as
   the scheduler (service token on the callback); the Stripe webhook is exercised unsigned and, via
   ``scripts/schemathesis_hooks.py``, with a valid signature on part of the cases. Path parameters
   and ids in bodies are drawn from the real ids with a fixed probability, the rest is generated.
4. Exits non-zero when schemathesis reports any failure (server error, schema violation, ...).

Rate limits are honest: the fuzzing organizations are put on a plan whose limits are high enough for
the run (data, like a customer on a big contract); the throttle code and the checks are unchanged.
The login throttle (per IP / per email, settings) and the account-recovery throttles are raised the same
way for the fuzzing server.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.fake_upstreams import FakeUpstreams  # noqa: E402
from scripts.harness import gunicorn_running  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PASSWORD = "fuzz-Password-2026!"  # throwaway fuzzing accounts
SERVICE_TOKEN = "fuzz-scheduler-service-token-0123456789"
WEBHOOK_SECRET = "whsec_fuzz_0123456789abcdef0123456789"

# Schemathesis' default for positive_data_acceptance, plus 402, 412 and 422 (see _settings_lines).
POSITIVE_ACCEPTED = ["2xx", "3xx", "401", "402", "403", "404", "409", "412", "422", "429", "5xx"]
NEGATIVE_REJECTED = ["400", "401", "403", "404", "405", "406", "409", "412", "414", "415", "422", "428", "429", "5xx"]
BUSINESS_RULE_400 = {
    r"^/api/v1/auth/register/$": "Django's password validators (too common, too similar to the email) and email taken",
    r"^/api/v1/auth/profile/$": "the new email is already taken (case-insensitively)",
    r"^/api/v1/auth/password/change/$": "the current password must be right; the new one passes Django's validators",
    r"^/api/v1/auth/password/reset/confirm/$": "the token must be one we emailed, unexpired and unused (HMAC)",
    r"^/api/v1/auth/email/verify/$": "the token must be one we emailed, unexpired and unused (HMAC)",
    r"^/api/v1/scheduling/schedule/$": "scheduled_at must be in the future and at most one year ahead; channel_id, "
    "when given, an active channel of the content's workspace",
    r"^/api/v1/channels/callback/\{network\}/$": "state must be one this server issued to the caller for that network "
    "less than 10 minutes ago, unused (single use), and code the network's (docs/channels.md)",
    r"^/api/v1/channels/connect/": "Mastodon needs instance_url, a public https server; the network must be one "
    "this server can connect",
    r"^/api/v1/organizations/\{id\}/transfer-ownership/$": "you cannot transfer ownership to yourself",
    r"^/api/v1/scheduling/callback/$": "content_id must be the content of the job (content_mismatch)",
    r"^/api/v1/subscriptions/create-checkout-session/$": "plan must be a purchasable plan's slug (plans are data)",
    r"^/api/v1/subscriptions/portal-session/$": "return_url must be on a FRONTEND_URL/CORS origin (no open redirect)",
    r"^/api/v1/analytics/": "start <= end, at most 366 days apart, within the years 2000-2999 (cross-field rules)",
    r"^/api/v1/content/generate/$": "prompt or template_id; the variables exactly the template's (docs/brand.md)",
    r"^/api/v1/campaigns/$": "distinct platforms; prompt or template_id; variables exactly the template's",
    r"^/api/v1/campaigns/\{campaign_id\}/schedule/$": "each content a generated variant of the campaign, once; "
    "scheduled_at in the future, at most one year ahead",
    r"^/api/v1/brand/workspaces/\{workspace_id\}/voice/$": "entries not blank once trimmed; hashtags of letters, "
    "digits and _ only",
    r"^/api/v1/brand/templates/": "name and body not blank once trimmed; at most 20 variables in the body",
    r"^/api/v1/organizations/\{id\}/api-keys/$": "workspace_id must be a workspace of the organization in the path",
    r"^/api/v1/csv/scheduled-posts/import/$": (
        "the file's rows must be valid posts (columns, platform, future time, length, no duplicates): "
        "a schema cannot describe a CSV file's content (docs/csv.md)"
    ),
    r"^/api/v1/webhooks/endpoints/(\{id\}/)?$": "url: https, resolving to public addresses only (SSRF guard)",
    r"^/api/v1/media/$": "the file must not be empty and must be a JPEG, PNG, WebP, GIF or MP4, read from its bytes "
    "(a schema cannot describe a file's content)",
    r"^/api/v1/media/uploads/$": "workspace_id, when given, must be a workspace of the organization; the coverage "
    'phase also sends "" for this nullable uuid (format is an annotation in OpenAPI 3.1)',
    r"^/api/v1/media/\{media_id\}/fit/$": "a fitted variant is made only of an image whose stored aspect ratio the "
    "network refuses (media_fit_not_needed otherwise: it depends on the stored image)",
    r"^/api/v1/planner/workspaces/\{workspace_id\}/calendar/$": "start <= end, at most 92 days apart (cross-field "
    "rules)",
    r"^/api/v1/planner/(workspaces/\{workspace_id\}/)?recurrences/": "a weekly series needs weekdays and only it "
    "takes them, month_day only for monthly, until on or after starts_on, an edit names a field (cross-field "
    'rules); the coverage phase also sends "" for the nullable date until (format is an annotation in OpenAPI 3.1)',
    r"^/api/v1/planner/workspaces/\{workspace_id\}/queue/reorder/$": "entry_ids: every waiting entry of the queue, "
    "each once (the queue's state)",
    r"^/api/v1/planner/workspaces/\{workspace_id\}/queue/\{entry_id\}/$": "slot_at must be a slot of the posting "
    "schedule within the next 90 days (the schedule's state)",
}

# Statuses besides 400 that such a rule answers (each documented on its operation).
BUSINESS_RULE_OTHER = {
    r"^/api/v1/media/$": ["415"],  # media_type_unsupported: the type is read from the bytes
}

# Operations whose negative check schemathesis cannot run right (each with why; their validation is
# covered by unit tests). Schemathesis 4.32.5 sends multipart forms it labels negative with the
# "invalid component" "positive test case" (no mutation survived: extra form fields are allowed) and
# expects them refused; the upload is valid and answered 201 (CI run of 2026-12-07 05:10).
# Operations whose documented 503 is this server's configuration, not a failure (each with why): the
# connect flows of a network the server is not configured for answer 503 network_not_configured, as
# billing answers billing_not_configured without Stripe. The fuzzing server turns the Mastodon and
# Bluesky connects off (they call the instance a user names) and registers no X or LinkedIn app, so
# every connect meets that answer; apps/channels/tests/test_connect.py covers the connects against the stand-ins.
SERVER_ERROR_503_BY_DESIGN = {
    r"^/api/v1/channels/connect/": "network_not_configured: no app of this network on the fuzzing server",
    r"^/api/v1/channels/callback/\{network\}/$": "network_not_configured: no app of this network on the fuzzing server",
}

NEGATIVE_CHECK_OFF = {
    r"^/api/v1/media/$": "multipart cases labelled negative without a violation (apps/media/tests cover the refusals)",
}

SERVER_ENV = {
    # The production settings, as deployed, except the HTTPS redirect (plain HTTP on 127.0.0.1; the
    # production smoke checks the redirect). Secrets are random per run (see main()).
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECURE_SSL_REDIRECT": "False",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "ERROR",
    "SCHEDULER_BACKEND": "local",
    "SCHEDULER_PUBLISHER": "log",
    "SCHEDULER_SERVICE_TOKEN": SERVICE_TOKEN,
    "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    "STRIPE_SECRET_KEY": "sk_test_fuzz_0123456789",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_fuzz_0123456789",
    "STRIPE_PRICE_ID_PRO": "price_fuzz_pro",
    "STRIPE_PRICE_ID_TEAM": "price_fuzz_team",
    "OPENAI_API_KEY": "sk-fuzz-0123456789",
    "GEMINI_API_KEY": "gemini-fuzz-0123456789",
    "AI_MAX_RETRIES": "0",
    # The channels' connect flows call the network a user names (a Mastodon instance, a Bluesky PDS):
    # off here, so a fuzzed connect answers 503 network_not_configured instead of reaching out.
    "CHANNEL_MASTODON_ENABLED": "false",
    "CHANNEL_BLUESKY_ENABLED": "false",
    "LOGIN_RATE_PER_IP": "100000/minute",
    "LOGIN_RATE_PER_EMAIL": "100000/minute",
    "REGISTER_RATE_PER_IP": "100000/minute",
    "PASSWORD_CHANGE_RATE_PER_USER": "100000/minute",
    "PASSWORD_RESET_RATE_PER_IP": "100000/minute",
    "PASSWORD_RESET_RATE_PER_EMAIL": "100000/minute",
    "EMAIL_VERIFICATION_RESEND_RATE": "100000/minute",
    "GUNICORN_WORKERS": "2",
    "GUNICORN_THREADS": "8",
    "GUNICORN_ACCESS_LOG": "/dev/null",
}


def _http(method: str, url: str, *, token: str | None = None, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - our own local server
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            raw = response.read()
            return response.status, json.loads(raw) if raw else {}
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        return exc.code, json.loads(raw) if raw else {}


def build_dataset() -> dict:
    """Create the fuzzing data set with our own services (and the ORM only for what is pure data)."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.utils import timezone

    from apps.organizations.models import OrganizationMember, Role
    from apps.organizations.services import account_register, api_key_create, organization_create, workspace_create
    from apps.subscriptions.models import Subscription, SubscriptionStatus
    from apps.users.tokens import token_pair_for_user
    from apps.webhooks.catalogue import EVENT_TYPES
    from apps.webhooks.services import webhook_endpoint_create

    _database_reset()
    big = _big_contract_plan()

    def register(email: str) -> object:
        return account_register(email=email, password=PASSWORD, first_name="Fuzz", last_name=email.split("@")[0])

    owner = register("owner@fuzz.example")
    admin = register("admin@fuzz.example")
    editor = register("editor@fuzz.example")
    viewer = register("viewer@fuzz.example")
    outsider = register("outsider@fuzz.example")
    team = organization_create(owner=owner, name="Fuzz Team")
    second = organization_create(owner=owner, name="Fuzz Second")
    now = timezone.now()
    Subscription.objects.update(
        plan=big,
        status=SubscriptionStatus.ACTIVE,
        current_period_start=now - timedelta(days=3),
        current_period_end=now + timedelta(days=27),
    )
    Subscription.objects.filter(organization=team).update(
        stripe_customer_id="cus_fuzz_team", stripe_subscription_id="sub_fuzz_team"
    )
    cache.clear()
    pending = _team_invitations(
        owner, team, members=((admin, Role.ADMIN), (editor, Role.EDITOR), (viewer, Role.VIEWER))
    )
    # An IP literal: public, so the SSRF guard accepts it without DNS (nothing is delivered: no worker runs).
    endpoint = webhook_endpoint_create(
        user=owner, organization_id=team.id, url="https://93.184.216.34/fuzz-hook", event_types=list(EVENT_TYPES)
    )
    workspaces = [
        workspace_create(user=owner, organization_id=team.id, name="Campaigns", description="Launch posts"),
        workspace_create(user=owner, organization_id=team.id, name="Evergreen"),
    ]
    api_key, _ = api_key_create(user=owner, organization_id=team.id, name="Fuzz bot", role=Role.EDITOR)
    cache.clear()
    return {
        "tokens": {u.email: token_pair_for_user(user=u) for u in (owner, admin, editor, viewer, outsider)},
        "organizations": [str(team.id), str(second.id)],
        "personal": [str(m.organization_id) for m in OrganizationMember.objects.filter(user=owner)],
        "workspaces": [str(w.id) for w in workspaces],
        "members": [str(m.id) for m in OrganizationMember.objects.filter(organization=team)],
        "invitations": [str(pending.id)],
        "api_keys": [str(api_key.id)],
        "users": [str(u.id) for u in (owner, admin, editor, viewer)],
        "webhook_endpoints": [str(endpoint.id)],
    }


def _database_reset() -> None:
    """Migrated, emptied, the plans loaded, the cache cleared."""
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    call_command("loaddata", str(ROOT / "fixtures" / "plans.json"), verbosity=0)
    cache.clear()


def _big_contract_plan():
    """A big contract: unlimited quotas and rate limits far above what the fuzzer sends in a minute."""
    from apps.subscriptions.models import Plan

    return Plan.objects.create(
        slug="fuzz-enterprise",
        name="Fuzzing enterprise",
        price_cents=99_900,
        monthly_token_limit=None,
        monthly_post_limit=None,
        workspace_limit=None,
        member_limit=None,
        requests_per_minute=1_000_000,
        generations_per_minute=1_000_000,
        is_active=False,
    )


def _team_invitations(owner, team, *, members):
    """Each of ``members`` (user, role) invited by email and accepted; one more invitation left
    pending (returned)."""
    from django.core import mail

    from apps.organizations.invitation_email import invitation_email_deliver
    from apps.organizations.models import Role
    from apps.organizations.services import invitation_accept, invitation_create

    mail.outbox = []
    for user, role in members:
        invitation = invitation_create(user=owner, organization_id=team.id, email=user.email, role=role)
        invitation_email_deliver(invitation_id=invitation.pk)  # what the task worker does
        token = mail.outbox[-1].body.split("token=")[1].split()[0]
        invitation_accept(user=user, token=token)
    return invitation_create(user=owner, organization_id=team.id, email="pending@fuzz.example", role=Role.EDITOR)


def _api(base: str, method: str, path: str, *, token: str, body: dict, what: str, expect=(201,)) -> dict:
    """One call of the data set's; anything but an ``expect``ed status stops the run."""
    status, answer = _http(method, f"{base}{path}", token=token, body=body)
    if status not in expect:
        raise SystemExit(f"dataset: {what} answered {status}: {answer}")
    return answer


def fill_over_http(base: str, data: dict) -> None:
    """Content, versions and scheduled posts through the public API (the offline AI provider)."""
    owner = data["tokens"]["owner@fuzz.example"]["access"]
    editor = data["tokens"]["editor@fuzz.example"]["access"]
    team = data["organizations"][0]
    contents = _generated_contents(base, data, owner=owner, editor=editor)
    posts = [
        _api(
            base,
            "POST",
            "/api/v1/scheduling/schedule/",
            token=owner,
            body={"content_id": content_id, "scheduled_at": _in_days(index + 1), "organization_id": team},
            what="schedule",
        )["id"]
        for index, content_id in enumerate(contents)
    ]
    _api(
        base,
        "PUT",
        f"/api/v1/brand/workspaces/{data['workspaces'][0]}/voice/",
        token=owner,
        body={"description": "Plain and warm", "banned_phrases": ["synergy"], "required_hashtags": ["#fuzz"]},
        what="brand voice",
        expect=(200,),
    )
    template = {
        "organization_id": team,
        "workspace_id": data["workspaces"][0],
        "name": "Launch",
        "body": "Launch {product}",
    }
    data["templates"] = [
        _api(base, "POST", "/api/v1/brand/templates/", token=owner, body=template, what="template")["id"]
    ]
    campaign = {
        "organization_id": team,
        "platforms": ["twitter", "linkedin"],
        "tone": "casual",
        "prompt": "Launch week",
    }
    data["campaigns"] = [_api(base, "POST", "/api/v1/campaigns/", token=owner, body=campaign, what="campaign")["id"]]
    # Two contents submitted for review, so approve / request-changes reach their logic.
    for content_id in contents[:2]:
        _api(base, "POST", f"/api/v1/content/{content_id}/submit/", token=editor, body={}, what="submit")
    data["contents"] = contents
    data["posts"] = posts
    data["job_ids"] = _scheduler_states(posts)
    from apps.webhooks.models import WebhookDelivery

    data["webhook_deliveries"] = [str(pk) for pk in WebhookDelivery.objects.values_list("pk", flat=True)]


def _jpeg_media(workspace_id: str) -> str:
    """A JPEG in the workspace's media library (Instagram takes no post without one): pure data."""
    import io

    from PIL import Image

    from apps.media.services import media_create
    from apps.organizations.models import Workspace

    picture = io.BytesIO()
    Image.new("RGB", (1080, 1080), (200, 80, 40)).save(picture, "JPEG")
    workspace = Workspace.objects.get(pk=workspace_id)
    return str(media_create(workspace=workspace, created_by=None, data=picture.getvalue(), alt_text="A square").pk)


def _generated_contents(base: str, data: dict, *, owner: str, editor: str) -> list[str]:
    """Four contents, one per platform, by the owner and the editor in turn, each regenerated twice
    (the Instagram one with an image attached)."""
    contents = []
    for index, (platform, tone) in enumerate(
        [("twitter", "casual"), ("linkedin", "professional"), ("instagram", "friendly"), ("threads", "humorous")]
    ):
        body = {
            "platform": platform,
            "tone": tone,
            "prompt": f"Announce feature number {index} of our scheduling product",
            "audience": "small business owners",
            "organization_id": data["organizations"][0],
            "workspace_id": data["workspaces"][index % 2],
        }
        if platform == "instagram":
            body["media"] = [{"id": _jpeg_media(data["workspaces"][index % 2])}]
        token = owner if index % 2 == 0 else editor
        contents.append(_api(base, "POST", "/api/v1/content/generate/", token=token, body=body, what="generate")["id"])
        for round_ in range(2):
            _api(
                base,
                "POST",
                f"/api/v1/content/{contents[-1]}/regenerate/",
                token=owner,
                body={"modifications": f"shorter, round {round_}"},
                what="regenerate",
                expect=(200, 201),
            )
    return contents


def _in_days(days: int) -> str:
    from datetime import UTC, datetime

    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def _scheduler_states(posts: list[str]) -> list[str]:
    """Put the posts in every state the callback meets (as if the scheduler had taken them): pure data."""
    from django.utils import timezone

    from apps.scheduling.models import PostStatus, ScheduledPost

    now = timezone.now()
    job_ids = []
    for index, post_id in enumerate(posts):
        job_id = f"job-fuzz-{index}"
        job_ids.append(job_id)
        fields = {"job_id": job_id, "backend": "http"}
        if index == 1:
            fields.update(status=PostStatus.QUEUED, queued_at=now)
        elif index == 2:
            fields.update(status=PostStatus.PUBLISHED, queued_at=now, published_at=now, platform_post_id="p-1")
        elif index == 3:
            fields.update(status=PostStatus.CANCELLED, cancelled_at=now)
        ScheduledPost.objects.filter(pk=post_id).update(**fields)
    return job_ids


def _toml_str(value: str) -> str:
    return json.dumps(value)


# Path parameters and ids in bodies drawn from the real ids (the dictionaries of ``_dictionaries``)
# with probability 0.6 (unless given), per operation path: (path regex, {parameter: dictionary}).
OPERATION_IDS: list[tuple[str, dict[str, str]] | tuple[str, dict[str, str], float]] = [
    (r"^/api/v1/organizations/\{id\}/$", {"path.id": "organization_ids"}),
    (
        r"^/api/v1/organizations/\{id\}/(members|invitations|leave|transfer)",
        {
            "path.id": "organization_ids",
            "path.member_id": "member_ids",
            "path.invitation_id": "invitation_ids",
            "body.member_id": "member_ids",
        },
    ),
    (r"^/api/v1/organizations/\{id\}/api-keys/", {"path.id": "organization_ids", "path.key_id": "api_key_ids"}),
    (
        r"^/api/v1/csv/",
        {
            "query.organization_id": "organization_ids",
            "query.workspace_id": "workspace_ids",
            "body.organization_id": "organization_ids",
        },
    ),
    (r"^/api/v1/organizations/workspaces/", {"path.id": "workspace_ids", "body.organization_id": "organization_ids"}),
    (r"^/api/v1/content/\{content_id\}", {"path.content_id": "content_ids", "body.workspace_id": "workspace_ids"}),
    (
        r"^/api/v1/content/generate/$",
        {
            "body.organization_id": "organization_ids",
            "body.workspace_id": "workspace_ids",
            "body.template_id": "template_ids",
        },
    ),
    (
        r"^/api/v1/content/(trash/)?$",
        {"query.organization_id": "organization_ids", "query.workspace_id": "workspace_ids"},
    ),
    (r"^/api/v1/scheduling/\{id\}", {"path.id": "post_ids"}),
    (r"^/api/v1/brand/workspaces/", {"path.workspace_id": "workspace_ids"}),
    (r"^/api/v1/brand/templates/\{template_id\}", {"path.template_id": "template_ids"}),
    (
        r"^/api/v1/brand/templates/$",
        {
            "query.organization_id": "organization_ids",
            "query.workspace_id": "workspace_ids",
            "body.organization_id": "organization_ids",
            "body.workspace_id": "workspace_ids",
        },
    ),
    (
        r"^/api/v1/campaigns/$",
        {
            "query.organization_id": "organization_ids",
            "body.organization_id": "organization_ids",
            "body.workspace_id": "workspace_ids",
            "body.template_id": "template_ids",
        },
    ),
    (r"^/api/v1/campaigns/\{campaign_id\}", {"path.campaign_id": "campaign_ids"}),
    (r"^/api/v1/scheduling/schedule/$", {"body.content_id": "content_ids", "body.organization_id": "organization_ids"}),
    (r"^/api/v1/scheduling/$", {"query.organization_id": "organization_ids"}),
    (r"^/api/v1/analytics/", {"query.organization_id": "organization_ids", "query.workspace_id": "workspace_ids"}),
    (r"^/api/v1/scheduling/callback/$", {"body.job_id": "job_ids", "body.content_id": "content_ids"}),
    (
        r"^/api/v1/subscriptions/",
        {
            "query.organization_id": "organization_ids",
            "body.organization_id": "organization_ids",
            "body.plan": "plans",
            "body.return_url": "return_urls",
        },
    ),
    (r"^/api/v1/auth/(logout|token/refresh)/$", {"body.refresh": "refresh_tokens"}, 0.3),
    (
        r"^/api/v1/webhooks/endpoints/",
        {
            "path.id": "webhook_endpoint_ids",
            "path.delivery_id": "webhook_delivery_ids",
            "query.organization_id": "organization_ids",
            "body.organization_id": "organization_ids",
        },
    ),
    (r"^/api/v1/audit/entries/$", {"query.organization_id": "organization_ids"}),
]


def _dictionaries(data: dict, owner: dict) -> dict[str, list[str]]:
    """The real ids (and a few valid values) schemathesis draws from."""
    return {
        "organization_ids": data["organizations"] + data["personal"],
        "workspace_ids": data["workspaces"],
        "content_ids": data["contents"],
        "template_ids": data["templates"],
        "campaign_ids": data["campaigns"],
        "post_ids": data["posts"],
        "member_ids": data["members"],
        "invitation_ids": data["invitations"],
        "api_key_ids": data["api_keys"],
        "job_ids": data["job_ids"],
        "webhook_endpoint_ids": data["webhook_endpoints"],
        "webhook_delivery_ids": data["webhook_deliveries"],
        "refresh_tokens": [owner["refresh"]],
        "plans": ["pro", "team"],
        "return_urls": ["http://localhost:5173/billing"],
    }


def _settings_lines(path: Path, *, seed: int, owner: dict, max_examples: int) -> list[str]:
    """Seed, generation, authentication and the checks' accepted statuses."""
    return [
        f"seed = {seed}",
        "suppress-health-check = ['too_slow', 'filter_too_much']",
        "[cache]",  # crash replays (`st replay`) live with the reports, not in the working tree
        f"directory = {_toml_str(str(path.parent / 'cache'))}",
        "[generation]",
        f"max-examples = {max_examples}",
        # No U+0000 in generated strings: every string field refuses it with a 400 (DRF's
        # ProhibitNullCharactersValidator; PostgreSQL text/jsonb cannot store it), which OpenAPI cannot
        # express. Unit tests prove those 400s (docs/security.md, API8).
        "allow-x00 = false",
        'database = "none"',  # no example database left in the working tree; the seed makes runs repeatable
        "[auth.openapi.jwtAuth]",
        f"bearer = {_toml_str(owner['access'])}",
        "[auth.openapi.schedulerServiceToken]",
        f"bearer = {_toml_str(SERVICE_TOKEN)}",
        # positive_data_acceptance: a schema-valid request may still be refused by a documented rule
        # the schema cannot express. 402 (plan limit reached) is, like 409, an answer about the state of
        # the account, for every operation; 412 (an If-Match naming another ETag than the resource's
        # current one: no schema can know the current ETag) and 422 (idempotency_key_reused: the key was
        # already used with another body; ai_content_refused: the provider's judgment) are answers about
        # the state of the resource, the key or the provider, documented on the operations that give
        # them; 400 only where a business rule lives (listed with why).
        "[checks.positive_data_acceptance]",
        f"expected-statuses = {json.dumps(POSITIVE_ACCEPTED)}",
        # negative_data_rejection: schemathesis' default list plus 414, the answer to a URL longer than
        # 4096 characters (apps.common.request_limits) that a fuzzed query string can reach, and 412: a
        # write naming a stale ETag in If-Match is refused before its content is read (RFC 9110
        # §13.2.1: preconditions are evaluated before the request content is processed), whatever
        # that content; nothing changes.
        "[checks.negative_data_rejection]",
        f"expected-statuses = {json.dumps(NEGATIVE_REJECTED)}",
    ]


def _operation_lines(path_regex: str, bindings: dict[str, str], probability: float = 0.6) -> list[str]:
    lines = ["[[operations]]", f"include-path-regex = {_toml_str(path_regex)}", "[operations.parameters]"]
    for key, dictionary in bindings.items():
        lines.append(f'"{key}" = {{ dictionary = "{dictionary}", probability = {probability} }}')
    return lines


def _business_rule_lines(path_regex: str, why: str) -> list[str]:
    statuses = [*POSITIVE_ACCEPTED, "400", *BUSINESS_RULE_OTHER.get(path_regex, [])]
    return [
        "[[operations]]",
        f"include-path-regex = {_toml_str(path_regex)}",
        f"# 400: {why}",
        "[operations.checks.positive_data_acceptance]",
        f"expected-statuses = {json.dumps(statuses)}",
    ]


def write_config(path: Path, data: dict, *, args: argparse.Namespace, email: str, max_examples: int) -> None:
    owner = data["tokens"][email]
    lines = _settings_lines(path, seed=args.seed, owner=owner, max_examples=max_examples)
    for name, values in _dictionaries(data, owner).items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}"]
    for operation in OPERATION_IDS:
        lines += _operation_lines(*operation)
    for path_regex, why in BUSINESS_RULE_400.items():
        lines += _business_rule_lines(path_regex, why)
        if path_regex in SERVER_ERROR_503_BY_DESIGN:
            lines += [
                f"# 503: {SERVER_ERROR_503_BY_DESIGN[path_regex]}",
                "[operations.checks.not_a_server_error]",
                'expected-statuses = ["2xx", "3xx", "4xx", "503"]',
            ]
        if path_regex in NEGATIVE_CHECK_OFF:
            lines += [
                f"# {NEGATIVE_CHECK_OFF[path_regex]}",
                "[operations.checks.negative_data_rejection]",
                "enabled = false",
            ]
    path.write_text("\n".join(lines) + "\n")


def run_schemathesis(base: str, data: dict, *, env: dict, args: argparse.Namespace, report_dir: Path) -> int:
    """Two passes against ``base``: a viewer of the team (fewer examples) exercises the 403 side of
    every write first, because the owner's pass may remove members; then the owner, who reaches
    every operation. Non-zero when either pass reports a failure."""
    hooks_env = {
        **env,
        "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT)]),  # the hooks sign with apps.*
        "FUZZ_ORGANIZATION_ID": data["organizations"][0],
    }
    passes = [("viewer@fuzz.example", max(5, args.max_examples // 5)), ("owner@fuzz.example", args.max_examples)]
    returncode = 0
    for email, max_examples in passes:
        name = email.split("@")[0]
        config = report_dir / f"schemathesis-{name}.toml"
        write_config(config, data, args=args, email=email, max_examples=max_examples)
        command = [
            str(VENV_BIN / "schemathesis"),
            "--config-file",
            str(config),
            "run",
            f"{base}/api/schema/",
            "--workers",
            str(args.workers),
            "--report",
            "junit",
            "--report-junit-path",
            str(report_dir / f"junit-{name}.xml"),
            *(["--phases", args.phases] if args.phases else []),
            *(["--max-time", str(args.max_time)] if args.max_time else []),
            *args.extra,
        ]
        print(f"== {name}, {max_examples} examples per operation: $ " + " ".join(command[:1] + command[3:]), flush=True)
        result = subprocess.run(command, cwd=ROOT, env=hooks_env, check=False)  # noqa: S603
        returncode = returncode or result.returncode
    return returncode


def _object_storage_env() -> dict[str, str]:
    """The media on the S3-compatible server ``.ci/run`` starts (MEDIA_TEST_S3_ENDPOINT_URL), in a fresh
    bucket, so the presigned upload is fuzzed too (without object storage it answers 503, by design);
    nothing without that server."""
    endpoint = os.environ.get("MEDIA_TEST_S3_ENDPOINT_URL")
    if not endpoint:
        return {}
    from tests.support.s3 import ACCESS_KEY, REGION, SECRET_KEY, s3_client

    bucket = f"fuzz-{secrets.token_hex(6)}"
    s3_client(endpoint).create_bucket(Bucket=bucket)
    return {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", 50)))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SCHEMATHESIS_SEED", 20260101)))
    # One worker: hypothesis' lambda descriptions call ast.parse, which is not thread-safe on CPython 3.11
    # (schemathesis then reports "AST constructor recursion depth mismatch" as a runtime error).
    parser.add_argument("--workers", default=os.environ.get("SCHEMATHESIS_WORKERS", "1"))
    # Empty: schemathesis' own defaults (what CI runs).
    parser.add_argument(
        "--phases",
        default=os.environ.get("SCHEMATHESIS_PHASES", ""),
        help="comma-separated phases: examples,coverage,fuzzing,stateful",
    )
    parser.add_argument(
        "--max-time",
        type=int,
        default=int(os.environ.get("SCHEMATHESIS_MAX_TIME", 0)) or None,
        help="time budget of each pass in seconds (fuzzing and stateful repeat until it is spent)",
    )
    parser.add_argument("--report-dir", default=os.environ.get("SCHEMATHESIS_REPORT_DIR", ""))
    parser.add_argument("extra", nargs="*", help="extra arguments for `schemathesis run` (after --)")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a throwaway database: it is flushed and refilled.")
    os.chdir(ROOT)
    started = time.monotonic()
    report_dir = Path(args.report_dir or tempfile.mkdtemp(prefix="schemathesis-"))
    with FakeUpstreams() as fake:
        env = {
            **os.environ,
            **SERVER_ENV,
            "OPENAI_BASE_URL": f"{fake.url}/v1",
            "GEMINI_BASE_URL": f"{fake.url}/",
            "STRIPE_API_BASE": fake.url,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "JWT_SECRET_KEY": secrets.token_urlsafe(48),
            "CHANNEL_TOKEN_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),  # a Fernet key
            **_object_storage_env(),
        }
        os.environ.update(env)
        data = build_dataset()
        with gunicorn_running(env, ready_path="/health/ready") as server:
            fill_over_http(server.url, data)
            report_dir.mkdir(parents=True, exist_ok=True)
            print(f"dataset ready in {time.monotonic() - started:.1f} s", flush=True)
            returncode = run_schemathesis(server.url, data, env=env, args=args, report_dir=report_dir)
    print(f"schemathesis exit {returncode} after {time.monotonic() - started:.1f} s; reports in {report_dir}")
    return returncode


if __name__ == "__main__":
    sys.exit(main())
