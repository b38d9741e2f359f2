"""OpenAPI: API keys are a second bearer scheme (``Authorization: Bearer caas_live_…``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "apps.organizations.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "caas_live_…",
            "description": (
                "An organization's API key (docs/api-keys.md). Accepted on organization, content, scheduling, "
                "analytics and CSV endpoints; account endpoints answer 403 api_key_not_allowed."
            ),
        }
