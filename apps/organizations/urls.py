"""Routes of /api/v1/organizations/."""

app_name = "organizations"

urlpatterns: list = []
