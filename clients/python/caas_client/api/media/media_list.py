from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.media_list_kind import MediaListKind
from ...models.media_list_source import MediaListSource
from ...models.media_list_state import MediaListState
from ...models.paginated_media_list import PaginatedMediaList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    kind: MediaListKind | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    source: MediaListSource | Unset = UNSET,
    state: MediaListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind

    params["kind"] = json_kind

    json_organization_id: str | Unset = UNSET
    if not isinstance(organization_id, Unset):
        json_organization_id = str(organization_id)
    params["organization_id"] = json_organization_id

    params["page"] = page

    params["page_size"] = page_size

    json_source: str | Unset = UNSET
    if not isinstance(source, Unset):
        json_source = source

    params["source"] = json_source

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
        "url": "/api/v1/media/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | PaginatedMediaList | None:
    if response.status_code == 200:
        response_200 = PaginatedMediaList.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | PaginatedMediaList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    kind: MediaListKind | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    source: MediaListSource | Unset = UNSET,
    state: MediaListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedMediaList]:
    """An organization's media library (newest first; derivatives only with source=derivative)

     For a view that takes a body above ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a file): it declares
    ``max_body_bytes()`` and ``body_too_large()``, which ``apps.common.request_limits`` applies under
    ASGI before the body is read. Under any other server (WSGI) the same limit is applied here from
    the Content-Length, before anything reads the body (the rate limiter looks at the form); the
    service checks the file itself exactly.

    Args:
        cursor (str | Unset):
        kind (MediaListKind | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        source (MediaListSource | Unset):
        state (MediaListState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedMediaList]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        kind=kind,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        source=source,
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
    cursor: str | Unset = UNSET,
    kind: MediaListKind | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    source: MediaListSource | Unset = UNSET,
    state: MediaListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedMediaList | None:
    """An organization's media library (newest first; derivatives only with source=derivative)

     For a view that takes a body above ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a file): it declares
    ``max_body_bytes()`` and ``body_too_large()``, which ``apps.common.request_limits`` applies under
    ASGI before the body is read. Under any other server (WSGI) the same limit is applied here from
    the Content-Length, before anything reads the body (the rate limiter looks at the form); the
    service checks the file itself exactly.

    Args:
        cursor (str | Unset):
        kind (MediaListKind | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        source (MediaListSource | Unset):
        state (MediaListState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedMediaList
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        kind=kind,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        source=source,
        state=state,
        workspace_id=workspace_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    kind: MediaListKind | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    source: MediaListSource | Unset = UNSET,
    state: MediaListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | PaginatedMediaList]:
    """An organization's media library (newest first; derivatives only with source=derivative)

     For a view that takes a body above ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a file): it declares
    ``max_body_bytes()`` and ``body_too_large()``, which ``apps.common.request_limits`` applies under
    ASGI before the body is read. Under any other server (WSGI) the same limit is applied here from
    the Content-Length, before anything reads the body (the rate limiter looks at the form); the
    service checks the file itself exactly.

    Args:
        cursor (str | Unset):
        kind (MediaListKind | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        source (MediaListSource | Unset):
        state (MediaListState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | PaginatedMediaList]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        kind=kind,
        organization_id=organization_id,
        page=page,
        page_size=page_size,
        source=source,
        state=state,
        workspace_id=workspace_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    kind: MediaListKind | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    page: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    source: MediaListSource | Unset = UNSET,
    state: MediaListState | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | PaginatedMediaList | None:
    """An organization's media library (newest first; derivatives only with source=derivative)

     For a view that takes a body above ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a file): it declares
    ``max_body_bytes()`` and ``body_too_large()``, which ``apps.common.request_limits`` applies under
    ASGI before the body is read. Under any other server (WSGI) the same limit is applied here from
    the Content-Length, before anything reads the body (the rate limiter looks at the form); the
    service checks the file itself exactly.

    Args:
        cursor (str | Unset):
        kind (MediaListKind | Unset):
        organization_id (UUID | Unset):
        page (int | Unset):
        page_size (int | Unset):
        source (MediaListSource | Unset):
        state (MediaListState | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | PaginatedMediaList
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            kind=kind,
            organization_id=organization_id,
            page=page,
            page_size=page_size,
            source=source,
            state=state,
            workspace_id=workspace_id,
        )
    ).parsed
