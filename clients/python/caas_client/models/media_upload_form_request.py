from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="MediaUploadFormRequest")


@_attrs_define
class MediaUploadFormRequest:
    """
    Attributes:
        file (File): JPEG, PNG, WebP, GIF or MP4 (read from the bytes).
        organization_id (UUID | Unset): Organization to act on. Required unless you belong to exactly one organization
            (then that one is used); omitted while you belong to several, the answer is 400 with details.organization_id.
        workspace_id (UUID | Unset): Omit for the default one.
        alt_text (str | Unset):
    """

    file: File
    organization_id: UUID | Unset = UNSET
    workspace_id: UUID | Unset = UNSET
    alt_text: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        organization_id: str | Unset = UNSET
        if not isinstance(self.organization_id, Unset):
            organization_id = str(self.organization_id)

        workspace_id: str | Unset = UNSET
        if not isinstance(self.workspace_id, Unset):
            workspace_id = str(self.workspace_id)

        alt_text = self.alt_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id
        if alt_text is not UNSET:
            field_dict["alt_text"] = alt_text

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.organization_id, Unset):
            files.append(("organization_id", (None, str(self.organization_id), "text/plain")))

        if not isinstance(self.workspace_id, Unset):
            files.append(("workspace_id", (None, str(self.workspace_id), "text/plain")))

        if not isinstance(self.alt_text, Unset):
            files.append(("alt_text", (None, str(self.alt_text).encode(), "text/plain")))

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

        _workspace_id = d.pop("workspace_id", UNSET)
        workspace_id: UUID | Unset
        if isinstance(_workspace_id, Unset):
            workspace_id = UNSET
        else:
            workspace_id = UUID(_workspace_id)

        alt_text = d.pop("alt_text", UNSET)

        media_upload_form_request = cls(
            file=file,
            organization_id=organization_id,
            workspace_id=workspace_id,
            alt_text=alt_text,
        )

        media_upload_form_request.additional_properties = d
        return media_upload_form_request

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
