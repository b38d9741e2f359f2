from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action_enum import ActionEnum, check_action_enum
from ..models.review_state_enum import ReviewStateEnum, check_review_state_enum

T = TypeVar("T", bound="ReviewOutput")


@_attrs_define
class ReviewOutput:
    """
    Attributes:
        id (UUID):
        content_id (UUID):
        action (ActionEnum): * `submit` - Submitted for review
            * `approve` - Approved
            * `request_changes` - Changes requested
            * `reset` - Back to draft (a new version)
        from_state (ReviewStateEnum): * `draft` - Draft
            * `in_review` - In review
            * `approved` - Approved
            * `changes_requested` - Changes requested
        to_state (ReviewStateEnum): * `draft` - Draft
            * `in_review` - In review
            * `approved` - Approved
            * `changes_requested` - Changes requested
        version (int): The version this transition is about.
        comment (str):
        actor (None | UUID):
        actor_email (None | str):
        created_at (datetime.datetime):
    """

    id: UUID
    content_id: UUID
    action: ActionEnum
    from_state: ReviewStateEnum
    to_state: ReviewStateEnum
    version: int
    comment: str
    actor: None | UUID
    actor_email: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        content_id = str(self.content_id)

        action: str = self.action

        from_state: str = self.from_state

        to_state: str = self.to_state

        version = self.version

        comment = self.comment

        actor: None | str
        if isinstance(self.actor, UUID):
            actor = str(self.actor)
        else:
            actor = self.actor

        actor_email: None | str
        actor_email = self.actor_email

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "content_id": content_id,
                "action": action,
                "from_state": from_state,
                "to_state": to_state,
                "version": version,
                "comment": comment,
                "actor": actor,
                "actor_email": actor_email,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        content_id = UUID(d.pop("content_id"))

        action = check_action_enum(d.pop("action"))

        from_state = check_review_state_enum(d.pop("from_state"))

        to_state = check_review_state_enum(d.pop("to_state"))

        version = d.pop("version")

        comment = d.pop("comment")

        def _parse_actor(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_type_0 = UUID(data)

                return actor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        actor = _parse_actor(d.pop("actor"))

        def _parse_actor_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_email = _parse_actor_email(d.pop("actor_email"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        review_output = cls(
            id=id,
            content_id=content_id,
            action=action,
            from_state=from_state,
            to_state=to_state,
            version=version,
            comment=comment,
            actor=actor,
            actor_email=actor_email,
            created_at=created_at,
        )

        review_output.additional_properties = d
        return review_output

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
