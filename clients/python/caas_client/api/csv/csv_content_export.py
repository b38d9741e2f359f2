import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.csv_content_export_platform import CsvContentExportPlatform
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    platform: CsvContentExportPlatform | Unset = UNSET,
    versions: bool | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    json_organization_id: str | Unset = UNSET
    if not isinstance(organization_id, Unset):
        json_organization_id = str(organization_id)
    params["organization_id"] = json_organization_id

    json_platform: str | Unset = UNSET
    if not isinstance(platform, Unset):
        json_platform = platform

    params["platform"] = json_platform

    params["versions"] = versions

    json_workspace_id: str | Unset = UNSET
    if not isinstance(workspace_id, Unset):
        json_workspace_id = str(workspace_id)
    params["workspace_id"] = json_workspace_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/csv/content/export/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    platform: CsvContentExportPlatform | Unset = UNSET,
    versions: bool | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | str]:
    """Export content as CSV (streamed)

     Any member. Columns: docs/csv.md. Oldest first; memory stays flat whatever the size.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        organization_id (UUID | Unset):
        platform (CsvContentExportPlatform | Unset):
        versions (bool | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | str]
    """

    kwargs = _get_kwargs(
        created_after=created_after,
        created_before=created_before,
        organization_id=organization_id,
        platform=platform,
        versions=versions,
        workspace_id=workspace_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    platform: CsvContentExportPlatform | Unset = UNSET,
    versions: bool | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | str | None:
    """Export content as CSV (streamed)

     Any member. Columns: docs/csv.md. Oldest first; memory stays flat whatever the size.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        organization_id (UUID | Unset):
        platform (CsvContentExportPlatform | Unset):
        versions (bool | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | str
    """

    return sync_detailed(
        client=client,
        created_after=created_after,
        created_before=created_before,
        organization_id=organization_id,
        platform=platform,
        versions=versions,
        workspace_id=workspace_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    platform: CsvContentExportPlatform | Unset = UNSET,
    versions: bool | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | str]:
    """Export content as CSV (streamed)

     Any member. Columns: docs/csv.md. Oldest first; memory stays flat whatever the size.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        organization_id (UUID | Unset):
        platform (CsvContentExportPlatform | Unset):
        versions (bool | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | str]
    """

    kwargs = _get_kwargs(
        created_after=created_after,
        created_before=created_before,
        organization_id=organization_id,
        platform=platform,
        versions=versions,
        workspace_id=workspace_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    platform: CsvContentExportPlatform | Unset = UNSET,
    versions: bool | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | str | None:
    """Export content as CSV (streamed)

     Any member. Columns: docs/csv.md. Oldest first; memory stays flat whatever the size.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        organization_id (UUID | Unset):
        platform (CsvContentExportPlatform | Unset):
        versions (bool | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | str
    """

    return (
        await asyncio_detailed(
            client=client,
            created_after=created_after,
            created_before=created_before,
            organization_id=organization_id,
            platform=platform,
            versions=versions,
            workspace_id=workspace_id,
        )
    ).parsed
