"""Routes of /api/v1/content/."""

app_name = "content"

urlpatterns: list = []
