from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.content_list_archived import ContentListArchived
from ...models.content_list_platform import ContentListPlatform
from ...models.content_list_review_state import ContentListReviewState
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.paginated_content_output_list import PaginatedContentOutputList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    archived: ContentListArchived | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: ContentListPlatform | Unset = UNSET,
    q: str | Unset = UNSET,
    review_state: ContentListReviewState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_archived: str | Unset = UNSET
    if not isinstance(archived, Unset):
        json_archived = archived

    params["archived"] = json_archived

    params["cursor"] = cursor

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

    params["q"] = q

    json_review_state: str | Unset = UNSET
    if not isinstance(review_state, Unset):
        json_review_state = review_state

    params["review_state"] = json_review_state

    json_workspace_id: str | Unset = UNSET
    if not isinstance(workspace_id, Unset):
        json_workspace_id = str(workspace_id)
    params["workspace_id"] = json_workspace_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/content/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | PaginatedContentOutputList | None:
    if response.status_code == 200:
        response_200 = PaginatedContentOutputList.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | PaginatedContentOutputList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    archived: ContentListArchived | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: ContentListPlatform | Unset = UNSET,
    q: str | Unset = UNSET,
    review_state: ContentListReviewState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedContentOutputList]:
    """List an organization's content (newest first)

    Args:
        archived (ContentListArchived | Unset):
        cursor (str | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        platform (ContentListPlatform | Unset):
        q (str | Unset):
        review_state (ContentListReviewState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedContentOutputList]
    """

    kwargs = _get_kwargs(
        archived=archived,
        cursor=cursor,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        platform=platform,
        q=q,
        review_state=review_state,
        workspace_id=workspace_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    archived: ContentListArchived | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: ContentListPlatform | Unset = UNSET,
    q: str | Unset = UNSET,
    review_state: ContentListReviewState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedContentOutputList | None:
    """List an organization's content (newest first)

    Args:
        archived (ContentListArchived | Unset):
        cursor (str | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        platform (ContentListPlatform | Unset):
        q (str | Unset):
        review_state (ContentListReviewState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedContentOutputList
    """

    return sync_detailed(
        client=client,
        archived=archived,
        cursor=cursor,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        platform=platform,
        q=q,
        review_state=review_state,
        workspace_id=workspace_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    archived: ContentListArchived | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: ContentListPlatform | Unset = UNSET,
    q: str | Unset = UNSET,
    review_state: ContentListReviewState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedContentOutputList]:
    """List an organization's content (newest first)

    Args:
        archived (ContentListArchived | Unset):
        cursor (str | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        platform (ContentListPlatform | Unset):
        q (str | Unset):
        review_state (ContentListReviewState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedContentOutputList]
    """

    kwargs = _get_kwargs(
        archived=archived,
        cursor=cursor,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        platform=platform,
        q=q,
        review_state=review_state,
        workspace_id=workspace_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    archived: ContentListArchived | Unset = UNSET,
    cursor: str | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    platform: ContentListPlatform | Unset = UNSET,
    q: str | Unset = UNSET,
    review_state: ContentListReviewState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedContentOutputList | None:
    """List an organization's content (newest first)

    Args:
        archived (ContentListArchived | Unset):
        cursor (str | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        platform (ContentListPlatform | Unset):
        q (str | Unset):
        review_state (ContentListReviewState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedContentOutputList
    """

    return (
        await asyncio_detailed(
            client=client,
            archived=archived,
            cursor=cursor,
            organization_id=organization_id,
            page=page,
            page_size=page_size,
            platform=platform,
            q=q,
            review_state=review_state,
            workspace_id=workspace_id,
        )
    ).parsed
