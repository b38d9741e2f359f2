"""HTTP API of the campaigns app: create (generate every variant), list, read, schedule together."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.campaigns.models import Campaign, CampaignVariant, VariantStatus
from apps.campaigns.selectors import campaign_get_for_user, campaign_list, campaign_organization_id
from apps.campaigns.services import campaign_create, campaign_schedule
from apps.common.db import db_step
from apps.common.exceptions import QuotaExceeded, RateLimited
from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.schema import ORG_ID_QUERY, ORG_ID_RULE, error, errors_of
from apps.common.serializers import StrictBooleanField, StrictCharField
from apps.common.views import AsyncAPIView, IdempotentMixin
from apps.content.apis.checks import require_editor_of_body_organization
from apps.content.apis.generation import TEMPLATE_ID_HELP, VARIABLES_HELP, TemplateVariablesField
from apps.content.apis.serializers import media_input_field
from apps.content.exceptions import ContentArchived
from apps.content.measure import text_length
from apps.content.models import Platform, Tone
from apps.content.platforms import AUDIENCE_MAX_CHARS, PROMPT_MAX_CHARS, platform_limit
from apps.content.providers import PROVIDER_NAMES, AIProviderNotConfigured
from apps.organizations.models import Role
from apps.organizations.selectors import membership_require
from apps.scheduling.apis import AwareDateTimeField, ScheduledPostOutputSerializer
from apps.scheduling.exceptions import AlreadyScheduled, ContentNotApproved, DuplicatePost
from apps.scheduling.selectors import scheduled_post_get

E404 = error("Campaign not found, or you are not a member of its organization.")


def _campaign_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    return campaign_organization_id(campaign_id=kwargs.get("campaign_id"))


class VariantOutputSerializer(serializers.Serializer):
    class ErrorSerializer(serializers.Serializer):
        code = serializers.CharField()
        message = serializers.CharField()

    id = serializers.UUIDField()
    platform = serializers.ChoiceField(choices=Platform.choices)
    status = serializers.ChoiceField(
        choices=VariantStatus.choices, help_text="generated (content_id set) or failed (error set)."
    )
    content_id = serializers.UUIDField(allow_null=True)
    version = serializers.IntegerField(allow_null=True, help_text="The content's current version.")
    generated_text = serializers.CharField(allow_null=True, help_text="The content's current text.")
    length = serializers.IntegerField(allow_null=True, help_text="As the platform counts it.")
    limit = serializers.IntegerField()
    error = ErrorSerializer(allow_null=True, help_text="Why the variant failed (the error a generation answers).")


def _variant(variant: CampaignVariant) -> dict[str, Any]:
    # A content moved to a workspace the caller (an API key limited to one) cannot see is not shown.
    content = None if getattr(variant, "content_outside", False) else variant.content
    return {
        "id": str(variant.id),
        "platform": variant.platform,
        "status": variant.status,
        "content_id": str(content.id) if content else None,
        "version": content.current_version if content else None,
        "generated_text": content.current_text if content else None,
        "length": text_length(platform=variant.platform, text=content.current_text) if content else None,
        "limit": platform_limit(variant.platform),
        "error": {"code": variant.error_code, "message": variant.error_message} if variant.error_code else None,
    }


class CampaignOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    organization_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField(allow_null=True)
    prompt = serializers.CharField(help_text="The brief (a template filled in, when one was used).")
    tone = serializers.ChoiceField(choices=Tone.choices)
    audience = serializers.CharField(allow_blank=True)
    template_id = serializers.UUIDField(allow_null=True)
    created_by = serializers.UUIDField(allow_null=True)
    created_at = serializers.DateTimeField()
    variants = VariantOutputSerializer(many=True)

    def to_representation(self, instance: Campaign) -> dict[str, Any]:
        return {
            "id": str(instance.id),
            "organization_id": str(instance.organization_id),
            "workspace_id": str(instance.workspace_id) if instance.workspace_id else None,
            "prompt": instance.prompt,
            "tone": instance.tone,
            "audience": instance.audience,
            "template_id": (instance.template or {}).get("id"),
            "created_by": str(instance.created_by_id) if instance.created_by_id else None,
            "created_at": serializers.DateTimeField().to_representation(instance.created_at),
            "variants": [_variant(v) for v in instance.variants.all()],
        }


class CampaignListCreateApi(AsyncAPIView):
    # Async: creating a campaign waits on the AI provider for its variants, holding no thread.

    pagination_class = PageNumberPagination

    class FilterSerializer(serializers.Serializer):
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None)

    class InputSerializer(serializers.Serializer):
        platforms = serializers.ListField(
            child=serializers.ChoiceField(choices=Platform.choices),
            min_length=1,
            max_length=len(Platform.choices),
            help_text="Distinct platforms: one variant each, fitted to it.",
        )
        tone = serializers.ChoiceField(choices=Tone.choices)
        prompt = StrictCharField(
            max_length=PROMPT_MAX_CHARS,
            required=False,
            allow_blank=True,
            default="",
            help_text="The brief; required unless template_id is given.",
        )
        audience = StrictCharField(max_length=AUDIENCE_MAX_CHARS, required=False, allow_blank=True, default="")
        organization_id = serializers.UUIDField(required=False, allow_null=True, default=None, help_text=ORG_ID_RULE)
        workspace_id = serializers.UUIDField(required=False, allow_null=True, default=None)
        ai_provider = serializers.ChoiceField(
            choices=list(PROVIDER_NAMES), required=False, allow_null=True, default=None
        )
        template_id = serializers.UUIDField(required=False, allow_null=True, default=None, help_text=TEMPLATE_ID_HELP)
        variables = TemplateVariablesField(required=False, default=dict, help_text=VARIABLES_HELP)
        media = media_input_field()

    @extend_schema(
        operation_id="campaigns_list",
        summary="An organization's campaigns with their variants (newest first)",
        parameters=[
            ORG_ID_QUERY,
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 100."),
        ],
        responses={200: CampaignOutputSerializer(many=True), 404: error("Organization not found.")},
    )
    async def get(self, request: Request) -> Response:
        return await db_step(self.page)(request)

    def page(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        campaigns = campaign_list(user=request.user, **filters.validated_data)
        return paginated_response(
            queryset=campaigns, serializer_class=CampaignOutputSerializer, request=request, view=self
        )

    @extend_schema(
        operation_id="campaigns_create",
        summary="One brief, several platforms: generate one variant per platform (201)",
        description=(
            "The quota of every variant is reserved before any AI call, all or nothing (402 and nothing "
            "created when it cannot cover them all). A variant whose provider fails is answered with "
            "status failed and its error; the others are generated."
        ),
        request=InputSerializer,
        responses={
            201: CampaignOutputSerializer,
            400: error(
                "Validation error: a platform twice, unknown platform/tone/provider, neither prompt nor "
                "template_id, template variables missing or unknown (template_variables_invalid), media a "
                "platform's media rules refuse (details['media.<platform>']) or not ready."
            ),
            402: errors_of(QuotaExceeded, note="Tokens or posts for all the variants (details: limit, used)."),
            403: error("The role is below editor."),
            404: error("Organization, workspace, template or media not found (or not a member)."),
            429: errors_of(RateLimited, note="The plan's generations per minute (one per variant)."),
            503: errors_of(AIProviderNotConfigured),
        },
    )
    async def post(self, request: Request) -> Response:
        brief = await db_step(self.validated)(request)
        campaign = await campaign_create(user=request.user, **brief)
        return Response(await db_step(lambda: CampaignOutputSerializer(campaign).data)(), status=201)

    def validated(self, request: Request) -> dict[str, Any]:
        require_editor_of_body_organization(request)  # 404, 403, then 400
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data


class CampaignDetailApi(APIView):
    rate_limit_organization = staticmethod(_campaign_in_path)

    @extend_schema(
        operation_id="campaigns_retrieve",
        summary="A campaign and its variants",
        responses={200: CampaignOutputSerializer, 404: E404},
    )
    def get(self, request: Request, campaign_id) -> Response:
        campaign = campaign_get_for_user(user=request.user, campaign_id=campaign_id)
        return Response(CampaignOutputSerializer(campaign).data)


class CampaignScheduleApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_campaign_in_path)

    class InputSerializer(serializers.Serializer):
        class PostSerializer(serializers.Serializer):
            content_id = serializers.UUIDField(help_text="A generated variant's content_id.")
            scheduled_at = AwareDateTimeField(
                help_text="ISO 8601 with timezone; in the future, at most one year ahead."
            )
            version = serializers.IntegerField(
                min_value=1,
                required=False,
                help_text="Default: the current version (the approved one where the workspace requires approval).",
            )
            allow_duplicate = StrictBooleanField(
                required=False,
                default=False,
                help_text="As for POST /scheduling/schedule/: schedule even if the same text is already "
                "scheduled or published on this platform within SCHEDULING_DUPLICATE_WINDOW_HOURS.",
            )

        posts = PostSerializer(many=True, min_length=1, max_length=len(Platform.choices))

    class OutputSerializer(serializers.Serializer):
        scheduled_posts = ScheduledPostOutputSerializer(many=True)

    @extend_schema(
        operation_id="campaigns_schedule",
        summary="Schedule variants together, each at its own time (all or nothing)",
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: error(
                "A content that is not a generated variant of this campaign, or given twice; a naive, past or "
                "too distant scheduled_at (details.item names the post)."
            ),
            403: error("The role is below editor."),
            404: E404,
            409: errors_of(
                AlreadyScheduled,
                DuplicatePost,
                ContentNotApproved,
                ContentArchived,
                note="As for POST /scheduling/schedule/; details.item names the post; none was scheduled.",
            ),
            503: error("scheduler_not_configured: the scheduler backend or publisher is not configured."),
        },
    )
    def post(self, request: Request, campaign_id) -> Response:
        campaign = campaign_get_for_user(user=request.user, campaign_id=campaign_id)  # 404
        membership_require(user=request.user, organization_id=campaign.organization_id, role=Role.EDITOR)  # 403
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        posts = campaign_schedule(user=request.user, campaign_id=campaign_id, posts=data.validated_data["posts"])
        posts = [scheduled_post_get(user=request.user, post_id=post.id) for post in posts]
        return Response({"scheduled_posts": ScheduledPostOutputSerializer(posts, many=True).data}, status=201)
