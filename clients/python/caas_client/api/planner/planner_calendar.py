import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.calendar_output import CalendarOutput
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.planner_calendar_tz import PlannerCalendarTz
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workspace_id: UUID,
    *,
    channel_id: UUID | Unset = UNSET,
    end: datetime.date,
    start: datetime.date,
    tz: PlannerCalendarTz | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_channel_id: str | Unset = UNSET
    if not isinstance(channel_id, Unset):
        json_channel_id = str(channel_id)
    params["channel_id"] = json_channel_id

    json_end = end.isoformat()
    params["end"] = json_end

    json_start = start.isoformat()
    params["start"] = json_start

    json_tz: str | Unset = UNSET
    if not isinstance(tz, Unset):
        json_tz = tz

    params["tz"] = json_tz

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/planner/workspaces/{workspace_id}/calendar/".format(
            workspace_id=quote(str(workspace_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CalendarOutput | Error | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = CalendarOutput.from_dict(response.json())

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
) -> Response[CalendarOutput | Error | ErrorEnvelope]:
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
    channel_id: UUID | Unset = UNSET,
    end: datetime.date,
    start: datetime.date,
    tz: PlannerCalendarTz | Unset = UNSET,
) -> Response[CalendarOutput | Error | ErrorEnvelope]:
    """Posts per local day: scheduled and published posts, queued posts, recurring occurrences

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        end (datetime.date):
        start (datetime.date):
        tz (PlannerCalendarTz | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CalendarOutput | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        channel_id=channel_id,
        end=end,
        start=start,
        tz=tz,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    end: datetime.date,
    start: datetime.date,
    tz: PlannerCalendarTz | Unset = UNSET,
) -> CalendarOutput | Error | ErrorEnvelope | None:
    """Posts per local day: scheduled and published posts, queued posts, recurring occurrences

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        end (datetime.date):
        start (datetime.date):
        tz (PlannerCalendarTz | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CalendarOutput | Error | ErrorEnvelope
    """

    return sync_detailed(
        workspace_id=workspace_id,
        client=client,
        channel_id=channel_id,
        end=end,
        start=start,
        tz=tz,
    ).parsed


async def asyncio_detailed(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    end: datetime.date,
    start: datetime.date,
    tz: PlannerCalendarTz | Unset = UNSET,
) -> Response[CalendarOutput | Error | ErrorEnvelope]:
    """Posts per local day: scheduled and published posts, queued posts, recurring occurrences

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        end (datetime.date):
        start (datetime.date):
        tz (PlannerCalendarTz | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CalendarOutput | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        channel_id=channel_id,
        end=end,
        start=start,
        tz=tz,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workspace_id: UUID,
    *,
    client: AuthenticatedClient,
    channel_id: UUID | Unset = UNSET,
    end: datetime.date,
    start: datetime.date,
    tz: PlannerCalendarTz | Unset = UNSET,
) -> CalendarOutput | Error | ErrorEnvelope | None:
    """Posts per local day: scheduled and published posts, queued posts, recurring occurrences

    Args:
        workspace_id (UUID):
        channel_id (UUID | Unset):
        end (datetime.date):
        start (datetime.date):
        tz (PlannerCalendarTz | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CalendarOutput | Error | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            workspace_id=workspace_id,
            client=client,
            channel_id=channel_id,
            end=end,
            start=start,
            tz=tz,
        )
    ).parsed
