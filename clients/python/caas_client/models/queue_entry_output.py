from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.queue_entry_output_last_error import QueueEntryOutputLastError


T = TypeVar("T", bound="QueueEntryOutput")


@_attrs_define
class QueueEntryOutput:
    """
    Attributes:
        id (UUID):
        content_id (UUID):
        version (int | None): None: the version to schedule when the post is made.
        platform (str): Blank: the content's platform.
        slot_at (datetime.datetime):
        status (str): waiting (holds its slot), scheduled (its post exists), failed.
        source (str): manual, or evergreen (a recycled variant).
        scheduled_post_id (None | UUID):
        last_error (QueueEntryOutputLastError): For a failed entry: the error's code, message and details.
        created_at (datetime.datetime):
    """

    id: UUID
    content_id: UUID
    version: int | None
    platform: str
    slot_at: datetime.datetime
    status: str
    source: str
    scheduled_post_id: None | UUID
    last_error: QueueEntryOutputLastError
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        content_id = str(self.content_id)

        version: int | None
        version = self.version

        platform = self.platform

        slot_at = self.slot_at.isoformat()

        status = self.status

        source = self.source

        scheduled_post_id: None | str
        if isinstance(self.scheduled_post_id, UUID):
            scheduled_post_id = str(self.scheduled_post_id)
        else:
            scheduled_post_id = self.scheduled_post_id

        last_error = self.last_error.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "content_id": content_id,
                "version": version,
                "platform": platform,
                "slot_at": slot_at,
                "status": status,
                "source": source,
                "scheduled_post_id": scheduled_post_id,
                "last_error": last_error,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_entry_output_last_error import QueueEntryOutputLastError  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        content_id = UUID(d.pop("content_id"))

        def _parse_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        version = _parse_version(d.pop("version"))

        platform = d.pop("platform")

        slot_at = datetime.datetime.fromisoformat(d.pop("slot_at"))

        status = d.pop("status")

        source = d.pop("source")

        def _parse_scheduled_post_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                scheduled_post_id_type_0 = UUID(data)

                return scheduled_post_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        scheduled_post_id = _parse_scheduled_post_id(d.pop("scheduled_post_id"))

        last_error = QueueEntryOutputLastError.from_dict(d.pop("last_error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        queue_entry_output = cls(
            id=id,
            content_id=content_id,
            version=version,
            platform=platform,
            slot_at=slot_at,
            status=status,
            source=source,
            scheduled_post_id=scheduled_post_id,
            last_error=last_error,
            created_at=created_at,
        )

        queue_entry_output.additional_properties = d
        return queue_entry_output

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
