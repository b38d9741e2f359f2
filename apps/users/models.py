"""The custom user: UUID id, email as login, unique case-insensitively in the database."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from apps.common.versioned_cache import ForgetsOwnerModel, ForgetsOwnerQuerySet
from apps.users.auth_cache import user_cache


def normalize_email(email: str) -> str:
    """Emails are compared and stored lower-cased (the whole address, not only the domain)."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager.from_queryset(ForgetsOwnerQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email=normalize_email(username))

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        # Field validation only: uniqueness is decided by the database (IntegrityError), never by a
        # pre-check query that a concurrent registration can slip past.
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(ForgetsOwnerModel, AbstractBaseUser, PermissionsMixin):
    # Every write voids the authentication copy of the user (apps.users.auth_cache): save(), delete()
    # and the QuerySet's update(), delete() and bulk_create() (e.g. ``update(is_active=False)``).
    owner_cache, owner_field = user_cache, "id"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(max_length=254, unique=True)  # stored lower-cased
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the user proves they receive mail at ``email``; a new email clears it.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # Access and refresh tokens issued before this second are refused (password change or reset).
    password_changed_at = models.DateTimeField(null=True, blank=True)
    # A machine user stands for one API key (apps.organizations.api_keys): it never signs in with a
    # password or a JWT, is never a seat, and is a member of its key's organization only.
    is_machine = models.BooleanField(default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["date_joined"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="users_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args: object, **kwargs: object) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
