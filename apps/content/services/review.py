"""The review workflow of a piece of content: draft → in_review → approved | changes_requested
(docs/content.md#approvals), each transition one conditional UPDATE; a new version resets it."""

import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.common.exceptions import ValidationFailed
from apps.content import transitions
from apps.content.exceptions import ReviewTransitionConflict, ReviewVersionMismatch
from apps.content.models import Content, ContentReview, ReviewAction, ReviewState
from apps.content.selectors import content_get_for_user
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.users.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _ReviewRule:
    action: str
    from_states: tuple[str, ...]
    to_state: str
    role: str
    event: str


_REVIEW_RULES = {
    ReviewAction.SUBMIT: _ReviewRule(
        ReviewAction.SUBMIT,
        (ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED),
        ReviewState.IN_REVIEW,
        Role.EDITOR,
        transitions.SUBMITTED,
    ),
    ReviewAction.APPROVE: _ReviewRule(
        ReviewAction.APPROVE, (ReviewState.IN_REVIEW,), ReviewState.APPROVED, Role.ADMIN, transitions.APPROVED
    ),
    ReviewAction.REQUEST_CHANGES: _ReviewRule(
        ReviewAction.REQUEST_CHANGES,
        (ReviewState.IN_REVIEW,),
        ReviewState.CHANGES_REQUESTED,
        Role.ADMIN,
        transitions.CHANGES_REQUESTED,
    ),
}


def _content_review_transition(
    *, user: User, content_id: UUID | str, action: str, comment: str = "", version: int | None = None
) -> ContentReview:
    """Apply one review transition with ONE conditional UPDATE (``WHERE review_state IN (...)``): of
    two reviewers acting at once, one wins and the other gets 409 ``review_transition_conflict``.
    ``version``, when given, is the version the caller looked at: if the content moved on, 409
    ``review_version_mismatch`` (an approval is of one version). Records who/when and the comment."""
    rule = _REVIEW_RULES[action]
    content = content_get_for_user(user=user, content_id=content_id)  # 404 (foreign, missing, trashed)
    membership_require(user=user, organization_id=content.organization_id, role=rule.role)  # 403
    comment = comment.strip()
    now = timezone.now()
    condition = Q(pk=content.pk, deleted_at__isnull=True)
    if action == ReviewAction.SUBMIT:
        if version is not None:
            condition &= Q(current_version=version)
        new_version: Any = F("current_version")
    else:
        # The version under review is the current one (a new version resets the review to draft).
        condition &= Q(review_version=F("current_version"))
        if version is not None:
            condition &= Q(review_version=version)
        new_version = F("review_version")
    with transaction.atomic():
        from_state = None
        for state in rule.from_states:  # one conditional UPDATE per possible source state: the first that matches wins
            rows = Content.objects.filter(condition, review_state=state).update(
                review_state=rule.to_state,
                review_version=new_version,
                review_updated_at=now,
                review_updated_by=user,
                updated_at=now,
            )
            if rows == 1:
                from_state = state
                break
        content = Content.objects.select_related("workspace", "created_by").get(pk=content.pk)
        if from_state is None:
            current = content.review_version if action != ReviewAction.SUBMIT else content.current_version
            details = {
                "review_state": content.review_state,
                "action": action,
                "current_version": content.current_version,
            }
            if version is not None and content.review_state in rule.from_states and current != version:
                raise ReviewVersionMismatch(details=details)
            raise ReviewTransitionConflict(
                f"Content in review state {content.review_state!r} cannot be {rule.to_state.replace('_', ' ')}.",
                details=details,
            )
        review = ContentReview.objects.create(
            content=content,
            action=action,
            from_state=from_state,
            to_state=rule.to_state,
            version=content.review_version,
            comment=comment,
            actor=user,
        )
        transitions.emit(rule.event, content=content, actor=user, version=content.review_version, comment=comment)
    logger.info(
        "content review transition",
        extra={"content_id": str(content.pk), "action": action, "version": content.review_version},
    )
    return review


def content_submit(
    *, user: User, content_id: UUID | str, comment: str = "", version: int | None = None
) -> ContentReview:
    """Submit the current version for review (editor+): draft or changes_requested → in_review."""
    return _content_review_transition(
        user=user, content_id=content_id, action=ReviewAction.SUBMIT, comment=comment, version=version
    )


def content_approve(
    *, user: User, content_id: UUID | str, comment: str = "", version: int | None = None
) -> ContentReview:
    """Approve the version under review (admin+): in_review → approved."""
    return _content_review_transition(
        user=user, content_id=content_id, action=ReviewAction.APPROVE, comment=comment, version=version
    )


def content_request_changes(
    *, user: User, content_id: UUID | str, comment: str, version: int | None = None
) -> ContentReview:
    """Send the version under review back with a comment (admin+): in_review → changes_requested."""
    if not comment.strip():
        raise ValidationFailed(details={"comment": ["Say what should change."]})
    return _content_review_transition(
        user=user, content_id=content_id, action=ReviewAction.REQUEST_CHANGES, comment=comment, version=version
    )


def review_reset(*, content: Content, version: int, actor: User) -> list[str]:
    """An approval (or a pending review) is of one version: a new version sends the content back to
    draft, recorded like any transition. ``content`` is locked by the caller. Returns the fields to save."""
    if content.review_state not in (ReviewState.IN_REVIEW, ReviewState.APPROVED):
        return []
    previous = content.review_state
    content.review_state = ReviewState.DRAFT
    content.review_version = None
    content.review_updated_at = timezone.now()
    content.review_updated_by = actor
    ContentReview.objects.create(
        content=content,
        action=ReviewAction.RESET,
        from_state=previous,
        to_state=ReviewState.DRAFT,
        version=version,
        actor=actor,
    )
    transitions.emit(transitions.REVIEW_RESET, content=content, actor=actor, version=version, from_state=previous)
    return ["review_state", "review_version", "review_updated_at", "review_updated_by"]
