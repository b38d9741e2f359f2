"""LinkedIn: members (``urn:li:person:…``) and the organization pages they administer
(``urn:li:organization:…``), over the versioned REST API (``/rest``, ``LinkedIn-Version`` header,
Rest.li protocol 2.0.0).

Documented API used (https://learn.microsoft.com/en-us/linkedin/):
- OAuth 2.0 authorization code (https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow):
  ``/oauth/v2/authorization``, ``/oauth/v2/accessToken`` (client credentials in the form); access
  tokens live 60 days, refresh tokens (365 days) only for apps LinkedIn enabled them for
  (.../programmatic-refresh-tokens). PKCE is offered to native clients only, not to web apps.
- members: ``GET /v2/userinfo`` (OpenID Connect; https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2)
- pages: ``GET /rest/organizationAcls?q=roleAssignee`` and ``GET /rest/organizations/{id}``
  (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role)
- images: ``POST /rest/images?action=initializeUpload`` → ``PUT`` the bytes to ``uploadUrl`` → the
  ``urn:li:image`` (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api);
  videos: ``/rest/videos?action=initializeUpload`` → PUT each part → ``finalizeUpload`` with the ETags
  (.../videos-api)
- posts: ``POST /rest/posts``; the id comes back in ``x-restli-id``; a 422 "duplicate of <urn>"
  naming the author's own post of the last hour (``GET /rest/posts/{urn}``) is our earlier
  attempt; ``commentary`` is "little text", whose reserved characters are escaped (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api,
  .../little-text-format)
- metrics: ``GET /rest/socialActions/{urn}`` (likes, comments); pages:
  ``organizationalEntityShareStatistics`` (impressions, shares too); members: ``memberCreatorPostAnalytics``
  impressions when the token has ``r_member_postAnalytics``
- errors ``{"status", "serviceErrorCode", "code", "message"}``; 429 when a daily quota is spent
  (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits), with ``Retry-After`` when given.
"""

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx
from django.conf import settings

from apps.channels.networks.base import AccountAuth, MediaItem, Metrics, NetworkError, Profile, Published
from apps.channels.networks.common import (
    OAuthEndpoints,
    Tokens,
    bearer,
    body_of,
    download,
    raise_for_refusal,
    refresh_tokens,
    send,
)

MEMBER_SCOPES = ("openid", "profile", "email", "w_member_social")
ORGANIZATION_SCOPES = ("r_organization_admin", "w_organization_social", "r_organization_social")
DUPLICATE_OF = re.compile(r"duplicate of (urn:li:(?:share|ugcPost):\d+)")
DUPLICATE_LOOKBACK_SECONDS = 3600
LITTLE_TEXT_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def _reason(body: dict[str, Any]) -> str:
    return str(body.get("message") or body.get("error_description") or body.get("code") or "")


def _is_auth(status: int, body: dict[str, Any]) -> bool:
    return status == 401 or body.get("code") in {"INVALID_ACCESS_TOKEN", "REVOKED_ACCESS_TOKEN", "EXPIRED_ACCESS_TOKEN"}


def _check(response: httpx.Response) -> dict[str, Any]:
    raise_for_refusal(response, reason=_reason, is_auth=_is_auth)
    return body_of(response)


def rest(path: str) -> str:
    return f"{settings.LINKEDIN_API_BASE_URL}/rest{path}"


def headers(auth: AccountAuth) -> dict[str, str]:
    return {
        **bearer(auth.access_token),
        "LinkedIn-Version": settings.LINKEDIN_API_VERSION,
        "X-Restli-Protocol-Version": "2.0.0",
    }


def urn_path(urn: str) -> str:
    return quote(urn, safe="")


def oauth_endpoints(*, organizations: bool = False) -> OAuthEndpoints:
    scopes = MEMBER_SCOPES + (ORGANIZATION_SCOPES if organizations else ())
    return OAuthEndpoints(
        authorize_url=f"{settings.LINKEDIN_OAUTH_BASE_URL}/authorization",
        token_url=f"{settings.LINKEDIN_OAUTH_BASE_URL}/accessToken",
        revoke_url=f"{settings.LINKEDIN_OAUTH_BASE_URL}/revoke",
        scopes=scopes,
        pkce=False,
        token_auth="client_secret_post",
    )


