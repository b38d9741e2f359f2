from typing import Literal

AnalyticsQuotaGranularity = Literal["day", "week"]

ANALYTICS_QUOTA_GRANULARITY_VALUES: set[AnalyticsQuotaGranularity] = {
    "day",
    "week",
}


def check_analytics_quota_granularity(value: str) -> AnalyticsQuotaGranularity:
    if value in ANALYTICS_QUOTA_GRANULARITY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ANALYTICS_QUOTA_GRANULARITY_VALUES!r}")
