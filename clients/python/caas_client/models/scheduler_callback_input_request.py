from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scheduler_callback_input_status_enum import (
    SchedulerCallbackInputStatusEnum,
    check_scheduler_callback_input_status_enum,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SchedulerCallbackInputRequest")


@_attrs_define
class SchedulerCallbackInputRequest:
    """
    Attributes:
        job_id (str):
        content_id (UUID):
        status (SchedulerCallbackInputStatusEnum): * `published` - Published
            * `failed` - Failed
        platform_post_id (str | Unset):  Default: ''.
        error (str | Unset):  Default: ''.
    """

    job_id: str
    content_id: UUID
    status: SchedulerCallbackInputStatusEnum
    platform_post_id: str | Unset = ""
    error: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        content_id = str(self.content_id)

        status: str = self.status

        platform_post_id = self.platform_post_id

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "content_id": content_id,
                "status": status,
            }
        )
        if platform_post_id is not UNSET:
            field_dict["platform_post_id"] = platform_post_id
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = d.pop("job_id")

        content_id = UUID(d.pop("content_id"))

        status = check_scheduler_callback_input_status_enum(d.pop("status"))

        platform_post_id = d.pop("platform_post_id", UNSET)

        error = d.pop("error", UNSET)

        scheduler_callback_input_request = cls(
            job_id=job_id,
            content_id=content_id,
            status=status,
            platform_post_id=platform_post_id,
            error=error,
        )

        scheduler_callback_input_request.additional_properties = d
        return scheduler_callback_input_request

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
