"""Tenant isolation (OWASP API1, BOLA) over EVERY route under /api/v1/.

Routes are enumerated from the URLconf (``django.urls.get_resolver()``), so a route added later by
any app is covered automatically. Each app with routes has a module beside this one,
``tests/isolation/<app label>.py``, with ``FACTORIES`` (route name → function creating an
object of the victim organization and returning the URL kwargs) and ``EXEMPT`` (route name →
reason it is not organization-scoped); see docs/permissions.md, "Tenant isolation".

The attacker owns organization A; the victim owns organization B. For each route in FACTORIES:

* routes with path kwargs, called with B's object for every HTTP method the view has: 404
  (or a 400 identical to the one a nonexistent id gets: validation before lookup leaks nothing),
  with the same status, code AND message as a never-existing id (issue 12 item 6);
* the same routes on the attacker's OWN object, with B's ``organization_id``/``workspace_id``
  smuggled in the POST/PUT/PATCH body: whatever the status (but never a 500 crash; 502/503/504
  of an unconfigured upstream are fine), nothing of B changes;
* list routes (no path kwargs): ``?organization_id=<B>`` → 404, answered exactly like a
  never-existing id; ``?workspace_id=<B's>`` and no
  filter at all → no id of B in the response;
* POST/PUT/PATCH/DELETE routes without path kwargs, with B's ids in the body → 400/403/404,
  never 2xx, answered exactly like never-existing ids; with A's organization but B's workspace → nothing of B changes.

After every request, a snapshot of all rows of B (every model reachable by foreign keys from the
organization) must be unchanged, and no response may contain an id of B the attacker did not send.
Exempt routes that answer GET without kwargs are still scanned for B's ids.

Two more walks of the same routes: with an editor API key of A instead of a JWT, and, inside one
organization, with an editor API key limited to one of its workspaces against the objects of its
other workspaces (``test_isolation_route_with_a_workspace_limited_key``: another workspace's
object, list filter or body reference answers like a never-existing one, and nothing reachable from
the other workspaces changes or leaks).
"""

import importlib
import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.organizations.models import Organization, Workspace
from apps.organizations.selectors import workspace_default
from apps.organizations.services import api_key_create, organization_create
from tests.factories import WorkspaceFactory, put_on_plan
from tests.routes import ROUTES, Route
from tests.support.clients import client_for
from tests.support.organizations import organization_of
from tests.support.snapshot import organization_snapshot, rows_reachable, victim_ids

BODY_METHODS = {"post", "put", "patch"}

# Built-in exemption: the auth routes (namespace ``users``) act on the caller's own account and
# tokens, never on an organization's data, so they take no organization or workspace id.
BUILTIN_EXEMPT_NAMESPACES = {
    "users": "authentication and the caller's own profile: not organization-scoped (no organization data)",
}


# --------------------------------------------------------------------------- registries


@dataclass
class Registry:
    factories: dict[str, Callable[[Organization, Any], dict[str, str]]]
    exempt: dict[str, str]
    sources: dict[str, str]  # route name -> module that declared it


@cache
def registry() -> Registry:
    factories: dict[str, Callable] = {}
    exempt: dict[str, str] = {}
    sources: dict[str, str] = {}
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        module_name = f"tests.isolation.{config.label}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        for attribute, target in (("FACTORIES", factories), ("EXEMPT", exempt)):
            for name, value in getattr(module, attribute, {}).items():
                if name in factories or name in exempt:
                    raise AssertionError(f"{name!r} is declared twice: in {sources[name]} and in {module_name}")
                target[name] = value
                sources[name] = module_name
    return Registry(factories=factories, exempt=exempt, sources=sources)


def exempt_reason(route: Route) -> str | None:
    if route.name in registry().exempt:
        return registry().exempt[route.name]
    return BUILTIN_EXEMPT_NAMESPACES.get(route.namespace)


def missing_message(route: Route) -> str:
    example_kwargs = ", ".join(f'"{k}": str(<its {k}>)' for k in route.kwargs)
    return (
        f"Route {route.name or '(unnamed)'} (/{route.pattern}, methods {', '.join(route.methods)}) is not covered by "
        f"the tenant-isolation test. Add it to tests/isolation/{route.app_path.rpartition('/')[2]}.py: either in "
        "FACTORIES, "
        f'"{route.name}": lambda organization, owner: {{{example_kwargs}}} — a function creating an object of '
        f"`organization` (owned by `owner`) and returning the URL kwargs ({{}} for a list/create route) — or, if it "
        f'is not organization-scoped, in EXEMPT with the reason: "{route.name}": "<why>".'
    )


