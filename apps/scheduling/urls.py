"""Routes of /api/v1/scheduling/."""

app_name = "scheduling"

urlpatterns: list = []
