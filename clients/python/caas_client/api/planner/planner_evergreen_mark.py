from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.evergreen_list_create_input_request import EvergreenListCreateInputRequest
from ...models.evergreen_output import EvergreenOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workspace_id: UUID,
    *,
    body: EvergreenListCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/planner/workspaces/{workspace_id}/evergreen/".format(
            workspace_id=quote(str(workspace_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | EvergreenOutput | None:
    if response.status_code == 201:
        response_201 = EvergreenOutput.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | EvergreenOutput]:
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
    body: EvergreenListCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | EvergreenOutput]:
    """Mark a content evergreen: recycled into the queue as a new AI variant every interval

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        workspace_id (UUID):
        idempotency_key (str | Unset):
        body (EvergreenListCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | EvergreenOutput]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    body: EvergreenListCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | ErrorEnvelope | EvergreenOutput | None:
    """Mark a content evergreen: recycled into the queue as a new AI variant every interval

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        workspace_id (UUID):
        idempotency_key (str | Unset):
        body (EvergreenListCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | EvergreenOutput
    """

    return sync_detailed(
        workspace_id=workspace_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    body: EvergreenListCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | EvergreenOutput]:
    """Mark a content evergreen: recycled into the queue as a new AI variant every interval

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        workspace_id (UUID):
        idempotency_key (str | Unset):
        body (EvergreenListCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | EvergreenOutput]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    body: EvergreenListCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | ErrorEnvelope | EvergreenOutput | None:
    """Mark a content evergreen: recycled into the queue as a new AI variant every interval

     For a view whose POST must not run twice (docs/api.md#idempotency): after authentication,
    throttles and permissions, the request's ``Idempotency-Key`` is claimed; an answered key is
    replayed; the answer is kept for the retries.

    Args:
        workspace_id (UUID):
        idempotency_key (str | Unset):
        body (EvergreenListCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | EvergreenOutput
    """

    return (
        await asyncio_detailed(
            workspace_id=workspace_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
