from typing import Literal

AnalyticsGenerationGranularity = Literal["day", "week"]

ANALYTICS_GENERATION_GRANULARITY_VALUES: set[AnalyticsGenerationGranularity] = {
    "day",
    "week",
}


def check_analytics_generation_granularity(value: str) -> AnalyticsGenerationGranularity:
    if value in ANALYTICS_GENERATION_GRANULARITY_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ANALYTICS_GENERATION_GRANULARITY_VALUES!r}")
