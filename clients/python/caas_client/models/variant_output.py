from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.platform_enum import PlatformEnum, check_platform_enum
from ..models.variant_output_status_enum import VariantOutputStatusEnum, check_variant_output_status_enum

if TYPE_CHECKING:
    from ..models.variant_output_serializer_error import VariantOutputSerializerError


T = TypeVar("T", bound="VariantOutput")


@_attrs_define
class VariantOutput:
    """
    Attributes:
        id (UUID):
        platform (PlatformEnum): * `twitter` - Twitter / X
            * `linkedin` - LinkedIn
            * `instagram` - Instagram
            * `facebook` - Facebook
            * `threads` - Threads
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        status (VariantOutputStatusEnum): * `pending` - Pending
            * `generated` - Generated
            * `failed` - Failed
        content_id (None | UUID):
        version (int | None): The content's current version.
        generated_text (None | str): The content's current text.
        length (int | None): As the platform counts it.
        limit (int):
        error (None | VariantOutputSerializerError): Why the variant failed (the error a generation answers).
    """

    id: UUID
    platform: PlatformEnum
    status: VariantOutputStatusEnum
    content_id: None | UUID
    version: int | None
    generated_text: None | str
    length: int | None
    limit: int
    error: None | VariantOutputSerializerError
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.variant_output_serializer_error import VariantOutputSerializerError  # noqa: PLC0415

        id = str(self.id)

        platform: str = self.platform

        status: str = self.status

        content_id: None | str
        if isinstance(self.content_id, UUID):
            content_id = str(self.content_id)
        else:
            content_id = self.content_id

        version: int | None
        version = self.version

        generated_text: None | str
        generated_text = self.generated_text

        length: int | None
        length = self.length

        limit = self.limit

        error: dict[str, Any] | None
        if isinstance(self.error, VariantOutputSerializerError):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "platform": platform,
                "status": status,
                "content_id": content_id,
                "version": version,
                "generated_text": generated_text,
                "length": length,
                "limit": limit,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.variant_output_serializer_error import VariantOutputSerializerError  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        platform = check_platform_enum(d.pop("platform"))

        status = check_variant_output_status_enum(d.pop("status"))

        def _parse_content_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                content_id_type_0 = UUID(data)

                return content_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        content_id = _parse_content_id(d.pop("content_id"))

        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))

        def _parse_generated_text(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        generated_text = _parse_generated_text(d.pop("generated_text"))

        def _parse_length(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        length = _parse_length(d.pop("length"))

        limit = d.pop("limit")

        def _parse_error(data: object) -> None | VariantOutputSerializerError:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = VariantOutputSerializerError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VariantOutputSerializerError, data)

        error = _parse_error(d.pop("error"))

        variant_output = cls(
            id=id,
            platform=platform,
            status=status,
            content_id=content_id,
            version=version,
            generated_text=generated_text,
            length=length,
            limit=limit,
            error=error,
        )

        variant_output.additional_properties = d
        return variant_output

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
