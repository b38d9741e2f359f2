"""Production: HTTPS only, secrets required and strong, static files through ServeStatic."""

from cryptography.fernet import Fernet, MultiFernet
from django.core.exceptions import ImproperlyConfigured

from config.placeholders import is_placeholder

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
JWT_SECRET_KEY = env("JWT_SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

_WEAK_MARKERS = ("insecure", "change-me", "your-secret", "your-jwt", "secret-key-here")
# SECRET_KEY: Django's own deploy check (security.W009) wants at least 50 characters, 5 distinct; a
# shorter key would start and then fail `check --deploy`, so the same floor is enforced here.
# JWT_SECRET_KEY: 32 (256 bits for HS256), shared with the Node.js scheduler.
for _name, _value, _min in (("SECRET_KEY", SECRET_KEY, 50), ("JWT_SECRET_KEY", JWT_SECRET_KEY, 32)):
    weak = any(marker in _value.lower() for marker in _WEAK_MARKERS) or is_placeholder(_value)
    if len(_value) < _min or len(set(_value)) < 5 or weak:
        raise ImproperlyConfigured(
            f"{_name} must be a random value of at least {_min} characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(48))" makes one).'
        )
SIMPLE_JWT["SIGNING_KEY"] = JWT_SECRET_KEY  # noqa: F405

# The token vault's keys (apps.channels.vault): the development key derived from SECRET_KEY is
# never used in production; each key must be a Fernet key (32 url-safe base64-encoded bytes).
CHANNEL_TOKEN_KEYS = env.list("CHANNEL_TOKEN_KEYS", default=[])
try:
    if not CHANNEL_TOKEN_KEYS or any(is_placeholder(key) for key in CHANNEL_TOKEN_KEYS):
        raise ValueError
    MultiFernet([Fernet(key) for key in CHANNEL_TOKEN_KEYS])
except ValueError:
    raise ImproperlyConfigured(
        "CHANNEL_TOKEN_KEYS must list one or more Fernet keys, newest first "
        '(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" makes one).'
    ) from None

# ---------------------------------------------------------------------------
# HTTPS
# ---------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"

# Hashed names (cached for ever) and compressed copies, written by collectstatic at build time.
STORAGES["staticfiles"] = {"BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = env("EMAIL_BACKEND", default="") or "django.core.mail.backends.smtp.EmailBackend"
