from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ai_provider_enum import AiProviderEnum, check_ai_provider_enum
from ..models.shape_enum import ShapeEnum, check_shape_enum
from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaGenerateInputRequest")


@_attrs_define
class MediaGenerateInputRequest:
    """
    Attributes:
        workspace_id (UUID): The workspace whose media library gets the image.
        prompt (str): What the image shows.
        shape (ShapeEnum | Unset): * `square` - square
            * `landscape` - landscape
            * `portrait` - portrait Default: 'square'.
        alt_text (str | Unset):  Default: ''.
        ai_provider (AiProviderEnum | None | Unset): Omit for the server's default (OpenAI if configured, else Gemini,
            else offline).

            * `openai` - openai
            * `gemini` - gemini
            * `offline` - offline
    """

    workspace_id: UUID
    prompt: str
    shape: ShapeEnum | Unset = "square"
    alt_text: str | Unset = ""
    ai_provider: AiProviderEnum | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        workspace_id = str(self.workspace_id)

        prompt = self.prompt

        shape: str | Unset = UNSET
        if not isinstance(self.shape, Unset):
            shape = self.shape

        alt_text = self.alt_text

        ai_provider: None | str | Unset
        if isinstance(self.ai_provider, Unset):
            ai_provider = UNSET
        elif isinstance(self.ai_provider, str):
            ai_provider = self.ai_provider
        else:
            ai_provider = self.ai_provider

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "workspace_id": workspace_id,
                "prompt": prompt,
            }
        )
        if shape is not UNSET:
            field_dict["shape"] = shape
        if alt_text is not UNSET:
            field_dict["alt_text"] = alt_text
        if ai_provider is not UNSET:
            field_dict["ai_provider"] = ai_provider

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        workspace_id = UUID(d.pop("workspace_id"))

        prompt = d.pop("prompt")

        _shape = d.pop("shape", UNSET)
        shape: ShapeEnum | Unset
        if isinstance(_shape, Unset):
            shape = UNSET
        else:
            shape = check_shape_enum(_shape)

        alt_text = d.pop("alt_text", UNSET)

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

        media_generate_input_request = cls(
            workspace_id=workspace_id,
            prompt=prompt,
            shape=shape,
            alt_text=alt_text,
            ai_provider=ai_provider,
        )

        media_generate_input_request.additional_properties = d
        return media_generate_input_request

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
