from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BrandVoiceInputRequest")


@_attrs_define
class BrandVoiceInputRequest:
    """
    Attributes:
        description (str | Unset):  Default: ''.
        rules (list[str] | Unset): Rules to follow.
        banned_phrases (list[str] | Unset): Words or phrases never to use (matched case-insensitively, as whole words).
        required_hashtags (list[str] | Unset): Appended to every generated post that lacks them ('#' added when
            missing).
        example_posts (list[str] | Unset): Posts in the brand's voice.
    """

    description: str | Unset = ""
    rules: list[str] | Unset = UNSET
    banned_phrases: list[str] | Unset = UNSET
    required_hashtags: list[str] | Unset = UNSET
    example_posts: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        rules: list[str] | Unset = UNSET
        if not isinstance(self.rules, Unset):
            rules = self.rules

        banned_phrases: list[str] | Unset = UNSET
        if not isinstance(self.banned_phrases, Unset):
            banned_phrases = self.banned_phrases

        required_hashtags: list[str] | Unset = UNSET
        if not isinstance(self.required_hashtags, Unset):
            required_hashtags = self.required_hashtags

        example_posts: list[str] | Unset = UNSET
        if not isinstance(self.example_posts, Unset):
            example_posts = self.example_posts

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if description is not UNSET:
            field_dict["description"] = description
        if rules is not UNSET:
            field_dict["rules"] = rules
        if banned_phrases is not UNSET:
            field_dict["banned_phrases"] = banned_phrases
        if required_hashtags is not UNSET:
            field_dict["required_hashtags"] = required_hashtags
        if example_posts is not UNSET:
            field_dict["example_posts"] = example_posts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description", UNSET)

        rules = cast(list[str], d.pop("rules", UNSET))

        banned_phrases = cast(list[str], d.pop("banned_phrases", UNSET))

        required_hashtags = cast(list[str], d.pop("required_hashtags", UNSET))

        example_posts = cast(list[str], d.pop("example_posts", UNSET))

        brand_voice_input_request = cls(
            description=description,
            rules=rules,
            banned_phrases=banned_phrases,
            required_hashtags=required_hashtags,
            example_posts=example_posts,
        )

        brand_voice_input_request.additional_properties = d
        return brand_voice_input_request

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
