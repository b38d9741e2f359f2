"""Schemathesis hooks for ``scripts/schemathesis_run.py`` (loaded through ``SCHEMATHESIS_HOOKS``).

They make the fuzzing client follow two documented rules that OpenAPI cannot express, and only for
cases schemathesis generated as *valid* (positive mode); invalid cases are sent untouched:

- The Stripe webhook is authenticated by an HMAC of the raw body, which a fuzzer cannot produce: the
  exact bytes that will be sent are signed with the fuzzing server's ``STRIPE_WEBHOOK_SECRET``, so the
  event processing behind the signature check is fuzzed too. Invalid cases keep whatever
  ``Stripe-Signature`` was generated (or none) and must be refused with 400.
- ``organization_id`` may be omitted only by a user who belongs to exactly one organization (README,
  "API overview"); the fuzzing user belongs to several, so a valid request names one, as a real
  client must. Omitting it is covered by the unit tests (400 when ambiguous).
"""

import json
import os

import schemathesis

from tests.support.stripe import stripe_signature

WEBHOOK_PATH = "/api/v1/subscriptions/webhook/"
ORGANIZATION_IN_QUERY = {
    ("GET", "/api/v1/content/"),
    ("GET", "/api/v1/content/usage/"),
    ("GET", "/api/v1/content/trash/"),
    ("GET", "/api/v1/organizations/workspaces/"),
    ("GET", "/api/v1/scheduling/"),
    ("GET", "/api/v1/subscriptions/"),
    ("GET", "/api/v1/analytics/generation/"),
    ("GET", "/api/v1/analytics/publishing/"),
    ("GET", "/api/v1/analytics/quota/"),
    ("GET", "/api/v1/brand/templates/"),
    ("GET", "/api/v1/campaigns/"),
    ("GET", "/api/v1/csv/content/export/"),
    ("GET", "/api/v1/csv/scheduled-posts/export/"),
    ("GET", "/api/v1/webhooks/endpoints/"),
    ("GET", "/api/v1/audit/entries/"),
    ("GET", "/api/v1/media/"),
    ("GET", "/api/v1/channels/"),
    ("GET", "/api/v1/analytics/posts/"),
    ("GET", "/api/v1/analytics/channels/"),
}
ORGANIZATION_IN_BODY = {
    ("POST", "/api/v1/content/generate/"),
    ("POST", "/api/v1/organizations/workspaces/"),
    ("POST", "/api/v1/brand/templates/"),
    ("POST", "/api/v1/campaigns/"),
    ("POST", "/api/v1/csv/scheduled-posts/import/"),
    ("POST", "/api/v1/webhooks/endpoints/"),
    ("POST", "/api/v1/media/"),
    ("POST", "/api/v1/media/uploads/"),
}


def _positive(case) -> bool:
    meta = getattr(case, "meta", None)
    return meta is not None and not meta.generation.mode.is_negative


@schemathesis.hook
def before_call(context, case, kwargs):
    if not _positive(case):
        return
    key = (case.operation.method.upper(), case.operation.path)
    organization = os.environ["FUZZ_ORGANIZATION_ID"]
    if key in ORGANIZATION_IN_QUERY and not (case.query or {}).get("organization_id"):
        case.query = {**(case.query or {}), "organization_id": organization}
    if key in ORGANIZATION_IN_BODY and isinstance(case.body, dict) and not case.body.get("organization_id"):
        case.body = {**case.body, "organization_id": organization}
    if case.operation.path == WEBHOOK_PATH and isinstance(case.body, dict):
        payload = json.dumps(case.body).encode()
        signature = stripe_signature(payload, secret=os.environ["STRIPE_WEBHOOK_SECRET"])
        kwargs["data"] = payload
        case.headers = {**(case.headers or {}), "Stripe-Signature": signature}