async def refresh(*, refresh_token: str, client_id: str, client_secret: str, http: httpx.AsyncClient) -> Tokens:
    """New tokens from a refresh token (apps with programmatic refresh tokens only); a revoked or
    expired one → ``NetworkAuthError``."""
    url = f"{settings.LINKEDIN_OAUTH_BASE_URL}/accessToken"
    return await refresh_tokens(
        http, url, refresh_token=refresh_token, client_id=client_id, client_secret=client_secret, basic_auth=False
    )


def escape_little_text(text: str) -> str:
    """``commentary`` is little text: an unescaped reserved character cuts the post short."""
    return LITTLE_TEXT_RESERVED.sub(r"\\\1", text)


async def organizations(*, auth: AccountAuth, http: httpx.AsyncClient) -> list[Profile]:
    """The pages the member administers (to connect one as a channel)."""
    params = "q=roleAssignee&role=ADMINISTRATOR&state=APPROVED"
    body = _check(await send(http, "GET", rest(f"/organizationAcls?{params}"), headers=headers(auth)))
    urns = [str(e["organization"]) for e in body.get("elements", []) if e.get("organization")]
    return [await _organization(auth, urn, http) for urn in urns]


async def _organization(auth: AccountAuth, urn: str, http: httpx.AsyncClient) -> Profile:
    org_id = urn.rsplit(":", 1)[-1]
    body = _check(await send(http, "GET", rest(f"/organizations/{org_id}"), headers=headers(auth)))
    return Profile(
        account_id=urn,
        handle=str(body.get("vanityName") or org_id),
        display_name=str(body.get("localizedName") or ""),
    )