# --------------------------------------------------------------------------- helpers


@dataclass
class World:
    attacker_client: Any
    attacker_org: Organization
    attacker: Any
    victim_org: Organization
    victim_owner: Any
    victim_workspace: Any


@pytest.fixture
def world(make_user) -> World:
    attacker = make_user(email="attacker@example.com")
    attacker_org = organization_of(attacker)
    victim_owner = make_user(email="victim@example.com")
    # A non-personal Team organization, so plan limits never mask an isolation failure.
    victim_org = organization_create(owner=victim_owner, name="Victim Inc")
    put_on_plan(victim_org, "team")
    return World(
        attacker_client=client_for(attacker),
        attacker_org=attacker_org,
        attacker=attacker,
        victim_org=victim_org,
        victim_owner=victim_owner,
        victim_workspace=workspace_default(organization_id=victim_org.pk),
    )


def probe_body(organization_id: Any, workspace_id: Any) -> dict[str, Any]:
    """A body that passes most validators, so the organization check is what refuses it."""
    return {
        "organization_id": str(organization_id),
        "workspace_id": str(workspace_id),
        "name": "isolation probe",
        "description": "isolation probe",
        "email": "probe@example.com",
        "role": "viewer",
        "platform": "twitter",
        "tone": "professional",
        "prompt": "isolation probe",
        "audience": "probe",
        "modifications": "probe",
        "ai_provider": "offline",
        "scheduled_at": (timezone.now() + timedelta(days=1)).isoformat(),
        "plan": "pro",
        "token": "isolation-probe",
        "member_id": str(uuid.uuid4()),
    }


def call(client: Any, method: str, url: str, body: dict[str, Any] | None = None):
    if method == "get":
        return client.get(url, body or {})
    if method == "delete":
        return client.delete(url)
    return getattr(client, method)(url, body or {}, format="json")


def scan_ids(world: World, snapshot: dict) -> set[str]:
    ids = victim_ids(snapshot)
    members = snapshot.get("organizations.OrganizationMember", {}).values()
    ids.update(str(row["user_id"]) for row in members)
    return {i.lower() for i in ids}


def response_text(response) -> str:
    """The body, streamed (a CSV export) or not; read once, then kept on the response."""
    if getattr(response, "streaming", False):
        if not hasattr(response, "_isolation_text"):
            response._isolation_text = b"".join(response.streaming_content).decode(errors="replace")
        return response._isolation_text
    return response.content.decode(errors="replace")


def assert_no_victim_ids(response, ids: set[str], sent: set[str], what: str) -> None:
    text = response_text(response).lower()
    leaked = sorted(i for i in ids - {s.lower() for s in sent} if i in text)
    assert not leaked, f"{what}: response {response.status_code} contains ids of the victim organization {leaked}"


def _fake_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    fake = {}
    for key, value in kwargs.items():
        text = str(value)
        try:
            uuid.UUID(text)
            fake[key] = str(uuid.uuid4())
        except ValueError:
            fake[key] = str(987654321) if text.isdigit() else f"{text}x"
    return fake


def _error(response) -> tuple[int, str | None, str | None]:
    try:
        error = response.json()["error"]
        return response.status_code, error.get("code"), error.get("message")
    except (ValueError, KeyError, TypeError, AttributeError, json.JSONDecodeError):
        return response.status_code, None, None


def assert_same_answer(victim, fake, what: str, other: str) -> None:
    """A foreign id and a never-existing one get the same status, code AND message: nothing to infer."""
    if victim.status_code not in {400, 403, 404} and fake.status_code not in {400, 403, 404}:
        return  # not a refusal (e.g. the attacker's own list): nothing to compare
    assert _error(victim) == _error(fake), (
        f"{what}: the victim's id answers {_error(victim)}, {other} answers {_error(fake)} (existence leak)"
    )


def _error_code(response) -> str | None:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        return None


# --------------------------------------------------------------------------- tests


