"""OpenAPI: the scheduler callback's service-token bearer scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class SchedulerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.scheduling.authentication.SchedulerTokenAuthentication"
    name = "schedulerServiceToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The shared SCHEDULER_SERVICE_TOKEN (not a user JWT).",
        }
