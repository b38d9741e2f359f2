"""Users: custom user model (UUID id, email login) and JWT authentication."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "users"

    def ready(self) -> None:
        from apps.users import (
            hooks,
            schema,  # noqa: F401 - registers the OpenAPI auth extension
        )

        hooks.install()
