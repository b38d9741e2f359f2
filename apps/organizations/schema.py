"""OpenAPI: API keys are a second bearer scheme (``Authorization: Bearer caas_live_…``)."""

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from apps.organizations.api_keys import ALLOWED_PATHS

_SAMPLE_ID = "00000000-0000-0000-0000-000000000000"


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "apps.organizations.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_requirement(self, auto_schema):  # type: ignore[no-untyped-def]
        """Only the operations that accept API keys list the scheme (account endpoints do not)."""
        path = re.sub(r"\{[^}]+\}", _SAMPLE_ID, auto_schema.path)
        if any(pattern.match(path) for pattern in ALLOWED_PATHS):
            return {self.name: []}
        return None

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "caas_live_…",
            "description": (
                "An organization's API key (docs/api-keys.md). Accepted on organization, content, scheduling, "
                "campaigns, media, channels, analytics and CSV endpoints; account endpoints answer 403 "
                "api_key_not_allowed."
            ),
        }