class LinkedIn:
    name = "linkedin"

    async def fetch_profile(self, *, auth: AccountAuth, http: httpx.AsyncClient) -> Profile:
        if auth.account_id.startswith("urn:li:organization:"):
            return await _organization(auth, auth.account_id, http)
        url = f"{settings.LINKEDIN_API_BASE_URL}/v2/userinfo"
        body = _check(await send(http, "GET", url, headers=bearer(auth.access_token)))
        return Profile(
            account_id=f"urn:li:person:{body['sub']}",
            handle=str(body.get("email") or body.get("name") or body["sub"]),
            display_name=str(body.get("name") or ""),
            avatar_url=str(body.get("picture") or ""),
        )

    async def publish(
        self, *, auth: AccountAuth, text: str, media: Sequence[MediaItem], http: httpx.AsyncClient
    ) -> Published:
        payload: dict[str, Any] = {
            "author": auth.account_id,
            "commentary": escape_little_text(text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if media:
            payload["content"] = await self._content(auth, media, http)
        response = await send(http, "POST", rest("/posts"), json=payload, headers=headers(auth))
        urn = await self._own_duplicate(auth, response, http) if response.status_code == 422 else None
        if urn is None:
            _check(response)
            urn = response.headers.get("x-restli-id") or response.headers.get("x-linkedin-id") or ""
        if not urn:
            raise NetworkError("LinkedIn answered without the post's id", code="network_unexpected")
        return Published(platform_post_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/")

    async def _own_duplicate(self, auth: AccountAuth, response: httpx.Response, http) -> str | None:
        """LinkedIn refuses a duplicate with "Content is a duplicate of urn:li:share:…": when that
        post is the author's, from the last hour, it is our earlier attempt whose answer was lost."""
        found = DUPLICATE_OF.search(_reason(body_of(response)))
        if not found:
            return None
        answer = await send(http, "GET", rest(f"/posts/{urn_path(found[1])}"), headers=headers(auth))
        post = body_of(answer) if answer.is_success else {}
        created_ms = int(post.get("createdAt") or 0)
        recent = created_ms / 1000 >= datetime.now(UTC).timestamp() - DUPLICATE_LOOKBACK_SECONDS
        return found[1] if post.get("author") == auth.account_id and recent else None

    async def _content(self, auth: AccountAuth, media: Sequence[MediaItem], http) -> dict[str, Any]:
        videos = [m for m in media if m.kind == "video"]
        if videos and len(media) > 1:
            raise NetworkError("LinkedIn takes one video alone, or images", code="media_refused", permanent=True)
        if videos:
            return {"media": {"id": await self._upload_video(auth, videos[0], http), "title": videos[0].alt_text}}
        images = [{"id": await self._upload_image(auth, item, http), "altText": item.alt_text} for item in media]
        return {"media": images[0]} if len(images) == 1 else {"multiImage": {"images": images}}

    async def _upload_image(self, auth: AccountAuth, item: MediaItem, http: httpx.AsyncClient) -> str:
        content = await download(http, item)
        init = {"initializeUploadRequest": {"owner": auth.account_id}}
        url = rest("/images?action=initializeUpload")
        value = _check(await send(http, "POST", url, json=init, headers=headers(auth)))["value"]
        put_headers = {**bearer(auth.access_token), "Content-Type": item.mime_type}
        _check(await send(http, "PUT", value["uploadUrl"], content=content, headers=put_headers))
        return str(value["image"])

    async def _upload_video(self, auth: AccountAuth, item: MediaItem, http: httpx.AsyncClient) -> str:
        content = await download(http, item)
        init = {"initializeUploadRequest": {"owner": auth.account_id, "fileSizeBytes": len(content)}}
        init["initializeUploadRequest"] |= {"uploadCaptions": False, "uploadThumbnail": False}
        url = rest("/videos?action=initializeUpload")
        value = _check(await send(http, "POST", url, json=init, headers=headers(auth)))["value"]
        etags = []
        for part in value["uploadInstructions"]:
            chunk = content[int(part["firstByte"]) : int(part["lastByte"]) + 1]
            put_headers = {**bearer(auth.access_token), "Content-Type": "application/octet-stream"}
            response = await send(http, "PUT", part["uploadUrl"], content=chunk, headers=put_headers)
            _check(response)
            etags.append(response.headers.get("etag", ""))
        final = {"video": value["video"], "uploadToken": value.get("uploadToken", ""), "uploadedPartIds": etags}
        url = rest("/videos?action=finalizeUpload")
        _check(await send(http, "POST", url, json={"finalizeUploadRequest": final}, headers=headers(auth)))
        return str(value["video"])

    async def read_metrics(self, *, auth: AccountAuth, platform_post_id: str, http: httpx.AsyncClient) -> Metrics:
        if auth.account_id.startswith("urn:li:organization:"):
            return await self._organization_metrics(auth, platform_post_id, http)
        url = rest(f"/socialActions/{urn_path(platform_post_id)}")
        body = _check(await send(http, "GET", url, headers=headers(auth)))
        return Metrics(
            likes=int((body.get("likesSummary") or {}).get("totalLikes") or 0),
            replies=int((body.get("commentsSummary") or {}).get("aggregatedTotalComments") or 0),
            impressions=await self._member_impressions(auth, platform_post_id, http),
        )

    async def _member_impressions(self, auth: AccountAuth, urn: str, http: httpx.AsyncClient) -> int | None:
        """Only with ``r_member_postAnalytics``; without it LinkedIn answers 403 and we have none."""
        kind = "ugcPost" if ":ugcPost:" in urn else "share"
        query = f"q=entity&entity=({kind}:{urn_path(urn)})&queryType=IMPRESSION&aggregation=TOTAL"
        response = await send(http, "GET", rest(f"/memberCreatorPostAnalytics?{query}"), headers=headers(auth))
        if response.status_code == 403:
            return None
        elements = _check(response).get("elements") or []
        return int(elements[0].get("count") or 0) if elements else None

    async def _organization_metrics(self, auth: AccountAuth, urn: str, http: httpx.AsyncClient) -> Metrics:
        kind = "ugcPosts" if ":ugcPost:" in urn else "shares"
        query = f"q=organizationalEntity&organizationalEntity={urn_path(auth.account_id)}&{kind}=List({urn_path(urn)})"
        url = rest(f"/organizationalEntityShareStatistics?{query}")
        elements = _check(await send(http, "GET", url, headers=headers(auth))).get("elements") or []
        stats = (elements[0].get("totalShareStatistics") or {}) if elements else {}
        return Metrics(
            likes=int(stats.get("likeCount") or 0),
            reposts=int(stats.get("shareCount") or 0),
            replies=int(stats.get("commentCount") or 0),
            impressions=int(stats["impressionCount"]) if "impressionCount" in stats else None,
        )
