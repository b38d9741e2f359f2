"""A Node.js receiver verifying with the `standardwebhooks` npm library accepts what we send, and refuses
it changed (scripts/jwt-node/verify-webhook.js, docs/webhooks.md#verifying)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from apps.common.events import emit
from apps.webhooks.delivery import endpoint_deliver

pytestmark = pytest.mark.django_db
NODE_DIR = Path(__file__).resolve().parents[3] / "scripts" / "jwt-node"


def _node_verify(tmp_path: Path, *, secret: str, headers: dict, body: bytes) -> subprocess.CompletedProcess:
    (tmp_path / "headers.json").write_text(json.dumps(headers))
    (tmp_path / "body").write_bytes(body)
    return subprocess.run(
        ["node", "verify-webhook.js", str(tmp_path / "headers.json"), str(tmp_path / "body")],
        cwd=NODE_DIR,
        env={**os.environ, "WEBHOOK_SECRET": secret},
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (CI installs it)")
@pytest.mark.skipif(
    not (NODE_DIR / "node_modules" / "standardwebhooks").is_dir(),
    reason="scripts/jwt-node/node_modules missing: run `npm ci --prefix scripts/jwt-node` (.ci/run does)",
)
def test_nodejs_standardwebhooks_verifies_our_delivery_and_refuses_a_changed_one(org, endpoint, receiver, tmp_path):
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "p1"), data={"n": 1})
    endpoint_deliver(endpoint_id=endpoint.pk)
    request = receiver.requests[0]

    accepted = _node_verify(tmp_path, secret=endpoint.secret, headers=request["headers"], body=request["body"])
    changed = _node_verify(
        tmp_path, secret=endpoint.secret, headers=request["headers"], body=request["body"].replace(b'"n":1', b'"n":2')
    )

    assert accepted.returncode == 0, accepted.stderr
    assert json.loads(accepted.stdout) == request["json"]
    assert changed.returncode == 1 and "WebhookVerificationError" in changed.stderr
