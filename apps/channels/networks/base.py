"""The seam between channels (who owns which account and its tokens: ``apps.channels``) and the
networks (how each network's API is spoken: one module per network in this package).

A network module knows URLs, payloads, media upload, error shapes and rate-limit headers of one
network; it never reads the database nor decrypts a token. The channel side hands it an
``AccountAuth`` (a live access token, decrypted just before the call) and gets plain values back.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import httpx


@dataclass(frozen=True)
class AccountAuth:
    network: str  # "x" | "linkedin" | "mastodon" | "bluesky"
    access_token: str  # a bearer token (Bluesky: the session's access JWT or an app password session)
    account_id: str  # the network's id: X user id, LinkedIn URN, Mastodon account id, Bluesky DID
    instance_url: str = ""  # Mastodon instance or Bluesky PDS base URL; "" = the network's default
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MediaItem:
    kind: str  # "image" | "video"
    mime_type: str
    url: str  # a download link valid until the post is out
    alt_text: str = ""
    size: int = 0
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Profile:
    account_id: str
    handle: str
    display_name: str = ""
    avatar_url: str = ""


@dataclass(frozen=True)
class Published:
    platform_post_id: str
    url: str  # the post's public URL


@dataclass(frozen=True)
class Metrics:
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    impressions: int | None = None  # None where the network does not give it


class NetworkError(Exception):
    """A network refused or failed. ``permanent``: retrying the same request cannot succeed (the
    post fails with ``message``, the network's reason). ``retry_after``: seconds the network asked
    us to wait (429 / rate-limit headers)."""

    def __init__(
        self, message: str, *, code: str = "network_error", permanent: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.permanent = permanent
        self.retry_after = retry_after


class NetworkAuthError(NetworkError):
    """The token was refused (revoked, expired beyond refresh, app removed): the channel turns
    ``reconnect_required``."""

    def __init__(self, message: str, *, code: str = "network_auth_refused") -> None:
        super().__init__(message, code=code, permanent=True)


class Network(Protocol):
    name: str

    async def fetch_profile(self, *, auth: AccountAuth, http: httpx.AsyncClient) -> Profile: ...

    async def publish(
        self, *, auth: AccountAuth, text: str, media: Sequence[MediaItem], http: httpx.AsyncClient
    ) -> Published: ...

    async def read_metrics(self, *, auth: AccountAuth, platform_post_id: str, http: httpx.AsyncClient) -> Metrics: ...
