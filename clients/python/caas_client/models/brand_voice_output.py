from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BrandVoiceOutput")


@_attrs_define
class BrandVoiceOutput:
    """
    Attributes:
        workspace_id (UUID):
        organization_id (UUID):
        revision (int): 0 until the brand voice is first set; +1 at each change.
        description (str):
        rules (list[str]):
        banned_phrases (list[str]):
        required_hashtags (list[str]):
        example_posts (list[str]):
        updated_by (None | UUID):
        updated_at (datetime.datetime | None):
    """

    workspace_id: UUID
    organization_id: UUID
    revision: int
    description: str
    rules: list[str]
    banned_phrases: list[str]
    required_hashtags: list[str]
    example_posts: list[str]
    updated_by: None | UUID
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        workspace_id = str(self.workspace_id)

        organization_id = str(self.organization_id)

        revision = self.revision

        description = self.description

        rules = self.rules

        banned_phrases = self.banned_phrases

        required_hashtags = self.required_hashtags

        example_posts = self.example_posts

        updated_by: None | str
        if isinstance(self.updated_by, UUID):
            updated_by = str(self.updated_by)
        else:
            updated_by = self.updated_by

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "workspace_id": workspace_id,
                "organization_id": organization_id,
                "revision": revision,
                "description": description,
                "rules": rules,
                "banned_phrases": banned_phrases,
                "required_hashtags": required_hashtags,
                "example_posts": example_posts,
                "updated_by": updated_by,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        workspace_id = UUID(d.pop("workspace_id"))

        organization_id = UUID(d.pop("organization_id"))

        revision = d.pop("revision")

        description = d.pop("description")

        rules = cast(list[str], d.pop("rules"))

        banned_phrases = cast(list[str], d.pop("banned_phrases"))

        required_hashtags = cast(list[str], d.pop("required_hashtags"))

        example_posts = cast(list[str], d.pop("example_posts"))

        def _parse_updated_by(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_by_type_0 = UUID(data)

                return updated_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        updated_by = _parse_updated_by(d.pop("updated_by"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        brand_voice_output = cls(
            workspace_id=workspace_id,
            organization_id=organization_id,
            revision=revision,
            description=description,
            rules=rules,
            banned_phrases=banned_phrases,
            required_hashtags=required_hashtags,
            example_posts=example_posts,
            updated_by=updated_by,
            updated_at=updated_at,
        )

        brand_voice_output.additional_properties = d
        return brand_voice_output

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
