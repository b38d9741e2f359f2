"""The admin lists contents (filters, search) and shows their versions inline, read-only."""

import pytest

from apps.content.models import Content
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def test_content_admin_changelist_search_filter_and_inline(owner, org, ai_settings, client, django_user_model):
    client_for(owner).post(
        "/api/v1/content/generate/",
        {"platform": "twitter", "tone": "casual", "prompt": "Searchable launch", "organization_id": str(org.pk)},
        format="json",
    )
    admin = django_user_model.objects.create_superuser(email="admin@example.com", password="x-Strong-pass-123")
    client.force_login(admin)
    content = Content.objects.get()

    assert client.get("/admin/content/content/?q=Searchable").status_code == 200
    assert client.get("/admin/content/content/?versions__provider=offline&platform=twitter").status_code == 200
    page = client.get(f"/admin/content/content/{content.pk}/change/")
    assert page.status_code == 200 and b"offline-template-v1" in page.content
    assert client.get("/admin/content/contentversion/add/").status_code == 403
