"""OpenAPI: JSON schema with bearer auth, bodies and error responses; offline Swagger UI; the
schema validates without a single warning (this protects every app's endpoints)."""

import json
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

AUTH_OPERATIONS = {
    ("/api/v1/auth/register/", "post"): False,
    ("/api/v1/auth/login/", "post"): False,
    ("/api/v1/auth/token/refresh/", "post"): False,
    ("/api/v1/auth/logout/", "post"): True,
    ("/api/v1/auth/profile/", "get"): True,
    ("/api/v1/auth/profile/", "patch"): True,
}
ERROR_REFS = {"#/components/schemas/Error", "#/components/schemas/ErrorEnvelope"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_schema_is_openapi_3_json(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "CaaS Backend API"


def test_schema_can_also_be_asked_as_vnd_oai_openapi_json():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert json.loads(response.content)["openapi"].startswith("3.")


def test_schema_declares_bearer_jwt_auth(schema):
    assert schema["components"]["securitySchemes"]["jwtAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }


def test_schema_auth_operations_exist_with_the_right_security(schema):
    for (path, method), secured in AUTH_OPERATIONS.items():
        operation = schema["paths"][path][method]
        assert operation["operationId"].startswith("auth_")
        if secured:
            assert operation["security"] == [{"jwtAuth": []}], (path, method)
            assert "401" in operation["responses"]
        else:
            assert not any(operation.get("security", [])), (path, method)


def test_schema_lists_the_api_key_scheme_where_keys_are_accepted(schema):
    """Campaigns and the media library accept API keys (docs/api-keys.md); the account endpoints do not."""
    keyed = {
        (path, method)
        for path, method, operation in operations(schema)
        if any("apiKeyAuth" in requirement for requirement in operation.get("security", []))
    }
    for prefix in ("/api/v1/campaigns/", "/api/v1/media/", "/api/v1/content/"):
        listed = {(path, method) for path, method, _ in operations(schema) if path.startswith(prefix)}
        assert listed and listed <= keyed, sorted(listed - keyed)
    assert not any(path.startswith("/api/v1/auth/") for path, _ in keyed)
    assert "campaigns, media" in schema["components"]["securitySchemes"]["apiKeyAuth"]["description"]


def test_schema_auth_operations_describe_bodies(schema):
    register = schema["paths"]["/api/v1/auth/register/"]["post"]
    request = register["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    response = register["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    components = schema["components"]["schemas"]

    assert set(components[request]["required"]) == {"email", "password"}
    assert set(components[request]["properties"]) == {"email", "password", "first_name", "last_name"}
    assert set(components[response]["properties"]) == {"user", "access", "refresh"}
    assert schema["paths"]["/api/v1/auth/login/"]["post"]["responses"]["429"]["headers"]["Retry-After"]
    assert "content" not in schema["paths"]["/api/v1/auth/logout/"]["post"]["responses"]["204"]


def _response_problems(where: str, status: str, response: dict) -> list[str]:
    """A response without a body schema, or an error (4xx/5xx) not in the error shape."""
    if status == "204":
        return []
    problems = []
    content = response.get("content", {})
    if "application/json" not in content and not (status.startswith("2") and content):
        problems.append(f"{where}: {status} has no body schema")
    if status[0] in "45":
        ref = content.get("application/json", {}).get("schema", {}).get("$ref")
        if ref not in ERROR_REFS:
            problems.append(f"{where}: {status} is not the error shape ({ref})")
    return problems


def _operation_problems(where: str, method: str, operation: dict) -> list[str]:
    """The statuses every operation must declare (by its kind), and its operationId."""
    responses = operation["responses"]
    problems = []
    if not any(status.startswith("2") for status in responses):
        problems.append(f"{where}: no success response")
    problems += [f"{where}: {status} not declared" for status in ("429", "500") if status not in responses]
    if any(operation.get("security", [])) and "401" not in responses:
        problems.append(f"{where}: secured but 401 not declared")
    if method in {"post", "put", "patch"} and {"413", "415"} - set(responses):
        problems.append(f"{where}: 413/415 not declared")
    if "operationId" not in operation:
        problems.append(f"{where}: no operationId")
    return problems


def test_schema_every_operation_documents_bodies_and_error_responses(schema):
    problems = []
    for path, method, operation in operations(schema):
        where = f"{method.upper()} {path}"
        for status, response in operation["responses"].items():
            problems += _response_problems(where, status, response)
        problems += _operation_problems(where, method, operation)

    assert not problems, "\n".join(problems)


def test_schema_public_operations_do_not_claim_403_or_404(schema):
    for path, method in [("/api/v1/auth/register/", "post"), ("/api/v1/auth/login/", "post")]:
        assert {"403", "404"}.isdisjoint(schema["paths"][path][method]["responses"])


def test_spectacular_validate_fail_on_warn_is_clean(tmp_path):
    GENERATOR_STATS.reset()  # warnings of earlier schema generations in this process must not leak in

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


# --- Swagger UI, offline --------------------------------------------------------------------


def _local_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/drf_spectacular_sidecar/[^"]+)"', html)


def test_swagger_ui_loads_its_assets_locally():
    response = APIClient().get("/api/schema/swagger-ui/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = _local_assets(html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    assert not re.search(r'(?:src|href)="https?://', html), "Swagger UI must not load anything from the internet"
    assert "/api/schema/" in html


def test_swagger_ui_assets_are_served_in_debug(settings):
    settings.DEBUG = True  # ServeStatic then serves straight from the app directories (finders)
    client = APIClient()  # middleware is built on the first request of a new client
    assets = _local_assets(client.get("/api/schema/swagger-ui/").content.decode())

    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response)  # as a WSGI server reads it (the content is an async iterator)


def test_swagger_ui_assets_are_served_by_servestatic_in_production(tmp_path):
    """collectstatic with the production storage (compressed, hashed names), then ServeStatic serves
    the hashed files Swagger UI references, with no other web server."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "prod-like-secret-8d1f0c2e9b7a4653a1f0e4c7b2d9e8f1a6c3b5d7e9f0a2b4",
        "JWT_SECRET_KEY": "prod-like-jwt-3e7c9a1b5d2f4086b9e1c3a5d7f9b2e4",
        "CHANNEL_TOKEN_KEYS": "q0tSWW6d3tKkpRx3dE5e3i0R2bQ3Ykq8u5oX9y0T3zA=",
        "ALLOWED_HOSTS": "api.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    assert list((tmp_path / "static" / "drf_spectacular_sidecar").rglob("swagger-ui-bundle.*.js.gz"))
    script = """
import django, re, sys
django.setup()
from django.test import Client
client = Client(HTTP_HOST="api.example.com", HTTP_X_FORWARDED_PROTO="https")  # behind a TLS proxy
html = client.get("/api/schema/swagger-ui/").content.decode()
assets = re.findall(r'(?:src|href)="(/static/drf_spectacular_sidecar/[^"]+)"', html)
assert assets and all(re.search(r"\\.[0-9a-f]{12}\\.", a) for a in assets), assets
for asset in assets:
    response = client.get(asset)
    assert response.status_code == 200, (asset, response.status_code)
    assert "max-age=315360000" in response["Cache-Control"], response["Cache-Control"]
print("served", len(assets))
"""

    served = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )

    assert served.returncode == 0, served.stderr
    assert served.stdout.strip() == "served 4"


# Found by schemathesis (scripts/schemathesis_run.py): each answered a 500 or disagreed with the schema before its fix.


def test_patch_bodies_document_their_required_fields(client):
    schema = client.get("/api/schema/").json()
    components = schema["components"]["schemas"]
    body = schema["paths"]["/api/v1/content/{content_id}/"]["patch"]["requestBody"]["content"]["application/json"]
    component = components[body["schema"]["$ref"].rsplit("/", 1)[1]]

    assert "text" in component.get("required", [])


def _views_answering_pages(patterns=None, prefix: str = "/") -> dict[str, type]:
    """Every route whose view's GET answers ``paginated_response`` (a page envelope) -> its view class."""
    import inspect

    from django.urls import URLPattern, URLResolver, get_resolver

    found: dict[str, type] = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(entry.pattern))
        if isinstance(entry, URLResolver):
            found.update(_views_answering_pages(entry.url_patterns, prefix + route))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None)
            get = getattr(view, "get", None)
            if get is not None and "paginated_response(" in inspect.getsource(get):
                found[prefix + route] = view
    return found


def test_schema_of_every_paged_list_is_the_page_envelope(schema):
    """A GET that answers a page (count, next, previous, results) says so in its 200: a bare array there
    would make every generated client and schemathesis reject the real answer."""
    pages = _views_answering_pages()
    assert len(pages) > 10, sorted(pages)
    wrong = []
    for path in pages:
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        ref = ok.get("$ref", "")
        component = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}) if ref else ok
        if "results" not in component.get("properties", {}):
            wrong.append(path)
    assert wrong == []


def test_schema_bounds_the_lists_of_nested_objects_the_server_bounds(schema):
    """A post's media list is refused above 20 items: the schema says so (maxItems), for every body."""
    bounded = [
        name
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("Request") and "media" in component.get("properties", {})
    ]
    assert bounded
    for name in bounded:
        assert schema["components"]["schemas"][name]["properties"]["media"].get("maxItems") == 20, name
