"""The import graph of the production code under apps/: no cycle between modules at all.

``lint-imports`` (.importlinter) checks the layers between apps; its cycle contract leaves the HTTP
edge out, because views may compose apps. This test is stricter: any cycle between two production
modules (tests and migrations excepted), imports inside functions included, fails."""

import grimp


def _production_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("apps", cache_dir=None)
    production = {m for m in graph.modules if not {"tests", "migrations"} & set(m.split("."))}
    return {m: graph.find_modules_directly_imported_by(m) & production for m in production}


def _reachable(adjacency: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or not (``start`` itself only through a cycle)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for child in adjacency.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _cycles(adjacency: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module: modules that import each other,
    directly or not. Quadratic, which a few hundred modules afford."""
    reach = {module: _reachable(adjacency, module) for module in adjacency}
    components = {
        tuple(sorted({module} | {other for other in reach[module] if module in reach.get(other, ())}))
        for module in adjacency
        if module in reach[module]
    }
    return sorted(list(component) for component in components if len(component) > 1)


def test_cycles_finds_a_cycle_and_ignores_a_chain():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c", "a"}, "e": {"e"}}) == [["a", "b"], ["c", "d"]]


def test_no_import_cycle_between_production_modules():
    assert _cycles(_production_graph()) == []
