"""Fixtures of the media tests: every one runs against the real S3-compatible server
(``media_s3``: tests/support/s3.py); ``team`` is the shared one of tests/support/fixtures.py."""

import pytest


@pytest.fixture(autouse=True)
def _media_on_s3(media_s3):
    return media_s3
