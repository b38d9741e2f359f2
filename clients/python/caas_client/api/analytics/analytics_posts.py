from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analytics_posts_network import AnalyticsPostsNetwork
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.paginated_post_metrics_list import PaginatedPostMetricsList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    channel_id: UUID | Unset = UNSET,
    network: AnalyticsPostsNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_channel_id: str | Unset = UNSET
    if not isinstance(channel_id, Unset):
        json_channel_id = str(channel_id)
    params["channel_id"] = json_channel_id

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

    json_workspace_id: str | Unset = UNSET
    if not isinstance(workspace_id, Unset):
        json_workspace_id = str(workspace_id)
    params["workspace_id"] = json_workspace_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/posts/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | PaginatedPostMetricsList | None:
    if response.status_code == 200:
        response_200 = PaginatedPostMetricsList.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | PaginatedPostMetricsList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    network: AnalyticsPostsNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedPostMetricsList]:
    """Posts published through a channel, with their metrics read back at 1 h, 24 h and 7 days

    Args:
        channel_id (UUID | Unset):
        network (AnalyticsPostsNetwork | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedPostMetricsList]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        network=network,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        workspace_id=workspace_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    network: AnalyticsPostsNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedPostMetricsList | None:
    """Posts published through a channel, with their metrics read back at 1 h, 24 h and 7 days

    Args:
        channel_id (UUID | Unset):
        network (AnalyticsPostsNetwork | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedPostMetricsList
    """

    return sync_detailed(
        client=client,
        channel_id=channel_id,
        network=network,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        workspace_id=workspace_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    network: AnalyticsPostsNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedPostMetricsList]:
    """Posts published through a channel, with their metrics read back at 1 h, 24 h and 7 days

    Args:
        channel_id (UUID | Unset):
        network (AnalyticsPostsNetwork | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedPostMetricsList]
    """

    kwargs = _get_kwargs(
        channel_id=channel_id,
        network=network,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        workspace_id=workspace_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    network: AnalyticsPostsNetwork | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedPostMetricsList | None:
    """Posts published through a channel, with their metrics read back at 1 h, 24 h and 7 days

    Args:
        channel_id (UUID | Unset):
        network (AnalyticsPostsNetwork | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedPostMetricsList
    """

    return (
        await asyncio_detailed(
            client=client,
            channel_id=channel_id,
            network=network,
            organization_id=organization_id,
            page=page,
            page_size=page_size,
            workspace_id=workspace_id,
        )
    ).parsed
