from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workspace_id: UUID,
    entry_id: UUID,
    *,
    channel_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_channel_id: str | Unset = UNSET
    if not isinstance(channel_id, Unset):
        json_channel_id = str(channel_id)
    params["channel_id"] = json_channel_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/planner/workspaces/{workspace_id}/queue/{entry_id}/".format(
            workspace_id=quote(str(workspace_id), safe=""),
            entry_id=quote(str(entry_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | ErrorEnvelope | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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

    if response.status_code == 409:
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

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
) -> Response[Any | Error | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workspace_id: UUID,
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
) -> Response[Any | Error | ErrorEnvelope]:
    """Take a waiting or failed post out of the queue

    Args:
        workspace_id (UUID):
        entry_id (UUID):
        channel_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        entry_id=entry_id,
        channel_id=channel_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workspace_id: UUID,
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
) -> Any | Error | ErrorEnvelope | None:
    """Take a waiting or failed post out of the queue

    Args:
        workspace_id (UUID):
        entry_id (UUID):
        channel_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | ErrorEnvelope
    """

    return sync_detailed(
        workspace_id=workspace_id,
        entry_id=entry_id,
        client=client,
        channel_id=channel_id,
    ).parsed


async def asyncio_detailed(
    workspace_id: UUID,
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
) -> Response[Any | Error | ErrorEnvelope]:
    """Take a waiting or failed post out of the queue

    Args:
        workspace_id (UUID):
        entry_id (UUID):
        channel_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        entry_id=entry_id,
        channel_id=channel_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workspace_id: UUID,
    entry_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
) -> Any | Error | ErrorEnvelope | None:
    """Take a waiting or failed post out of the queue

    Args:
        workspace_id (UUID):
        entry_id (UUID):
        channel_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            workspace_id=workspace_id,
            entry_id=entry_id,
            client=client,
            channel_id=channel_id,
        )
    ).parsed
