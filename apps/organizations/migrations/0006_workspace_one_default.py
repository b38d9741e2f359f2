"""One default workspace per organization, held by the database (a partial unique index). Rows that
would break it (none are written by the services, which set the default only on an organization's
first workspace and on the successor of a deleted default) keep their oldest default."""

from django.db import migrations, models


def keep_the_oldest_default(apps, schema_editor) -> None:
    Workspace = apps.get_model("organizations", "Workspace")
    seen = set()
    extra = []
    for workspace_id, organization_id in (
        Workspace.objects.filter(is_default=True)
        .order_by("organization_id", "created_at", "pk")
        .values_list("pk", "organization_id")
    ):
        if organization_id in seen:
            extra.append(workspace_id)
        seen.add(organization_id)
    if extra:
        Workspace.objects.filter(pk__in=extra).update(is_default=False)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0005_api_keys"),
    ]

    operations = [
        migrations.RunPython(keep_the_oldest_default, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="workspace",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_default", True)), fields=("organization",), name="workspace_one_default_per_org"
            ),
        ),
    ]
