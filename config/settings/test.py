"""Test settings: fast hashing, in-memory email; database and cache from the environment."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import REDIS_URL, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = env("LOG_LEVEL", default="WARNING")  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STRIPE_SECRET_KEY = ""
OPENAI_API_KEY = ""
GEMINI_API_KEY = ""
# Database steps of the async views on the test's own thread and transaction (apps.common.db).
DB_STEPS_ON_CALLER_THREAD = True
if not REDIS_URL:
    # The embedded default's file cache, in a directory of this test run's own (not the one of the
    # developer's database, which a test clears).
    CACHES["default"]["LOCATION"] = tempfile.mkdtemp(prefix="caas-test-cache-")  # noqa: F405
    atexit.register(shutil.rmtree, CACHES["default"]["LOCATION"], ignore_errors=True)  # noqa: F405
# The filesystem media storage in a directory of this run's own (media tests switch to the S3 server:
# tests/support/s3.py).
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="caas-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES["media"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},  # noqa: F405
}
