"""Test settings: fast hashing, in-memory email; database and cache from the environment."""

from .base import *  # noqa: F403
from .base import env

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
