"""Brand voice (GET/PUT, revisions) and prompt templates (CRUD) over HTTP: roles, bounds, 404s."""

import pytest

from apps.brand.models import BrandVoiceRevision, PromptTemplate
from apps.organizations.models import OrganizationMember, Role
from apps.organizations.selectors import workspace_default
from tests.factories import MembershipFactory
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db

VOICE = {
    "description": "Plain, warm, no hype.",
    "rules": ["Short sentences."],
    "banned_phrases": ["synergy", "game changer"],
    "required_hashtags": ["acme", "#Launch"],
    "example_posts": ["We shipped it. It works."],
}


@pytest.fixture
def org(owner):
    return OrganizationMember.objects.get(user=owner).organization


@pytest.fixture
def workspace(org):
    return workspace_default(organization_id=org.pk)


def voice_url(workspace) -> str:
    return f"/api/v1/brand/workspaces/{workspace.pk}/voice/"


def member(org, role):
    return MembershipFactory(organization=org, role=role).user


def test_brand_voice_is_empty_revision_0_until_set(owner, workspace):
    response = client_for(owner).get(voice_url(workspace))

    assert response.status_code == 200
    assert response.json()["revision"] == 0 and response.json()["banned_phrases"] == []


def test_brand_voice_put_creates_a_revision_per_change_and_none_for_the_same_content(owner, workspace):
    client = client_for(owner)

    first = client.put(voice_url(workspace), VOICE, format="json")
    same = client.put(voice_url(workspace), VOICE, format="json")
    changed = client.put(voice_url(workspace), {**VOICE, "description": "Calmer."}, format="json")

    assert first.status_code == 200, first.json()
    assert first.json()["revision"] == 1 and same.json()["revision"] == 1 and changed.json()["revision"] == 2
    assert first.json()["required_hashtags"] == ["#acme", "#Launch"]  # '#' added
    revisions = client.get(voice_url(workspace) + "revisions/").json()
    assert [r["revision"] for r in revisions["results"]] == [2, 1]
    assert revisions["results"][1]["description"] == "Plain, warm, no hype."
    assert BrandVoiceRevision.objects.count() == 2


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_brand_voice_put_is_refused_below_admin_but_readable(org, workspace, role):
    client = client_for(member(org, role))

    put = client.put(voice_url(workspace), VOICE, format="json")
    get = client.get(voice_url(workspace))

    assert put.status_code == 403 and put.json()["error"]["code"] == "permission_denied"
    assert get.status_code == 200
    assert BrandVoiceRevision.objects.count() == 0


def test_brand_voice_put_by_an_admin_is_accepted(org, workspace):
    response = client_for(member(org, Role.ADMIN)).put(voice_url(workspace), VOICE, format="json")
    assert response.status_code == 200 and response.json()["revision"] == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"required_hashtags": ["#ok", "not a tag"]}, "required_hashtags"),
        ({"required_hashtags": [f"#t{i}" for i in range(11)]}, "required_hashtags"),
        ({"banned_phrases": ["x" * 101]}, "banned_phrases"),
        ({"example_posts": ["  "]}, "example_posts"),
        ({"description": "d" * 2001}, "description"),
        ({"rules": "not a list"}, "rules"),
    ],
)
def test_brand_voice_put_refuses_out_of_bounds_input_and_changes_nothing(owner, workspace, change, field):
    response = client_for(owner).put(voice_url(workspace), {**VOICE, **change}, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["details"]
    assert BrandVoiceRevision.objects.count() == 0


def test_brand_voice_of_a_foreign_workspace_is_not_found(owner, make_user):
    stranger = make_user(email="stranger@example.com")
    foreign = workspace_default(organization_id=OrganizationMember.objects.get(user=stranger).organization_id)

    assert client_for(owner).get(voice_url(foreign)).status_code == 404
    assert client_for(owner).put(voice_url(foreign), VOICE, format="json").status_code == 404


# --------------------------------------------------------------------------- templates
TEMPLATES = "/api/v1/brand/templates/"


def test_template_create_derives_its_variables_and_lists_it(owner, org, workspace):
    client = client_for(owner)

    created = client.post(
        TEMPLATES,
        {"organization_id": str(org.pk), "name": "Launch", "body": "Announce {product}, out {date}. {product}!"},
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert created.json()["variables"] == ["product", "date"]
    assert created.json()["workspace_id"] == str(workspace.pk)
    listed = client.get(TEMPLATES, {"organization_id": str(org.pk), "q": "laun"}).json()
    assert [t["id"] for t in listed["results"]] == [created.json()["id"]]


def test_template_name_is_unique_per_workspace(owner, org):
    client = client_for(owner)
    body = {"organization_id": str(org.pk), "name": "Launch", "body": "About {product}"}

    client.post(TEMPLATES, body, format="json")
    again = client.post(TEMPLATES, body, format="json")

    assert again.status_code == 409 and again.json()["error"]["code"] == "template_name_taken"
    assert PromptTemplate.objects.count() == 1


def test_template_update_and_delete_by_an_editor_but_not_a_viewer(owner, org):
    created = client_for(owner).post(
        TEMPLATES, {"organization_id": str(org.pk), "name": "T", "body": "About {product}"}, format="json"
    )
    url = f"{TEMPLATES}{created.json()['id']}/"
    viewer, editor = client_for(member(org, Role.VIEWER)), client_for(member(org, Role.EDITOR))

    assert viewer.patch(url, {"body": "x"}, format="json").status_code == 403
    assert viewer.delete(url).status_code == 403
    assert viewer.get(url).status_code == 200
    updated = editor.patch(url, {"body": "About {thing} on {day}"}, format="json")
    assert updated.status_code == 200 and updated.json()["variables"] == ["thing", "day"]
    assert editor.delete(url).status_code == 204
    assert not PromptTemplate.objects.exists()


def test_template_with_too_many_variables_is_refused(owner, org):
    body = " ".join(f"{{v{i}}}" for i in range(21))
    response = client_for(owner).post(
        TEMPLATES, {"organization_id": str(org.pk), "name": "T", "body": body}, format="json"
    )
    assert response.status_code == 400 and "body" in response.json()["error"]["details"]


def test_template_of_another_organization_is_not_found(owner, make_user):
    stranger = make_user(email="stranger@example.com")
    theirs = client_for(stranger).post(TEMPLATES, {"name": "T", "body": "About {product}"}, format="json").json()

    client = client_for(owner)
    assert client.get(f"{TEMPLATES}{theirs['id']}/").status_code == 404
    assert client.delete(f"{TEMPLATES}{theirs['id']}/").status_code == 404
    assert PromptTemplate.objects.filter(pk=theirs["id"]).exists()


def test_template_list_query_count_does_not_grow_with_templates(owner, org, django_assert_max_num_queries):
    client = client_for(owner)
    for i in range(5):
        client.post(TEMPLATES, {"organization_id": str(org.pk), "name": f"T{i}", "body": "About {x}"}, format="json")

    with django_assert_max_num_queries(8):
        response = client.get(TEMPLATES, {"organization_id": str(org.pk)})

    assert response.json()["count"] == 5


def test_template_list_with_a_url_past_the_limit_is_414_in_the_error_shape(owner, org):
    response = client_for(owner).get(TEMPLATES, {"organization_id": str(org.pk), "page_size": "9" * 4100})
    assert response.status_code == 414 and response.json()["error"]["code"] == "uri_too_long"
