from typing import Literal

CsvScheduledPostsExportPlatform = Literal[
    "bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "twitter"
]

CSV_SCHEDULED_POSTS_EXPORT_PLATFORM_VALUES: set[CsvScheduledPostsExportPlatform] = {
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "threads",
    "twitter",
}


def check_csv_scheduled_posts_export_platform(value: str) -> CsvScheduledPostsExportPlatform:
    if value in CSV_SCHEDULED_POSTS_EXPORT_PLATFORM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CSV_SCHEDULED_POSTS_EXPORT_PLATFORM_VALUES!r}")
