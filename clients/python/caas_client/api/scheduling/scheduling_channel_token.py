from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.scheduler_channel_token_output import SchedulerChannelTokenOutput
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/scheduling/{id}/channel-token/".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | SchedulerChannelTokenOutput | None:
    if response.status_code == 200:
        response_200 = SchedulerChannelTokenOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Error.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

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
) -> Response[Error | ErrorEnvelope | SchedulerChannelTokenOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Error | ErrorEnvelope | SchedulerChannelTokenOutput]:
    """The access token of a post's channel (service token, not a user JWT)

     For the Node.js scheduler about to publish a post with a channel: the channel's access token
    (refreshed first when it would expire within CHANNEL_TOKEN_MIN_LIFETIME_SECONDS), never the refresh
    token. Each call is written to the audit log (channel.token_issued). See docs/scheduler-contract.md.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | SchedulerChannelTokenOutput]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Error | ErrorEnvelope | SchedulerChannelTokenOutput | None:
    """The access token of a post's channel (service token, not a user JWT)

     For the Node.js scheduler about to publish a post with a channel: the channel's access token
    (refreshed first when it would expire within CHANNEL_TOKEN_MIN_LIFETIME_SECONDS), never the refresh
    token. Each call is written to the audit log (channel.token_issued). See docs/scheduler-contract.md.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | SchedulerChannelTokenOutput
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Error | ErrorEnvelope | SchedulerChannelTokenOutput]:
    """The access token of a post's channel (service token, not a user JWT)

     For the Node.js scheduler about to publish a post with a channel: the channel's access token
    (refreshed first when it would expire within CHANNEL_TOKEN_MIN_LIFETIME_SECONDS), never the refresh
    token. Each call is written to the audit log (channel.token_issued). See docs/scheduler-contract.md.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | SchedulerChannelTokenOutput]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Error | ErrorEnvelope | SchedulerChannelTokenOutput | None:
    """The access token of a post's channel (service token, not a user JWT)

     For the Node.js scheduler about to publish a post with a channel: the channel's access token
    (refreshed first when it would expire within CHANNEL_TOKEN_MIN_LIFETIME_SECONDS), never the refresh
    token. Each call is written to the audit log (channel.token_issued). See docs/scheduler-contract.md.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | SchedulerChannelTokenOutput
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
