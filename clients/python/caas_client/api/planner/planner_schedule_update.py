from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.schedule_input_request import ScheduleInputRequest
from ...models.schedule_output import ScheduleOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workspace_id: UUID,
    *,
    body: ScheduleInputRequest,
    channel_id: UUID | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_channel_id: str | Unset = UNSET
    if not isinstance(channel_id, Unset):
        json_channel_id = str(channel_id)
    params["channel_id"] = json_channel_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/planner/workspaces/{workspace_id}/schedule/".format(
            workspace_id=quote(str(workspace_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | ScheduleOutput | None:
    if response.status_code == 200:
        response_200 = ScheduleOutput.from_dict(response.json())

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
        response_409 = ErrorEnvelope.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 414:
        response_414 = Error.from_dict(response.json())

        return response_414

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
) -> Response[Error | ErrorEnvelope | ScheduleOutput]:
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
    body: ScheduleInputRequest,
    channel_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | ScheduleOutput]:
    """Replace the time zone and the weekly slots (waiting queued posts move onto the new slots, in order)

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        body (ScheduleInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | ScheduleOutput]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        body=body,
        channel_id=channel_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ScheduleInputRequest,
    channel_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | ScheduleOutput | None:
    """Replace the time zone and the weekly slots (waiting queued posts move onto the new slots, in order)

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        body (ScheduleInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | ScheduleOutput
    """

    return sync_detailed(
        workspace_id=workspace_id,
        client=client,
        body=body,
        channel_id=channel_id,
    ).parsed


async def asyncio_detailed(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ScheduleInputRequest,
    channel_id: UUID | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | ScheduleOutput]:
    """Replace the time zone and the weekly slots (waiting queued posts move onto the new slots, in order)

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        body (ScheduleInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | ScheduleOutput]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        body=body,
        channel_id=channel_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ScheduleInputRequest,
    channel_id: UUID | Unset = UNSET,
) -> Error | ErrorEnvelope | ScheduleOutput | None:
    """Replace the time zone and the weekly slots (waiting queued posts move onto the new slots, in order)

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        body (ScheduleInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | ScheduleOutput
    """

    return (
        await asyncio_detailed(
            workspace_id=workspace_id,
            client=client,
            body=body,
            channel_id=channel_id,
        )
    ).parsed
