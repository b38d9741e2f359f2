"""Production settings, run in a subprocess with a realistic environment: the deploy check is
clean, HTTPS is forced, and weak or missing secrets stop the process at startup."""

import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

STRONG_SECRET = "q7Zr9vXk2LmN4pQs8tUw1yA3cE5gI7kM9oQ2sU4wY6aC8eG0iK"  # 50 chars, varied
STRONG_JWT = "b4F8h2J6l0N4p8R2t6V0x4Z8B2D6F0H4J8L2"  # 36 chars
FERNET_KEY = "q0tSWW6d3tKkpRx3dE5e3i0R2bQ3Ykq8u5oX9y0T3zA="  # a Fernet key (32 bytes, url-safe base64)


def production_env(tmp_path, **overrides: str | None) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": STRONG_SECRET,
        "JWT_SECRET_KEY": STRONG_JWT,
        "CHANNEL_TOKEN_KEYS": FERNET_KEY,
        "ALLOWED_HOSTS": "api.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://api.example.com",
        "CORS_ALLOWED_ORIGINS": "https://app.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def test_production_check_deploy_reports_no_issues(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "DEBUG")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def documented_secret() -> str:
    """A secret made exactly as .env.example says (the command in its SECRET_KEY comment)."""
    text = (Path(settings.BASE_DIR) / ".env.example").read_text()
    command = re.search(r'^#\s+(python -c "import secrets; print\(secrets\.[^"]+\)")$', text, re.MULTILINE)
    assert command, "the SECRET_KEY comment of .env.example shows how to generate a key"
    code = command.group(1).removeprefix("python -c ").strip('"')
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_production_check_deploy_is_clean_with_secrets_generated_the_documented_way(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=documented_secret(), JWT_SECRET_KEY=documented_secret())

    result = manage(env, "check", "--deploy", "--fail-level", "DEBUG")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_check_deploy_is_clean_at_the_documented_minimum_lengths(tmp_path):
    """The shortest keys the process accepts (50 and 32 random characters) pass the deploy check too."""
    alphabet = string.ascii_letters + string.digits
    env = production_env(
        tmp_path,
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        JWT_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(32)),
    )

    result = manage(env, "check", "--deploy", "--fail-level", "DEBUG")

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", None),
        ("SECRET_KEY", ""),
        ("SECRET_KEY", "x9!" * 10),  # 30 characters
        ("SECRET_KEY", "q7Zr9vXk2LmN4pQs8tUw1yA3cE5gI7kM9oQ2sU4wY6aC8eG"),  # 47: Django's W009 wants 50
        ("SECRET_KEY", "your-secret-key-here-your-secret-key-here"),  # the .env.example placeholder, doubled
        ("SECRET_KEY", "dev-insecure-secret-key-change-me-please-0123456789"),  # the development default
        ("SECRET_KEY", "ab" * 30),  # long but only two different characters
        ("JWT_SECRET_KEY", None),
        ("JWT_SECRET_KEY", "short-jwt-secret"),
        ("JWT_SECRET_KEY", "your-jwt-secret-shared-with-nodejs"),  # the placeholder, 34 characters
        ("JWT_SECRET_KEY", "dev-insecure-jwt-secret-change-me-0123456789abcdef"),
        ("CHANNEL_TOKEN_KEYS", None),
        ("CHANNEL_TOKEN_KEYS", "not-a-fernet-key"),
        ("CHANNEL_TOKEN_KEYS", "your-fernet-key"),
    ],
)
def test_production_refuses_to_start_with_a_missing_or_weak_secret(tmp_path, name, value):
    result = manage(production_env(tmp_path, **{name: value}), "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = manage(production_env(tmp_path, ALLOWED_HOSTS=None), "check")

    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_forces_https(tmp_path):
    script = """
import django
django.setup()
from django.test import Client
plain = Client(HTTP_HOST="api.example.com")
tls = Client(HTTP_HOST="api.example.com", HTTP_X_FORWARDED_PROTO="https")
redirect = plain.get("/api/v1/auth/profile/")
assert redirect.status_code == 301 and redirect["Location"] == "https://api.example.com/api/v1/auth/profile/", redirect
assert plain.get("/health/live").status_code == 200  # load balancer probes over plain HTTP
secure = tls.get("/api/v1/auth/profile/")
assert secure.status_code == 401, secure.status_code
assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
assert secure["X-Content-Type-Options"] == "nosniff"
from django.conf import settings
assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE and not settings.DEBUG
assert tls.get("/api/v1/nope/").status_code == 404
assert plain.get("/", HTTP_HOST="evil.example.com").status_code == 400
print("https ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=production_env(tmp_path),
        text=True,
        capture_output=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https ok"


def test_wsgi_and_asgi_entry_points_load_with_production_settings(tmp_path):
    script = "import config.wsgi, config.asgi; print(type(config.wsgi.application).__name__)"
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE=None)

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, text=True, capture_output=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WSGIHandler"
