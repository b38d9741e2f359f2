from typing import Literal

CsvContentExportPlatform = Literal["bluesky", "facebook", "instagram", "linkedin", "mastodon", "threads", "twitter"]

CSV_CONTENT_EXPORT_PLATFORM_VALUES: set[CsvContentExportPlatform] = {
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "threads",
    "twitter",
}


def check_csv_content_export_platform(value: str) -> CsvContentExportPlatform:
    if value in CSV_CONTENT_EXPORT_PLATFORM_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CSV_CONTENT_EXPORT_PLATFORM_VALUES!r}")
