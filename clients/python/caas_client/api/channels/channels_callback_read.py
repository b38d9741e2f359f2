from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.channel import Channel
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    network: str,
    *,
    code: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["code"] = code

    params["state"] = state

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/channels/callback/{network}/".format(
            network=quote(str(network), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Channel | Error | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = Channel.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Channel.from_dict(response.json())

        return response_201

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
) -> Response[Channel | Error | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    network: str,
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> Response[Channel | Error | ErrorEnvelope]:
    """Finish an OAuth connection: code and state in the query (admin)

     The code and state the network sent back (the browser arrived at CHANNEL_OAUTH_REDIRECT_URL). The
    state is single use and yours only. 201: a new channel; 200: the account's channel reconnected.

    Args:
        network (str):
        code (str | Unset):
        state (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Channel | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        network=network,
        code=code,
        state=state,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    network: str,
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> Channel | Error | ErrorEnvelope | None:
    """Finish an OAuth connection: code and state in the query (admin)

     The code and state the network sent back (the browser arrived at CHANNEL_OAUTH_REDIRECT_URL). The
    state is single use and yours only. 201: a new channel; 200: the account's channel reconnected.

    Args:
        network (str):
        code (str | Unset):
        state (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Channel | Error | ErrorEnvelope
    """

    return sync_detailed(
        network=network,
        client=client,
        code=code,
        state=state,
    ).parsed


async def asyncio_detailed(
    network: str,
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> Response[Channel | Error | ErrorEnvelope]:
    """Finish an OAuth connection: code and state in the query (admin)

     The code and state the network sent back (the browser arrived at CHANNEL_OAUTH_REDIRECT_URL). The
    state is single use and yours only. 201: a new channel; 200: the account's channel reconnected.

    Args:
        network (str):
        code (str | Unset):
        state (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Channel | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        network=network,
        code=code,
        state=state,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    network: str,
    *,
    client: AuthenticatedClient,
    code: str | Unset = UNSET,
    state: str | Unset = UNSET,
) -> Channel | Error | ErrorEnvelope | None:
    """Finish an OAuth connection: code and state in the query (admin)

     The code and state the network sent back (the browser arrived at CHANNEL_OAUTH_REDIRECT_URL). The
    state is single use and yours only. 201: a new channel; 200: the account's channel reconnected.

    Args:
        network (str):
        code (str | Unset):
        state (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Channel | Error | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            network=network,
            client=client,
            code=code,
            state=state,
        )
    ).parsed
