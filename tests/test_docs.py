"""The front-page docs stay true to the code: every route is in the README's endpoint table, every
environment variable the code reads is in .env.example, and .env.example copied as is configures
nothing by accident (secrets empty, placeholders treated as unset)."""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from config.placeholders import is_placeholder

ROOT = Path(settings.BASE_DIR)
README = ROOT / "README.md"
ENV_EXAMPLE = ROOT / ".env.example"
PUBLIC_PREFIXES = ("/api/v1/", "/api/schema/", "/health/")
# Read by a script but set by the script that starts it, never by an operator.
INTERNAL_VARIABLES = {"FUZZ_ORGANIZATION_ID": "scripts/schemathesis_run.py hands it to its hooks"}
SECRETS = [
    "SECRET_KEY", "JWT_SECRET_KEY", "STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET",
    "STRIPE_PRICE_ID_PRO", "STRIPE_PRICE_ID_TEAM", "OPENAI_API_KEY", "GEMINI_API_KEY", "SCHEDULER_SERVICE_TOKEN",
    "SCHEDULER_PUBLISHER_WEBHOOK_SECRET", "SENTRY_DSN", "CHANNEL_TOKEN_KEYS", "X_CLIENT_SECRET",
    "LINKEDIN_CLIENT_SECRET",
]  # fmt: skip


# ---------------------------------------------------------------------------
# README: the endpoint table
# ---------------------------------------------------------------------------
def _routes(patterns=None, prefix: str = "/") -> dict[str, set[str] | None]:
    """Every route of the URLconf as "/api/v1/content/{content_id}/" -> its HTTP methods (None for a
    function view, whose methods a decorator holds)."""
    found: dict[str, set[str] | None] = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(entry.pattern))
        if isinstance(entry, URLResolver):
            found.update(_routes(entry.url_patterns, prefix + route))
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None) or getattr(entry.callback, "cls", None)
            methods = None
            if view_class is not None:
                methods = {m.upper() for m in view_class.http_method_names if m not in ("options", "head")}
                methods = {m for m in methods if hasattr(view_class, m.lower())}
            found[prefix + route] = methods
    return {path: methods for path, methods in found.items() if path.startswith(PUBLIC_PREFIXES)}


def _readme_table() -> dict[str, set[str]]:
    """Rows "| GET, POST | `/api/v1/...` | ..." of the README -> path -> methods."""
    rows: dict[str, set[str]] = {}
    for line in README.read_text().splitlines():
        match = re.match(r"^\|\s*([A-Z][A-Z, /]*?)\s*\|\s*`(/[^`\s]*)`\s*\|", line)
        if match:
            rows[match.group(2)] = set(re.split(r"[,/ ]+", match.group(1).strip()))
    return rows


def test_readme_endpoint_table_lists_every_route_with_its_methods():
    def same(path: str) -> str:  # the README may name a path parameter differently ({id})
        return re.sub(r"\{\w+\}", "{}", path)

    routes = {same(path): methods for path, methods in _routes().items()}
    table = {same(path): methods for path, methods in _readme_table().items()}
    assert len(routes) > 30, sorted(routes)  # the walk found the URLconf

    missing = sorted(set(routes) - set(table))
    stale = sorted(set(table) - set(routes))
    wrong_methods = {
        path: {"readme": sorted(table[path]), "code": sorted(methods)}
        for path, methods in routes.items()
        if path in table and methods is not None and table[path] != methods
    }

    assert not missing, f"routes missing from the README endpoint table: {missing}"
    assert not stale, f"README rows without a route: {stale}"
    assert not wrong_methods, wrong_methods


def test_readme_is_a_front_page():
    text = README.read_text()

    assert len(text.splitlines()) < 200
    assert "docs/architecture.md" in text and "docs/benchmarks.md" in text
    # Measured figures live in docs/benchmarks.md only (copies drift).
    assert not re.search(r"req/s|\d+(\.\d+)?\s?%", text), "figures belong in docs/benchmarks.md"


