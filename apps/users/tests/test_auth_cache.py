"""The authentication cache (apps.users.auth_cache): no user query on repeated requests, yet every
change of the user is seen by the very next request, and the password hash never leaves the database."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.users.auth_cache import user_cache_forget, user_cache_get
from apps.users.models import User
from tests.support.clients import client_for

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


def test_auth_cache_never_holds_the_password_and_a_patch_keeps_it(user, api_client):
    client = client_for(user)
    assert client.get(PROFILE).status_code == 200
    cached = cache.get(f"auth-user:{user.pk}")
    assert isinstance(cached, tuple)
    assert user.password not in cached
    assert not any(isinstance(value, str) and value.startswith(("pbkdf2", "md5", "argon2")) for value in cached)

    # The cached instance has the password deferred: saving it (profile PATCH) must not blank it.
    assert client.patch(PROFILE, {"last_name": "Liddell"}, format="json").status_code == 200

    login = api_client.post(LOGIN, {"email": "alice@example.com", "password": PASSWORD}, format="json")
    assert login.status_code == 200
    assert User.objects.get(pk=user.pk).last_name == "Liddell"


def test_auth_cache_read_during_a_change_is_not_stored(user):
    """A request that read the row just before a change cannot put the old row back in the cache."""
    user_cache_forget(user_id=user.pk)  # what any change of the user does

    with CaptureQueriesContext(connection) as queries:
        first = user_cache_get(model=User, user_id=user.pk)
        second = user_cache_get(model=User, user_id=user.pk)

    assert first.pk == second.pk == user.pk
    assert len(_user_queries(queries)) == 2  # both read the database: nothing was cached meanwhile
    assert not isinstance(cache.get(f"auth-user:{user.pk}"), tuple)


def test_auth_cache_miss_reads_the_database_once_then_caches(user):
    client = client_for(user)
    client.get(PROFILE)
    cache.delete(f"auth-user:{user.pk}")

    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROFILE).status_code == 200

    assert len(_user_queries(queries)) == 1
    assert isinstance(cache.get(f"auth-user:{user.pk}"), tuple)
