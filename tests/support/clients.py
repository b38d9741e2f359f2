"""API clients for tests: one authenticated as a given user with a fresh access token."""

from rest_framework.test import APIClient

from apps.users.tokens import token_pair_for_user


def client_for(user) -> APIClient:
    """An ``APIClient`` sending ``user``'s access token (``Authorization: Bearer …``)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_pair_for_user(user=user)['access']}")
    return client
