from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.imported_post import ImportedPost


T = TypeVar("T", bound="ScheduledPostImportOutput")


@_attrs_define
class ScheduledPostImportOutput:
    """
    Attributes:
        organization_id (UUID):
        dry_run (bool): True: every row was checked as for real and nothing was kept.
        rows (int): Rows of the file (without the header).
        contents_created (int): New content (rows with text).
        scheduled_posts (list[ImportedPost]):
    """

    organization_id: UUID
    dry_run: bool
    rows: int
    contents_created: int
    scheduled_posts: list[ImportedPost]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization_id = str(self.organization_id)

        dry_run = self.dry_run

        rows = self.rows

        contents_created = self.contents_created

        scheduled_posts = []
        for scheduled_posts_item_data in self.scheduled_posts:
            scheduled_posts_item = scheduled_posts_item_data.to_dict()
            scheduled_posts.append(scheduled_posts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization_id": organization_id,
                "dry_run": dry_run,
                "rows": rows,
                "contents_created": contents_created,
                "scheduled_posts": scheduled_posts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.imported_post import ImportedPost  # noqa: PLC0415

        d = dict(src_dict)
        organization_id = UUID(d.pop("organization_id"))

        dry_run = d.pop("dry_run")

        rows = d.pop("rows")

        contents_created = d.pop("contents_created")

        scheduled_posts = []
        _scheduled_posts = d.pop("scheduled_posts")
        for scheduled_posts_item_data in _scheduled_posts:
            scheduled_posts_item = ImportedPost.from_dict(scheduled_posts_item_data)

            scheduled_posts.append(scheduled_posts_item)

        scheduled_post_import_output = cls(
            organization_id=organization_id,
            dry_run=dry_run,
            rows=rows,
            contents_created=contents_created,
            scheduled_posts=scheduled_posts,
        )

        scheduled_post_import_output.additional_properties = d
        return scheduled_post_import_output

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
