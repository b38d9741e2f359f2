from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.channels_list_network import ChannelsListNetwork
from ...models.channels_list_state import ChannelsListState
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.paginated_channel_list import PaginatedChannelList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    network: ChannelsListNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    state: ChannelsListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_network: str | Unset = UNSET
    if not isinstance(network, Unset):
        json_network = network

    params["network"] = json_network

    json_organization_id: str | Unset = UNSET
    if not isinstance(organization_id, Unset):
        json_organization_id = str(organization_id)
    params["organization_id"] = json_organization_id

    params["page"] = page

    params["page_size"] = page_size

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state

    params["state"] = json_state

    json_workspace_id: str | Unset = UNSET
    if not isinstance(workspace_id, Unset):
        json_workspace_id = str(workspace_id)
    params["workspace_id"] = json_workspace_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/channels/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | PaginatedChannelList | None:
    if response.status_code == 200:
        response_200 = PaginatedChannelList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | PaginatedChannelList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    network: ChannelsListNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    state: ChannelsListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedChannelList]:
    """An organization's channels (any role; an API key limited to a workspace: that workspace's)

    Args:
        network (ChannelsListNetwork | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        state (ChannelsListState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedChannelList]
    """

    kwargs = _get_kwargs(
        network=network,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        state=state,
        workspace_id=workspace_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    network: ChannelsListNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    state: ChannelsListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedChannelList | None:
    """An organization's channels (any role; an API key limited to a workspace: that workspace's)

    Args:
        network (ChannelsListNetwork | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        state (ChannelsListState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedChannelList
    """

    return sync_detailed(
        client=client,
        network=network,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        state=state,
        workspace_id=workspace_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    network: ChannelsListNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    state: ChannelsListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedChannelList]:
    """An organization's channels (any role; an API key limited to a workspace: that workspace's)

    Args:
        network (ChannelsListNetwork | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        state (ChannelsListState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedChannelList]
    """

    kwargs = _get_kwargs(
        network=network,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        state=state,
        workspace_id=workspace_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    network: ChannelsListNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    state: ChannelsListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedChannelList | None:
    """An organization's channels (any role; an API key limited to a workspace: that workspace's)

    Args:
        network (ChannelsListNetwork | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        state (ChannelsListState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedChannelList
    """

    return (
        await asyncio_detailed(
            client=client,
            network=network,
            organization_id=organization_id,
            page=page,
            page_size=page_size,
            state=state,
            workspace_id=workspace_id,
        )
    ).parsed
