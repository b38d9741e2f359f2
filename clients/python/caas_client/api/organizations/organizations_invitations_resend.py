from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.invitation_output import InvitationOutput
from ...types import Response


def _get_kwargs(
    id: UUID,
    invitation_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/organizations/{id}/invitations/{invitation_id}/resend/".format(
            id=quote(str(id), safe=""),
            invitation_id=quote(str(invitation_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | InvitationOutput | None:
    if response.status_code == 200:
        response_200 = InvitationOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

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
) -> Response[Error | ErrorEnvelope | InvitationOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    invitation_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Error | ErrorEnvelope | InvitationOutput]:
    """Send a pending invitation's email again (admin or owner), e.g. when `email_status` is `failed`. A
    new token is issued: the links of earlier emails stop working at once; the invitation is valid 7
    days from now.

    Args:
        id (UUID):
        invitation_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | InvitationOutput]
    """

    kwargs = _get_kwargs(
        id=id,
        invitation_id=invitation_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    invitation_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Error | ErrorEnvelope | InvitationOutput | None:
    """Send a pending invitation's email again (admin or owner), e.g. when `email_status` is `failed`. A
    new token is issued: the links of earlier emails stop working at once; the invitation is valid 7
    days from now.

    Args:
        id (UUID):
        invitation_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | InvitationOutput
    """

    return sync_detailed(
        id=id,
        invitation_id=invitation_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    invitation_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Error | ErrorEnvelope | InvitationOutput]:
    """Send a pending invitation's email again (admin or owner), e.g. when `email_status` is `failed`. A
    new token is issued: the links of earlier emails stop working at once; the invitation is valid 7
    days from now.

    Args:
        id (UUID):
        invitation_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | InvitationOutput]
    """

    kwargs = _get_kwargs(
        id=id,
        invitation_id=invitation_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    invitation_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Error | ErrorEnvelope | InvitationOutput | None:
    """Send a pending invitation's email again (admin or owner), e.g. when `email_status` is `failed`. A
    new token is issued: the links of earlier emails stop working at once; the invitation is valid 7
    days from now.

    Args:
        id (UUID):
        invitation_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | InvitationOutput
    """

    return (
        await asyncio_detailed(
            id=id,
            invitation_id=invitation_id,
            client=client,
        )
    ).parsed
