"""Configuration: every variable of the seed is documented in .env.example and honoured; the
requirements are pinned."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SEED_VARIABLES = [
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "JWT_SECRET_KEY",
    "JWT_ACCESS_TOKEN_LIFETIME", "JWT_REFRESH_TOKEN_LIFETIME", "STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_ID_PRO", "STRIPE_PRICE_ID_TEAM", "OPENAI_API_KEY", "OPENAI_MODEL",
    "GEMINI_API_KEY", "GEMINI_MODEL", "SCHEDULER_SERVICE_URL", "SCHEDULER_SERVICE_TOKEN", "CORS_ALLOWED_ORIGINS",
]  # fmt: skip


def _example_variables() -> dict[str, str]:
    """Variable -> the comment of its block in .env.example (the "# ..." line above it, or above the
    run of variables it belongs to)."""
    found, comment = {}, ""
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
        if match:
            found[match.group(1)] = comment
        elif line.startswith("# ") and not line.startswith("# ---"):
            comment = line
        elif not line.strip() or line.startswith("# ---"):
            comment = ""
    return found


def test_env_example_lists_every_seed_variable_with_a_comment():
    documented = _example_variables()

    missing = [name for name in SEED_VARIABLES if name not in documented]
    uncommented = [name for name, comment in documented.items() if not comment.startswith("# ")]
    assert not missing, missing
    assert not uncommented, uncommented


def test_every_env_example_variable_is_read_by_the_code():
    files = [*ROOT.glob("config/**/*.py"), *ROOT.glob("apps/**/*.py"), ROOT / "manage.py", ROOT / "gunicorn.conf.py"]
    sources = "\n".join(p.read_text() for p in files if p.exists() and "tests" not in p.relative_to(ROOT).parts)

    unread = [name for name in _example_variables() if f'"{name}"' not in sources]

    assert not unread, unread


def test_env_example_copied_to_env_loads(tmp_path):
    """Every value of .env.example parses (no empty integer, no bad list): copying it to .env works."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if re.match(r"^[A-Z][A-Z0-9_]*=", line):
            name, _, value = line.partition("=")
            values[name] = value
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SIMPLE_JWT['ACCESS_TOKEN_LIFETIME'].total_seconds(), s.NUM_PROXIES,"
        " s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['OPTIONS'].get('pool')]))"
    )
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **values}

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    # PostgreSQL with the connection pool (issue 13): persistent connections give way to the pool.
    pool = {"min_size": 2, "max_size": 10, "timeout": 1.5, "reconnect_timeout": 2.0}
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [15 * 60, 0, 0, pool]


def test_settings_come_from_the_environment():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.DEBUG, s.ALLOWED_HOSTS, s.CORS_ALLOWED_ORIGINS, s.LOGIN_RATE_PER_IP,"
        " s.LOGIN_RATE_PER_EMAIL, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND']]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "a.example.com,b.example.com",
        "CORS_ALLOWED_ORIGINS": "https://app.example.com,https://admin.example.com",
        "LOGIN_RATE_PER_IP": "5/minute",
        "LOGIN_RATE_PER_EMAIL": "2/hour",
        "DATABASE_URL": "postgresql://u:p@db.example.com:5432/caas",
        "REDIS_URL": "redis://cache.example.com:6379/2",
    }

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)

    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        False,
        ["a.example.com", "b.example.com"],
        ["https://app.example.com", "https://admin.example.com"],
        "5/minute",
        "2/hour",
        "apps.common.postgresql",  # Django's, with a pool that drains on a failed check
        "apps.common.cache.ResilientRedisCache",
    ]


def test_embedded_default_without_environment_is_sqlite_and_a_file_cache_beside_it():
    """Without Redis the cache is a directory every process of the deployment shares (the server and
    the worker: docs/architecture.md, "Cached reads"), the one beside the database they share."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " str(s.DATABASES['default']['NAME']), s.CACHES['default']['LOCATION']]))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
    }

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)

    engine, backend, database, location = json.loads(result.stdout.strip().splitlines()[-1])
    assert engine == "django.db.backends.sqlite3"
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
    assert database == str(ROOT / "db.sqlite3") and location == f"{database}-cache"


def test_embedded_default_on_another_database_file_has_a_cache_of_its_own_unless_cache_dir_says():
    code = (
        "import django; django.setup(); from django.conf import settings as s; print(s.CACHES['default']['LOCATION'])"
    )
    base = {"PATH": os.environ["PATH"], "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "config.settings.development"}

    def location(**env: str) -> str:
        run = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
        )
        return run.stdout.strip().splitlines()[-1]

    assert location(DATABASE_URL="sqlite:////srv/caas/one.sqlite3") == "/srv/caas/one.sqlite3-cache"
    assert location(DATABASE_URL="sqlite:////srv/caas/one.sqlite3", CACHE_DIR="/var/cache/caas") == "/var/cache/caas"
    assert location(DATABASE_URL="postgresql://u:p@db.example.com:5432/caas") == str(ROOT / ".cache")


def test_requirements_are_pinned():
    unpinned = []
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r") and not re.match(r"^[A-Za-z0-9_.\-\[\]]+==[0-9][^\s]*$", line):
                unpinned.append(f"{name}: {line}")

    assert not unpinned, unpinned
