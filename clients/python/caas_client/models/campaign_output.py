from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tone_enum import ToneEnum, check_tone_enum

if TYPE_CHECKING:
    from ..models.variant_output import VariantOutput


T = TypeVar("T", bound="CampaignOutput")


@_attrs_define
class CampaignOutput:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        workspace_id (None | UUID):
        prompt (str): The brief (a template filled in, when one was used).
        tone (ToneEnum): * `professional` - Professional
            * `casual` - Casual
            * `friendly` - Friendly
            * `humorous` - Humorous
            * `inspirational` - Inspirational
            * `persuasive` - Persuasive
            * `informative` - Informative
            * `enthusiastic` - Enthusiastic
        audience (str):
        template_id (None | UUID):
        created_by (None | UUID):
        created_at (datetime.datetime):
        variants (list[VariantOutput]):
    """

    id: UUID
    organization_id: UUID
    workspace_id: None | UUID
    prompt: str
    tone: ToneEnum
    audience: str
    template_id: None | UUID
    created_by: None | UUID
    created_at: datetime.datetime
    variants: list[VariantOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        workspace_id: None | str
        if isinstance(self.workspace_id, UUID):
            workspace_id = str(self.workspace_id)
        else:
            workspace_id = self.workspace_id

        prompt = self.prompt

        tone: str = self.tone

        audience = self.audience

        template_id: None | str
        if isinstance(self.template_id, UUID):
            template_id = str(self.template_id)
        else:
            template_id = self.template_id

        created_by: None | str
        if isinstance(self.created_by, UUID):
            created_by = str(self.created_by)
        else:
            created_by = self.created_by

        created_at = self.created_at.isoformat()

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "workspace_id": workspace_id,
                "prompt": prompt,
                "tone": tone,
                "audience": audience,
                "template_id": template_id,
                "created_by": created_by,
                "created_at": created_at,
                "variants": variants,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.variant_output import VariantOutput  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        def _parse_workspace_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                workspace_id_type_0 = UUID(data)

                return workspace_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        workspace_id = _parse_workspace_id(d.pop("workspace_id"))

        prompt = d.pop("prompt")

        tone = check_tone_enum(d.pop("tone"))

        audience = d.pop("audience")

        def _parse_template_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                template_id_type_0 = UUID(data)

                return template_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        template_id = _parse_template_id(d.pop("template_id"))

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

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = VariantOutput.from_dict(variants_item_data)

            variants.append(variants_item)

        campaign_output = cls(
            id=id,
            organization_id=organization_id,
            workspace_id=workspace_id,
            prompt=prompt,
            tone=tone,
            audience=audience,
            template_id=template_id,
            created_by=created_by,
            created_at=created_at,
            variants=variants,
        )

        campaign_output.additional_properties = d
        return campaign_output

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
