"""Audit entries: append-only (a PostgreSQL trigger refuses UPDATE and DELETE, the retention purge excepted).

No foreign keys on purpose: an entry must outlive what it names (a deleted organization, a removed
member, a deleted user) and nothing may cascade into it or null it (that would be an UPDATE). The
actor's label (an email, an API key's prefix) is a snapshot taken when the action happened.
"""

import uuid

from django.db import models
from django.utils import timezone


class ActorType(models.TextChoices):
    USER = "user", "User"
    API_KEY = "api_key", "API key"
    SYSTEM = "system", "System"
    ANONYMOUS = "anonymous", "Anonymous"  # a client that did not authenticate (a failed sign-in)


class AuditEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The domain event this entry records (an account event is recorded once per organization of the user).
    event_id = models.UUIDField(db_index=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    organization_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=64)
    actor_type = models.CharField(max_length=16, choices=ActorType.choices)
    actor_user_id = models.UUIDField(null=True, blank=True)
    actor_api_key_id = models.UUIDField(null=True, blank=True)
    actor_label = models.CharField(max_length=254, blank=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=128, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "audit entries"
        constraints = [
            models.CheckConstraint(condition=models.Q(actor_type__in=ActorType.values), name="audit_actor_type_valid"),
        ]
        indexes = [
            models.Index(fields=["organization_id", "-occurred_at"], name="audit_org_time_idx"),
            models.Index(fields=["organization_id", "action", "-occurred_at"], name="audit_org_action_idx"),
            models.Index(fields=["organization_id", "actor_user_id", "-occurred_at"], name="audit_org_actor_idx"),
            models.Index(fields=["organization_id", "target_type", "target_id"], name="audit_org_target_idx"),
            models.Index(fields=["occurred_at"], name="audit_time_idx"),  # the retention purge
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_label or self.actor_type} {self.action}"
