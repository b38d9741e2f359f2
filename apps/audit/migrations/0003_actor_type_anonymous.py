"""The actor type ``anonymous``: a client that did not authenticate (a failed sign-in). On PostgreSQL
the constraint is replaced in place (DDL: the append-only trigger guards rows, not the table)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.RemoveConstraint(model_name="auditentry", name="audit_actor_type_valid"),
        migrations.AlterField(
            model_name="auditentry",
            name="actor_type",
            field=models.CharField(
                choices=[("user", "User"), ("api_key", "API key"), ("system", "System"), ("anonymous", "Anonymous")],
                max_length=16,
            ),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("actor_type__in", ["user", "api_key", "system", "anonymous"])),
                name="audit_actor_type_valid",
            ),
        ),
    ]
