"""ContentVersion.organization and .workspace NOT NULL, and the (organization, created_at) index the analytics read
through (docs/analytics.md, "Volume")."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_version_organization"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contentversion",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organizations.organization",
            ),
        ),
        migrations.AlterField(
            model_name="contentversion",
            name="workspace",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.workspace",
            ),
        ),
        migrations.AddIndex(
            model_name="contentversion",
            index=models.Index(
                fields=["organization", "created_at"],
                include=[
                    "source",
                    "provider",
                    "model",
                    "total_tokens",
                    "latency_ms",
                    "created_by",
                    "content",
                    "workspace",
                ],
                name="content_version_org_created",
            ),
        ),
    ]
