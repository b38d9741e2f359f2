from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.media import Media
from ...models.media_generate_input_request import MediaGenerateInputRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: MediaGenerateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/media/generate/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | Media | None:
    if response.status_code == 201:
        response_201 = Media.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ErrorEnvelope.from_dict(response.json())

        return response_402

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
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = ErrorEnvelope.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = ErrorEnvelope.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ErrorEnvelope | Media]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: MediaGenerateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | Media]:
    """Generate an AI image into a workspace's media library (one image credit)

     An ``APIView`` whose handlers are coroutines (``async def post``), so Django serves it as an
    async view. DRF ships no async dispatch (encode/django-rest-framework#8496; adrf is the
    third-party one): this is DRF's ``dispatch`` awaiting the handler, with the sync preliminaries
    (``initial``: authentication, permissions, throttles) run as one database step (``db_step``), a
    pool thread whose connection is given back at once. The handler then does its own database
    work the same way, and holds no thread and no connection while it awaits something else.
    (adrf runs ``initial`` on the request's own thread, whose connection would stay taken until the
    response is sent.) Exceptions leave in the one error shape through DRF's exception handler.

    Args:
        idempotency_key (str | Unset):
        body (MediaGenerateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | Media]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: MediaGenerateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | ErrorEnvelope | Media | None:
    """Generate an AI image into a workspace's media library (one image credit)

     An ``APIView`` whose handlers are coroutines (``async def post``), so Django serves it as an
    async view. DRF ships no async dispatch (encode/django-rest-framework#8496; adrf is the
    third-party one): this is DRF's ``dispatch`` awaiting the handler, with the sync preliminaries
    (``initial``: authentication, permissions, throttles) run as one database step (``db_step``), a
    pool thread whose connection is given back at once. The handler then does its own database
    work the same way, and holds no thread and no connection while it awaits something else.
    (adrf runs ``initial`` on the request's own thread, whose connection would stay taken until the
    response is sent.) Exceptions leave in the one error shape through DRF's exception handler.

    Args:
        idempotency_key (str | Unset):
        body (MediaGenerateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | Media
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: MediaGenerateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | Media]:
    """Generate an AI image into a workspace's media library (one image credit)

     An ``APIView`` whose handlers are coroutines (``async def post``), so Django serves it as an
    async view. DRF ships no async dispatch (encode/django-rest-framework#8496; adrf is the
    third-party one): this is DRF's ``dispatch`` awaiting the handler, with the sync preliminaries
    (``initial``: authentication, permissions, throttles) run as one database step (``db_step``), a
    pool thread whose connection is given back at once. The handler then does its own database
    work the same way, and holds no thread and no connection while it awaits something else.
    (adrf runs ``initial`` on the request's own thread, whose connection would stay taken until the
    response is sent.) Exceptions leave in the one error shape through DRF's exception handler.

    Args:
        idempotency_key (str | Unset):
        body (MediaGenerateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | Media]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: MediaGenerateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | ErrorEnvelope | Media | None:
    """Generate an AI image into a workspace's media library (one image credit)

     An ``APIView`` whose handlers are coroutines (``async def post``), so Django serves it as an
    async view. DRF ships no async dispatch (encode/django-rest-framework#8496; adrf is the
    third-party one): this is DRF's ``dispatch`` awaiting the handler, with the sync preliminaries
    (``initial``: authentication, permissions, throttles) run as one database step (``db_step``), a
    pool thread whose connection is given back at once. The handler then does its own database
    work the same way, and holds no thread and no connection while it awaits something else.
    (adrf runs ``initial`` on the request's own thread, whose connection would stay taken until the
    response is sent.) Exceptions leave in the one error shape through DRF's exception handler.

    Args:
        idempotency_key (str | Unset):
        body (MediaGenerateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | Media
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
