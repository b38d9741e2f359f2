from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.channel_connect_input_request import ChannelConnectInputRequest
from ...models.channels_connect_network import ChannelsConnectNetwork
from ...models.connect_start import ConnectStart
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    network: ChannelsConnectNetwork,
    *,
    body: ChannelConnectInputRequest | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/channels/connect/{network}/".format(
            network=quote(str(network), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConnectStart | Error | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = ConnectStart.from_dict(response.json())

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

    if response.status_code == 502:
        response_502 = ErrorEnvelope.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ConnectStart | Error | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    network: ChannelsConnectNetwork,
    *,
    client: AuthenticatedClient,
    body: ChannelConnectInputRequest | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ConnectStart | Error | ErrorEnvelope]:
    """Start connecting an X, LinkedIn or Mastodon account (admin): the consent page's URL

     Mastodon: our app is registered on the instance at its first connection, then reused. The network
    sends the browser to CHANNEL_OAUTH_REDIRECT_URL with code and state; post them to
    /api/v1/channels/callback/{network}/.

    Args:
        network (ChannelsConnectNetwork):
        idempotency_key (str | Unset):
        body (ChannelConnectInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectStart | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        network=network,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    network: ChannelsConnectNetwork,
    *,
    client: AuthenticatedClient,
    body: ChannelConnectInputRequest | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ConnectStart | Error | ErrorEnvelope | None:
    """Start connecting an X, LinkedIn or Mastodon account (admin): the consent page's URL

     Mastodon: our app is registered on the instance at its first connection, then reused. The network
    sends the browser to CHANNEL_OAUTH_REDIRECT_URL with code and state; post them to
    /api/v1/channels/callback/{network}/.

    Args:
        network (ChannelsConnectNetwork):
        idempotency_key (str | Unset):
        body (ChannelConnectInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectStart | Error | ErrorEnvelope
    """

    return sync_detailed(
        network=network,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    network: ChannelsConnectNetwork,
    *,
    client: AuthenticatedClient,
    body: ChannelConnectInputRequest | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ConnectStart | Error | ErrorEnvelope]:
    """Start connecting an X, LinkedIn or Mastodon account (admin): the consent page's URL

     Mastodon: our app is registered on the instance at its first connection, then reused. The network
    sends the browser to CHANNEL_OAUTH_REDIRECT_URL with code and state; post them to
    /api/v1/channels/callback/{network}/.

    Args:
        network (ChannelsConnectNetwork):
        idempotency_key (str | Unset):
        body (ChannelConnectInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectStart | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        network=network,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    network: ChannelsConnectNetwork,
    *,
    client: AuthenticatedClient,
    body: ChannelConnectInputRequest | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ConnectStart | Error | ErrorEnvelope | None:
    """Start connecting an X, LinkedIn or Mastodon account (admin): the consent page's URL

     Mastodon: our app is registered on the instance at its first connection, then reused. The network
    sends the browser to CHANNEL_OAUTH_REDIRECT_URL with code and state; post them to
    /api/v1/channels/callback/{network}/.

    Args:
        network (ChannelsConnectNetwork):
        idempotency_key (str | Unset):
        body (ChannelConnectInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectStart | Error | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            network=network,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
