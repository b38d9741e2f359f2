from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ai_provider_enum import AiProviderEnum, check_ai_provider_enum
from ..models.tone_enum import ToneEnum, check_tone_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attachment_input_request import AttachmentInputRequest


T = TypeVar("T", bound="ContentRegenerateInputRequest")


@_attrs_define
class ContentRegenerateInputRequest:
    """
    Attributes:
        modifications (str | Unset):  Default: ''.
        tone (None | ToneEnum | Unset):
        audience (None | str | Unset):
        ai_provider (AiProviderEnum | None | Unset):
        stream (bool | Unset):  Default: False.
        media (list[AttachmentInputRequest] | Unset): Attachments, in order: [{id, alt_text}] (media of the content's
            workspace, ready; at most 20). Omitted: a new version keeps the previous version's; [] removes them.
    """

    modifications: str | Unset = ""
    tone: None | ToneEnum | Unset = UNSET
    audience: None | str | Unset = UNSET
    ai_provider: AiProviderEnum | None | Unset = UNSET
    stream: bool | Unset = False
    media: list[AttachmentInputRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        modifications = self.modifications

        tone: None | str | Unset
        if isinstance(self.tone, Unset):
            tone = UNSET
        elif isinstance(self.tone, str):
            tone = self.tone
        else:
            tone = self.tone

        audience: None | str | Unset
        if isinstance(self.audience, Unset):
            audience = UNSET
        else:
            audience = self.audience

        ai_provider: None | str | Unset
        if isinstance(self.ai_provider, Unset):
            ai_provider = UNSET
        elif isinstance(self.ai_provider, str):
            ai_provider = self.ai_provider
        else:
            ai_provider = self.ai_provider

        stream = self.stream

        media: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.media, Unset):
            media = []
            for media_item_data in self.media:
                media_item = media_item_data.to_dict()
                media.append(media_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if modifications is not UNSET:
            field_dict["modifications"] = modifications
        if tone is not UNSET:
            field_dict["tone"] = tone
        if audience is not UNSET:
            field_dict["audience"] = audience
        if ai_provider is not UNSET:
            field_dict["ai_provider"] = ai_provider
        if stream is not UNSET:
            field_dict["stream"] = stream
        if media is not UNSET:
            field_dict["media"] = media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_input_request import AttachmentInputRequest  # noqa: PLC0415

        d = dict(src_dict)
        modifications = d.pop("modifications", UNSET)

        def _parse_tone(data: object) -> None | ToneEnum | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tone_type_0 = check_tone_enum(data)

                return tone_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ToneEnum | Unset, data)

        tone = _parse_tone(d.pop("tone", UNSET))

        def _parse_audience(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        audience = _parse_audience(d.pop("audience", UNSET))

        def _parse_ai_provider(data: object) -> AiProviderEnum | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ai_provider_type_0 = check_ai_provider_enum(data)

                return ai_provider_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AiProviderEnum | None | Unset, data)

        ai_provider = _parse_ai_provider(d.pop("ai_provider", UNSET))

        stream = d.pop("stream", UNSET)

        _media = d.pop("media", UNSET)
        media: list[AttachmentInputRequest] | Unset = UNSET
        if _media is not UNSET:
            media = []
            for media_item_data in _media:
                media_item = AttachmentInputRequest.from_dict(media_item_data)

                media.append(media_item)

        content_regenerate_input_request = cls(
            modifications=modifications,
            tone=tone,
            audience=audience,
            ai_provider=ai_provider,
            stream=stream,
            media=media,
        )

        content_regenerate_input_request.additional_properties = d
        return content_regenerate_input_request

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
