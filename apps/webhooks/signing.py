"""How outgoing webhooks are signed (docs/webhooks.md#verifying).

**Standard Webhooks** (https://www.standardwebhooks.com, every endpoint created since issue 28):
``Webhook-Id``, ``Webhook-Timestamp`` and ``Webhook-Signature: v1,<base64 HMAC-SHA256>`` over
``{id}.{timestamp}.{body}``, keyed with the secret's bytes (``whsec_`` + base64). Signed with the
``standardwebhooks`` library itself, so a receiver using it (Python, Node.js, …) verifies exactly
what we send.

**Legacy** (endpoints created before, until their owner switches): Stripe-style
``Webhook-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>``.

During a secret rotation's grace period both schemes carry one signature per valid secret (Standard
Webhooks separates them with a space, as the specification allows). A receiver recomputes the HMAC over
the raw body, compares in constant time, refuses a timestamp too far from its clock (replay) and
dedupes on ``Webhook-Id``.
"""

import base64
import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime

from standardwebhooks import Webhook

STANDARD = "standard"
LEGACY = "legacy"


def secret_generate() -> str:
    """``whsec_`` + standard base64 of 32 random bytes: what every Standard Webhooks library decodes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def signing_headers(*, scheme: str, secrets_: list[str], msg_id: str, body: bytes, timestamp: int | None = None):
    """The signature headers of one request, for the endpoint's scheme and its valid secrets."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    if scheme == LEGACY:
        return {
            "Webhook-Id": msg_id,
            "Webhook-Signature": signature_header(secrets_=secrets_, body=body, timestamp=timestamp),
        }
    at = datetime.fromtimestamp(timestamp, UTC)
    return {
        "Webhook-Id": msg_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": " ".join(Webhook(secret).sign(msg_id, at, body) for secret in secrets_),
    }


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(*, secrets_: list[str], body: bytes, timestamp: int | None = None) -> str:
    """The legacy scheme's header."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return ",".join(
        [f"t={timestamp}", *(f"v1={signature(secret=s, timestamp=timestamp, body=body)}" for s in secrets_)]
    )


def signature_verify(*, secret: str, header: str, body: bytes, tolerance: int = 300, now: int | None = None) -> bool:
    """What a receiver of the legacy scheme does (used by our tests and shown in docs/webhooks.md)."""
    items = [item.split("=", 1) for item in header.split(",") if "=" in item]
    timestamps = [value for key, value in items if key == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return False
    timestamp = int(timestamps[0])
    if abs((int(time.time()) if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature(secret=secret, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, value) for key, value in items if key == "v1")
