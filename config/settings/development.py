"""Local development: the embedded default (SQLite, local memory cache, console email)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Console email unless a backend or an SMTP URL (EMAIL_URL, applied in base) is given.
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="") or "django.core.mail.backends.console.EmailBackend"
