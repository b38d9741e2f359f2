"""API keys for machine clients: the secret's format and hash, the lookup on each request, the
endpoints a key may call, and the throttled last-used write (docs/api-keys.md).

A key is ``caas_live_`` followed by 40 random characters (a–z, A–Z, 0–9: ~238 bits). Only its
SHA-256 is stored (a high-entropy secret needs no slow hash); ``prefix`` — ``caas_live_`` and the
next 8 characters — is stored in clear to tell keys apart in lists and logs.
"""

import hashlib
import hmac
import re
import secrets
import string
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from apps.organizations.exceptions import ApiKeyInvalid, ApiKeyNotAllowed, ApiKeyRevoked
from apps.organizations.models import ApiKey

KEY_PREFIX = "caas_live_"
_SECRET_LENGTH = 40
_VISIBLE = len(KEY_PREFIX) + 8
_ALPHABET = string.ascii_letters + string.digits
_KEY_SHAPE = re.compile(rf"^{KEY_PREFIX}[A-Za-z0-9]{{{_SECRET_LENGTH}}}$")

# The last-used time is written at most once per this interval per key (a conditional UPDATE),
# not on every request.
LAST_USED_RESOLUTION = timedelta(seconds=60)

# Where a key authenticates: organization, content, scheduling, campaigns, media library, channels,
# analytics and CSV endpoints. Any
# other path — the account endpoints (/auth/*: login, tokens, profile, password, email), creating
# or listing organizations, accepting invitations, leaving, transferring ownership, members'
# roles, invitations, billing sessions and API-key management itself — answers 403
# ``api_key_not_allowed``. An allow-list, so a route added later is closed to keys until opened here.
_UUID = r"[0-9a-fA-F-]{36}"
ALLOWED_PATHS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        r"^/api/v1/content/",
        r"^/api/v1/scheduling/",
        r"^/api/v1/campaigns/",
        r"^/api/v1/media/",
        r"^/api/v1/channels/",
        r"^/api/v1/analytics/",
        r"^/api/v1/csv/",
        r"^/api/v1/planner/",
        r"^/api/v1/organizations/workspaces/",
        rf"^/api/v1/organizations/{_UUID}/$",
        rf"^/api/v1/organizations/{_UUID}/members/$",
        r"^/api/v1/subscriptions/$",
    )
)
# Organization-wide reports: not for a key narrowed to one workspace (they would show the others).
ORGANIZATION_WIDE_PATHS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        r"^/api/v1/analytics/",
        r"^/api/v1/content/usage/$",
        r"^/api/v1/subscriptions/$",
        rf"^/api/v1/organizations/{_UUID}/members/$",
    )
)


def api_key_generate() -> tuple[str, str, str]:
    """A new secret → (key, prefix, sha256 hex). The key is shown once and never stored."""
    key = KEY_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(_SECRET_LENGTH))
    return key, key[:_VISIBLE], api_key_hash(key)


def api_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def looks_like_api_key(raw: str) -> bool:
    return raw.startswith(KEY_PREFIX)


def api_key_authenticate(*, raw: str, path: str) -> ApiKey:
    """The active key for ``raw``, allowed on ``path``, with its machine user (one indexed query);
    401 for an unknown or revoked key, 403 where keys are not accepted."""
    if not _KEY_SHAPE.match(raw):
        raise ApiKeyInvalid()
    digest = api_key_hash(raw)
    key = ApiKey.objects.select_related("user").filter(key_hash=digest).first()
    # The lookup is by the hash of the secret; compare again in constant time all the same.
    if key is None or not hmac.compare_digest(key.key_hash, digest):
        raise ApiKeyInvalid()
    if key.revoked_at is not None or not key.user.is_active:
        raise ApiKeyRevoked()
    if not any(pattern.match(path) for pattern in ALLOWED_PATHS):
        raise ApiKeyNotAllowed()
    if key.workspace_id is not None and any(pattern.match(path) for pattern in ORGANIZATION_WIDE_PATHS):
        raise ApiKeyNotAllowed(
            "An API key limited to one workspace cannot read organization-wide reports; use a key without a workspace."
        )
    api_key_touch(key=key)
    return key


def api_key_touch(*, key: ApiKey) -> None:
    """Record the use, at most once per ``LAST_USED_RESOLUTION``: no write at all while the loaded
    value is recent, and a conditional UPDATE so concurrent requests write once."""
    now = timezone.now()
    threshold = now - LAST_USED_RESOLUTION
    if key.last_used_at is not None and key.last_used_at > threshold:
        return
    ApiKey.objects.filter(pk=key.pk).filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=threshold)).update(
        last_used_at=now
    )
    key.last_used_at = now
