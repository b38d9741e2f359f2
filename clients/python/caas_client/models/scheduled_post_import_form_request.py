from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="ScheduledPostImportFormRequest")


@_attrs_define
class ScheduledPostImportFormRequest:
    """
    Attributes:
        file (File): CSV, UTF-8, header row. Columns: workspace_id, content_id, text, platform, tone, scheduled_at,
            media_ids.
        organization_id (UUID | Unset): Organization to act on. Required unless you belong to exactly one organization
            (then that one is used); omitted while you belong to several, the answer is 400 with details.organization_id.
        dry_run (bool | Unset): Validate only; keep nothing.
    """

    file: File
    organization_id: UUID | Unset = UNSET
    dry_run: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        organization_id: str | Unset = UNSET
        if not isinstance(self.organization_id, Unset):
            organization_id = str(self.organization_id)

        dry_run = self.dry_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.organization_id, Unset):
            files.append(("organization_id", (None, str(self.organization_id), "text/plain")))

        if not isinstance(self.dry_run, Unset):
            files.append(("dry_run", (None, str(self.dry_run).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        _organization_id = d.pop("organization_id", UNSET)
        organization_id: UUID | Unset
        if isinstance(_organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = UUID(_organization_id)

        dry_run = d.pop("dry_run", UNSET)

        scheduled_post_import_form_request = cls(
            file=file,
            organization_id=organization_id,
            dry_run=dry_run,
        )

        scheduled_post_import_form_request.additional_properties = d
        return scheduled_post_import_form_request

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
