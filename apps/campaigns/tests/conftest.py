"""The content tests' fixtures (fake AI server, organization with a quota) for the campaign tests."""

from tests.support.usage import org, owner  # noqa: F401
