"""Fixtures of the content tests: an organization with a quota (``owner``, ``org``:
tests/support/usage.py). The fake AI server's fixtures come from tests/fakes/ai.py, registered by
the root conftest."""

from tests.support.usage import org, owner  # noqa: F401