def test_isolation_every_api_route_is_covered():
    """Every /api/v1/ route is in some app's FACTORIES or EXEMPT (or the built-in auth exemption)."""
    problems = []
    for route in ROUTES:
        if route.name is None:
            problems.append(f"/{route.pattern} has no name: give it name=... so it can be listed in FACTORIES/EXEMPT.")
        elif route.name not in registry().factories and exempt_reason(route) is None:
            problems.append(missing_message(route))
    names = {r.name for r in ROUTES}
    for name, source in registry().sources.items():
        if name not in names:
            problems.append(f"{source} lists {name!r}, but no /api/v1/ route has that name (typo or removed route?).")
    for name, reason in registry().exempt.items():
        if not str(reason).strip():
            problems.append(f"EXEMPT[{name!r}] in {registry().sources[name]} needs a reason.")
    assert not problems, "\n\n".join(problems)


def test_isolation_routes_are_discovered():
    """The walk finds the seed's organization routes (guards against a silently empty walk)."""
    patterns = {r.pattern for r in ROUTES}
    assert "api/v1/organizations/" in patterns
    assert "api/v1/organizations/<uuid:id>/members/" in patterns
    assert "api/v1/organizations/workspaces/" in patterns


@dataclass
class Probe:
    """The attacker's requests on one route, and what must hold after each: nothing of the victim
    changed since ``before``, and no id of the victim (``ids``) in the answer that was not ``sent``."""

    route: Route
    world: World
    ids: set[str]
    sent: set[str]
    before: dict
    victim_body: dict[str, Any]

    def call(self, method: str, url: str, body: dict[str, Any] | None = None):
        return call(self.world.attacker_client, method, url, body)

    def harmless(self, response, what: str, sent: set[str] | None = None) -> None:
        assert_no_victim_ids(response, self.ids, self.sent if sent is None else sent, what)
        assert organization_snapshot(self.world.victim_org.pk) == self.before, (
            f"{what} changed the victim organization's data"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name], ids=lambda r: r.name)
def test_isolation_route(route: Route, world: World):
    reason = exempt_reason(route)
    factory = registry().factories.get(route.name)
    if factory is None and reason is None:
        pytest.fail(missing_message(route))
    if factory is None:
        _check_exempt_route(route, world, reason)
        return

    victim_kwargs = factory(world.victim_org, world.victim_owner)
    assert isinstance(victim_kwargs, dict), f"FACTORIES[{route.name!r}] must return a dict of URL kwargs"
    victim_kwargs = {k: str(v) for k, v in victim_kwargs.items()}
    before = organization_snapshot(world.victim_org.pk)
    probe = Probe(
        route=route,
        world=world,
        ids=scan_ids(world, before),
        sent={str(world.victim_org.pk), str(world.victim_workspace.pk), *victim_kwargs.values()},
        before=before,
        victim_body=probe_body(world.victim_org.pk, world.victim_workspace.pk),
    )
    if route.kwargs:
        _probe_victim_object(probe, victim_kwargs)
        _probe_own_object_with_victim_ids(probe, factory)
        return
    url = reverse(route.name)
    for method in route.methods:
        if method == "get":
            _probe_list(probe, url)
        else:
            _probe_write_without_kwargs(probe, method, url)


def _probe_victim_object(probe: Probe, victim_kwargs: dict[str, str]) -> None:
    """The victim's object, by every method: 404 (or the 400 a never-existing id gets), answered
    exactly like a never-existing id."""
    url = reverse(probe.route.name, kwargs=victim_kwargs)
    fake_url = reverse(probe.route.name, kwargs=_fake_kwargs(victim_kwargs))
    for method in probe.route.methods:
        what = f"{method.upper()} {url} (victim's object)"
        body = probe.victim_body if method in BODY_METHODS else None
        response = probe.call(method, url, body)
        fake = probe.call(method, fake_url, body)
        if response.status_code != 404:
            assert response.status_code == 400 and (fake.status_code, _error_code(fake)) == (
                400,
                _error_code(response),
            ), f"{what}: expected 404, got {response.status_code} {response.content[:300]!r}"
        assert_same_answer(response, fake, what, "a never-existing id")
        probe.harmless(response, what)


def _probe_own_object_with_victim_ids(probe: Probe, factory: Callable) -> None:
    """The attacker's own object, with the victim's ids smuggled into the body: never a crash, and
    nothing of the victim changes."""
    world = probe.world
    own_kwargs = {k: str(v) for k, v in factory(world.attacker_org, world.attacker).items()}
    own_url = reverse(probe.route.name, kwargs=own_kwargs)
    probe.before = organization_snapshot(world.victim_org.pk)
    for method in probe.route.methods:
        if method not in BODY_METHODS:
            continue
        what = f"{method.upper()} {own_url} (own object, victim ids in body)"
        response = probe.call(method, own_url, probe.victim_body)
        assert response.status_code != 500, f"{what}: {response.status_code} {response.content[:300]!r}"
        probe.harmless(response, what)


