"""The user model: emails unique case-insensitively by a database constraint, not only by code."""

import pytest
from django.db import IntegrityError, connection, transaction

from apps.users.models import User

pytestmark = pytest.mark.django_db


def test_user_email_case_variant_via_queryset_update_hits_the_db_constraint(user, make_user):
    bob = make_user(email="bob@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=bob.pk).update(email="ALICE@example.com")

    bob.refresh_from_db()
    assert bob.email == "bob@example.com"


def test_user_email_case_variant_via_bulk_create_hits_the_db_constraint(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="Alice@Example.COM", password="!")])

    assert User.objects.count() == 1


def test_user_email_case_variant_via_raw_sql_hits_the_db_constraint(user):
    table = User._meta.db_table
    columns = "id, email, password, first_name, last_name, is_active, is_staff, is_superuser, date_joined, updated_at"
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, '!', '', '', true, false, false, %s, %s)",
            ["0f0f0f0f0f0f4f0f8f0f0f0f0f0f0f0f", "ALICE@EXAMPLE.COM", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"],
        )


def test_user_save_stores_email_lowercased():
    user = User.objects.create_user(email="  MiXeD@Example.Com ", password="correct-horse-battery-9")

    user.refresh_from_db()
    assert user.email == "mixed@example.com"
    assert User.objects.get_by_natural_key("MIXED@example.com") == user


def test_user_id_is_a_uuid(user):
    assert user.pk.version == 4
