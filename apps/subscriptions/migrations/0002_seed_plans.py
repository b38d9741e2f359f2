"""Data migration: the seed's plans (free, pro, team) exist after `migrate`."""

from django.db import migrations

from apps.subscriptions.plans_data import PLANS


def create_plans(apps, schema_editor):
    Plan = apps.get_model("subscriptions", "Plan")
    # PLANS is today's data; a limit added by a later migration is set by that migration.
    fields = {field.name for field in Plan._meta.get_fields()}
    for data in PLANS:
        defaults = {k: v for k, v in data.items() if k != "slug" and k in fields}
        Plan.objects.update_or_create(slug=data["slug"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("subscriptions", "0001_initial")]

    operations = [migrations.RunPython(create_plans, migrations.RunPython.noop)]
