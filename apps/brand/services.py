"""Writes of the brand app: set a workspace's brand voice (a new revision per change) and manage
its prompt templates."""

from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction

from apps.brand.exceptions import TemplateNameTaken
from apps.brand.models import BrandVoice, BrandVoiceRevision, PromptTemplate
from apps.brand.rules import HASHTAG_RE, TEMPLATE_VARIABLES_MAX, hashtag_normalize, template_variables
from apps.brand.selectors import template_get_for_user
from apps.common.exceptions import ValidationFailed
from apps.organizations.models import Role
from apps.organizations.selectors import (
    membership_require,
    workspace_default,
    workspace_get_for_organization,
    workspace_get_for_user,
)
from apps.users.models import User

VOICE_FIELDS = ("description", "rules", "banned_phrases", "required_hashtags", "example_posts")


def _clean_list(values: list[str], *, field: str) -> list[str]:
    """Stripped, blank entries refused, duplicates (case-insensitive) dropped, order kept."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = value.strip()
        if not value:
            raise ValidationFailed(details={field: ["Entries may not be blank."]})
        if value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return out


def _voice_clean(
    *, description: str, rules: list[str], banned_phrases: list[str], required_hashtags: list[str], example_posts
) -> dict[str, Any]:
    hashtags = _clean_list([hashtag_normalize(tag) for tag in required_hashtags], field="required_hashtags")
    wrong = [tag for tag in hashtags if not HASHTAG_RE.match(tag)]
    if wrong:
        raise ValidationFailed(
            details={"required_hashtags": [f"Not a hashtag (letters, digits and _ only): {', '.join(wrong)}."]}
        )
    return {
        "description": description.strip(),
        "rules": _clean_list(rules, field="rules"),
        "banned_phrases": _clean_list(banned_phrases, field="banned_phrases"),
        "required_hashtags": hashtags,
        "example_posts": _clean_list(example_posts, field="example_posts"),
    }


def brand_voice_set(
    *,
    user: User,
    workspace_id: UUID | str,
    description: str = "",
    rules: list[str] | None = None,
    banned_phrases: list[str] | None = None,
    required_hashtags: list[str] | None = None,
    example_posts: list[str] | None = None,
) -> BrandVoice:
    """Replace the workspace's brand voice (admins and owners). A change makes revision n+1 and
    keeps it as a ``BrandVoiceRevision``; the same content again changes nothing (no new revision).
    The voice row is locked while the revision is numbered, so two writers get n+1 and n+2."""
    workspace = workspace_get_for_user(user=user, workspace_id=workspace_id, role=Role.ADMIN)  # 404, 403
    values = _voice_clean(
        description=description,
        rules=rules or [],
        banned_phrases=banned_phrases or [],
        required_hashtags=required_hashtags or [],
        example_posts=example_posts or [],
    )
    for _ in range(3):
        try:
            with transaction.atomic():
                voice = BrandVoice.objects.select_for_update().filter(workspace=workspace).first()
                if voice is None:
                    voice = BrandVoice.objects.create(organization_id=workspace.organization_id, workspace=workspace)
                if voice.revision and all(getattr(voice, name) == values[name] for name in VOICE_FIELDS):
                    return voice
                voice.revision += 1
                for name, value in values.items():
                    setattr(voice, name, value)
                voice.updated_by = user
                voice.save()
                BrandVoiceRevision.objects.create(
                    organization_id=workspace.organization_id,
                    brand_voice=voice,
                    revision=voice.revision,
                    created_by=user,
                    **values,
                )
                return voice
        except IntegrityError:  # a concurrent first write created the row: lock it and go again
            continue
    raise RuntimeError("brand voice: could not create the row")  # pragma: no cover


# --------------------------------------------------------------------------- templates
def _template_body_check(body: str) -> tuple[str, list[str]]:
    body = body.strip()
    if not body:
        raise ValidationFailed(details={"body": ["The body may not be blank."]})
    names = template_variables(body)
    if len(names) > TEMPLATE_VARIABLES_MAX:
        raise ValidationFailed(details={"body": [f"At most {TEMPLATE_VARIABLES_MAX} variables."]})
    return body, names


def _name_check(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationFailed(details={"name": ["The name may not be blank."]})
    return name


def template_create(
    *,
    user: User,
    organization_id: UUID | str | None,
    name: str,
    body: str,
    workspace_id: UUID | str | None = None,
) -> PromptTemplate:
    """A new template in a workspace (the organization's default one when omitted); editors and up."""
    membership = membership_require(user=user, organization_id=organization_id, role=Role.EDITOR)
    organization_id = membership.organization_id
    if workspace_id:
        workspace = workspace_get_for_organization(organization_id=organization_id, workspace_id=workspace_id)
    else:
        workspace = workspace_default(organization_id=organization_id)
        if workspace is None:
            raise ValidationFailed(details={"workspace_id": ["The organization has no workspace."]})
    name = _name_check(name)
    body, names = _template_body_check(body)
    try:
        with transaction.atomic():
            return PromptTemplate.objects.create(
                organization_id=organization_id,
                workspace=workspace,
                name=name,
                body=body,
                variables=names,
                created_by=user,
            )
    except IntegrityError as exc:
        raise TemplateNameTaken() from exc


def template_update(
    *, user: User, template_id: UUID | str, name: str | None = None, body: str | None = None
) -> PromptTemplate:
    template = template_get_for_user(user=user, template_id=template_id)  # 404
    membership_require(user=user, organization_id=template.organization_id, role=Role.EDITOR)  # 403
    fields = []
    if name is not None:
        template.name = _name_check(name)
        fields.append("name")
    if body is not None:
        template.body, template.variables = _template_body_check(body)
        fields += ["body", "variables"]
    if not fields:
        return template
    try:
        with transaction.atomic():
            template.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as exc:
        raise TemplateNameTaken() from exc
    return template


def template_delete(*, user: User, template_id: UUID | str) -> None:
    template = template_get_for_user(user=user, template_id=template_id)  # 404
    membership_require(user=user, organization_id=template.organization_id, role=Role.EDITOR)  # 403
    template.delete()
