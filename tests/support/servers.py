"""The environment of a server a test starts in its own process (gunicorn, uvicorn)."""

import os
from collections.abc import Iterable

# The test run's own: the server gets the database and cache the test names, and none of pytest's
# or gunicorn's variables of this process.
_NOT_INHERITED = frozenset({"DATABASE_URL", "REDIS_URL"})
_NOT_INHERITED_PREFIXES = ("PYTEST", "GUNICORN_")


def server_environ(*, also_without: Iterable[str] = ()) -> dict[str, str]:
    """This process's environment less the test run's database, cache, pytest and gunicorn variables
    (and ``also_without``): the caller adds the server's own."""
    left_out = _NOT_INHERITED | set(also_without)
    return {
        key: value
        for key, value in os.environ.items()
        if key not in left_out and not key.startswith(_NOT_INHERITED_PREFIXES)
    }
