"""Organizations: multi-tenancy, workspaces, roles and invitations."""

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "apps.organizations"
    label = "organizations"
