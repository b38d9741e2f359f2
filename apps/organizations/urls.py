"""Routes of /api/v1/organizations/ (fixed paths before the ``<uuid:id>/`` ones)."""

from django.urls import path

from apps.organizations import apis

app_name = "organizations"

urlpatterns = [
    path("", apis.OrganizationListCreateApi.as_view(), name="list"),
    path("workspaces/", apis.WorkspaceListCreateApi.as_view(), name="workspace-list"),
    path("workspaces/<uuid:id>/", apis.WorkspaceDetailApi.as_view(), name="workspace-detail"),
    path("invitations/accept/", apis.InvitationAcceptApi.as_view(), name="invitation-accept"),
    path("<uuid:id>/", apis.OrganizationDetailApi.as_view(), name="detail"),
    path("<uuid:id>/members/", apis.MemberListApi.as_view(), name="member-list"),
    path("<uuid:id>/members/<uuid:member_id>/", apis.MemberDetailApi.as_view(), name="member-detail"),
    path("<uuid:id>/leave/", apis.OrganizationLeaveApi.as_view(), name="leave"),
    path("<uuid:id>/transfer-ownership/", apis.OrganizationTransferOwnershipApi.as_view(), name="transfer-ownership"),
    path("<uuid:id>/api-keys/", apis.ApiKeyListCreateApi.as_view(), name="api-key-list"),
    path("<uuid:id>/api-keys/<uuid:key_id>/", apis.ApiKeyDetailApi.as_view(), name="api-key-detail"),
    path("<uuid:id>/invitations/", apis.InvitationListCreateApi.as_view(), name="invitation-list"),
    path("<uuid:id>/invitations/<uuid:invitation_id>/", apis.InvitationRevokeApi.as_view(), name="invitation-detail"),
    path(
        "<uuid:id>/invitations/<uuid:invitation_id>/resend/",
        apis.InvitationResendApi.as_view(),
        name="invitation-resend",
    ),
]
