"""OpenAPI: our JWTAuthentication is documented as simplejwt's bearer scheme."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class CaaSJWTScheme(SimpleJWTScheme):
    target_class = "apps.users.authentication.JWTAuthentication"
