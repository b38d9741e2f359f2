import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_entries_list_actor_type import AuditEntriesListActorType
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.paginated_audit_entry_output_list import PaginatedAuditEntryOutputList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    action: str | Unset = UNSET,
    actor_api_key_id: UUID | Unset = UNSET,
    actor_type: AuditEntriesListActorType | Unset = UNSET,
    actor_user_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["action"] = action

    json_actor_api_key_id: str | Unset = UNSET
    if not isinstance(actor_api_key_id, Unset):
        json_actor_api_key_id = str(actor_api_key_id)
    params["actor_api_key_id"] = json_actor_api_key_id

    json_actor_type: str | Unset = UNSET
    if not isinstance(actor_type, Unset):
        json_actor_type = actor_type

    params["actor_type"] = json_actor_type

    json_actor_user_id: str | Unset = UNSET
    if not isinstance(actor_user_id, Unset):
        json_actor_user_id = str(actor_user_id)
    params["actor_user_id"] = json_actor_user_id

    params["cursor"] = cursor

    json_organization_id: str | Unset = UNSET
    if not isinstance(organization_id, Unset):
        json_organization_id = str(organization_id)
    params["organization_id"] = json_organization_id

    params["page"] = page

    params["page_size"] = page_size

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    params["target_id"] = target_id

    params["target_type"] = target_type

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/audit/entries/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | PaginatedAuditEntryOutputList | None:
    if response.status_code == 200:
        response_200 = PaginatedAuditEntryOutputList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 414:
        response_414 = Error.from_dict(response.json())

        return response_414

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ErrorEnvelope | PaginatedAuditEntryOutputList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor_api_key_id: UUID | Unset = UNSET,
    actor_type: AuditEntriesListActorType | Unset = UNSET,
    actor_user_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedAuditEntryOutputList]:
    """The organization's audit log, newest first (owners and admins). Append-only: no operation changes or
    deletes it; entries older than the retention (`AUDIT_RETENTION_DAYS`) are purged.

    Args:
        action (str | Unset):
        actor_api_key_id (UUID | Unset):
        actor_type (AuditEntriesListActorType | Unset):
        actor_user_id (UUID | Unset):
        cursor (str | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        since (datetime.datetime | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedAuditEntryOutputList]
    """

    kwargs = _get_kwargs(
        action=action,
        actor_api_key_id=actor_api_key_id,
        actor_type=actor_type,
        actor_user_id=actor_user_id,
        cursor=cursor,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        since=since,
        target_id=target_id,
        target_type=target_type,
        until=until,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor_api_key_id: UUID | Unset = UNSET,
    actor_type: AuditEntriesListActorType | Unset = UNSET,
    actor_user_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedAuditEntryOutputList | None:
    """The organization's audit log, newest first (owners and admins). Append-only: no operation changes or
    deletes it; entries older than the retention (`AUDIT_RETENTION_DAYS`) are purged.

    Args:
        action (str | Unset):
        actor_api_key_id (UUID | Unset):
        actor_type (AuditEntriesListActorType | Unset):
        actor_user_id (UUID | Unset):
        cursor (str | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        since (datetime.datetime | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedAuditEntryOutputList
    """

    return sync_detailed(
        client=client,
        action=action,
        actor_api_key_id=actor_api_key_id,
        actor_type=actor_type,
        actor_user_id=actor_user_id,
        cursor=cursor,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        since=since,
        target_id=target_id,
        target_type=target_type,
        until=until,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor_api_key_id: UUID | Unset = UNSET,
    actor_type: AuditEntriesListActorType | Unset = UNSET,
    actor_user_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedAuditEntryOutputList]:
    """The organization's audit log, newest first (owners and admins). Append-only: no operation changes or
    deletes it; entries older than the retention (`AUDIT_RETENTION_DAYS`) are purged.

    Args:
        action (str | Unset):
        actor_api_key_id (UUID | Unset):
        actor_type (AuditEntriesListActorType | Unset):
        actor_user_id (UUID | Unset):
        cursor (str | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        since (datetime.datetime | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedAuditEntryOutputList]
    """

    kwargs = _get_kwargs(
        action=action,
        actor_api_key_id=actor_api_key_id,
        actor_type=actor_type,
        actor_user_id=actor_user_id,
        cursor=cursor,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        since=since,
        target_id=target_id,
        target_type=target_type,
        until=until,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor_api_key_id: UUID | Unset = UNSET,
    actor_type: AuditEntriesListActorType | Unset = UNSET,
    actor_user_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedAuditEntryOutputList | None:
    """The organization's audit log, newest first (owners and admins). Append-only: no operation changes or
    deletes it; entries older than the retention (`AUDIT_RETENTION_DAYS`) are purged.

    Args:
        action (str | Unset):
        actor_api_key_id (UUID | Unset):
        actor_type (AuditEntriesListActorType | Unset):
        actor_user_id (UUID | Unset):
        cursor (str | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        since (datetime.datetime | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
        until (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedAuditEntryOutputList
    """

    return (
        await asyncio_detailed(
            client=client,
            action=action,
            actor_api_key_id=actor_api_key_id,
            actor_type=actor_type,
            actor_user_id=actor_user_id,
            cursor=cursor,
            organization_id=organization_id,
            page=page,
            page_size=page_size,
            since=since,
            target_id=target_id,
            target_type=target_type,
            until=until,
        )
    ).parsed
