import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.paginated_scheduled_post_list import PaginatedScheduledPostList
from ...models.scheduling_list_platform import SchedulingListPlatform
from ...models.scheduling_list_status import SchedulingListStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    content_id: UUID | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: SchedulingListPlatform | Unset = UNSET,
    scheduled_after: datetime.datetime | Unset = UNSET,
    scheduled_before: datetime.datetime | Unset = UNSET,
    status: SchedulingListStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_content_id: str | Unset = UNSET
    if not isinstance(content_id, Unset):
        json_content_id = str(content_id)
    params["content_id"] = json_content_id

    json_organization_id: str | Unset = UNSET
    if not isinstance(organization_id, Unset):
        json_organization_id = str(organization_id)
    params["organization_id"] = json_organization_id

    params["page"] = page

    params["page_size"] = page_size

    json_platform: str | Unset = UNSET
    if not isinstance(platform, Unset):
        json_platform = platform

    params["platform"] = json_platform

    json_scheduled_after: str | Unset = UNSET
    if not isinstance(scheduled_after, Unset):
        json_scheduled_after = scheduled_after.isoformat()
    params["scheduled_after"] = json_scheduled_after

    json_scheduled_before: str | Unset = UNSET
    if not isinstance(scheduled_before, Unset):
        json_scheduled_before = scheduled_before.isoformat()
    params["scheduled_before"] = json_scheduled_before

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/scheduling/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | PaginatedScheduledPostList | None:
    if response.status_code == 200:
        response_200 = PaginatedScheduledPostList.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | PaginatedScheduledPostList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    content_id: UUID | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: SchedulingListPlatform | Unset = UNSET,
    scheduled_after: datetime.datetime | Unset = UNSET,
    scheduled_before: datetime.datetime | Unset = UNSET,
    status: SchedulingListStatus | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedScheduledPostList]:
    """List scheduled posts of an organization

    Args:
        content_id (UUID | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        platform (SchedulingListPlatform | Unset):
        scheduled_after (datetime.datetime | Unset):
        scheduled_before (datetime.datetime | Unset):
        status (SchedulingListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedScheduledPostList]
    """

    kwargs = _get_kwargs(
        content_id=content_id,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        platform=platform,
        scheduled_after=scheduled_after,
        scheduled_before=scheduled_before,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    content_id: UUID | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: SchedulingListPlatform | Unset = UNSET,
    scheduled_after: datetime.datetime | Unset = UNSET,
    scheduled_before: datetime.datetime | Unset = UNSET,
    status: SchedulingListStatus | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedScheduledPostList | None:
    """List scheduled posts of an organization

    Args:
        content_id (UUID | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        platform (SchedulingListPlatform | Unset):
        scheduled_after (datetime.datetime | Unset):
        scheduled_before (datetime.datetime | Unset):
        status (SchedulingListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedScheduledPostList
    """

    return sync_detailed(
        client=client,
        content_id=content_id,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        platform=platform,
        scheduled_after=scheduled_after,
        scheduled_before=scheduled_before,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    content_id: UUID | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: SchedulingListPlatform | Unset = UNSET,
    scheduled_after: datetime.datetime | Unset = UNSET,
    scheduled_before: datetime.datetime | Unset = UNSET,
    status: SchedulingListStatus | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedScheduledPostList]:
    """List scheduled posts of an organization

    Args:
        content_id (UUID | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        platform (SchedulingListPlatform | Unset):
        scheduled_after (datetime.datetime | Unset):
        scheduled_before (datetime.datetime | Unset):
        status (SchedulingListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedScheduledPostList]
    """

    kwargs = _get_kwargs(
        content_id=content_id,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        platform=platform,
        scheduled_after=scheduled_after,
        scheduled_before=scheduled_before,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    content_id: UUID | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: SchedulingListPlatform | Unset = UNSET,
    scheduled_after: datetime.datetime | Unset = UNSET,
    scheduled_before: datetime.datetime | Unset = UNSET,
    status: SchedulingListStatus | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedScheduledPostList | None:
    """List scheduled posts of an organization

    Args:
        content_id (UUID | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        platform (SchedulingListPlatform | Unset):
        scheduled_after (datetime.datetime | Unset):
        scheduled_before (datetime.datetime | Unset):
        status (SchedulingListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedScheduledPostList
    """

    return (
        await asyncio_detailed(
            client=client,
            content_id=content_id,
            organization_id=organization_id,
            page=page,
            page_size=page_size,
            platform=platform,
            scheduled_after=scheduled_after,
            scheduled_before=scheduled_before,
            status=status,
        )
    ).parsed
