from typing import Literal

CsvScheduledPostsExportStatus = Literal["cancelled", "failed", "pending", "published", "queued"]

CSV_SCHEDULED_POSTS_EXPORT_STATUS_VALUES: set[CsvScheduledPostsExportStatus] = {
    "cancelled",
    "failed",
    "pending",
    "published",
    "queued",
}


def check_csv_scheduled_posts_export_status(value: str) -> CsvScheduledPostsExportStatus:
    if value in CSV_SCHEDULED_POSTS_EXPORT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CSV_SCHEDULED_POSTS_EXPORT_STATUS_VALUES!r}")
