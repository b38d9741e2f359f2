"""The content tests' fixtures (fake AI server, organization with a quota) for the campaign tests."""

from apps.content.tests.conftest import ai_settings, fake_ai, openai_on, org, owner  # noqa: F401
