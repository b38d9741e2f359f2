"""Stripe-style signatures: ``Webhook-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>``.

During a secret rotation's grace period the header carries one ``v1`` per valid secret. A receiver
recomputes the HMAC over the raw body with its secret, compares in constant time, and refuses a
timestamp too far from its clock (replay); it dedupes on ``Webhook-Id``.
"""

import hashlib
import hmac
import secrets
import time


def secret_generate() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(*, secrets_: list[str], body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return ",".join(
        [f"t={timestamp}", *(f"v1={signature(secret=s, timestamp=timestamp, body=body)}" for s in secrets_)]
    )


def signature_verify(*, secret: str, header: str, body: bytes, tolerance: int = 300, now: int | None = None) -> bool:
    """What a receiver does (used by our tests and shown in docs/webhooks.md)."""
    items = [item.split("=", 1) for item in header.split(",") if "=" in item]
    timestamps = [value for key, value in items if key == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return False
    timestamp = int(timestamps[0])
    if abs((int(time.time()) if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature(secret=secret, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, value) for key, value in items if key == "v1")
