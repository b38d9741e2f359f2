"""Users: custom user model (UUID id, email login) and JWT authentication."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "users"

    def ready(self) -> None:
        from apps.common.housekeeping import register_job
        from apps.users import schema  # noqa: F401 - registers the OpenAPI auth extension
        from apps.users.tasks import jwt_tokens_flush_expired

        register_job("jwt_tokens_flushed", jwt_tokens_flush_expired)
