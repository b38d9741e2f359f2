# Developer commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint format worker bench bench-analytics bench-workers bench-peak schemathesis smoke client clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## Install into .venv, migrate (plans included) and serve on http://localhost:8000 (SQLite, no keys),
## with the task worker running beside the server.
run: $(VENV)/.installed
	PORT=$(PORT) bash scripts/serve_dev.sh

## Run the whole test suite (SQLite by default; set DATABASE_URL/REDIS_URL for the full mode),
## then list its 25 slowest tests.
test: $(VENV)/.installed
	$(PY) -m pytest --durations=25 $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Background task worker (scheduled publications, outbox delivery, housekeeping): django-tasks-db's
## db_worker, run again after a database outage (runtime/db_worker.py). No reload on code changes.
worker: $(VENV)/.installed
	$(PY) -m runtime.db_worker $(WORKER_ARGS)

## The embedded default end to end: fresh SQLite, migrate, serve, register + login.
smoke: $(VENV)/.installed
	bash scripts/smoke_embedded.sh

## Benchmarks against gunicorn, one table (docs/benchmarks.md). Set DATABASE_URL (PostgreSQL) and
## REDIS_URL for the production figures; uses wrk if installed. Bounded: about 4-6 minutes.
bench: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)

## The analytics endpoints on 1,000,000 versions and 1,000,000 posts (docs/benchmarks.md): fills a
## DEDICATED database (DATABASE_URL's name + "_volume", dropped and re-created) once, then p50/p95.
bench-analytics: $(VENV)/.installed
	$(PY) bench/analytics_volume.py $(BENCH_ARGS)

## Scheduled posts published per second with one and two db_worker processes (dedicated database
## DATABASE_URL's name + "_workers"), and the plan-limits cache against PostgreSQL ("_hot").
bench-workers: $(VENV)/.installed
	$(PY) bench/workers_throughput.py $(BENCH_ARGS)
	$(PY) bench/hot_reads.py

## Peak and bulk (issue 26), each figure beside its target: CSV import of 1,000 posts, their hand-off to a
## local fake scheduler (2 workers), 1,000 due at once (local backend, lateness), webhook events/s of one
## worker, callbacks/s 20 at a time. gunicorn + db_worker on a DEDICATED database (DATABASE_URL's name +
## "_peak"); set REDIS_URL too. Bounded: about 3-5 minutes.
bench-peak: $(VENV)/.installed
	$(PY) bench/peak.py $(BENCH_ARGS)

## Regenerate the Python client (clients/python) from the OpenAPI schema (`manage.py spectacular`) with
## openapi-python-client; commit the result (a test fails while it differs). docs/clients.md.
client: $(VENV)/.installed
	$(PY) scripts/client_generate.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-cache .cache staticfiles .pytest_cache .ruff_cache htmlcov .coverage