def _probe_list(probe: Probe, url: str) -> None:
    """A list: ``?organization_id=<victim>`` is a 404 like a never-existing id; filtered on the
    victim's workspace, or not at all, it shows nothing of the victim."""
    world = probe.world
    response = probe.call("get", url, {"organization_id": str(world.victim_org.pk)})
    what = f"GET {url}?organization_id=<victim>"
    assert response.status_code == 404, f"{what}: expected 404, got {response.status_code} {response.content!r}"
    fake = probe.call("get", url, {"organization_id": str(uuid.uuid4())})
    assert_same_answer(response, fake, what, "?organization_id=<never existed>")
    assert organization_snapshot(world.victim_org.pk) == probe.before, f"{what} changed the victim organization's data"
    for query, label in (({"workspace_id": str(world.victim_workspace.pk)}, "?workspace_id=<victim>"), ({}, "")):
        response = probe.call("get", url, query)
        what = f"GET {url}{label}"
        assert response.status_code != 500, f"{what}: {response.status_code}"
        probe.harmless(response, what, sent=set(query.values()))


def _probe_write_without_kwargs(probe: Probe, method: str, url: str) -> None:
    """A create (or other write without kwargs) naming the victim's organization and workspace:
    refused like never-existing ids; with the attacker's organization but the victim's workspace,
    nothing of the victim changes."""
    world = probe.world
    what = f"{method.upper()} {url} (victim's organization_id and workspace_id in the body)"
    response = probe.call(method, url, probe.victim_body)
    assert response.status_code in {400, 403, 404}, (
        f"{what}: expected 404 (or 400/403), got {response.status_code} {response.content[:300]!r}"
    )
    fake = probe.call(method, url, probe_body(uuid.uuid4(), uuid.uuid4()))
    assert_same_answer(response, fake, what, "never-existing organization_id and workspace_id")
    probe.harmless(response, what)
    if method in BODY_METHODS:
        what = f"{method.upper()} {url} (own organization_id, victim's workspace_id)"
        response = probe.call(method, url, probe_body(world.attacker_org.pk, world.victim_workspace.pk))
        assert response.status_code != 500, f"{what}: {response.status_code} {response.content[:300]!r}"
        probe.harmless(response, what)


def _check_exempt_route(route: Route, world: World, reason: str) -> None:
    """An exempt route is not organization-scoped; if it lists something (GET, no kwargs), it still
    must not show anything of the victim organization."""
    if route.kwargs or "get" not in route.methods:
        pytest.skip(f"exempt: {reason}")
    from tests.isolation.organizations import FACTORIES as ORG_FACTORIES

    for name in ("organizations:member-detail", "organizations:invitation-detail", "organizations:workspace-detail"):
        ORG_FACTORIES[name](world.victim_org, world.victim_owner)
    before = organization_snapshot(world.victim_org.pk)
    ids = scan_ids(world, before)
    response = call(world.attacker_client, "get", reverse(route.name))
    assert response.status_code != 500
    assert_no_victim_ids(response, ids, set(), f"GET {route.pattern} (exempt: {reason})")
    assert organization_snapshot(world.victim_org.pk) == before


def test_isolation_leak_check_catches_a_leaking_list(world, db):
    """The scan is not vacuous: a body containing a victim id is reported."""

    class FakeResponse:
        status_code = 200
        content = json.dumps({"results": [{"id": str(world.victim_workspace.pk)}]}).encode()

    ids = scan_ids(world, organization_snapshot(world.victim_org.pk))
    with pytest.raises(AssertionError, match="contains ids of the victim"):
        assert_no_victim_ids(FakeResponse(), ids, set(), "fake")


