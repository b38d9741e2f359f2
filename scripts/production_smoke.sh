#!/usr/bin/env bash
# Production smoke: the commands the Dockerfile and compose.yaml run, with config.settings.production,
# a realistic environment, PostgreSQL and Redis (no Docker engine needed):
#   collectstatic (Dockerfile build) -> check --deploy (must report nothing) -> migrate (compose
#   `migrate`) -> python -m runtime.db_worker (compose `worker`, one batch) -> gunicorn --config
#   gunicorn.conf.py (Dockerfile CMD / compose `web`) -> the HEALTHCHECK probe, /health/ready, a
#   static file through ServeStatic, API calls over "HTTPS" (X-Forwarded-Proto) and the HTTP redirect.
# Usage: DATABASE_URL=postgresql://... REDIS_URL=redis://... bash scripts/production_smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL)}"
: "${REDIS_URL:?set REDIS_URL}"

WORK=$(mktemp -d)
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
GUNICORN_PID=""
cleanup() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID"
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=config.settings.production
SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')
JWT_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')
CHANNEL_TOKEN_KEYS=$($PY -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')
export SECRET_KEY JWT_SECRET_KEY CHANNEL_TOKEN_KEYS
export ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS=https://localhost
export STATIC_ROOT="$WORK/static" LOG_LEVEL=WARNING
export GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_WORKERS=2 GUNICORN_THREADS=4 GUNICORN_ACCESS_LOG=/dev/null
export FORWARDED_ALLOW_IPS=127.0.0.1

# The media library on the real S3-compatible server .ci/run started (MEDIA_TEST_S3_ENDPOINT_URL), in a
# bucket of the smoke's own; without it, on the filesystem (MEDIA_ROOT) and the media steps are skipped.
if [ -n "${MEDIA_TEST_S3_ENDPOINT_URL:-}" ]; then
    export MEDIA_S3_ENDPOINT_URL="$MEDIA_TEST_S3_ENDPOINT_URL" MEDIA_S3_BUCKET="smoke-media-$(date +%s%N)"
    export MEDIA_S3_ACCESS_KEY_ID=smoke-key MEDIA_S3_SECRET_ACCESS_KEY=smoke-secret MEDIA_S3_REGION=us-east-1
    $PY -c "import boto3,os; boto3.client('s3', endpoint_url=os.environ['MEDIA_S3_ENDPOINT_URL'], region_name='us-east-1', aws_access_key_id='k', aws_secret_access_key='s').create_bucket(Bucket=os.environ['MEDIA_S3_BUCKET'])"
fi
export MEDIA_ROOT="$WORK/media"

echo "-- collectstatic (production settings, STATIC_ROOT=$STATIC_ROOT)"
$PY manage.py collectstatic --noinput -v 0
test -s "$STATIC_ROOT/staticfiles.json" || { echo "no static files manifest" >&2; exit 1; }

echo "-- check --deploy (must report nothing)"
out=$($PY manage.py check --deploy --fail-level DEBUG 2>&1) || { echo "$out" >&2; exit 1; }
echo "$out"
[ "$out" = "System check identified no issues (0 silenced)." ] || { echo "check --deploy reported something" >&2; exit 1; }

echo "-- migrate (compose: migrate service)"
$PY manage.py migrate --noinput -v 0

echo "-- python -m runtime.db_worker (compose: worker service), one batch"
timeout 60 $PY -m runtime.db_worker --batch --no-startup-delay -v 0

echo "-- gunicorn config.asgi:application (uvicorn workers) --config gunicorn.conf.py on $GUNICORN_BIND"
.venv/bin/gunicorn config.asgi:application --config gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do
    curl -fsS "$BASE/health/live" >/dev/null 2>&1 && break
    kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log" >&2; exit 1; }
    sleep 0.5
done

fail() { echo "production smoke: $*" >&2; cat "$WORK/gunicorn.log" >&2; exit 1; }
HTTPS=(-H "X-Forwarded-Proto: https")

# The Dockerfile's HEALTHCHECK, verbatim in spirit: plain HTTP to /health/live must be a 200 (exempt from the redirect).
PORT=$PORT $PY -c "import os,urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/health/live' % os.environ['PORT'], timeout=4).status == 200 else 1)" \
    || fail "HEALTHCHECK probe failed"
body=$(curl -fsS "$BASE/health/ready") || fail "/health/ready is not 200"
echo "$body" | grep -q '"database": *"ok"' && echo "$body" | grep -q '"cache": *"ok"' || fail "/health/ready: $body"
echo "   /health/ready: $body"

# Plain HTTP to the API is redirected to HTTPS (SECURE_SSL_REDIRECT).
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/subscriptions/plans/")
[ "$code" = "301" ] || fail "plain HTTP API call answered $code, expected 301 to https"

# A static file through ServeStatic, by its hashed name (immutable caching) and compressed.
hashed=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['paths']['admin/css/base.css'])" "$STATIC_ROOT/staticfiles.json")
headers=$(curl -fsS -D - -o /dev/null -H "Accept-Encoding: gzip" "${HTTPS[@]}" "$BASE/static/$hashed") || fail "static $hashed"
echo "$headers" | grep -qi '^cache-control:.*immutable' || fail "static file not served as immutable: $headers"
echo "$headers" | grep -qi '^content-encoding: gzip' || fail "static file not served compressed: $headers"
echo "   static/$hashed: 200, immutable, gzip"

