"""Registries: how a higher app plugs into a lower one without the lower one importing it.

A lower app that needs something of the apps above it (a clean-up job, a deletion guard, a domain
events subscriber, ...) owns a ``Registry``. Each higher app adds its entries in its own
``hooks.install()``, which its ``AppConfig.ready()`` calls; nothing else registers. One rule for
every registry:

- an entry has a **name** (the job's name, the subscriber's name, the registering app's label);
- adding a name that is already there **replaces** its entry in place (its position kept): ``ready()``
  may run twice (tests), and nothing is ever added twice;
- entries run in the order their names were first added (``INSTALLED_APPS`` order), which is right
  only where they are independent of each other. A registry whose entries depend on one another
  declares their order itself (``apps.organizations.deletion``: each app names the purges that must
  run after its own).

``registry_map()`` lists every registry with its entries, in the order they run:
``tests/test_registry_map.py`` pins it, so the wiring of the whole project is visible in one place
(docs/architecture.md has the same table in prose).
"""

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_registries: dict[str, "Registry[Any]"] = {}


class Registry(Generic[T]):
    """Named entries in the order their names were first added. ``name`` says where the registry
    lives and what it holds (e.g. ``"apps.common.housekeeping.jobs"``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, T] = {}
        _registries[name] = self

    def add(self, name: str, entry: T) -> None:
        """Add ``entry`` under ``name``, or replace the entry already there (keeping its place)."""
        self._entries[name] = entry

    def remove(self, name: str) -> None:
        """Take ``name``'s entry out (tests that add one of their own); a missing name is ignored."""
        self._entries.pop(name, None)

    def get(self, name: str) -> T | None:
        return self._entries.get(name)

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)


def dotted(fn: Callable[..., Any]) -> str:
    """``module.qualname`` of a function: who registered it, as the registry map shows it."""
    return f"{fn.__module__}.{fn.__qualname__}"


def _describe(entry: Any) -> str:
    if isinstance(entry, tuple):  # e.g. (event, subscriber)
        return " ".join(_describe(part) for part in entry)
    describe = getattr(entry, "describe", None)
    if describe is not None:
        return describe()
    return dotted(entry) if callable(entry) else str(entry)


def registry_map() -> dict[str, list[str]]:
    """``{registry: ["name: what it runs", ...]}`` for every registry, its entries in the order they
    run (a registry may order them itself: ``ordered()``)."""
    result = {}
    for name in sorted(_registries):
        registry = _registries[name]
        ordered = getattr(registry, "ordered", None)
        items = ordered() if ordered is not None else registry.items()
        result[name] = [f"{key}: {_describe(entry)}" for key, entry in items]
    return result
