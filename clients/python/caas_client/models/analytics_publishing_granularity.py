from typing import Literal

AnalyticsPublishingGranularity = Literal["day", "week"]

ANALYTICS_PUBLISHING_GRANULARITY_VALUES: set[AnalyticsPublishingGranularity] = {
    "day",
    "week",
}


def check_analytics_publishing_granularity(value: str) -> AnalyticsPublishingGranularity:
    if value in ANALYTICS_PUBLISHING_GRANULARITY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ANALYTICS_PUBLISHING_GRANULARITY_VALUES!r}")
