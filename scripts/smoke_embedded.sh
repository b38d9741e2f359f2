#!/usr/bin/env bash
# The embedded default end to end, served as `make run` serves it (uvicorn, config.settings.development):
# a fresh SQLite file, migrate, serve, register + login + profile, a generation plain and streamed, then an MCP
# client with an API key generating and scheduling a post (scripts/mcp_smoke.py, docs/mcp.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${SMOKE_PORT:-8765}
WORK=$(mktemp -d)
trap 'kill ${SERVER_PID:-0} 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Nothing configured: no DATABASE_URL, no REDIS_URL, no keys.
env -u DATABASE_URL -u REDIS_URL -u STRIPE_SECRET_KEY -u OPENAI_API_KEY -u GEMINI_API_KEY \
    DATABASE_URL="sqlite:///$WORK/smoke.sqlite3" $PY manage.py migrate --noinput -v0
env -u REDIS_URL DATABASE_URL="sqlite:///$WORK/smoke.sqlite3" DJANGO_SETTINGS_MODULE=config.settings.development \
    $PY -m uvicorn config.asgi:application --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
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
generate = {"platform": "twitter", "tone": "casual", "prompt": "Smoke test launch"}
status, made = call("POST", "/api/v1/content/generate/", generate, token=tokens["access"])
assert status == 201 and made["provider"] == "offline" and made["version"] == 1, (status, made)
request = urllib.request.Request(
    base + "/api/v1/content/generate/", method="POST", data=json.dumps({**generate, "stream": True}).encode()
)
request.add_header("Content-Type", "application/json")
request.add_header("Authorization", f"Bearer {tokens['access']}")
with urllib.request.urlopen(request, timeout=10) as response:
    assert response.headers["Content-Type"].startswith("text/event-stream"), response.headers
    events = [line.split(": ", 1)[1] for line in response.read().decode().splitlines() if line.startswith("event: ")]
assert events[-1] == "done" and set(events[:-1]) == {"delta"}, events
print("embedded default smoke: register + login + profile + refresh, health, schema, Swagger UI assets, generation OK")
PYEOF
$PY scripts/mcp_smoke.py "http://127.0.0.1:$PORT"
