"""Routes of /api/v1/subscriptions/."""

app_name = "subscriptions"

urlpatterns: list = []
