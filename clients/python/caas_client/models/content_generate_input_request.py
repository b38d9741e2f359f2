from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.ai_provider_enum import AiProviderEnum, check_ai_provider_enum
from ..models.platform_enum import PlatformEnum, check_platform_enum
from ..models.tone_enum import ToneEnum, check_tone_enum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attachment_input_request import AttachmentInputRequest
    from ..models.content_generate_input_request_variables import ContentGenerateInputRequestVariables


T = TypeVar("T", bound="ContentGenerateInputRequest")


@_attrs_define
class ContentGenerateInputRequest:
    """
    Attributes:
        platform (PlatformEnum): * `twitter` - Twitter / X
            * `linkedin` - LinkedIn
            * `instagram` - Instagram
            * `facebook` - Facebook
            * `threads` - Threads
            * `mastodon` - Mastodon
            * `bluesky` - Bluesky
        tone (ToneEnum): * `professional` - Professional
            * `casual` - Casual
            * `friendly` - Friendly
            * `humorous` - Humorous
            * `inspirational` - Inspirational
            * `persuasive` - Persuasive
            * `informative` - Informative
            * `enthusiastic` - Enthusiastic
        prompt (str | Unset): What to write about; required unless template_id is given. Default: ''.
        template_id (None | Unset | UUID): A prompt template of the organization (of workspace_id when given; its
            workspace is used otherwise), filled in with variables; prompt, when given too, follows it.
        variables (ContentGenerateInputRequestVariables | Unset): The template's variables, each a string of at most 500
            characters (at most 20); every variable of the template and no other (400 template_variables_invalid).
        audience (str | Unset):  Default: ''.
        organization_id (None | Unset | UUID): Organization to act on. Required unless you belong to exactly one
            organization (then that one is used); omitted while you belong to several, the answer is 400 with
            details.organization_id.
        workspace_id (None | Unset | UUID):
        ai_provider (AiProviderEnum | None | Unset): Omit for the server's default (OpenAI if configured, else Gemini,
            else offline).

            * `openai` - openai
            * `gemini` - gemini
            * `offline` - offline
        stream (bool | Unset):  Default: False.
        media (list[AttachmentInputRequest] | Unset): Attachments, in order: [{id, alt_text}] (media of the content's
            workspace, ready; at most 20). Omitted: a new version keeps the previous version's; [] removes them.
    """

    platform: PlatformEnum
    tone: ToneEnum
    prompt: str | Unset = ""
    template_id: None | Unset | UUID = UNSET
    variables: ContentGenerateInputRequestVariables | Unset = UNSET
    audience: str | Unset = ""
    organization_id: None | Unset | UUID = UNSET
    workspace_id: None | Unset | UUID = UNSET
    ai_provider: AiProviderEnum | None | Unset = UNSET
    stream: bool | Unset = False
    media: list[AttachmentInputRequest] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        platform: str = self.platform

        tone: str = self.tone

        prompt = self.prompt

        template_id: None | str | Unset
        if isinstance(self.template_id, Unset):
            template_id = UNSET
        elif isinstance(self.template_id, UUID):
            template_id = str(self.template_id)
        else:
            template_id = self.template_id

        variables: dict[str, Any] | Unset = UNSET
        if not isinstance(self.variables, Unset):
            variables = self.variables.to_dict()

        audience = self.audience

        organization_id: None | str | Unset
        if isinstance(self.organization_id, Unset):
            organization_id = UNSET
        elif isinstance(self.organization_id, UUID):
            organization_id = str(self.organization_id)
        else:
            organization_id = self.organization_id

        workspace_id: None | str | Unset
        if isinstance(self.workspace_id, Unset):
            workspace_id = UNSET
        elif isinstance(self.workspace_id, UUID):
            workspace_id = str(self.workspace_id)
        else:
            workspace_id = self.workspace_id

        ai_provider: None | str | Unset
        if isinstance(self.ai_provider, Unset):
            ai_provider = UNSET
        elif isinstance(self.ai_provider, str):
            ai_provider = self.ai_provider
        else:
            ai_provider = self.ai_provider

        stream = self.stream

        media: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.media, Unset):
            media = []
            for media_item_data in self.media:
                media_item = media_item_data.to_dict()
                media.append(media_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "platform": platform,
                "tone": tone,
            }
        )
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if template_id is not UNSET:
            field_dict["template_id"] = template_id
        if variables is not UNSET:
            field_dict["variables"] = variables
        if audience is not UNSET:
            field_dict["audience"] = audience
        if organization_id is not UNSET:
            field_dict["organization_id"] = organization_id
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id
        if ai_provider is not UNSET:
            field_dict["ai_provider"] = ai_provider
        if stream is not UNSET:
            field_dict["stream"] = stream
        if media is not UNSET:
            field_dict["media"] = media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment_input_request import AttachmentInputRequest  # noqa: PLC0415
        from ..models.content_generate_input_request_variables import ContentGenerateInputRequestVariables  # noqa: PLC0415

        d = dict(src_dict)
        platform = check_platform_enum(d.pop("platform"))

        tone = check_tone_enum(d.pop("tone"))

        prompt = d.pop("prompt", UNSET)

        def _parse_template_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                template_id_type_0 = UUID(data)

                return template_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        template_id = _parse_template_id(d.pop("template_id", UNSET))

        _variables = d.pop("variables", UNSET)
        variables: ContentGenerateInputRequestVariables | Unset
        if isinstance(_variables, Unset):
            variables = UNSET
        else:
            variables = ContentGenerateInputRequestVariables.from_dict(_variables)

        audience = d.pop("audience", UNSET)

        def _parse_organization_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                organization_id_type_0 = UUID(data)

                return organization_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        organization_id = _parse_organization_id(d.pop("organization_id", UNSET))

        def _parse_workspace_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                workspace_id_type_0 = UUID(data)

                return workspace_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        workspace_id = _parse_workspace_id(d.pop("workspace_id", UNSET))

        def _parse_ai_provider(data: object) -> AiProviderEnum | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ai_provider_type_0 = check_ai_provider_enum(data)

                return ai_provider_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AiProviderEnum | None | Unset, data)

        ai_provider = _parse_ai_provider(d.pop("ai_provider", UNSET))

        stream = d.pop("stream", UNSET)

        _media = d.pop("media", UNSET)
        media: list[AttachmentInputRequest] | Unset = UNSET
        if _media is not UNSET:
            media = []
            for media_item_data in _media:
                media_item = AttachmentInputRequest.from_dict(media_item_data)

                media.append(media_item)

        content_generate_input_request = cls(
            platform=platform,
            tone=tone,
            prompt=prompt,
            template_id=template_id,
            variables=variables,
            audience=audience,
            organization_id=organization_id,
            workspace_id=workspace_id,
            ai_provider=ai_provider,
            stream=stream,
            media=media,
        )

        content_generate_input_request.additional_properties = d
        return content_generate_input_request

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