@pytest.mark.parametrize("document", ["README.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))])
def test_relative_links_point_to_existing_files(document):
    path = ROOT / document if document == "README.md" else ROOT / "docs" / document
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text())

    broken = [link for link in links if "://" not in link and not (path.parent / link).exists()]

    assert not broken, broken


# ---------------------------------------------------------------------------
# .env.example: every variable the code reads
# ---------------------------------------------------------------------------
def _is_os_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", "") == "os"


def _first_str(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _env_read_argument(node: ast.AST) -> ast.AST | None:
    """The name argument of an environment read (a node), else None."""
    if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
        return node.slice
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func = node.func
    if isinstance(func, ast.Name) and func.id.startswith("env"):
        return node.args[0]
    if not isinstance(func, ast.Attribute):
        return None
    reads = (
        getattr(func.value, "id", "") == "env"
        or (func.attr in ("get", "setdefault", "pop") and _is_os_environ(func.value))
        or (func.attr == "getenv" and getattr(func.value, "id", "") == "os")
    )
    return node.args[0] if reads else None


def _env_read_helpers(tree: ast.AST) -> set[str]:
    """The local functions that pass their first parameter to an environment read."""
    helpers = set()
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.args.args):
        parameter = function.args.args[0].arg
        if any(getattr(_env_read_argument(n), "id", None) == parameter for n in ast.walk(function)):
            helpers.add(function.name)
    return helpers


def _env_reads_python(source: str) -> set[str]:
    """Names read with env(...), env.<cast>(...), env_secret(...), os.environ[...], os.environ.get(...),
    os.environ.setdefault(...), os.getenv(...), or a local helper that passes its first parameter to one."""
    tree = ast.parse(source)
    helpers = _env_read_helpers(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        argument = _env_read_argument(node)
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            names.add(argument.value)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in helpers and _first_str(node):
            names.add(_first_str(node))
    return {name for name in names if re.fullmatch(r"[A-Z][A-Z0-9_]*", name)}


def _env_reads() -> dict[str, str]:
    """Every environment variable read by config/, gunicorn.conf.py, manage.py, apps/ and scripts/
    (tests and migrations excluded) -> the first file reading it."""
    files = [
        *sorted(ROOT.glob("config/**/*.py")),
        ROOT / "gunicorn.conf.py",
        ROOT / "manage.py",
        *sorted(ROOT.glob("apps/**/*.py")),
        *sorted(ROOT.glob("scripts/**/*.py")),
        *sorted(ROOT.glob("scripts/**/*.sh")),
    ]
    reads: dict[str, str] = {}
    for path in files:
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or "node_modules" in parts:
            continue
        text = path.read_text()
        if path.suffix == ".py":
            names = _env_reads_python(text)
        else:  # ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME:=default} of a variable the
            # script does not set itself (SERVER_PID=$! is the script's own; PORT=${PORT:-8000} reads the env)
            names = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):?[-?=]", text))
            names -= set(re.findall(r"(?m)^\s*(?:export\s+|local\s+)?([A-Z][A-Z0-9_]*)=(?!\$\{\1\b)", text))
        for name in names:
            reads.setdefault(name, str(path.relative_to(ROOT)))
    return reads


def _documented() -> dict[str, str]:
    """.env.example: NAME=value lines, and "# NAME=value" lines (tools, shown commented out)."""
    found = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^(?:#\s*)?([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_the_env_scan_finds_reads_of_every_kind():
    reads = _env_reads()

    # env(), env.float(), env_secret(), a gunicorn helper, os.environ[...], os.environ.get(), a shell default
    for name in ("SECRET_KEY", "SENTRY_TRACES", "OPENAI_API_KEY", "GUNICORN_WORKERS", "PORT", "FORWARDED_ALLOW_IPS"):
        assert name in reads, name
    assert _env_reads_python("import os\nos.environ['A_B']\nos.getenv('C')\nenv.int('D', default=1)") == {
        "A_B",
        "C",
        "D",
    }


def test_env_example_documents_every_variable_the_code_reads():
    documented = _documented()

    missing = {name: where for name, where in _env_reads().items() if name not in documented}
    missing = {name: where for name, where in missing.items() if name not in INTERNAL_VARIABLES}

    assert not missing, f"read by the code, missing from .env.example: {missing}"


def test_env_example_leaves_secrets_empty_and_holds_no_placeholder():
    documented = _documented()

    filled = {name: documented[name] for name in SECRETS if documented.get(name, "") != ""}
    placeholders = {name: value for name, value in documented.items() if is_placeholder(value)}

    assert not filled, filled
    assert not placeholders, placeholders


# ---------------------------------------------------------------------------
# Placeholders count as unset, with a warning at start
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", ["sk-...", "sk_test_...", "pk_test_...", "price_...", "whsec_...", "...", "changeme", "your-key-here"]
)
def test_is_placeholder_recognises_example_values(value):
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["", "sk-proj-4f9a8b7c6d5e", "price_1QabcXYZ", "whsec_9f8e7d", "local", "ollama"])
def test_is_placeholder_accepts_real_looking_values(value):
    assert not is_placeholder(value)


