from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.granularity_enum import GranularityEnum, check_granularity_enum
from ..models.read_source_enum import ReadSourceEnum, check_read_source_enum

if TYPE_CHECKING:
    from ..models.analytics_generation_output_serializer_analytics_bucket import (
        AnalyticsGenerationOutputSerializerAnalyticsBucket,
    )
    from ..models.analytics_generation_output_serializer_analytics_member import (
        AnalyticsGenerationOutputSerializerAnalyticsMember,
    )
    from ..models.analytics_generation_output_serializer_analytics_model import (
        AnalyticsGenerationOutputSerializerAnalyticsModel,
    )
    from ..models.analytics_generation_output_serializer_analytics_provider import (
        AnalyticsGenerationOutputSerializerAnalyticsProvider,
    )
    from ..models.analytics_generation_output_serializer_analytics_workspace import (
        AnalyticsGenerationOutputSerializerAnalyticsWorkspace,
    )


T = TypeVar("T", bound="AnalyticsGenerationOutput")


@_attrs_define
class AnalyticsGenerationOutput:
    """
    Attributes:
        organization_id (UUID):
        workspace_id (None | UUID):
        start (datetime.date):
        end (datetime.date):
        granularity (GranularityEnum): * `day` - day
            * `week` - week
        tz (str):
        as_of (datetime.datetime): The data is complete up to this instant (the replica's last replay).
        source (ReadSourceEnum): * `replica` - replica
            * `primary` - primary
        versions (int): Versions created (generated, regenerated, edited).
        generated_versions (int): Versions written by a provider.
        tokens (int):
        prompt_tokens (int):
        completion_tokens (int):
        fallback_share (float | None): Generated versions by the fallback provider.
        truncated_share (float | None):
        failed_generations (int): Generations that saved no version: the provider timed out, refused or failed.
        timeout_share (float | None): Timeouts among attempts (generated versions + failed generations).
        refusal_share (float | None): Refusals among attempts (generated versions + failed generations).
        latency_ms_p50 (float | None):
        latency_ms_p95 (float | None):
        by_provider (list[AnalyticsGenerationOutputSerializerAnalyticsProvider]): Top 20.
        by_model (list[AnalyticsGenerationOutputSerializerAnalyticsModel]): Top 20.
        by_member (list[AnalyticsGenerationOutputSerializerAnalyticsMember]): Top 20.
        by_workspace (list[AnalyticsGenerationOutputSerializerAnalyticsWorkspace]): Top 20.
        series (list[AnalyticsGenerationOutputSerializerAnalyticsBucket]): At most 366 buckets.
    """

    organization_id: UUID
    workspace_id: None | UUID
    start: datetime.date
    end: datetime.date
    granularity: GranularityEnum
    tz: str
    as_of: datetime.datetime
    source: ReadSourceEnum
    versions: int
    generated_versions: int
    tokens: int
    prompt_tokens: int
    completion_tokens: int
    fallback_share: float | None
    truncated_share: float | None
    failed_generations: int
    timeout_share: float | None
    refusal_share: float | None
    latency_ms_p50: float | None
    latency_ms_p95: float | None
    by_provider: list[AnalyticsGenerationOutputSerializerAnalyticsProvider]
    by_model: list[AnalyticsGenerationOutputSerializerAnalyticsModel]
    by_member: list[AnalyticsGenerationOutputSerializerAnalyticsMember]
    by_workspace: list[AnalyticsGenerationOutputSerializerAnalyticsWorkspace]
    series: list[AnalyticsGenerationOutputSerializerAnalyticsBucket]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization_id = str(self.organization_id)

        workspace_id: None | str
        if isinstance(self.workspace_id, UUID):
            workspace_id = str(self.workspace_id)
        else:
            workspace_id = self.workspace_id

        start = self.start.isoformat()

        end = self.end.isoformat()

        granularity: str = self.granularity

        tz = self.tz

        as_of = self.as_of.isoformat()

        source: str = self.source

        versions = self.versions

        generated_versions = self.generated_versions

        tokens = self.tokens

        prompt_tokens = self.prompt_tokens

        completion_tokens = self.completion_tokens

        fallback_share: float | None
        fallback_share = self.fallback_share

        truncated_share: float | None
        truncated_share = self.truncated_share

        failed_generations = self.failed_generations

        timeout_share: float | None
        timeout_share = self.timeout_share

        refusal_share: float | None
        refusal_share = self.refusal_share

        latency_ms_p50: float | None
        latency_ms_p50 = self.latency_ms_p50

        latency_ms_p95: float | None
        latency_ms_p95 = self.latency_ms_p95

        by_provider = []
        for by_provider_item_data in self.by_provider:
            by_provider_item = by_provider_item_data.to_dict()
            by_provider.append(by_provider_item)

        by_model = []
        for by_model_item_data in self.by_model:
            by_model_item = by_model_item_data.to_dict()
            by_model.append(by_model_item)

        by_member = []
        for by_member_item_data in self.by_member:
            by_member_item = by_member_item_data.to_dict()
            by_member.append(by_member_item)

        by_workspace = []
        for by_workspace_item_data in self.by_workspace:
            by_workspace_item = by_workspace_item_data.to_dict()
            by_workspace.append(by_workspace_item)

        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization_id": organization_id,
                "workspace_id": workspace_id,
                "start": start,
                "end": end,
                "granularity": granularity,
                "tz": tz,
                "as_of": as_of,
                "source": source,
                "versions": versions,
                "generated_versions": generated_versions,
                "tokens": tokens,
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "fallback_share": fallback_share,
                "truncated_share": truncated_share,
                "failed_generations": failed_generations,
                "timeout_share": timeout_share,
                "refusal_share": refusal_share,
                "latency_ms_p50": latency_ms_p50,
                "latency_ms_p95": latency_ms_p95,
                "by_provider": by_provider,
                "by_model": by_model,
                "by_member": by_member,
                "by_workspace": by_workspace,
                "series": series,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.analytics_generation_output_serializer_analytics_bucket import (
            AnalyticsGenerationOutputSerializerAnalyticsBucket,  # noqa: PLC0415
        )
        from ..models.analytics_generation_output_serializer_analytics_member import (
            AnalyticsGenerationOutputSerializerAnalyticsMember,  # noqa: PLC0415
        )
        from ..models.analytics_generation_output_serializer_analytics_model import (
            AnalyticsGenerationOutputSerializerAnalyticsModel,  # noqa: PLC0415
        )
        from ..models.analytics_generation_output_serializer_analytics_provider import (
            AnalyticsGenerationOutputSerializerAnalyticsProvider,  # noqa: PLC0415
        )
        from ..models.analytics_generation_output_serializer_analytics_workspace import (
            AnalyticsGenerationOutputSerializerAnalyticsWorkspace,  # noqa: PLC0415
        )

        d = dict(src_dict)
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

        start = datetime.date.fromisoformat(d.pop("start"))

        end = datetime.date.fromisoformat(d.pop("end"))

        granularity = check_granularity_enum(d.pop("granularity"))

        tz = d.pop("tz")

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        source = check_read_source_enum(d.pop("source"))

        versions = d.pop("versions")

        generated_versions = d.pop("generated_versions")

        tokens = d.pop("tokens")

        prompt_tokens = d.pop("prompt_tokens")

        completion_tokens = d.pop("completion_tokens")

        def _parse_fallback_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        fallback_share = _parse_fallback_share(d.pop("fallback_share"))

        def _parse_truncated_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        truncated_share = _parse_truncated_share(d.pop("truncated_share"))

        failed_generations = d.pop("failed_generations")

        def _parse_timeout_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        timeout_share = _parse_timeout_share(d.pop("timeout_share"))

        def _parse_refusal_share(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        refusal_share = _parse_refusal_share(d.pop("refusal_share"))

        def _parse_latency_ms_p50(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        latency_ms_p50 = _parse_latency_ms_p50(d.pop("latency_ms_p50"))

        def _parse_latency_ms_p95(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        latency_ms_p95 = _parse_latency_ms_p95(d.pop("latency_ms_p95"))

        by_provider = []
        _by_provider = d.pop("by_provider")
        for by_provider_item_data in _by_provider:
            by_provider_item = AnalyticsGenerationOutputSerializerAnalyticsProvider.from_dict(by_provider_item_data)

            by_provider.append(by_provider_item)

        by_model = []
        _by_model = d.pop("by_model")
        for by_model_item_data in _by_model:
            by_model_item = AnalyticsGenerationOutputSerializerAnalyticsModel.from_dict(by_model_item_data)

            by_model.append(by_model_item)

        by_member = []
        _by_member = d.pop("by_member")
        for by_member_item_data in _by_member:
            by_member_item = AnalyticsGenerationOutputSerializerAnalyticsMember.from_dict(by_member_item_data)

            by_member.append(by_member_item)

        by_workspace = []
        _by_workspace = d.pop("by_workspace")
        for by_workspace_item_data in _by_workspace:
            by_workspace_item = AnalyticsGenerationOutputSerializerAnalyticsWorkspace.from_dict(by_workspace_item_data)

            by_workspace.append(by_workspace_item)

        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = AnalyticsGenerationOutputSerializerAnalyticsBucket.from_dict(series_item_data)

            series.append(series_item)

        analytics_generation_output = cls(
            organization_id=organization_id,
            workspace_id=workspace_id,
            start=start,
            end=end,
            granularity=granularity,
            tz=tz,
            as_of=as_of,
            source=source,
            versions=versions,
            generated_versions=generated_versions,
            tokens=tokens,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            fallback_share=fallback_share,
            truncated_share=truncated_share,
            failed_generations=failed_generations,
            timeout_share=timeout_share,
            refusal_share=refusal_share,
            latency_ms_p50=latency_ms_p50,
            latency_ms_p95=latency_ms_p95,
            by_provider=by_provider,
            by_model=by_model,
            by_member=by_member,
            by_workspace=by_workspace,
            series=series,
        )

        analytics_generation_output.additional_properties = d
        return analytics_generation_output

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
