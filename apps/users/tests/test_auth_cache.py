"""The authentication cache (apps.users.auth_cache): no user query on repeated requests, yet every
change of the user is seen by the very next request — in this process or another — and the password
hash never leaves the database."""

import os
import threading

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.users.auth_cache import cached_fields, user_cache, user_cache_get
from apps.users.models import User
from tests.support.clients import client_for
from tests.support.concurrency import run_in_other_process

pytestmark = pytest.mark.django_db

PROFILE = "/api/v1/auth/profile/"
LOGIN = "/api/v1/auth/login/"
PASSWORD = "correct-horse-battery-9"


def _user_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"users_user"' in q["sql"]]


def test_auth_cache_repeated_request_runs_no_user_query(user):
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200

    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROFILE)

    assert response.status_code == 200
    assert response.json()["email"] == "alice@example.com"
    assert _user_queries(queries) == []


def test_auth_cache_deactivation_by_save_is_refused_on_the_next_request(user):
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200

    user.is_active = False
    user.save()

    response = client.get(PROFILE)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_auth_cache_deactivation_by_queryset_update_is_refused_on_the_next_request(user):
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200

    User.objects.filter(email="alice@example.com").update(is_active=False)

    assert client.get(PROFILE).status_code == 401


def test_auth_cache_queryset_delete_is_refused_on_the_next_request(user):
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200

    User.objects.filter(pk=user.pk).delete()

    assert client.get(PROFILE).status_code == 401


def test_auth_cache_profile_change_is_seen_on_the_next_request(user):
    client = client_for(user)
    assert client.get(PROFILE).json()["first_name"] == "Alice"

    User.objects.filter(pk=user.pk).update(first_name="Alicia")

    assert client.get(PROFILE).json()["first_name"] == "Alicia"


def _cached_row(user) -> tuple | None:
    """The values the cache holds for the user (the entry is ``(stamp, values)``), if any."""
    entry = cache.get(user_cache.key(user.pk))
    return entry[1] if isinstance(entry, tuple) else None


def test_auth_cache_never_holds_the_password_and_a_patch_keeps_it(user, api_client):
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200
    cached = _cached_row(user)
    assert isinstance(cached, tuple) and len(cached) == len(cached_fields(User))
    assert user.password not in cached
    assert not any(isinstance(value, str) and value.startswith(("pbkdf2", "md5", "argon2")) for value in cached)

    # The cached instance has the password deferred: saving it (profile PATCH) must not blank it.
    assert client.patch(PROFILE, {"last_name": "Liddell"}, format="json").status_code == 200

    login = api_client.post(LOGIN, {"email": "alice@example.com", "password": PASSWORD}, format="json")
    assert login.status_code == 200
    assert User.objects.get(pk=user.pk).last_name == "Liddell"


def test_auth_cache_row_read_before_a_change_is_not_used_after_it(user):
    """A request that read the row just before a change cannot put the old row back in the cache:
    what it stores carries the version from before the change."""
    fields = cached_fields(User)

    def read_then_changed_elsewhere() -> tuple:
        row = tuple(User.objects.filter(pk=user.pk).values_list(*fields).get())
        User.objects.filter(pk=user.pk).update(is_active=False)  # committed while the reader holds the old row
        return row

    assert user_cache.get(user.pk, read_then_changed_elsewhere, shape=",".join(fields))[fields.index("is_active")]

    with CaptureQueriesContext(connection) as queries:
        assert user_cache_get(model=User, user_id=user.pk).is_active is False
    assert len(_user_queries(queries)) == 1  # the stored old row did not match


@pytest.mark.postgres  # SQLite's shared in-memory test database locks the table instead of hiding the row
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_auth_cache_row_read_while_a_deactivation_commits_is_not_used_after(user):
    """Another process (here a thread, with its own connection) authenticates while a deactivation is
    not committed yet: it still sees the active user and caches that. The commit must void it."""
    seen = []

    def authenticate_elsewhere() -> None:
        try:
            seen.append(user_cache_get(model=User, user_id=user.pk).is_active)
        finally:
            connection.close()

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        reader = threading.Thread(target=authenticate_elsewhere)
        reader.start()
        reader.join()
    assert seen == [True]  # the uncommitted change was invisible to it
    assert user_cache_get(model=User, user_id=user.pk).is_active is False


def test_auth_cache_miss_reads_the_database_once_then_caches(user):
    client = client_for(user)
    client.get(PROFILE)
    cache.delete(user_cache.key(user.pk))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROFILE).status_code == 200

    assert len(_user_queries(queries)) == 1
    assert isinstance(_cached_row(user), tuple)


REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not REDIS_URL, reason="needs PostgreSQL and Redis (REDIS_URL): the cache is shared")
def test_auth_cache_user_deactivated_by_another_process_is_refused_on_the_next_request(user):
    assert "redis" in django_settings.CACHES["default"]["BACKEND"].lower()
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200  # cached in Redis

    run_in_other_process(
        "from apps.users.models import User\n"
        f"user = User.objects.get(pk='{user.pk}')\n"
        "user.is_active = False\n"
        "user.save(update_fields=['is_active'])\n"
    )

    assert client.get(PROFILE).status_code == 401
