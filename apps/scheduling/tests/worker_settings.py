"""Settings of the real ``manage.py db_worker`` subprocess that the PostgreSQL tests start: the test
settings with the database task backend (the test process enqueues into the same test database)."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
