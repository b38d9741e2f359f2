from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.scheduler_callback_input_request import SchedulerCallbackInputRequest
from ...models.scheduler_callback_output import SchedulerCallbackOutput
from ...types import Response


def _get_kwargs(
    *,
    body: SchedulerCallbackInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/scheduling/callback/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | SchedulerCallbackOutput | None:
    if response.status_code == 200:
        response_200 = SchedulerCallbackOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | SchedulerCallbackOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SchedulerCallbackInputRequest,
) -> Response[Error | ErrorEnvelope | SchedulerCallbackOutput]:
    """Callback of the Node.js scheduler (service token, not a user JWT)

     Idempotent: repeating a callback answers 200 with changed=false and changes nothing. See
    docs/scheduler-contract.md.

    Args:
        body (SchedulerCallbackInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | SchedulerCallbackOutput]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SchedulerCallbackInputRequest,
) -> Error | ErrorEnvelope | SchedulerCallbackOutput | None:
    """Callback of the Node.js scheduler (service token, not a user JWT)

     Idempotent: repeating a callback answers 200 with changed=false and changes nothing. See
    docs/scheduler-contract.md.

    Args:
        body (SchedulerCallbackInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | SchedulerCallbackOutput
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SchedulerCallbackInputRequest,
) -> Response[Error | ErrorEnvelope | SchedulerCallbackOutput]:
    """Callback of the Node.js scheduler (service token, not a user JWT)

     Idempotent: repeating a callback answers 200 with changed=false and changes nothing. See
    docs/scheduler-contract.md.

    Args:
        body (SchedulerCallbackInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | SchedulerCallbackOutput]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SchedulerCallbackInputRequest,
) -> Error | ErrorEnvelope | SchedulerCallbackOutput | None:
    """Callback of the Node.js scheduler (service token, not a user JWT)

     Idempotent: repeating a callback answers 200 with changed=false and changes nothing. See
    docs/scheduler-contract.md.

    Args:
        body (SchedulerCallbackInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | SchedulerCallbackOutput
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
