"""Every route under /api/v1/, enumerated from the URLconf: the route-walking suites (tenant isolation,
the permission table) cover a route added later by any app automatically."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "api/v1/"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"
    pattern: str  # "api/v1/organizations/<uuid:id>/"
    callback: Callable
    methods: tuple[str, ...]
    kwargs: tuple[str, ...]

    @property
    def app_path(self) -> str:
        """Where the view lives, e.g. "apps/content" (for error messages)."""
        view = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None) or self.callback
        parts = view.__module__.split(".")
        return "/".join(parts[:2]) if parts[0] == "apps" else view.__module__

    @property
    def namespace(self) -> str:
        return (self.name or "").rpartition(":")[0]


def _pattern_kwargs(pattern: Any) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def _view_methods(callback: Callable) -> tuple[str, ...]:
    actions = getattr(callback, "actions", None)  # DRF viewsets behind a router
    if actions:
        return tuple(m for m in METHODS if m in actions)
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view is None:  # a plain function view: try every method
        return METHODS
    return tuple(m for m in METHODS if hasattr(view, m))


def api_routes(
    resolver: URLResolver, prefix: str = "", namespaces: tuple[str, ...] = (), kwargs: tuple[str, ...] = ()
) -> Iterator[Route]:
    """Every URL pattern under /api/v1/, with its full name, methods and path kwargs."""
    for entry in resolver.url_patterns:
        piece = str(entry.pattern).lstrip("^").rstrip("$")
        full = prefix + piece
        if isinstance(entry, URLResolver):
            if not (full.startswith(API_PREFIX) or API_PREFIX.startswith(full)):
                continue
            spaces = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from api_routes(entry, full, spaces, kwargs + _pattern_kwargs(entry.pattern))
        elif isinstance(entry, URLPattern) and full.startswith(API_PREFIX):
            name = ":".join((*namespaces, entry.name)) if entry.name else None
            yield Route(
                name=name,
                pattern=full,
                callback=entry.callback,
                methods=_view_methods(entry.callback),
                kwargs=kwargs + _pattern_kwargs(entry.pattern),
            )


ROUTES = sorted(api_routes(get_resolver()), key=lambda r: (r.name or "", r.pattern))
