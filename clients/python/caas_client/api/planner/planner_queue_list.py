from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.paginated_queue_entry_output_list import PaginatedQueueEntryOutputList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workspace_id: UUID,
    *,
    channel_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_channel_id: str | Unset = UNSET
    if not isinstance(channel_id, Unset):
        json_channel_id = str(channel_id)
    params["channel_id"] = json_channel_id

    params["page"] = page

    params["page_size"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/planner/workspaces/{workspace_id}/queue/".format(
            workspace_id=quote(str(workspace_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | PaginatedQueueEntryOutputList | None:
    if response.status_code == 200:
        response_200 = PaginatedQueueEntryOutputList.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | PaginatedQueueEntryOutputList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedQueueEntryOutputList]:
    """The queue in slot order (waiting, scheduled and failed entries)

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedQueueEntryOutputList]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        channel_id=channel_id,
        page=page,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedQueueEntryOutputList | None:
    """The queue in slot order (waiting, scheduled and failed entries)

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedQueueEntryOutputList
    """

    return sync_detailed(
        workspace_id=workspace_id,
        client=client,
        channel_id=channel_id,
        page=page,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedQueueEntryOutputList]:
    """The queue in slot order (waiting, scheduled and failed entries)

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedQueueEntryOutputList]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        channel_id=channel_id,
        page=page,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedQueueEntryOutputList | None:
    """The queue in slot order (waiting, scheduled and failed entries)

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedQueueEntryOutputList
    """

    return (
        await asyncio_detailed(
            workspace_id=workspace_id,
            client=client,
            channel_id=channel_id,
            page=page,
            page_size=page_size,
        )
    ).parsed
