from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.attachment_output import AttachmentOutput
    from ..models.version_output_parameters import VersionOutputParameters


T = TypeVar("T", bound="VersionOutput")


@_attrs_define
class VersionOutput:
    """
    Attributes:
        id (UUID):
        version (int):
        generated_text (str): This version's text.
        source (str): generated, regenerated or manual_edit.
        provider (str): openai, gemini, offline; empty for manual edits.
        model (str):
        parameters (VersionOutputParameters): Request parameters and the provider call(s) made.
        prompt_tokens (int):
        completion_tokens (int):
        tokens_used (int): 0 for a manual edit.
        latency_ms (int):
        truncated (bool):
        created_by (None | UUID):
        created_by_email (None | str):
        created_at (datetime.datetime):
        length (int): The text's length as the platform counts it (X: weighted, links 23; see docs/content.md).
        limit (int): The platform's limit, in the same unit as length.
        media (list[AttachmentOutput]): This version's attachments, in order.
    """

    id: UUID
    version: int
    generated_text: str
    source: str
    provider: str
    model: str
    parameters: VersionOutputParameters
    prompt_tokens: int
    completion_tokens: int
    tokens_used: int
    latency_ms: int
    truncated: bool
    created_by: None | UUID
    created_by_email: None | str
    created_at: datetime.datetime
    length: int
    limit: int
    media: list[AttachmentOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        version = self.version

        generated_text = self.generated_text

        source = self.source

        provider = self.provider

        model = self.model

        parameters = self.parameters.to_dict()

        prompt_tokens = self.prompt_tokens

        completion_tokens = self.completion_tokens

        tokens_used = self.tokens_used

        latency_ms = self.latency_ms

        truncated = self.truncated

        created_by: None | str
        if isinstance(self.created_by, UUID):
            created_by = str(self.created_by)
        else:
            created_by = self.created_by

        created_by_email: None | str
        created_by_email = self.created_by_email

        created_at = self.created_at.isoformat()

        length = self.length

        limit = self.limit

        media = []
        for media_item_data in self.media:
            media_item = media_item_data.to_dict()
            media.append(media_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "version": version,
                "generated_text": generated_text,
                "source": source,
                "provider": provider,
                "model": model,
                "parameters": parameters,
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "tokens_used": tokens_used,
                "latency_ms": latency_ms,
                "truncated": truncated,
                "created_by": created_by,
                "created_by_email": created_by_email,
                "created_at": created_at,
                "length": length,
                "limit": limit,
                "media": media,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_output import AttachmentOutput  # noqa: PLC0415
        from ..models.version_output_parameters import VersionOutputParameters  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        version = d.pop("version")

        generated_text = d.pop("generated_text")

        source = d.pop("source")

        provider = d.pop("provider")

        model = d.pop("model")

        parameters = VersionOutputParameters.from_dict(d.pop("parameters"))

        prompt_tokens = d.pop("prompt_tokens")

        completion_tokens = d.pop("completion_tokens")

        tokens_used = d.pop("tokens_used")

        latency_ms = d.pop("latency_ms")

        truncated = d.pop("truncated")

        def _parse_created_by(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_by_type_0 = UUID(data)

                return created_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        created_by = _parse_created_by(d.pop("created_by"))

        def _parse_created_by_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by_email = _parse_created_by_email(d.pop("created_by_email"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        length = d.pop("length")

        limit = d.pop("limit")

        media = []
        _media = d.pop("media")
        for media_item_data in _media:
            media_item = AttachmentOutput.from_dict(media_item_data)

            media.append(media_item)

        version_output = cls(
            id=id,
            version=version,
            generated_text=generated_text,
            source=source,
            provider=provider,
            model=model,
            parameters=parameters,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            tokens_used=tokens_used,
            latency_ms=latency_ms,
            truncated=truncated,
            created_by=created_by,
            created_by_email=created_by_email,
            created_at=created_at,
            length=length,
            limit=limit,
            media=media,
        )

        version_output.additional_properties = d
        return version_output

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
