from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform_enum import PlatformEnum, check_platform_enum
from ..models.tone_enum import ToneEnum, check_tone_enum

if TYPE_CHECKING:
    from ..models.attachment_output import AttachmentOutput
    from ..models.brand_warning import BrandWarning


T = TypeVar("T", bound="GenerationOutput")


@_attrs_define
class GenerationOutput:
    """The answer of generate and regenerate (and the ``done`` event of a stream).

    Attributes:
        id (UUID): Content id.
        generated_text (str): The current text (fits the platform's limit).
        tokens_used (int): Provider-reported total tokens of this version's call(s).
        version (int):
        version_id (UUID):
        provider (str): Provider actually used: openai, gemini or offline.
        requested_provider (str):
        fallback_used (bool):
        model (str):
        prompt_tokens (int):
        completion_tokens (int):
        usage_estimated (bool): True when the provider reported no usage (see docs).
        shortened (bool): The provider was asked once more to shorten the text.
        truncated (bool): The text was cut at a word boundary to fit the platform.
        platform (PlatformEnum): * `twitter` - Twitter / X
            * `linkedin` - LinkedIn
            * `instagram` - Instagram
            * `facebook` - Facebook
            * `threads` - Threads
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        platform_limit (int): Same as limit.
        length (int): The text's length as the platform counts it (X: weighted, links 23; see docs/content.md).
        limit (int): The platform's limit, in the same unit as length.
        tone (ToneEnum): * `professional` - Professional
            * `casual` - Casual
            * `friendly` - Friendly
            * `humorous` - Humorous
            * `inspirational` - Inspirational
            * `persuasive` - Persuasive
            * `informative` - Informative
            * `enthusiastic` - Enthusiastic
        audience (str):
        organization_id (UUID):
        workspace_id (UUID):
        latency_ms (int):
        created_at (datetime.datetime):
        brand_voice_revision (int | None): The workspace's brand voice revision in the prompt; null when it has none.
        brand_warnings (list[BrandWarning]): What the brand voice's rules could not enforce (docs/brand.md); empty when
            all held.
        media (list[AttachmentOutput]): This version's attachments, in order.
    """

    id: UUID
    generated_text: str
    tokens_used: int
    version: int
    version_id: UUID
    provider: str
    requested_provider: str
    fallback_used: bool
    model: str
    prompt_tokens: int
    completion_tokens: int
    usage_estimated: bool
    shortened: bool
    truncated: bool
    platform: PlatformEnum
    platform_limit: int
    length: int
    limit: int
    tone: ToneEnum
    audience: str
    organization_id: UUID
    workspace_id: UUID
    latency_ms: int
    created_at: datetime.datetime
    brand_voice_revision: int | None
    brand_warnings: list[BrandWarning]
    media: list[AttachmentOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        generated_text = self.generated_text

        tokens_used = self.tokens_used

        version = self.version

        version_id = str(self.version_id)

        provider = self.provider

        requested_provider = self.requested_provider

        fallback_used = self.fallback_used

        model = self.model

        prompt_tokens = self.prompt_tokens

        completion_tokens = self.completion_tokens

        usage_estimated = self.usage_estimated

        shortened = self.shortened

        truncated = self.truncated

        platform: str = self.platform

        platform_limit = self.platform_limit

        length = self.length

        limit = self.limit

        tone: str = self.tone

        audience = self.audience

        organization_id = str(self.organization_id)

        workspace_id = str(self.workspace_id)

        latency_ms = self.latency_ms

        created_at = self.created_at.isoformat()

        brand_voice_revision: int | None
        brand_voice_revision = self.brand_voice_revision

        brand_warnings = []
        for brand_warnings_item_data in self.brand_warnings:
            brand_warnings_item = brand_warnings_item_data.to_dict()
            brand_warnings.append(brand_warnings_item)

        media = []
        for media_item_data in self.media:
            media_item = media_item_data.to_dict()
            media.append(media_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "generated_text": generated_text,
                "tokens_used": tokens_used,
                "version": version,
                "version_id": version_id,
                "provider": provider,
                "requested_provider": requested_provider,
                "fallback_used": fallback_used,
                "model": model,
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "usage_estimated": usage_estimated,
                "shortened": shortened,
                "truncated": truncated,
                "platform": platform,
                "platform_limit": platform_limit,
                "length": length,
                "limit": limit,
                "tone": tone,
                "audience": audience,
                "organization_id": organization_id,
                "workspace_id": workspace_id,
                "latency_ms": latency_ms,
                "created_at": created_at,
                "brand_voice_revision": brand_voice_revision,
                "brand_warnings": brand_warnings,
                "media": media,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_output import AttachmentOutput  # noqa: PLC0415
        from ..models.brand_warning import BrandWarning  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        generated_text = d.pop("generated_text")

        tokens_used = d.pop("tokens_used")

        version = d.pop("version")

        version_id = UUID(d.pop("version_id"))

        provider = d.pop("provider")

        requested_provider = d.pop("requested_provider")

        fallback_used = d.pop("fallback_used")

        model = d.pop("model")

        prompt_tokens = d.pop("prompt_tokens")

        completion_tokens = d.pop("completion_tokens")

        usage_estimated = d.pop("usage_estimated")

        shortened = d.pop("shortened")

        truncated = d.pop("truncated")

        platform = check_platform_enum(d.pop("platform"))

        platform_limit = d.pop("platform_limit")

        length = d.pop("length")

        limit = d.pop("limit")

        tone = check_tone_enum(d.pop("tone"))

        audience = d.pop("audience")

        organization_id = UUID(d.pop("organization_id"))

        workspace_id = UUID(d.pop("workspace_id"))

        latency_ms = d.pop("latency_ms")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_brand_voice_revision(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        brand_voice_revision = _parse_brand_voice_revision(d.pop("brand_voice_revision"))

        brand_warnings = []
        _brand_warnings = d.pop("brand_warnings")
        for brand_warnings_item_data in _brand_warnings:
            brand_warnings_item = BrandWarning.from_dict(brand_warnings_item_data)

            brand_warnings.append(brand_warnings_item)

        media = []
        _media = d.pop("media")
        for media_item_data in _media:
            media_item = AttachmentOutput.from_dict(media_item_data)

            media.append(media_item)

        generation_output = cls(
            id=id,
            generated_text=generated_text,
            tokens_used=tokens_used,
            version=version,
            version_id=version_id,
            provider=provider,
            requested_provider=requested_provider,
            fallback_used=fallback_used,
            model=model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            usage_estimated=usage_estimated,
            shortened=shortened,
            truncated=truncated,
            platform=platform,
            platform_limit=platform_limit,
            length=length,
            limit=limit,
            tone=tone,
            audience=audience,
            organization_id=organization_id,
            workspace_id=workspace_id,
            latency_ms=latency_ms,
            created_at=created_at,
            brand_voice_revision=brand_voice_revision,
            brand_warnings=brand_warnings,
            media=media,
        )

        generation_output.additional_properties = d
        return generation_output

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