def test_isolation_snapshot_sees_a_smuggled_row(world, db):
    """The snapshot is not vacuous: a row of A pointing at B's workspace shows up as a change."""
    from apps.content.models import Content

    before = organization_snapshot(world.victim_org.pk)
    Content.objects.create(
        organization=world.attacker_org, workspace=world.victim_workspace, platform="twitter", tone="casual", prompt="x"
    )
    assert organization_snapshot(world.victim_org.pk) != before


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name], ids=lambda r: r.name)
def test_isolation_route_with_an_api_key(route: Route, world: World):
    """The same walk with an editor API key of the attacker's organization instead of a JWT: every
    victim object, and every list filtered on the victim's organization, is refused (404, or 403
    where keys are not accepted at all), and nothing of the victim changes or leaks."""
    factory = registry().factories.get(route.name)
    if factory is None:
        pytest.skip(f"exempt: {exempt_reason(route)}")
    _, secret = api_key_create(
        user=world.attacker, organization_id=world.attacker_org.pk, name="attacker bot", role="editor"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    victim_kwargs = {k: str(v) for k, v in factory(world.victim_org, world.victim_owner).items()}
    before = organization_snapshot(world.victim_org.pk)
    ids = scan_ids(world, before)
    body = probe_body(world.victim_org.pk, world.victim_workspace.pk)
    sent = {str(world.victim_org.pk), str(world.victim_workspace.pk), *victim_kwargs.values()}
    url = reverse(route.name, kwargs=victim_kwargs or None)
    for method in route.methods:
        what = f"{method.upper()} {url} with an API key of another organization"
        if route.kwargs:
            response = call(client, method, url, body if method in BODY_METHODS else None)
        elif method == "get":
            response = call(client, "get", url, {"organization_id": str(world.victim_org.pk)})
        else:
            response = call(client, method, url, body)
        assert response.status_code in {400, 403, 404}, f"{what}: {response.status_code} {response.content[:300]!r}"
        assert_no_victim_ids(response, ids, sent, what)
        assert organization_snapshot(world.victim_org.pk) == before, f"{what} changed the victim organization's data"


# --------------------------------------------------------------------------- workspace-limited API keys


@dataclass
class KeyWorld:
    """One organization with two workspaces: ``mine``, the one an editor API key is limited to, and
    ``other``, the organization's first and default workspace (where the FACTORIES create)."""

    organization: Organization
    owner: Any
    mine: Workspace
    other: Workspace
    client: APIClient


@pytest.fixture
def key_world(make_user) -> KeyWorld:
    owner = make_user(email="keyholder@example.com")
    organization = organization_create(owner=owner, name="Two Workspaces Inc")
    put_on_plan(organization, "team")
    other = workspace_default(organization_id=organization.pk)
    mine = WorkspaceFactory(organization=organization, name="The key's", created_by=owner)
    _, secret = api_key_create(
        user=owner, organization_id=organization.pk, name="bot", role="editor", workspace_id=mine.pk
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return KeyWorld(organization=organization, owner=owner, mine=mine, other=other, client=client)


@contextmanager
def factories_create_in(workspace) -> Iterator[None]:
    """The FACTORIES create in the organization's default (or first) workspace: for a while,
    ``workspace`` is both, so the key's own objects are made in the key's workspace."""
    workspaces = Workspace.objects.filter(organization_id=workspace.organization_id)
    saved = list(workspaces.values_list("pk", "is_default", "created_at"))
    workspaces.update(is_default=False)
    first = min(created_at for _, _, created_at in saved)
    Workspace.objects.filter(pk=workspace.pk).update(is_default=True, created_at=first - timedelta(seconds=1))
    try:
        yield
    finally:
        workspaces.update(is_default=False)
        for pk, is_default, created_at in saved:
            Workspace.objects.filter(pk=pk).update(is_default=is_default, created_at=created_at)


def outside_snapshot(world: KeyWorld) -> dict:
    """Every row of the workspaces the key is not limited to, and every row reaching them."""
    others = Workspace.objects.filter(organization=world.organization).exclude(pk=world.mine.pk)
    return rows_reachable({Workspace: set(others.values_list("pk", flat=True))})


@dataclass
class KeyProbe:
    """The key's requests on one route, and what must hold after each: nothing of the other
    workspaces changed since ``before``, no id of theirs (``ids``) in the answer that was not sent."""

    route: Route
    world: KeyWorld
    ids: set[str]
    before: dict
    body: dict[str, Any]  # the organization's id, another workspace's id
    missing_body: dict[str, Any]  # the organization's id, a never-existing workspace id

    @property
    def other(self) -> str:
        return str(self.world.other.pk)

    def call(self, method: str, url: str, body: dict[str, Any] | None = None):
        return call(self.world.client, method, url, body)

    def harmless(self, response, what: str, sent: set[str]) -> None:
        assert response.status_code != 500, f"{what}: {response.status_code} {response.content[:300]!r}"
        assert_no_victim_ids(response, self.ids, sent, what)
        assert outside_snapshot(self.world) == self.before, f"{what} changed another workspace's data"

    def same_as_missing(self, response, missing, what: str) -> None:
        assert response.status_code in {400, 403, 404}, f"{what}: {response.status_code} {response.content[:300]!r}"
        assert _error(response) == _error(missing), (
            f"{what}: answers {_error(response)}, a never-existing id {_error(missing)} (existence leak)"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name], ids=lambda r: r.name)
def test_isolation_route_with_a_workspace_limited_key(route: Route, key_world: KeyWorld):
    """The same walk with an editor API key limited to one workspace of its organization, against
    the objects of the organization's other workspaces (docs/api-keys.md):

    * a route naming an object of another workspace answers exactly like a never-existing id (404,
      or the 403 of a route keys may not call, or a 400 validated before the lookup);
    * the key's own object (in its workspace) with the other workspace's id in the body: never a
      crash, nothing of the other workspaces changes (a move into it, for one);
    * a list shows nothing of the other workspaces, and ``?workspace_id=<other>`` answers like a
      never-existing workspace (404 wherever the list takes the filter);
    * a write without kwargs naming the other workspace is refused like a never-existing one.

    Objects of the organization itself (its detail, members, keys) are no workspace's: for them,
    only "no crash, nothing of the other workspaces changes or leaks" is asserted."""
    world = key_world
    factory = registry().factories.get(route.name)
    if factory is None:
        pytest.skip(f"exempt: {exempt_reason(route)}")
    victim_kwargs = {k: str(v) for k, v in factory(world.organization, world.owner).items()}
    own_kwargs = {}
    if route.kwargs:
        with factories_create_in(world.mine):
            own_kwargs = {k: str(v) for k, v in factory(world.organization, world.owner).items()}
    before = outside_snapshot(world)
    probe = KeyProbe(
        route=route,
        world=world,
        ids={i.lower() for i in victim_ids(before)},
        before=before,
        body=probe_body(world.organization.pk, world.other.pk),
        missing_body=probe_body(world.organization.pk, uuid.uuid4()),
    )
    if route.kwargs:
        _key_probe_objects(probe, victim_kwargs, own_kwargs)
        return
    url = reverse(route.name)
    for method in route.methods:
        if method == "get":
            _key_probe_list(probe, url)
        else:
            what = f"{method.upper()} {url} (another workspace's workspace_id in the body)"
            response = probe.call(method, url, probe.body)
            probe.same_as_missing(response, probe.call(method, url, probe.missing_body), what)
            probe.harmless(response, what, {probe.other})


def _key_probe_objects(probe: KeyProbe, victim_kwargs: dict[str, str], own_kwargs: dict[str, str]) -> None:
    """Another workspace's object by every method (like a never-existing one when it is a
    workspace's); the key's own object with the other workspace's id in the body."""
    url = reverse(probe.route.name, kwargs=victim_kwargs)
    missing_url = reverse(probe.route.name, kwargs=_fake_kwargs(victim_kwargs))
    in_other_workspace = any(v.lower() in probe.ids for v in victim_kwargs.values())
    for method in probe.route.methods:
        what = f"{method.upper()} {url} (another workspace's object)"
        body = probe.body if method in BODY_METHODS else None
        response = probe.call(method, url, body)
        if in_other_workspace:
            probe.same_as_missing(response, probe.call(method, missing_url, body), what)
        probe.harmless(response, what, {probe.other, *victim_kwargs.values()})
    own_url = reverse(probe.route.name, kwargs=own_kwargs)
    for method in (m for m in probe.route.methods if m in BODY_METHODS):
        what = f"{method.upper()} {own_url} (the key's own object, another workspace's id in the body)"
        probe.harmless(probe.call(method, own_url, probe.body), what, {probe.other})


def _key_probe_list(probe: KeyProbe, url: str) -> None:
    """The organization's list shows nothing of the other workspaces; filtered on one of them, it
    answers like a never-existing workspace wherever the filter is refused at all."""
    query = {"organization_id": str(probe.world.organization.pk)}
    probe.harmless(probe.call("get", url, query), f"GET {url}?organization_id=<its own>", set())
    what = f"GET {url}?workspace_id=<another workspace>"
    response = probe.call("get", url, {**query, "workspace_id": probe.other})
    missing = probe.call("get", url, {**query, "workspace_id": str(uuid.uuid4())})
    if {response.status_code, missing.status_code} & {400, 403, 404}:
        probe.same_as_missing(response, missing, what)
    probe.harmless(response, what, {probe.other})
