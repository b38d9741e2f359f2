from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.scheduled_post_import_form_request import ScheduledPostImportFormRequest
from ...models.scheduled_post_import_output import ScheduledPostImportOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ScheduledPostImportFormRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/csv/scheduled-posts/import/",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | ScheduledPostImportOutput | None:
    if response.status_code == 200:
        response_200 = ScheduledPostImportOutput.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ScheduledPostImportOutput.from_dict(response.json())

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
        response_413 = ErrorEnvelope.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | ScheduledPostImportOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ScheduledPostImportFormRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | ScheduledPostImportOutput]:
    """Schedule posts from a CSV file (all or nothing)

     Editor or higher. Every row is validated (workspace, content or text, platform, time, length as the
    network counts it, duplicates within the file) and the posts quota is checked for the whole file;
    then every row is scheduled in one transaction, or none is. Columns and rules: docs/csv.md.

    Args:
        idempotency_key (str | Unset):
        body (ScheduledPostImportFormRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | ScheduledPostImportOutput]
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
    body: ScheduledPostImportFormRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | ErrorEnvelope | ScheduledPostImportOutput | None:
    """Schedule posts from a CSV file (all or nothing)

     Editor or higher. Every row is validated (workspace, content or text, platform, time, length as the
    network counts it, duplicates within the file) and the posts quota is checked for the whole file;
    then every row is scheduled in one transaction, or none is. Columns and rules: docs/csv.md.

    Args:
        idempotency_key (str | Unset):
        body (ScheduledPostImportFormRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | ScheduledPostImportOutput
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ScheduledPostImportFormRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | ErrorEnvelope | ScheduledPostImportOutput]:
    """Schedule posts from a CSV file (all or nothing)

     Editor or higher. Every row is validated (workspace, content or text, platform, time, length as the
    network counts it, duplicates within the file) and the posts quota is checked for the whole file;
    then every row is scheduled in one transaction, or none is. Columns and rules: docs/csv.md.

    Args:
        idempotency_key (str | Unset):
        body (ScheduledPostImportFormRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | ScheduledPostImportOutput]
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
    body: ScheduledPostImportFormRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | ErrorEnvelope | ScheduledPostImportOutput | None:
    """Schedule posts from a CSV file (all or nothing)

     Editor or higher. Every row is validated (workspace, content or text, platform, time, length as the
    network counts it, duplicates within the file) and the posts quota is checked for the whole file;
    then every row is scheduled in one transaction, or none is. Columns and rules: docs/csv.md.

    Args:
        idempotency_key (str | Unset):
        body (ScheduledPostImportFormRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | ScheduledPostImportOutput
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
