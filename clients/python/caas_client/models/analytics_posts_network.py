from typing import Literal

AnalyticsPostsNetwork = Literal["bluesky", "linkedin", "mastodon", "x"]

ANALYTICS_POSTS_NETWORK_VALUES: set[AnalyticsPostsNetwork] = {
    "bluesky",
    "linkedin",
    "mastodon",
    "x",
}


def check_analytics_posts_network(value: str) -> AnalyticsPostsNetwork:
    if value in ANALYTICS_POSTS_NETWORK_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ANALYTICS_POSTS_NETWORK_VALUES!r}")
