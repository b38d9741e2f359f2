#!/usr/bin/env bash
# The embedded default end to end: a fresh SQLite file, migrate, serve, register + login + profile.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${SMOKE_PORT:-8765}
WORK=$(mktemp -d)
trap 'kill ${SERVER_PID:-0} 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Nothing configured: no DATABASE_URL, no REDIS_URL, no keys.
env -u DATABASE_URL -u REDIS_URL -u STRIPE_SECRET_KEY -u OPENAI_API_KEY -u GEMINI_API_KEY \
    DATABASE_URL="sqlite:///$WORK/smoke.sqlite3" $PY manage.py migrate --noinput -v0
env -u REDIS_URL DATABASE_URL="sqlite:///$WORK/smoke.sqlite3" \
    $PY manage.py runserver --noreload "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && break
    sleep 0.5
done

$PY - "$PORT" <<'PYEOF'
import json
import sys
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"


def call(method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"null")


status, body = call("POST", "/api/v1/auth/register/", {"email": "smoke@example.com", "password": "smoke-test-pass-42"})
assert status == 201, (status, body)
status, tokens = call("POST", "/api/v1/auth/login/", {"email": "smoke@example.com", "password": "smoke-test-pass-42"})
assert status == 200 and tokens["access"], (status, tokens)
status, profile = call("GET", "/api/v1/auth/profile/", token=tokens["access"])
assert status == 200 and profile["email"] == "smoke@example.com", (status, profile)
status, pair = call("POST", "/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]})
assert status == 200 and pair["refresh"] != tokens["refresh"], (status, pair)
status, ready = call("GET", "/health/ready")
assert status == 200, (status, ready)
status, schema = call("GET", "/api/schema/")
assert status == 200 and schema["openapi"].startswith("3."), status
with urllib.request.urlopen(base + "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js") as asset:
    assert asset.status == 200
print("embedded default smoke: register + login + profile + refresh, health, schema, Swagger UI assets OK")
PYEOF
