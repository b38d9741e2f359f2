"""The publishing report's index (organization, scheduled_at) INCLUDE (status, platform,
published_at): an index-only scan instead of a visit to every page of the table that holds one of
the organization's posts (docs/analytics.md, "Volume")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0004_scheduled_post_text_hash"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="scheduledpost",
            name="scheduling__organiz_b1d2c2_idx",
        ),
        migrations.AddIndex(
            model_name="scheduledpost",
            index=models.Index(
                fields=["organization", "scheduled_at"],
                include=("status", "platform", "published_at"),
                name="scheduled_post_org_sched",
            ),
        ),
    ]
