from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.backend_enum import BackendEnum, check_backend_enum
from ..models.post_status_enum import PostStatusEnum, check_post_status_enum

T = TypeVar("T", bound="ScheduledPostOutput")


@_attrs_define
class ScheduledPostOutput:
    """
    Attributes:
        id (UUID):
        organization_id (UUID):
        content_id (UUID):
        version (int):
        platform (str):
        text (str):
        scheduled_at (datetime.datetime):
        status (PostStatusEnum): * `pending` - Pending
            * `queued` - Queued
            * `published` - Published
            * `failed` - Failed
            * `cancelled` - Cancelled
        backend (BackendEnum): * `local` - Local (embedded worker)
            * `http` - HTTP (Node.js scheduler)
        job_id (None | str):
        platform_post_id (str):
        platform_post_url (str): The public URL once published to a channel; else empty.
        channel_id (None | UUID): The channel it goes to (null: platform only).
        last_error (str):
        attempts (int):
        created_by (None | UUID):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        queued_at (datetime.datetime | None):
        published_at (datetime.datetime | None):
        cancelled_at (datetime.datetime | None):
        failed_at (datetime.datetime | None):
    """

    id: UUID
    organization_id: UUID
    content_id: UUID
    version: int
    platform: str
    text: str
    scheduled_at: datetime.datetime
    status: PostStatusEnum
    backend: BackendEnum
    job_id: None | str
    platform_post_id: str
    platform_post_url: str
    channel_id: None | UUID
    last_error: str
    attempts: int
    created_by: None | UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    queued_at: datetime.datetime | None
    published_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    failed_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization_id = str(self.organization_id)

        content_id = str(self.content_id)

        version = self.version

        platform = self.platform

        text = self.text

        scheduled_at = self.scheduled_at.isoformat()

        status: str = self.status

        backend: str = self.backend

        job_id: None | str
        job_id = self.job_id

        platform_post_id = self.platform_post_id

        platform_post_url = self.platform_post_url

        channel_id: None | str
        if isinstance(self.channel_id, UUID):
            channel_id = str(self.channel_id)
        else:
            channel_id = self.channel_id

        last_error = self.last_error

        attempts = self.attempts

        created_by: None | str
        if isinstance(self.created_by, UUID):
            created_by = str(self.created_by)
        else:
            created_by = self.created_by

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        queued_at: None | str
        if isinstance(self.queued_at, datetime.datetime):
            queued_at = self.queued_at.isoformat()
        else:
            queued_at = self.queued_at

        published_at: None | str
        if isinstance(self.published_at, datetime.datetime):
            published_at = self.published_at.isoformat()
        else:
            published_at = self.published_at

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        failed_at: None | str
        if isinstance(self.failed_at, datetime.datetime):
            failed_at = self.failed_at.isoformat()
        else:
            failed_at = self.failed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "content_id": content_id,
                "version": version,
                "platform": platform,
                "text": text,
                "scheduled_at": scheduled_at,
                "status": status,
                "backend": backend,
                "job_id": job_id,
                "platform_post_id": platform_post_id,
                "platform_post_url": platform_post_url,
                "channel_id": channel_id,
                "last_error": last_error,
                "attempts": attempts,
                "created_by": created_by,
                "created_at": created_at,
                "updated_at": updated_at,
                "queued_at": queued_at,
                "published_at": published_at,
                "cancelled_at": cancelled_at,
                "failed_at": failed_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organization_id = UUID(d.pop("organization_id"))

        content_id = UUID(d.pop("content_id"))

        version = d.pop("version")

        platform = d.pop("platform")

        text = d.pop("text")

        scheduled_at = datetime.datetime.fromisoformat(d.pop("scheduled_at"))

        status = check_post_status_enum(d.pop("status"))

        backend = check_backend_enum(d.pop("backend"))

        def _parse_job_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        job_id = _parse_job_id(d.pop("job_id"))

        platform_post_id = d.pop("platform_post_id")

        platform_post_url = d.pop("platform_post_url")

        def _parse_channel_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                channel_id_type_0 = UUID(data)

                return channel_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        channel_id = _parse_channel_id(d.pop("channel_id"))

        last_error = d.pop("last_error")

        attempts = d.pop("attempts")

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

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_queued_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                queued_at_type_0 = datetime.datetime.fromisoformat(data)

                return queued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        queued_at = _parse_queued_at(d.pop("queued_at"))

        def _parse_published_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                published_at_type_0 = datetime.datetime.fromisoformat(data)

                return published_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        published_at = _parse_published_at(d.pop("published_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        def _parse_failed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                failed_at_type_0 = datetime.datetime.fromisoformat(data)

                return failed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        failed_at = _parse_failed_at(d.pop("failed_at"))

        scheduled_post_output = cls(
            id=id,
            organization_id=organization_id,
            content_id=content_id,
            version=version,
            platform=platform,
            text=text,
            scheduled_at=scheduled_at,
            status=status,
            backend=backend,
            job_id=job_id,
            platform_post_id=platform_post_id,
            platform_post_url=platform_post_url,
            channel_id=channel_id,
            last_error=last_error,
            attempts=attempts,
            created_by=created_by,
            created_at=created_at,
            updated_at=updated_at,
            queued_at=queued_at,
            published_at=published_at,
            cancelled_at=cancelled_at,
            failed_at=failed_at,
        )

        scheduled_post_output.additional_properties = d
        return scheduled_post_output

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
