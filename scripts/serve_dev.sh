#!/usr/bin/env bash
# `make run`: the embedded default. Migrates (plans included), then serves the API as production
# does, through the ASGI application (uvicorn, reloading on code changes: streams stream, a waiting
# generation holds no thread), with the django-tasks worker beside it (scheduled publications of the local scheduling backend,
# outbox delivery, housekeeping). Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${PORT:-8000}

$PY manage.py migrate --noinput
$PY -m runtime.db_worker &  # db_worker, run again after a database outage
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null || true; wait "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.development}
$PY -m uvicorn config.asgi:application --host 0.0.0.0 --port "$PORT" \
    --reload --reload-dir apps --reload-dir config --reload-dir runtime
