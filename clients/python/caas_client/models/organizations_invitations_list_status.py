from typing import Literal

OrganizationsInvitationsListStatus = Literal["accepted", "expired", "pending", "revoked"]

ORGANIZATIONS_INVITATIONS_LIST_STATUS_VALUES: set[OrganizationsInvitationsListStatus] = {
    "accepted",
    "expired",
    "pending",
    "revoked",
}


def check_organizations_invitations_list_status(value: str) -> OrganizationsInvitationsListStatus:
    if value in ORGANIZATIONS_INVITATIONS_LIST_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORGANIZATIONS_INVITATIONS_LIST_STATUS_VALUES!r}")
