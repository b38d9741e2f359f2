"""Django admin for users: the pages load for a superuser, and adding a user works."""

import pytest
from django.test import Client

from apps.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(db):
    admin = User.objects.create_superuser(email="root@example.com", password="correct-horse-battery-9")
    client = Client()
    client.force_login(admin)
    return client


def test_admin_user_changelist_loads_and_searches(admin_client_, user):
    response = admin_client_.get("/admin/users/user/", {"q": "alice"})

    assert response.status_code == 200
    assert b"alice@example.com" in response.content


def test_admin_user_add_page_loads(admin_client_):
    assert admin_client_.get("/admin/users/user/add/").status_code == 200


def test_admin_user_change_page_loads(admin_client_, user):
    response = admin_client_.get(f"/admin/users/user/{user.pk}/change/")

    assert response.status_code == 200
    assert b"alice@example.com" in response.content


def test_admin_user_add_creates_a_lowercased_user(admin_client_):
    response = admin_client_.post(
        "/admin/users/user/add/",
        {
            "email": "New.Person@Example.com",
            "password1": "correct-horse-battery-9",
            "password2": "correct-horse-battery-9",
        },
    )

    assert response.status_code == 302, response.content[:2000]
    assert User.objects.get(email="new.person@example.com").check_password("correct-horse-battery-9")


def test_admin_user_add_refuses_an_email_taken_in_another_case(admin_client_, user):
    response = admin_client_.post(
        "/admin/users/user/add/",
        {"email": "ALICE@example.com", "password1": "correct-horse-battery-9", "password2": "correct-horse-battery-9"},
    )

    assert response.status_code == 200  # the form again, with an error; no IntegrityError page
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1


def test_admin_refuses_a_non_staff_user(user):
    client = Client()
    client.force_login(user)

    response = client.get("/admin/users/user/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_login_keeps_csrf_protection(user):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "alice@example.com", "password": "correct-horse-battery-9"})

    assert response.status_code == 403  # CSRF failure: the admin is cookie-based, unlike the API
    assert "_auth_user_id" not in client.session
