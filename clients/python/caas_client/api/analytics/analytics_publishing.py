import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.analytics_publishing_granularity import (
    AnalyticsPublishingGranularity,
)
from ...models.analytics_publishing_output import AnalyticsPublishingOutput
from ...models.analytics_publishing_tz import AnalyticsPublishingTz
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    end: datetime.date | Unset = UNSET,
    granularity: AnalyticsPublishingGranularity | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    start: datetime.date | Unset = UNSET,
    tz: AnalyticsPublishingTz | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_end: str | Unset = UNSET
    if not isinstance(end, Unset):
        json_end = end.isoformat()
    params["end"] = json_end

    json_granularity: str | Unset = UNSET
    if not isinstance(granularity, Unset):
        json_granularity = granularity

    params["granularity"] = json_granularity

    json_organization_id: str | Unset = UNSET
    if not isinstance(organization_id, Unset):
        json_organization_id = str(organization_id)
    params["organization_id"] = json_organization_id

    json_start: str | Unset = UNSET
    if not isinstance(start, Unset):
        json_start = start.isoformat()
    params["start"] = json_start

    json_tz: str | Unset = UNSET
    if not isinstance(tz, Unset):
        json_tz = tz

    params["tz"] = json_tz

    json_workspace_id: str | Unset = UNSET
    if not isinstance(workspace_id, Unset):
        json_workspace_id = str(workspace_id)
    params["workspace_id"] = json_workspace_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/analytics/publishing/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AnalyticsPublishingOutput | Error | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = AnalyticsPublishingOutput.from_dict(response.json())

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
) -> Response[AnalyticsPublishingOutput | Error | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    end: datetime.date | Unset = UNSET,
    granularity: AnalyticsPublishingGranularity | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    start: datetime.date | Unset = UNSET,
    tz: AnalyticsPublishingTz | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[AnalyticsPublishingOutput | Error | ErrorEnvelope]:
    """Publishing: posts by status, platform and day; delay; failure reasons

    Args:
        end (datetime.date | Unset):
        granularity (AnalyticsPublishingGranularity | Unset):
        organization_id (UUID | Unset):
        start (datetime.date | Unset):
        tz (AnalyticsPublishingTz | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnalyticsPublishingOutput | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        end=end,
        granularity=granularity,
        organization_id=organization_id,
        start=start,
        tz=tz,
        workspace_id=workspace_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    end: datetime.date | Unset = UNSET,
    granularity: AnalyticsPublishingGranularity | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    start: datetime.date | Unset = UNSET,
    tz: AnalyticsPublishingTz | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> AnalyticsPublishingOutput | Error | ErrorEnvelope | None:
    """Publishing: posts by status, platform and day; delay; failure reasons

    Args:
        end (datetime.date | Unset):
        granularity (AnalyticsPublishingGranularity | Unset):
        organization_id (UUID | Unset):
        start (datetime.date | Unset):
        tz (AnalyticsPublishingTz | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnalyticsPublishingOutput | Error | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        end=end,
        granularity=granularity,
        organization_id=organization_id,
        start=start,
        tz=tz,
        workspace_id=workspace_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    end: datetime.date | Unset = UNSET,
    granularity: AnalyticsPublishingGranularity | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    start: datetime.date | Unset = UNSET,
    tz: AnalyticsPublishingTz | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> Response[AnalyticsPublishingOutput | Error | ErrorEnvelope]:
    """Publishing: posts by status, platform and day; delay; failure reasons

    Args:
        end (datetime.date | Unset):
        granularity (AnalyticsPublishingGranularity | Unset):
        organization_id (UUID | Unset):
        start (datetime.date | Unset):
        tz (AnalyticsPublishingTz | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AnalyticsPublishingOutput | Error | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        end=end,
        granularity=granularity,
        organization_id=organization_id,
        start=start,
        tz=tz,
        workspace_id=workspace_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    end: datetime.date | Unset = UNSET,
    granularity: AnalyticsPublishingGranularity | Unset = UNSET,
    organization_id: UUID | Unset = UNSET,
    start: datetime.date | Unset = UNSET,
    tz: AnalyticsPublishingTz | Unset = UNSET,
    workspace_id: UUID | Unset = UNSET,
) -> AnalyticsPublishingOutput | Error | ErrorEnvelope | None:
    """Publishing: posts by status, platform and day; delay; failure reasons

    Args:
        end (datetime.date | Unset):
        granularity (AnalyticsPublishingGranularity | Unset):
        organization_id (UUID | Unset):
        start (datetime.date | Unset):
        tz (AnalyticsPublishingTz | Unset):
        workspace_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AnalyticsPublishingOutput | Error | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            end=end,
            granularity=granularity,
            organization_id=organization_id,
            start=start,
            tz=tz,
            workspace_id=workspace_id,
        )
    ).parsed
