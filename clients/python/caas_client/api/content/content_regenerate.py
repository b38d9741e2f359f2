from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.content_regenerate_format import ContentRegenerateFormat
from ...models.content_regenerate_input_request import ContentRegenerateInputRequest
from ...models.content_regenerate_response_200 import ContentRegenerateResponse200
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.generation_output import GenerationOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    content_id: UUID,
    *,
    body: ContentRegenerateInputRequest | Unset = UNSET,
    format_: ContentRegenerateFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/content/{content_id}/regenerate/".format(
            content_id=quote(str(content_id), safe=""),
        ),
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput | None:
    if response.status_code == 200:
        response_200 = ContentRegenerateResponse200.from_dict(response.text)

        return response_200

    if response.status_code == 201:
        response_201 = GenerationOutput.from_dict(response.json())

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

    if response.status_code == 414:
        response_414 = Error.from_dict(response.json())

        return response_414

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
) -> Response[ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    content_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ContentRegenerateInputRequest | Unset = UNSET,
    format_: ContentRegenerateFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput]:
    """Regenerate: version n+1 becomes current (201)

     An async generation view that answers JSON, or Server-Sent Events when asked (``"stream": true``).

    Args:
        content_id (UUID):
        format_ (ContentRegenerateFormat | Unset):
        idempotency_key (str | Unset):
        body (ContentRegenerateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput]
    """

    kwargs = _get_kwargs(
        content_id=content_id,
        body=body,
        format_=format_,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    content_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ContentRegenerateInputRequest | Unset = UNSET,
    format_: ContentRegenerateFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput | None:
    """Regenerate: version n+1 becomes current (201)

     An async generation view that answers JSON, or Server-Sent Events when asked (``"stream": true``).

    Args:
        content_id (UUID):
        format_ (ContentRegenerateFormat | Unset):
        idempotency_key (str | Unset):
        body (ContentRegenerateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput
    """

    return sync_detailed(
        content_id=content_id,
        client=client,
        body=body,
        format_=format_,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    content_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ContentRegenerateInputRequest | Unset = UNSET,
    format_: ContentRegenerateFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput]:
    """Regenerate: version n+1 becomes current (201)

     An async generation view that answers JSON, or Server-Sent Events when asked (``"stream": true``).

    Args:
        content_id (UUID):
        format_ (ContentRegenerateFormat | Unset):
        idempotency_key (str | Unset):
        body (ContentRegenerateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput]
    """

    kwargs = _get_kwargs(
        content_id=content_id,
        body=body,
        format_=format_,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    content_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ContentRegenerateInputRequest | Unset = UNSET,
    format_: ContentRegenerateFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput | None:
    """Regenerate: version n+1 becomes current (201)

     An async generation view that answers JSON, or Server-Sent Events when asked (``"stream": true``).

    Args:
        content_id (UUID):
        format_ (ContentRegenerateFormat | Unset):
        idempotency_key (str | Unset):
        body (ContentRegenerateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ContentRegenerateResponse200 | Error | ErrorEnvelope | GenerationOutput
    """

    return (
        await asyncio_detailed(
            content_id=content_id,
            client=client,
            body=body,
            format_=format_,
            idempotency_key=idempotency_key,
        )
    ).parsed
