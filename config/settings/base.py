"""Settings shared by every environment; each value comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from config.placeholders import is_placeholder

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Keys and secrets left empty or at an example placeholder ("sk-...", "price_...") are unset; the
# placeholders are named in a warning at start (apps.common.apps).
ENV_PLACEHOLDERS_IGNORED: list[str] = []


def env_secret(name: str, default: str = "") -> str:
    """A key or secret from the environment: ``default`` when it is empty or an obvious placeholder."""
    value = env(name, default="").strip()
    if is_placeholder(value):
        ENV_PLACEHOLDERS_IGNORED.append(name)
        return default
    return value or default


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
SECRET_KEY = env_secret("SECRET_KEY", default="dev-insecure-secret-key-change-me-please-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
FRONTEND_URL = env("FRONTEND_URL", default="http://localhost:5173").rstrip("/")
# Public base URL of this API (used to build the callback URL given to the scheduler).
API_BASE_URL = env("API_BASE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # third party
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "servestatic",  # its system checks (the middleware is in MIDDLEWARE)
    # ours
    "apps.common",
    "apps.users",
    "apps.organizations",
    "apps.audit",
    "apps.webhooks",
    "apps.subscriptions",
    "apps.brand",
    "apps.media",
    "apps.channels",
    "apps.content",
    "apps.scheduling",
    "apps.planner",
    "apps.campaigns",
    "apps.analytics",
    "apps.csvio",
]

MIDDLEWARE = [
    "apps.common.middleware.RequestIdMiddleware",
    "apps.common.middleware.RateLimitHeadersMiddleware",
    "apps.common.request_limits.RequestTargetLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "apps.common.middleware.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
AUTH_USER_MODEL = "users.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database and cache (embedded default: SQLite + local memory)
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction mode (docs/deploy.md, "PgBouncer"): a server connection is lent
# for one transaction, so no server-side cursor (QuerySet.iterator() outside a transaction would
# keep a WITH HOLD cursor on a server connection the next transaction may not get).
DATABASE_DISABLE_SERVER_SIDE_CURSORS = env.bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False)
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_DISABLE_SERVER_SIDE_CURSORS
# Seconds a SQLite writer waits for the lock before "database is locked" (the embedded default).
SQLITE_BUSY_TIMEOUT = env.int("SQLITE_BUSY_TIMEOUT", default=20)
_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=10)
_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if _POSTGRESQL and _POOL_MAX_SIZE > 0:
    # psycopg's connection pool (one per process): under the ASGI server hundreds of generations in
    # flight share DATABASE_POOL_MAX_SIZE connections, each taken for one short step and given back.
    # The pool replaces persistent connections (Django requires CONN_MAX_AGE = 0 with it).
    # DATABASE_POOL_MAX_SIZE=0 turns it off (PgBouncer in transaction mode, say).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": _POOL_MAX_SIZE,
        # Also how long a request waits while PostgreSQL is down before its 503 database_unavailable.
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=1.5),
        # A failed connection attempt is retried with a growing backoff for at most this long, then
        # dropped; the next request asks for a new one. Short, so the pool reconnects within
        # seconds once PostgreSQL is back instead of waiting out a backoff grown during the outage.
        "reconnect_timeout": env.float("DATABASE_POOL_RECONNECT_TIMEOUT", default=2.0),
    }
    # Django's backend, but a connection failing the pool's check before it is lent (one round trip
    # per checkout) drains the pool: after a PostgreSQL restart every connection of the old server
    # is replaced at once, so no request fails once the server is back (apps/common/postgresql).
    # DATABASE_POOL_CHECK=False lends connections unchecked: then each connection that died with
    # the old server fails one request (503) before it is dropped.
    DATABASES["default"]["ENGINE"] = "apps.common.postgresql"
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_POOL_CHECK", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server's threads and the task worker (another process) share the file; configured
    # so that they wait for each other instead of failing with "database is locked" (a 500):
    # - WAL journal: readers never block the writer nor the writer the readers;
    # - a busy timeout: a writer waits up to SQLITE_BUSY_TIMEOUT s for the write lock;
    # - IMMEDIATE transactions: a transaction takes the write lock at BEGIN, where the busy
    #   timeout applies. A DEFERRED one that reads then writes must upgrade its lock, and SQLite
    #   refuses the upgrade at once (SQLITE_BUSY, no wait) when another writer went first;
    # - synchronous=NORMAL: safe with WAL (a power loss may drop the last commits, never corrupt).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": SQLITE_BUSY_TIMEOUT,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                f"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}; PRAGMA synchronous=NORMAL;"
            ),
        }
    )
elif _POSTGRESQL:
    # An unreachable server costs at most this many seconds (libpq's minimum is 2), then the request
    # answers 503 database_unavailable (apps.common.outages) instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=2)

# Read replicas for the analytics reads only (apps.analytics.replicas; docs/analytics.md): a
# comma-separated list of PostgreSQL URLs, each becoming DATABASES["replica_<n>"]. Writes, auth,
# the admin and the quota checks always use "default" (apps.analytics.routers.PrimaryRouter).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
# A replica whose replay lags more than this (seconds) is skipped: the primary answers.
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=30.0)
# Seconds a replica's state (up, lag) is remembered by a process before it is checked again.
DATABASE_REPLICA_CHECK_SECONDS = env.float("DATABASE_REPLICA_CHECK_SECONDS", default=5.0)
for _number, _url in enumerate((u.strip() for u in DATABASE_REPLICA_URL.split(",") if u.strip()), start=1):
    _replica = environ.Env.db_url_config(_url)
    _replica.update(
        ATOMIC_REQUESTS=False,
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        DISABLE_SERVER_SIDE_CURSORS=DATABASE_DISABLE_SERVER_SIDE_CURSORS,
    )
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # Tests: no database is created on a (read-only) replica; the alias mirrors the test database.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
DATABASE_ROUTERS = ["apps.analytics.routers.PrimaryRouter"]

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, failing soft: a Redis outage is a cache miss, never a 500 (apps.common.cache).
            "BACKEND": "apps.common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="caas"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # Short: a hung Redis must cost milliseconds, not seconds (then the breaker opens).
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_SOCKET_CONNECT_TIMEOUT", default=0.25),
                "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.25),
            },
        }
    }
else:
    # No Redis (the embedded default): Django's file cache, one directory that every process of the
    # deployment (the server and the worker of `make run`) reads and writes, so the cached reads are
    # exact across them (apps.common.versioned_cache). Beside a SQLite file by default: the processes
    # that share the database share its cache, and another database file gets a cache of its own.
    _database = DATABASES["default"]
    _beside = _database["ENGINE"].endswith("sqlite3") and not str(_database["NAME"]).startswith((":memory:", "file:"))
    CACHE_DIR = env("CACHE_DIR", default="") or (f"{_database['NAME']}-cache" if _beside else str(BASE_DIR / ".cache"))
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            # Every write lists the directory; past this many files a third is dropped (misses only).
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
    }
# Redis unreachable: seconds without trying it again after a failure (cache misses, per-process rate
# limits meanwhile), and the least interval between two log lines about one fallback (docs/deploy.md).
REDIS_RETRY_SECONDS = env.float("REDIS_RETRY_SECONDS", default=3.0)
OUTAGE_LOG_INTERVAL_SECONDS = env.float("OUTAGE_LOG_INTERVAL_SECONDS", default=60.0)

# The async views' database steps (apps.common.db.db_step) run in a thread pool sized like the
# connection pool; True runs them on the caller's thread (the test settings: a test's transaction
# sees them).
DB_STEPS_ON_CALLER_THREAD = False

# ---------------------------------------------------------------------------
# Auth and passwords
# ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

JWT_SECRET_KEY = env_secret("JWT_SECRET_KEY", default="dev-insecure-jwt-secret-change-me-0123456789abcdef")
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_TOKEN_LIFETIME", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_REFRESH_TOKEN_LIFETIME", default=10080)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": JWT_SECRET_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "TOKEN_TYPE_CLAIM": "token_type",
    "JTI_CLAIM": "jti",
    "LEEWAY": 0,
}
# Login throttles (per client IP and per email address), "N/period" as DRF spells them.
LOGIN_RATE_PER_IP = env("LOGIN_RATE_PER_IP", default="30/minute")
LOGIN_RATE_PER_EMAIL = env("LOGIN_RATE_PER_EMAIL", default="10/minute")
# Sign-ups per client IP (each new account gets free AI tokens).
REGISTER_RATE_PER_IP = env("REGISTER_RATE_PER_IP", default="20/hour")
# Token refreshes per client IP (anonymous, and each one writes to the database).
TOKEN_REFRESH_RATE_PER_IP = env("TOKEN_REFRESH_RATE_PER_IP", default="60/minute")
# Account recovery (docs/api.md#accounts): password changes per user (attempts, like login), reset
# requests per client IP and per email, verification email re-sends per user.
PASSWORD_CHANGE_RATE_PER_USER = env("PASSWORD_CHANGE_RATE_PER_USER", default="10/minute")
PASSWORD_RESET_RATE_PER_IP = env("PASSWORD_RESET_RATE_PER_IP", default="10/hour")
PASSWORD_RESET_RATE_PER_EMAIL = env("PASSWORD_RESET_RATE_PER_EMAIL", default="3/hour")
EMAIL_VERIFICATION_RESEND_RATE = env("EMAIL_VERIFICATION_RESEND_RATE", default="3/hour")
# Lifetime in seconds of a password-reset link (Django's own setting) and of an email-verification link.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
EMAIL_VERIFICATION_TIMEOUT = env.int("EMAIL_VERIFICATION_TIMEOUT", default=3 * 24 * 3600)
# What a user whose email is not verified may not do (403 email_not_verified): "invitations"
# (accept one), "billing" (start a checkout). Empty (the default): both are allowed.
REQUIRE_VERIFIED_EMAIL_FOR = env.list("REQUIRE_VERIFIED_EMAIL_FOR", default=[])
_unknown = set(REQUIRE_VERIFIED_EMAIL_FOR) - {"invitations", "billing"}
if _unknown:
    raise ImproperlyConfigured(f"REQUIRE_VERIFIED_EMAIL_FOR: unknown {sorted(_unknown)}; use invitations, billing.")
# Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# ---------------------------------------------------------------------------
# REST framework and OpenAPI
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # API keys first: it answers only for "Bearer caas_live_…" and leaves JWTs to the next one.
        "apps.organizations.authentication.ApiKeyAuthentication",
        "apps.users.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["apps.common.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "apps.common.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "apps.common.handlers.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "apps.common.schema.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "NUM_PROXIES": NUM_PROXIES,
    # Per-tier requests/minute per organization, atomic on the shared cache (docs/billing.md).
    "DEFAULT_THROTTLE_CLASSES": ["apps.subscriptions.throttles.PlanRateThrottle"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CaaS Backend API",
    "DESCRIPTION": "Core API of the AI Content-as-a-Service platform.",
    "VERSION": "1.0.0",
    # OpenAPI 3.1 (JSON Schema 2020-12: nullable fields as type lists), which schemathesis checks too.
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # PATCH bodies are documented with the serializer's own required fields (no "Patched*" copy
    # with everything optional): a PATCH that must carry a field says so.
    "COMPONENT_SPLIT_PATCH": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.common.schema.add_error_responses",
    ],
    # One name per choice set wherever it appears (a campaign lists several platforms; "role" and
    # "status" carry several choice sets: name each one).
    "ENUM_NAME_OVERRIDES": {
        "PlatformEnum": "apps.content.models.Platform",
        "ReviewStateEnum": "apps.content.models.ReviewState",
        "RoleEnum": "apps.organizations.models.Role.choices",
        "ApiKeyRoleEnum": ["viewer", "editor"],
        "PostStatusEnum": "apps.scheduling.models.PostStatus.choices",
        "MediaSourceEnum": "apps.media.models.MediaSource.choices",
        "ReadSourceEnum": ["replica", "primary"],
    },
}
# Idempotency-Key (apps.common.idempotency, docs/api.md#idempotency): how long a key's answer is replayed,
# and after how long a claim whose request never finished (its process died) may be taken over.
IDEMPOTENCY_KEY_TTL_SECONDS = env.int("IDEMPOTENCY_KEY_TTL_SECONDS", default=24 * 3600)
IDEMPOTENCY_LOCK_SECONDS = env.int("IDEMPOTENCY_LOCK_SECONDS", default=300)
# Largest request body accepted (bytes); larger bodies get 413, from their Content-Length before any
# of the body is read (runtime/body_limit.py; the CSV import's view declares a larger limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
# A request body (and an uploaded file) is kept in memory up to this size, spooled to a temporary file
# past it: the JSON limit, so a JSON body never touches the disk and a larger body (a media upload)
# holds no more than this in memory while it arrives (Django's default, 2.5 MB, held 2.5 MB per
# concurrent upload).
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# The whole body within this many seconds of the request, else 408 (runtime/body_limit.py).
REQUEST_BODY_TIMEOUT_SECONDS = env.float("REQUEST_BODY_TIMEOUT_SECONDS", default=60.0)

# ---------------------------------------------------------------------------
# CSV export and import (apps.csvio; docs/csv.md)
# ---------------------------------------------------------------------------
# Largest CSV file an import accepts (bytes; 413 csv_file_too_large above) and most rows (400 above).
CSV_IMPORT_MAX_BYTES = env.int("CSV_IMPORT_MAX_BYTES", default=1024 * 1024)
CSV_IMPORT_MAX_ROWS = env.int("CSV_IMPORT_MAX_ROWS", default=1000)
# Rows per query of a streamed export (keyset pagination: memory holds one chunk).
CSV_EXPORT_CHUNK_SIZE = env.int("CSV_EXPORT_CHUNK_SIZE", default=2000)

# ---------------------------------------------------------------------------
# CORS
# ---------------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["http://localhost:5173", "http://localhost:3000"])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["X-Request-ID", "Retry-After"]

# ---------------------------------------------------------------------------
# Background tasks (django-tasks, database backend; worker: manage.py db_worker)
# ---------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# ---------------------------------------------------------------------------
# Billing (Stripe)
# ---------------------------------------------------------------------------
STRIPE_SECRET_KEY = env_secret("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_secret("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_secret("STRIPE_WEBHOOK_SECRET")
STRIPE_PRICE_ID_PRO = env_secret("STRIPE_PRICE_ID_PRO")
STRIPE_PRICE_ID_TEAM = env_secret("STRIPE_PRICE_ID_TEAM")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)

# ---------------------------------------------------------------------------
# AI providers
# ---------------------------------------------------------------------------
OPENAI_API_KEY = env_secret("OPENAI_API_KEY")
OPENAI_MODEL = env("OPENAI_MODEL", default="gpt-4-turbo-preview")
OPENAI_BASE_URL = env("OPENAI_BASE_URL", default="")
GEMINI_API_KEY = env_secret("GEMINI_API_KEY")
GEMINI_MODEL = env("GEMINI_MODEL", default="gemini-1.5-pro")
GEMINI_BASE_URL = env("GEMINI_BASE_URL", default="")
# AI images (docs/content.md#ai-images): the same keys and base URLs as text, their own models. Imagen
# is reached through Vertex AI's express mode (an API key): GEMINI_IMAGE_API_KEY, else GEMINI_API_KEY.
OPENAI_IMAGE_MODEL = env("OPENAI_IMAGE_MODEL", default="gpt-image-1")
GEMINI_IMAGE_MODEL = env("GEMINI_IMAGE_MODEL", default="imagen-4.0-generate-001")
GEMINI_IMAGE_API_KEY = env_secret("GEMINI_IMAGE_API_KEY")
AI_TIMEOUT_SECONDS = env.float("AI_TIMEOUT_SECONDS", default=30.0)
AI_MAX_RETRIES = env.int("AI_MAX_RETRIES", default=2)
# First pause between retries on 429/5xx (doubles each attempt, capped at 8x; Retry-After wins if shorter).
AI_RETRY_BACKOFF_SECONDS = env.float("AI_RETRY_BACKOFF_SECONDS", default=0.5)
AI_FALLBACK_PROVIDER = env("AI_FALLBACK_PROVIDER", default="")
AI_MAX_OUTPUT_TOKENS = env.int("AI_MAX_OUTPUT_TOKENS", default=1024)
# Variants of one campaign generated at once (each under the campaign's reservation); the others wait.
CAMPAIGN_GENERATION_CONCURRENCY = env.int("CAMPAIGN_GENERATION_CONCURRENCY", default=5)

# ---------------------------------------------------------------------------
# Channels (apps.channels; docs/channels.md)
# ---------------------------------------------------------------------------
# Fernet keys of the token vault, comma-separated, newest first: tokens are encrypted under the
# first and read under any (rotation: put a new key first, run `manage.py channels_rotate_keys`,
# then drop the old one). Unset: a development key derived from SECRET_KEY (production requires one).
CHANNEL_TOKEN_KEYS = [k.strip() for k in env_secret("CHANNEL_TOKEN_KEYS").split(",") if k.strip()]
# Where each network sends the browser back after the consent screen (the frontend's page, which
# POSTs code and state to /api/v1/channels/callback/<network>/); "{network}" is replaced.
CHANNEL_OAUTH_REDIRECT_URL = env("CHANNEL_OAUTH_REDIRECT_URL", default=FRONTEND_URL + "/channels/callback/{network}")
CHANNEL_OAUTH_STATE_TTL_SECONDS = env.int("CHANNEL_OAUTH_STATE_TTL_SECONDS", default=600)
# OAuth 2.0 clients of the apps registered on each network; a network without both is unavailable.
X_CLIENT_ID = env("X_CLIENT_ID", default="")
X_CLIENT_SECRET = env_secret("X_CLIENT_SECRET")
LINKEDIN_CLIENT_ID = env("LINKEDIN_CLIENT_ID", default="")
LINKEDIN_CLIENT_SECRET = env_secret("LINKEDIN_CLIENT_SECRET")
# Mastodon registers its app on each instance at the first connection; Bluesky uses app passwords.
CHANNEL_MASTODON_ENABLED = env.bool("CHANNEL_MASTODON_ENABLED", default=True)
CHANNEL_BLUESKY_ENABLED = env.bool("CHANNEL_BLUESKY_ENABLED", default=True)
CHANNEL_HTTP_TIMEOUT_SECONDS = env.float("CHANNEL_HTTP_TIMEOUT_SECONDS", default=10.0)
# The name our app registers under on Mastodon instances (shown to users on the consent page).
CHANNEL_APP_NAME = env("CHANNEL_APP_NAME", default="CaaS")
# Mastodon instances and Bluesky PDSes on private addresses (development, a stand-in): off in
# production, where a user-named instance must be a public https server.
CHANNEL_ALLOW_PRIVATE_INSTANCES = env.bool("CHANNEL_ALLOW_PRIVATE_INSTANCES", default=False)
# A post whose channel needs reconnecting is held, not failed: it looks again after this many
# seconds, and goes at once when the channel is connected again.
CHANNEL_HOLD_RECHECK_SECONDS = env.int("CHANNEL_HOLD_RECHECK_SECONDS", default=3600)
# The worker refreshes tokens that expire within AHEAD seconds, every INTERVAL seconds, BATCH at most a run.
CHANNEL_REFRESH_INTERVAL_SECONDS = env.int("CHANNEL_REFRESH_INTERVAL_SECONDS", default=300)
CHANNEL_REFRESH_AHEAD_SECONDS = env.int("CHANNEL_REFRESH_AHEAD_SECONDS", default=900)
CHANNEL_REFRESH_BATCH_SIZE = env.int("CHANNEL_REFRESH_BATCH_SIZE", default=200)
# The Node.js scheduler's channel token (POST /api/v1/scheduling/{id}/channel-token/) is refreshed
# first when it would expire within this many seconds.
CHANNEL_TOKEN_MIN_LIFETIME_SECONDS = env.int("CHANNEL_TOKEN_MIN_LIFETIME_SECONDS", default=600)
# Metrics read back (apps.scheduling.metrics) at 1 h, 24 h and 7 days after publishing: the worker
# looks every INTERVAL seconds, reads a checkpoint within GRACE seconds after it is due, BATCH at most
# per checkpoint and run.
POST_METRICS_INTERVAL_SECONDS = env.int("POST_METRICS_INTERVAL_SECONDS", default=300)
POST_METRICS_GRACE_SECONDS = env.int("POST_METRICS_GRACE_SECONDS", default=86400)
POST_METRICS_BATCH_SIZE = env.int("POST_METRICS_BATCH_SIZE", default=200)

# ---------------------------------------------------------------------------
# Scheduling
# ---------------------------------------------------------------------------
SCHEDULER_BACKEND = env("SCHEDULER_BACKEND", default="local")  # "local" or "http"
SCHEDULER_SERVICE_URL = env("SCHEDULER_SERVICE_URL", default="http://localhost:3001").rstrip("/")
SCHEDULER_SERVICE_TOKEN = env_secret("SCHEDULER_SERVICE_TOKEN")
SCHEDULER_TIMEOUT_SECONDS = env.float("SCHEDULER_TIMEOUT_SECONDS", default=5.0)
SCHEDULER_PUBLISHER = env("SCHEDULER_PUBLISHER", default="log")  # "log" or "webhook"
SCHEDULER_PUBLISHER_WEBHOOK_URL = env("SCHEDULER_PUBLISHER_WEBHOOK_URL", default="")
SCHEDULER_PUBLISHER_WEBHOOK_SECRET = env_secret("SCHEDULER_PUBLISHER_WEBHOOK_SECRET")
# Outbox delivery: attempts before a post is marked failed, exponential backoff (base·2^n, capped),
# lease of one delivery (longer than SCHEDULER_TIMEOUT_SECONDS), period of the worker's sweep.
SCHEDULER_MAX_ATTEMPTS = env.int("SCHEDULER_MAX_ATTEMPTS", default=8)
SCHEDULER_RETRY_BASE_SECONDS = env.float("SCHEDULER_RETRY_BASE_SECONDS", default=5.0)
SCHEDULER_RETRY_MAX_SECONDS = env.float("SCHEDULER_RETRY_MAX_SECONDS", default=900.0)
SCHEDULER_LEASE_SECONDS = env.float("SCHEDULER_LEASE_SECONDS", default=60.0)
SCHEDULER_SWEEP_INTERVAL_SECONDS = env.float("SCHEDULER_SWEEP_INTERVAL_SECONDS", default=30.0)
# Deliveries one worker process has in flight at once (outbox hand-offs, local publications, webhook
# endpoints): each claimed batch is sent concurrently over one pooled async HTTP client.
WORKER_CONCURRENCY = env.int("WORKER_CONCURRENCY", default=20)
# Reconciliation of queued posts whose result never came (apps.scheduling.reconcile, run by the sweep):
# a post still queued GRACE seconds after scheduled_at is checked with the scheduler (GET /jobs/{id}),
# then again every GRACE seconds; with no definite answer after GRACE x ATTEMPTS it is failed.
SCHEDULER_RECONCILE_GRACE_SECONDS = env.float("SCHEDULER_RECONCILE_GRACE_SECONDS", default=900.0)
SCHEDULER_RECONCILE_ATTEMPTS = env.int("SCHEDULER_RECONCILE_ATTEMPTS", default=4)
SCHEDULER_RECONCILE_BATCH_SIZE = env.int("SCHEDULER_RECONCILE_BATCH_SIZE", default=100)
# Duplicate posts (apps.scheduling.duplicates): the same normalized text on the same platform within
# this many hours of another live post of the organization is refused (409) unless allow_duplicate.
SCHEDULING_DUPLICATE_WINDOW_HOURS = env.float("SCHEDULING_DUPLICATE_WINDOW_HOURS", default=24.0)

# ---------------------------------------------------------------------------
# Planner: posting schedules and queue, recurring posts, evergreen recycling (docs/scheduling.md#queue)
# ---------------------------------------------------------------------------
# A queued post's ScheduledPost is created this many minutes before its slot (not earlier, so a
# paused queue publishes nothing); recurring occurrences are created this many days ahead; the
# worker's planner pass runs every PLANNER_TICK_SECONDS.
PLANNER_QUEUE_LEAD_MINUTES = env.int("PLANNER_QUEUE_LEAD_MINUTES", default=10)
PLANNER_RECURRENCE_HORIZON_DAYS = env.int("PLANNER_RECURRENCE_HORIZON_DAYS", default=14)
PLANNER_TICK_SECONDS = env.float("PLANNER_TICK_SECONDS", default=60.0)

# ---------------------------------------------------------------------------
# Social networks' APIs (apps.channels.networks; docs/networks.md): real defaults, pointed at the
# stand-ins (python -m tests.fakes.networks) in development and tests
# ---------------------------------------------------------------------------
X_API_BASE_URL = env("X_API_BASE_URL", default="https://api.x.com").rstrip("/")
X_AUTHORIZE_URL = env("X_AUTHORIZE_URL", default="https://x.com/i/oauth2/authorize")
LINKEDIN_API_BASE_URL = env("LINKEDIN_API_BASE_URL", default="https://api.linkedin.com").rstrip("/")
LINKEDIN_OAUTH_BASE_URL = env("LINKEDIN_OAUTH_BASE_URL", default="https://www.linkedin.com/oauth/v2").rstrip("/")
LINKEDIN_API_VERSION = env("LINKEDIN_API_VERSION", default="202511")  # the LinkedIn-Version header (YYYYMM)
BLUESKY_DEFAULT_PDS_URL = env("BLUESKY_DEFAULT_PDS_URL", default="https://bsky.social").rstrip("/")
BLUESKY_PUBLIC_API_URL = env("BLUESKY_PUBLIC_API_URL", default="https://public.api.bsky.app").rstrip("/")
BLUESKY_WEB_URL = env("BLUESKY_WEB_URL", default="https://bsky.app").rstrip("/")

# ---------------------------------------------------------------------------
# Housekeeping on the worker (apps.common.housekeeping): period, rows per DELETE, retentions
# ---------------------------------------------------------------------------
HOUSEKEEPING_INTERVAL_SECONDS = env.int("HOUSEKEEPING_INTERVAL_SECONDS", default=3600)
HOUSEKEEPING_BATCH_SIZE = env.int("HOUSEKEEPING_BATCH_SIZE", default=1000)
STRIPE_EVENT_RETENTION_DAYS = env.int("STRIPE_EVENT_RETENTION_DAYS", default=90)
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)
# Days deleted content stays in the trash (restorable) before housekeeping purges it for good.
CONTENT_TRASH_RETENTION_DAYS = env.int("CONTENT_TRASH_RETENTION_DAYS", default=30)
USAGE_RESERVATION_STALE_MINUTES = env.int("USAGE_RESERVATION_STALE_MINUTES", default=60)
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)
WEBHOOK_DELIVERY_RETENTION_DAYS = env.int("WEBHOOK_DELIVERY_RETENTION_DAYS", default=30)

# ---------------------------------------------------------------------------
# Outgoing webhooks (apps.webhooks; docs/webhooks.md)
# ---------------------------------------------------------------------------
# Operators only: let endpoints target private/loopback/link-local addresses (SSRF guard off).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
# Endpoints must be https (signed bodies still travel in clear over http).
WEBHOOK_REQUIRE_HTTPS = env.bool("WEBHOOK_REQUIRE_HTTPS", default=True)
# Ports an endpoint URL may name (checked at registration and at each delivery): any other port of a
# public host could be probed through the delivery log.
WEBHOOK_ALLOWED_PORTS = env.list("WEBHOOK_ALLOWED_PORTS", cast=int, default=[443, 80])
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=30.0)
WEBHOOK_RETRY_MAX_SECONDS = env.float("WEBHOOK_RETRY_MAX_SECONDS", default=6 * 3600.0)
WEBHOOK_RETRY_WINDOW_SECONDS = env.int("WEBHOOK_RETRY_WINDOW_SECONDS", default=3 * 24 * 3600)
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=15)
WEBHOOK_LEASE_SECONDS = env.float("WEBHOOK_LEASE_SECONDS", default=60.0)
WEBHOOK_SWEEP_INTERVAL_SECONDS = env.float("WEBHOOK_SWEEP_INTERVAL_SECONDS", default=60.0)
WEBHOOK_SECRET_ROTATION_GRACE_SECONDS = env.int("WEBHOOK_SECRET_ROTATION_GRACE_SECONDS", default=24 * 3600)

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------
# Empty values (as in .env.example) mean the default.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="") or "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="") or "CaaS <no-reply@localhost>"
# Invitation emails go through the task queue: attempts before "failed", first pause between
# attempts in seconds (doubles each time).
INVITATION_EMAIL_MAX_ATTEMPTS = env.int("INVITATION_EMAIL_MAX_ATTEMPTS", default=5)
INVITATION_EMAIL_RETRY_SECONDS = env.float("INVITATION_EMAIL_RETRY_SECONDS", default=60.0)
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))

# ---------------------------------------------------------------------------
# Internationalization, static files
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
# collectstatic target (served by ServeStatic); an empty STATIC_ROOT= (as in .env.example) means the default.
STATIC_ROOT = Path(env("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")

# ---------------------------------------------------------------------------
# Media library (apps.media; docs/media.md)
# ---------------------------------------------------------------------------
# Where the bytes live. Embedded default: the local filesystem under MEDIA_ROOT (served by Django at
# MEDIA_URL in development only). With MEDIA_S3_BUCKET set: any S3-compatible store through
# django-storages (SigV4, path-style addressing by default: MinIO, Ceph, R2, moto, AWS itself).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default="") or BASE_DIR / "media")
MEDIA_URL = "/media/"
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
MEDIA_S3_ENDPOINT_URL = env("MEDIA_S3_ENDPOINT_URL", default="")  # blank: AWS's own endpoint
MEDIA_S3_REGION = env("MEDIA_S3_REGION", default="us-east-1")
MEDIA_S3_ACCESS_KEY_ID = env_secret("MEDIA_S3_ACCESS_KEY_ID")
MEDIA_S3_SECRET_ACCESS_KEY = env_secret("MEDIA_S3_SECRET_ACCESS_KEY")
MEDIA_S3_ADDRESSING_STYLE = env("MEDIA_S3_ADDRESSING_STYLE", default="path")  # "path" or "virtual"
# Lifetime of a presigned upload (PUT) link and of a download link handed out by the API (seconds).
MEDIA_UPLOAD_URL_EXPIRES_SECONDS = env.int("MEDIA_UPLOAD_URL_EXPIRES_SECONDS", default=900)
MEDIA_DOWNLOAD_URL_EXPIRES_SECONDS = env.int("MEDIA_DOWNLOAD_URL_EXPIRES_SECONDS", default=3600)
# Largest file: through a presigned upload (checked at completion), and through the API itself
# (multipart, streamed to a temporary file then to storage; 413 above, before the body is read).
MEDIA_UPLOAD_MAX_BYTES = env.int("MEDIA_UPLOAD_MAX_BYTES", default=512 * 1024 * 1024)
MEDIA_DIRECT_UPLOAD_MAX_BYTES = env.int("MEDIA_DIRECT_UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
# Most pixels (width x height) an image may have, read from its header before any decoding
# (decompression bombs are refused without being decoded).
MEDIA_MAX_IMAGE_PIXELS = env.int("MEDIA_MAX_IMAGE_PIXELS", default=50_000_000)
# Threads per process that talk to the media storage (apps.media.storage): django-storages keeps a
# boto3 session (about 12 MB) per thread, so storage calls run on these few, not on request threads.
MEDIA_STORAGE_THREADS = env.int("MEDIA_STORAGE_THREADS", default=4)


def _media_storage() -> dict:
    """STORAGES["media"]: S3 when a bucket is named, the filesystem otherwise."""
    if not MEDIA_S3_BUCKET:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
        }
    from boto3.s3.transfer import TransferConfig

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": MEDIA_S3_ENDPOINT_URL or None,
            "region_name": MEDIA_S3_REGION,
            "access_key": MEDIA_S3_ACCESS_KEY_ID or None,
            "secret_key": MEDIA_S3_SECRET_ACCESS_KEY or None,
            "addressing_style": MEDIA_S3_ADDRESSING_STYLE,
            "signature_version": "s3v4",
            "default_acl": None,  # private objects: read through presigned links only
            "querystring_auth": True,
            "querystring_expire": MEDIA_DOWNLOAD_URL_EXPIRES_SECONDS,
            "file_overwrite": False,
            "max_memory_size": 2_621_440,  # an object read back (upload completion) spools to disk past 2.5 MB
            # One PUT streamed from the file up to 64 MiB (every direct upload); above, multipart parts
            # one at a time: boto3's default holds up to 10 parts of 8 MiB in memory per upload.
            "transfer_config": TransferConfig(multipart_threshold=64 * 1024 * 1024, use_threads=False),
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "media": _media_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# ---------------------------------------------------------------------------
# Logging: JSON lines on stdout, each with the request id
# ---------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "apps.common.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "apps.common.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # Our exception handler logs 500s itself, with the request id; avoid a duplicate line.
        "django.request": {"level": "ERROR"},
    },
}

# ---------------------------------------------------------------------------
# Sentry (optional)
# ---------------------------------------------------------------------------
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:  # pragma: no cover - needs a DSN
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, traces_sample_rate=env.float("SENTRY_TRACES", default=0.0))
