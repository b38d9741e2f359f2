"""The channel routes: list (filters, API keys limited to a workspace), read, disconnect (admins),
the networks' availability; never a token in an answer."""

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from apps.channels.models import Channel, ChannelState
from apps.organizations.models import Role
from apps.organizations.selectors import workspace_default
from apps.organizations.services import api_key_create
from tests.factories import WorkspaceFactory
from tests.support.channels import connected_channel
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db


def test_channel_list_shows_the_organizations_channels_without_tokens(team):
    channel = connected_channel(team.organization, team.owner, access_token="tok-AAA", refresh_token="tok-RRR")

    response = client_for(team.user(Role.VIEWER)).get(
        reverse("channels:list"), {"organization_id": str(team.organization.pk)}
    )

    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["results"]] == [str(channel.pk)]
    assert body["results"][0]["state"] == "active"
    assert body["results"][0]["handle"] == "@victim@social.example"
    assert "tok-AAA" not in response.content.decode() and "tok-RRR" not in response.content.decode()
    assert "access_token" not in body["results"][0] and "refresh_token" not in body["results"][0]


def test_channel_list_filters_on_network_and_state(team):
    mastodon = connected_channel(team.organization, team.owner)
    x = connected_channel(team.organization, team.owner, network="x", account_id="42", handle="@acme")
    Channel.objects.filter(pk=x.pk).update(state=ChannelState.RECONNECT_REQUIRED)
    client = client_for(team.owner)
    org = str(team.organization.pk)

    by_network = client.get(reverse("channels:list"), {"organization_id": org, "network": "mastodon"}).json()
    by_state = client.get(reverse("channels:list"), {"organization_id": org, "state": "reconnect_required"}).json()
    bad = client.get(reverse("channels:list"), {"organization_id": org, "network": "myspace"})

    assert [r["id"] for r in by_network["results"]] == [str(mastodon.pk)]
    assert [r["id"] for r in by_state["results"]] == [str(x.pk)]
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "validation_error"


def test_channel_list_with_a_workspace_limited_key_sees_only_that_workspace(team):
    other = WorkspaceFactory(organization=team.organization)
    mine = connected_channel(team.organization, team.owner)
    connected_channel(team.organization, team.owner, workspace=other, account_id="2002")
    _, raw = api_key_create(
        user=team.owner,
        organization_id=team.organization.pk,
        name="ci",
        role=Role.EDITOR,
        workspace_id=workspace_default(organization_id=team.organization.pk).pk,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    listed = client.get(reverse("channels:list")).json()
    other_read = client.get(reverse("channels:detail", kwargs={"channel_id": Channel.objects.get(workspace=other).pk}))

    assert [r["id"] for r in listed["results"]] == [str(mine.pk)]
    assert other_read.status_code == 404 and other_read.json()["error"]["code"] == "channel_not_found"


def test_channel_detail_answers_404_to_a_non_member(team, make_user):
    channel = connected_channel(team.organization, team.owner)
    stranger = make_user(email="stranger@example.com")

    response = client_for(stranger).get(reverse("channels:detail", kwargs={"channel_id": channel.pk}))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "channel_not_found"


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_channel_disconnect_refuses_below_admin(team, role):
    channel = connected_channel(team.organization, team.owner)

    response = client_for(team.user(role)).post(reverse("channels:disconnect", kwargs={"channel_id": channel.pk}))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    channel.refresh_from_db()
    assert channel.state == ChannelState.ACTIVE and channel.access_token


def test_channel_disconnect_forgets_the_tokens(team):
    channel = connected_channel(team.organization, team.owner)

    response = client_for(team.user(Role.ADMIN)).post(reverse("channels:disconnect", kwargs={"channel_id": channel.pk}))

    assert response.status_code == 200
    assert response.json()["state"] == "disconnected"
    channel.refresh_from_db()
    assert (channel.state, channel.access_token, channel.refresh_token) == (ChannelState.DISCONNECTED, "", "")


@override_settings(X_CLIENT_ID="x-client", X_CLIENT_SECRET="x-secret", LINKEDIN_CLIENT_ID="", LINKEDIN_CLIENT_SECRET="")
def test_network_list_marks_a_network_without_its_app_unavailable(user):
    response = client_for(user).get(reverse("channels:networks"))

    assert response.status_code == 200
    by_name = {row["network"]: row for row in response.json()}
    assert by_name["x"]["available"] is True
    assert by_name["linkedin"]["available"] is False
    assert "LINKEDIN_CLIENT_ID" in by_name["linkedin"]["reason"]
    assert by_name["mastodon"]["connect_method"] == "oauth2_instance"
    assert by_name["bluesky"]["connect_method"] == "app_password"


def test_channel_list_reads_a_constant_number_of_queries(team, django_assert_max_num_queries):
    for n in range(6):
        connected_channel(team.organization, team.owner, account_id=f"{n}", handle=f"@a{n}@social.example")
    client = client_for(team.user(Role.VIEWER))

    with django_assert_max_num_queries(8):
        response = client.get(reverse("channels:list"), {"organization_id": str(team.organization.pk)})

    assert response.json()["count"] == 6


def test_deleting_the_organization_deletes_its_channels_and_their_posts(team, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from apps.organizations.services import organization_delete
    from apps.scheduling.models import ScheduledPost
    from tests.factories import ContentFactory, ScheduledPostFactory, put_on_plan

    put_on_plan(team.organization, "free")
    channel = connected_channel(team.organization, team.owner)
    content = ContentFactory(organization=team.organization, created_by=team.owner, versions=("Hi.",))
    ScheduledPostFactory(
        content=content,
        status="published",
        scheduled_at=timezone.now() - timedelta(days=1),
        published_at=timezone.now() - timedelta(days=1),
        channel=channel,
    )

    with django_capture_on_commit_callbacks(execute=True):
        organization_delete(user=team.owner, organization_id=team.organization.pk)

    assert not Channel.objects.exists() and not ScheduledPost.objects.exists()
