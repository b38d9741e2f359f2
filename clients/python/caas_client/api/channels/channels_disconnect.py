from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.channel import Channel
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    channel_id: UUID,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/channels/{channel_id}/disconnect/".format(
            channel_id=quote(str(channel_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Channel | Error | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = Channel.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

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

    if response.status_code == 408:
        response_408 = Error.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

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
) -> Response[Channel | Error | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    channel_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[Channel | Error | ErrorEnvelope]:
    """Disconnect a channel (admin): its tokens are forgotten, the channel stays as disconnected

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        channel_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Channel | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    channel_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Channel | Error | ErrorEnvelope | None:
    """Disconnect a channel (admin): its tokens are forgotten, the channel stays as disconnected

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        channel_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Channel | Error | ErrorEnvelope
    """

    return sync_detailed(
        channel_id=channel_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    channel_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[Channel | Error | ErrorEnvelope]:
    """Disconnect a channel (admin): its tokens are forgotten, the channel stays as disconnected

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        channel_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Channel | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    channel_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Channel | Error | ErrorEnvelope | None:
    """Disconnect a channel (admin): its tokens are forgotten, the channel stays as disconnected

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        channel_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Channel | Error | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            channel_id=channel_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
