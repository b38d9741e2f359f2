"""Billing errors: specific codes on top of the common domain exceptions."""

from apps.common.exceptions import Conflict, ServiceNotConfigured, UpstreamError, ValidationFailed


class SubscriptionStillActive(Conflict):
    """The guard subscriptions registers for organization deletion (``apps.subscriptions.hooks``)."""

    code = "subscription_active"
    default_message = "Cancel the organization's paid subscription before deleting it."


class BillingNotConfigured(ServiceNotConfigured):
    code = "billing_not_configured"
    default_message = "Billing is not configured on this server."


class PlanNotPurchasable(ValidationFailed):
    code = "plan_not_purchasable"
    default_message = "This plan cannot be bought through checkout."


class AlreadySubscribed(Conflict):
    code = "already_subscribed"
    default_message = (
        "This organization already has a paid subscription. Change or cancel it in the customer portal "
        "(POST /api/v1/subscriptions/portal-session/)."
    )


class NoBillingAccount(Conflict):
    code = "no_billing_account"
    default_message = "This organization has no billing account yet. Start a checkout first."


class StripeUnavailable(UpstreamError):
    code = "stripe_error"
    default_message = "The payment provider could not process the request. Try again later."


class WebhookSignatureInvalid(ValidationFailed):
    code = "invalid_signature"
    default_message = "The Stripe-Signature header is missing, invalid or too old."


class WebhookPayloadInvalid(ValidationFailed):
    code = "malformed_request"
    default_message = "The webhook body is not a valid Stripe event."
