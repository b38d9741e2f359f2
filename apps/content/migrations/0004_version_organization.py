"""ContentVersion.organization and .workspace: the content's, copied onto each version (filled here;
made NOT NULL and indexed by 0005, in its own transaction: PostgreSQL refuses ALTER TABLE with the
backfill's deferred foreign-key checks pending)."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    ContentVersion = apps.get_model("content", "ContentVersion")
    Content = apps.get_model("content", "Content")
    content = Content.objects.filter(pk=models.OuterRef("content_id"))
    ContentVersion.objects.using(schema_editor.connection.alias).filter(organization__isnull=True).update(
        organization_id=models.Subquery(content.values("organization_id")[:1]),
        workspace_id=models.Subquery(content.values("workspace_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_review_and_lifecycle"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentversion",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organizations.organization",
            ),
        ),
        migrations.AddField(
            model_name="contentversion",
            name="workspace",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.workspace",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
