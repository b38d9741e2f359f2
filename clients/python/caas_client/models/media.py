from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.media_source_enum import MediaSourceEnum, check_media_source_enum
from ..models.media_state_enum import MediaStateEnum, check_media_state_enum

if TYPE_CHECKING:
    from ..models.media_derivative import MediaDerivative
    from ..models.media_provenance import MediaProvenance


T = TypeVar("T", bound="Media")


@_attrs_define
class Media:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        workspace_id (UUID):
        state (MediaStateEnum): * `pending` - Pending upload
            * `ready` - Ready
        source (MediaSourceEnum): * `upload` - Upload
            * `ai` - AI generated
            * `derivative` - Derivative
        kind (str): image or video, read from the bytes; blank while pending.
        mime_type (str):
        size_bytes (int):
        width (int | None):
        height (int | None):
        duration_seconds (float | None):
        sha256 (str):
        alt_text (str):
        filename (str):
        provenance (MediaProvenance): AI images: provider, model, prompt, revised_prompt (and content_id when made for a
            content).
        parent_id (None | UUID): A derivative's original.
        derivative_kind (str):
        created_by (None | UUID):
        url (None | str): Downloads the bytes (presigned on object storage, valid MEDIA_DOWNLOAD_URL_EXPIRES_SECONDS);
            null while pending.
        thumbnail_url (None | str): null until the worker has made the thumbnail.
        derivatives (list[MediaDerivative]):
        fits_offered (list[str]): Networks whose aspect-ratio rule refuses this image: POST /api/v1/media/{id}/fit/
            makes a variant.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    organization_id: UUID
    workspace_id: UUID
    state: MediaStateEnum
    source: MediaSourceEnum
    kind: str
    mime_type: str
    size_bytes: int
    width: int | None
    height: int | None
    duration_seconds: float | None
    sha256: str
    alt_text: str
    filename: str
    provenance: MediaProvenance
    parent_id: None | UUID
    derivative_kind: str
    created_by: None | UUID
    url: None | str
    thumbnail_url: None | str
    derivatives: list[MediaDerivative]
    fits_offered: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        workspace_id = str(self.workspace_id)

        state: str = self.state

        source: str = self.source

        kind = self.kind

        mime_type = self.mime_type

        size_bytes = self.size_bytes

        width: int | None
        width = self.width

        height: int | None
        height = self.height

        duration_seconds: float | None
        duration_seconds = self.duration_seconds

        sha256 = self.sha256

        alt_text = self.alt_text

        filename = self.filename

        provenance = self.provenance.to_dict()

        parent_id: None | str
        if isinstance(self.parent_id, UUID):
            parent_id = str(self.parent_id)
        else:
            parent_id = self.parent_id

        derivative_kind = self.derivative_kind

        created_by: None | str
        if isinstance(self.created_by, UUID):
            created_by = str(self.created_by)
        else:
            created_by = self.created_by

        url: None | str
        url = self.url

        thumbnail_url: None | str
        thumbnail_url = self.thumbnail_url

        derivatives = []
        for derivatives_item_data in self.derivatives:
            derivatives_item = derivatives_item_data.to_dict()
            derivatives.append(derivatives_item)

        fits_offered = self.fits_offered

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "workspace_id": workspace_id,
                "state": state,
                "source": source,
                "kind": kind,
                "mime_type": mime_type,
                "size_bytes": size_bytes,
                "width": width,
                "height": height,
                "duration_seconds": duration_seconds,
                "sha256": sha256,
                "alt_text": alt_text,
                "filename": filename,
                "provenance": provenance,
                "parent_id": parent_id,
                "derivative_kind": derivative_kind,
                "created_by": created_by,
                "url": url,
                "thumbnail_url": thumbnail_url,
                "derivatives": derivatives,
                "fits_offered": fits_offered,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_derivative import MediaDerivative  # noqa: PLC0415
        from ..models.media_provenance import MediaProvenance  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        workspace_id = UUID(d.pop("workspace_id"))

        state = check_media_state_enum(d.pop("state"))

        source = check_media_source_enum(d.pop("source"))

        kind = d.pop("kind")

        mime_type = d.pop("mime_type")

        size_bytes = d.pop("size_bytes")

        def _parse_width(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        width = _parse_width(d.pop("width"))

        def _parse_height(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        height = _parse_height(d.pop("height"))

        def _parse_duration_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds"))

        sha256 = d.pop("sha256")

        alt_text = d.pop("alt_text")

        filename = d.pop("filename")

        provenance = MediaProvenance.from_dict(d.pop("provenance"))

        def _parse_parent_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                parent_id_type_0 = UUID(data)

                return parent_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        parent_id = _parse_parent_id(d.pop("parent_id"))

        derivative_kind = d.pop("derivative_kind")

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

        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url"))

        def _parse_thumbnail_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        thumbnail_url = _parse_thumbnail_url(d.pop("thumbnail_url"))

        derivatives = []
        _derivatives = d.pop("derivatives")
        for derivatives_item_data in _derivatives:
            derivatives_item = MediaDerivative.from_dict(derivatives_item_data)

            derivatives.append(derivatives_item)

        fits_offered = cast(list[str], d.pop("fits_offered"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        media = cls(
            id=id,
            organization_id=organization_id,
            workspace_id=workspace_id,
            state=state,
            source=source,
            kind=kind,
            mime_type=mime_type,
            size_bytes=size_bytes,
            width=width,
            height=height,
            duration_seconds=duration_seconds,
            sha256=sha256,
            alt_text=alt_text,
            filename=filename,
            provenance=provenance,
            parent_id=parent_id,
            derivative_kind=derivative_kind,
            created_by=created_by,
            url=url,
            thumbnail_url=thumbnail_url,
            derivatives=derivatives,
            fits_offered=fits_offered,
            created_at=created_at,
            updated_at=updated_at,
        )

        media.additional_properties = d
        return media

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
