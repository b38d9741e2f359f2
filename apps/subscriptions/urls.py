"""Routes of /api/v1/subscriptions/."""

from django.urls import path

from apps.subscriptions import apis

app_name = "subscriptions"

urlpatterns = [
    path("", apis.SubscriptionDetailApi.as_view(), name="detail"),
    path("plans/", apis.PlanListApi.as_view(), name="plans"),
    path("create-checkout-session/", apis.CheckoutSessionCreateApi.as_view(), name="checkout-session"),
    path("portal-session/", apis.PortalSessionCreateApi.as_view(), name="portal-session"),
    path("webhook/", apis.StripeWebhookApi.as_view(), name="webhook"),
]