def _settings_in_subprocess(env_overrides: dict[str, str], expression: str) -> tuple[object, str]:
    code = "import django, json; django.setup(); from django.conf import settings as s; "
    code += f"print(json.dumps({expression}))"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings.development",
        "LOG_LEVEL": "WARNING",
        **env_overrides,
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stdout + result.stderr


def test_placeholder_keys_count_as_unset_and_a_warning_names_them():
    placeholders = {
        "OPENAI_API_KEY": "sk-...",
        "GEMINI_API_KEY": "...",
        "STRIPE_SECRET_KEY": "sk_test_...",
        "STRIPE_WEBHOOK_SECRET": "whsec_...",
        "STRIPE_PRICE_ID_PRO": "price_...",
        "SCHEDULER_SERVICE_TOKEN": "shared-secret-token",
        "SECRET_KEY": "your-secret-key-here",
    }
    expression = (
        "[s.OPENAI_API_KEY, s.GEMINI_API_KEY, s.STRIPE_SECRET_KEY, s.STRIPE_WEBHOOK_SECRET, s.STRIPE_PRICE_ID_PRO,"
        " s.SCHEDULER_SERVICE_TOKEN, s.SECRET_KEY != 'your-secret-key-here',"
        " __import__('apps.content.providers', fromlist=['x']).provider_default_name(),"
        " __import__('apps.subscriptions.stripe_gateway', fromlist=['x']).stripe_configured()]"
    )

    values, output = _settings_in_subprocess(placeholders, expression)

    assert values == ["", "", "", "", "", "", True, "offline", False]
    warning = next(json.loads(line) for line in output.splitlines() if "Placeholder values" in line)
    assert warning["level"] == "WARNING"
    assert set(warning["settings"]) == set(placeholders)


def test_real_keys_are_kept_without_a_warning():
    values, output = _settings_in_subprocess(
        {"OPENAI_API_KEY": "sk-proj-realkey123", "STRIPE_SECRET_KEY": "sk_test_51Habc"},
        "[s.OPENAI_API_KEY, s.STRIPE_SECRET_KEY, s.ENV_PLACEHOLDERS_IGNORED]",
    )

    assert values == ["sk-proj-realkey123", "sk_test_51Habc", []]
    assert "Placeholder values" not in output


def test_env_example_copied_as_is_configures_no_provider_and_no_billing():
    """`cp .env.example .env`: the embedded defaults of every integration, and the development keys."""
    values = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE.read_text(), flags=re.MULTILINE))
    values.pop("DATABASE_URL")  # the full mode's PostgreSQL, not needed to load the settings
    values.pop("REDIS_URL")

    loaded, output = _settings_in_subprocess(
        values,
        "[__import__('apps.content.providers', fromlist=['x']).provider_default_name(),"
        " __import__('apps.subscriptions.stripe_gateway', fromlist=['x']).stripe_configured(),"
        " bool(s.SECRET_KEY), bool(s.JWT_SECRET_KEY), s.EMAIL_BACKEND,"
        " str(s.STATIC_ROOT) == str(s.BASE_DIR / 'staticfiles')]",
    )

    assert loaded == ["offline", False, True, True, "django.core.mail.backends.console.EmailBackend", True]
    assert "Placeholder values" not in output
