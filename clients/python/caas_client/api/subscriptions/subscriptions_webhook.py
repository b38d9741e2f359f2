from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.error_envelope import ErrorEnvelope
from ...models.stripe_event_request import StripeEventRequest
from ...models.stripe_webhook_output import StripeWebhookOutput
from ...types import Response


def _get_kwargs(
    *,
    body: StripeEventRequest,
    stripe_signature: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Stripe-Signature"] = stripe_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/subscriptions/webhook/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ErrorEnvelope | StripeWebhookOutput | None:
    if response.status_code == 200:
        response_200 = StripeWebhookOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 408:
        response_408 = Error.from_dict(response.json())

        return response_408

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

    if response.status_code == 503:
        response_503 = ErrorEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ErrorEnvelope | StripeWebhookOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StripeEventRequest,
    stripe_signature: str,
) -> Response[Error | ErrorEnvelope | StripeWebhookOutput]:
    """Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)

     Handles checkout.session.completed, customer.subscription.created/updated/deleted, invoice.paid and
    invoice.payment_failed. Every event id is applied once; older events never overwrite newer state;
    other types, unknown customers and duplicates answer 200 and change nothing.

    Args:
        stripe_signature (str):
        body (StripeEventRequest): What Stripe sends (the fields we read); documentation only: the
            view reads the raw, signed body.
            Anything else in a signed body is a 400 malformed_request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | StripeWebhookOutput]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: StripeEventRequest,
    stripe_signature: str,
) -> Error | ErrorEnvelope | StripeWebhookOutput | None:
    """Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)

     Handles checkout.session.completed, customer.subscription.created/updated/deleted, invoice.paid and
    invoice.payment_failed. Every event id is applied once; older events never overwrite newer state;
    other types, unknown customers and duplicates answer 200 and change nothing.

    Args:
        stripe_signature (str):
        body (StripeEventRequest): What Stripe sends (the fields we read); documentation only: the
            view reads the raw, signed body.
            Anything else in a signed body is a 400 malformed_request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | StripeWebhookOutput
    """

    return sync_detailed(
        client=client,
        body=body,
        stripe_signature=stripe_signature,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StripeEventRequest,
    stripe_signature: str,
) -> Response[Error | ErrorEnvelope | StripeWebhookOutput]:
    """Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)

     Handles checkout.session.completed, customer.subscription.created/updated/deleted, invoice.paid and
    invoice.payment_failed. Every event id is applied once; older events never overwrite newer state;
    other types, unknown customers and duplicates answer 200 and change nothing.

    Args:
        stripe_signature (str):
        body (StripeEventRequest): What Stripe sends (the fields we read); documentation only: the
            view reads the raw, signed body.
            Anything else in a signed body is a 400 malformed_request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ErrorEnvelope | StripeWebhookOutput]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: StripeEventRequest,
    stripe_signature: str,
) -> Error | ErrorEnvelope | StripeWebhookOutput | None:
    """Stripe webhook endpoint (signed with STRIPE_WEBHOOK_SECRET)

     Handles checkout.session.completed, customer.subscription.created/updated/deleted, invoice.paid and
    invoice.payment_failed. Every event id is applied once; older events never overwrite newer state;
    other types, unknown customers and duplicates answer 200 and change nothing.

    Args:
        stripe_signature (str):
        body (StripeEventRequest): What Stripe sends (the fields we read); documentation only: the
            view reads the raw, signed body.
            Anything else in a signed body is a 400 malformed_request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ErrorEnvelope | StripeWebhookOutput
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            stripe_signature=stripe_signature,
        )
    ).parsed