# API calls over "HTTPS": the public plan list, then register + an authenticated profile read.
plans=$(curl -fsS "${HTTPS[@]}" "$BASE/api/v1/subscriptions/plans/") || fail "plans"
echo "$plans" | grep -q '"slug": *"pro"' || fail "plans: $plans"
email="smoke-$(date +%s%N)@example.com"
register=$(curl -fsS "${HTTPS[@]}" -H "Content-Type: application/json" \
    -d "{\"email\": \"$email\", \"password\": \"Smoke-Test-Passw0rd!\"}" "$BASE/api/v1/auth/register/") || fail "register"
access=$(echo "$register" | $PY -c 'import json,sys; print(json.load(sys.stdin)["access"])')
profile=$(curl -fsS "${HTTPS[@]}" -H "Authorization: Bearer $access" "$BASE/api/v1/auth/profile/") || fail "profile"
echo "$profile" | grep -q "$email" || fail "profile: $profile"
quota=$(curl -fsS "${HTTPS[@]}" -H "Authorization: Bearer $access" "$BASE/api/v1/analytics/quota/") || fail "analytics quota"
echo "$quota" | grep -q '"as_of"' || fail "analytics quota: $quota"
hsts=$(curl -fsS -D - -o /dev/null "${HTTPS[@]}" "$BASE/api/v1/subscriptions/plans/" | grep -i '^strict-transport-security' || true)
[ -n "$hsts" ] || fail "no HSTS header over https"
echo "   API: plans 200, register 201, profile 200, analytics/quota 200, ${hsts%$'\r'}"

# A generation through the async path (the offline provider when no AI key is set): plain, then streamed.
gen=$(curl -fsS "${HTTPS[@]}" -H "Authorization: Bearer $access" -H "Content-Type: application/json" \
    -d '{"platform": "twitter", "tone": "casual", "prompt": "Smoke test of the async generation path"}' \
    "$BASE/api/v1/content/generate/") || fail "generate"
content_id=$(echo "$gen" | $PY -c 'import json,sys; d=json.load(sys.stdin); assert d["version"] == 1; print(d["id"])') || fail "generate: $gen"
sse=$(curl -fsS -N "${HTTPS[@]}" -H "Authorization: Bearer $access" -H "Content-Type: application/json" \
    -d '{"stream": true}' "$BASE/api/v1/content/$content_id/regenerate/") || fail "streamed regenerate"
echo "$sse" | grep -q '^event: delta' && echo "$sse" | grep -q '^event: done' || fail "streamed regenerate: $sse"
echo "   generation: generate 201 (version 1), streamed regenerate: delta ... done"
# The media library: a direct upload (multipart), then a presigned PUT and its completion, each
# downloaded back through the link the API hands out (object storage only).
if [ -n "${MEDIA_S3_BUCKET:-}" ]; then
    $PY -c "from PIL import Image; Image.new('RGB', (320, 240), 'teal').save('$WORK/smoke.png')"
    up=$(curl -fsS "${HTTPS[@]}" -H "Authorization: Bearer $access" -F file=@"$WORK/smoke.png" -F alt_text=Smoke \
        "$BASE/api/v1/media/") || fail "media direct upload"
    url=$(echo "$up" | $PY -c 'import json,sys; d=json.load(sys.stdin); assert d["kind"] == "image" and d["width"] == 320; print(d["url"])') \
        || fail "media direct upload: $up"
    curl -fsS -o "$WORK/back.png" "$url" && cmp -s "$WORK/smoke.png" "$WORK/back.png" || fail "media download differs"
    start=$(curl -fsS "${HTTPS[@]}" -H "Authorization: Bearer $access" -H "Content-Type: application/json" \
        -d '{"filename": "smoke.png"}' "$BASE/api/v1/media/uploads/") || fail "media presigned start"
    read -r media_id put_url < <(echo "$start" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(d["media"]["id"], d["upload"]["url"])')
    curl -fsS -X PUT --upload-file "$WORK/smoke.png" "$put_url" >/dev/null || fail "media presigned PUT"
    done_=$(curl -fsS "${HTTPS[@]}" -H "Authorization: Bearer $access" -X POST "$BASE/api/v1/media/$media_id/complete/") \
        || fail "media complete"
    echo "$done_" | grep -q '"state": *"ready"' || fail "media complete: $done_"
    echo "   media: direct upload 201 (downloaded back identical), presigned PUT + complete 200 on $MEDIA_S3_ENDPOINT_URL"
fi
echo "production smoke: ok"
