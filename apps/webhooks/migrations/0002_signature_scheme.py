"""Endpoints that exist keep the legacy signature (their receivers verify it); new ones are Standard Webhooks."""

from django.db import migrations, models

CHOICES = [("standard", "Standard Webhooks"), ("legacy", "Legacy (t=…,v1=hex)")]


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
    ]

    operations = [
        # Every existing row gets "legacy"; the default for rows created afterwards is "standard".
        migrations.AddField(
            model_name="webhookendpoint",
            name="signature_scheme",
            field=models.CharField(choices=CHOICES, default="legacy", max_length=10),
        ),
        migrations.AlterField(
            model_name="webhookendpoint",
            name="signature_scheme",
            field=models.CharField(choices=CHOICES, default="standard", max_length=10),
        ),
    ]
