from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BrandVoiceRevisionOutput")


@_attrs_define
class BrandVoiceRevisionOutput:
    """
    Attributes:
        revision (int):
        description (str):
        rules (list[str]):
        banned_phrases (list[str]):
        required_hashtags (list[str]):
        example_posts (list[str]):
        created_by (None | UUID):
        created_at (datetime.datetime):
    """

    revision: int
    description: str
    rules: list[str]
    banned_phrases: list[str]
    required_hashtags: list[str]
    example_posts: list[str]
    created_by: None | UUID
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        revision = self.revision

        description = self.description

        rules = self.rules

        banned_phrases = self.banned_phrases

        required_hashtags = self.required_hashtags

        example_posts = self.example_posts

        created_by: None | str
        if isinstance(self.created_by, UUID):
            created_by = str(self.created_by)
        else:
            created_by = self.created_by

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "revision": revision,
                "description": description,
                "rules": rules,
                "banned_phrases": banned_phrases,
                "required_hashtags": required_hashtags,
                "example_posts": example_posts,
                "created_by": created_by,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        revision = d.pop("revision")

        description = d.pop("description")

        rules = cast(list[str], d.pop("rules"))

        banned_phrases = cast(list[str], d.pop("banned_phrases"))

        required_hashtags = cast(list[str], d.pop("required_hashtags"))

        example_posts = cast(list[str], d.pop("example_posts"))

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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        brand_voice_revision_output = cls(
            revision=revision,
            description=description,
            rules=rules,
            banned_phrases=banned_phrases,
            required_hashtags=required_hashtags,
            example_posts=example_posts,
            created_by=created_by,
            created_at=created_at,
        )

        brand_voice_revision_output.additional_properties = d
        return brand_voice_revision_output

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
