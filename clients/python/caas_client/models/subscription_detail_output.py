from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.output_serializer_plan import OutputSerializerPlan
    from ..models.output_serializer_rate_limits import OutputSerializerRateLimits
    from ..models.output_serializer_usage import OutputSerializerUsage


T = TypeVar("T", bound="SubscriptionDetailOutput")


@_attrs_define
class SubscriptionDetailOutput:
    """
    Attributes:
        organization_id (UUID):
        plan (OutputSerializerPlan):
        effective_plan (str): The plan whose limits apply now (free once lapsed).
        status (str):
        current_period_start (datetime.datetime | None):
        current_period_end (datetime.datetime | None):
        cancel_at_period_end (bool):
        usage (OutputSerializerUsage):
        rate_limits (OutputSerializerRateLimits):
    """

    organization_id: UUID
    plan: OutputSerializerPlan
    effective_plan: str
    status: str
    current_period_start: datetime.datetime | None
    current_period_end: datetime.datetime | None
    cancel_at_period_end: bool
    usage: OutputSerializerUsage
    rate_limits: OutputSerializerRateLimits
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization_id = str(self.organization_id)

        plan = self.plan.to_dict()

        effective_plan = self.effective_plan

        status = self.status

        current_period_start: None | str
        if isinstance(self.current_period_start, datetime.datetime):
            current_period_start = self.current_period_start.isoformat()
        else:
            current_period_start = self.current_period_start

        current_period_end: None | str
        if isinstance(self.current_period_end, datetime.datetime):
            current_period_end = self.current_period_end.isoformat()
        else:
            current_period_end = self.current_period_end

        cancel_at_period_end = self.cancel_at_period_end

        usage = self.usage.to_dict()

        rate_limits = self.rate_limits.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization_id": organization_id,
                "plan": plan,
                "effective_plan": effective_plan,
                "status": status,
                "current_period_start": current_period_start,
                "current_period_end": current_period_end,
                "cancel_at_period_end": cancel_at_period_end,
                "usage": usage,
                "rate_limits": rate_limits,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.output_serializer_plan import OutputSerializerPlan  # noqa: PLC0415
        from ..models.output_serializer_rate_limits import OutputSerializerRateLimits  # noqa: PLC0415
        from ..models.output_serializer_usage import OutputSerializerUsage  # noqa: PLC0415

        d = dict(src_dict)
        organization_id = UUID(d.pop("organization_id"))

        plan = OutputSerializerPlan.from_dict(d.pop("plan"))

        effective_plan = d.pop("effective_plan")

        status = d.pop("status")

        def _parse_current_period_start(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_start_type_0 = datetime.datetime.fromisoformat(data)

                return current_period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        current_period_start = _parse_current_period_start(d.pop("current_period_start"))

        def _parse_current_period_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_end_type_0 = datetime.datetime.fromisoformat(data)

                return current_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        current_period_end = _parse_current_period_end(d.pop("current_period_end"))

        cancel_at_period_end = d.pop("cancel_at_period_end")

        usage = OutputSerializerUsage.from_dict(d.pop("usage"))

        rate_limits = OutputSerializerRateLimits.from_dict(d.pop("rate_limits"))

        subscription_detail_output = cls(
            organization_id=organization_id,
            plan=plan,
            effective_plan=effective_plan,
            status=status,
            current_period_start=current_period_start,
            current_period_end=current_period_end,
            cancel_at_period_end=cancel_at_period_end,
            usage=usage,
            rate_limits=rate_limits,
        )

        subscription_detail_output.additional_properties = d
        return subscription_detail_output

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
