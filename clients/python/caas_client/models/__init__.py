"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .action_enum import ActionEnum
from .actor_type_enum import ActorTypeEnum
from .ai_provider_enum import AiProviderEnum
from .analytics_generation_granularity import AnalyticsGenerationGranularity
from .analytics_generation_output import AnalyticsGenerationOutput
from .analytics_generation_output_serializer_analytics_bucket import AnalyticsGenerationOutputSerializerAnalyticsBucket
from .analytics_generation_output_serializer_analytics_member import AnalyticsGenerationOutputSerializerAnalyticsMember
from .analytics_generation_output_serializer_analytics_model import AnalyticsGenerationOutputSerializerAnalyticsModel
from .analytics_generation_output_serializer_analytics_provider import (
    AnalyticsGenerationOutputSerializerAnalyticsProvider,
)
from .analytics_generation_output_serializer_analytics_workspace import (
    AnalyticsGenerationOutputSerializerAnalyticsWorkspace,
)
from .analytics_generation_tz import AnalyticsGenerationTz
from .analytics_posts_network import AnalyticsPostsNetwork
from .analytics_publishing_granularity import AnalyticsPublishingGranularity
from .analytics_publishing_output import AnalyticsPublishingOutput
from .analytics_publishing_output_serializer_analytics_bucket import AnalyticsPublishingOutputSerializerAnalyticsBucket
from .analytics_publishing_output_serializer_analytics_platform import (
    AnalyticsPublishingOutputSerializerAnalyticsPlatform,
)
from .analytics_publishing_output_serializer_analytics_reason import AnalyticsPublishingOutputSerializerAnalyticsReason
from .analytics_publishing_tz import AnalyticsPublishingTz
from .analytics_quota_granularity import AnalyticsQuotaGranularity
from .analytics_quota_output import AnalyticsQuotaOutput
from .analytics_quota_output_serializer_analytics_day import AnalyticsQuotaOutputSerializerAnalyticsDay
from .analytics_quota_tz import AnalyticsQuotaTz
from .api_key_created import ApiKeyCreated
from .api_key_list_create_input_request import ApiKeyListCreateInputRequest
from .api_key_output import ApiKeyOutput
from .api_key_role_enum import ApiKeyRoleEnum
from .attachment_input_request import AttachmentInputRequest
from .attachment_output import AttachmentOutput
from .audit_entries_list_actor_type import AuditEntriesListActorType
from .audit_entry_output import AuditEntryOutput
from .audit_entry_output_data import AuditEntryOutputData
from .backend_enum import BackendEnum
from .brand_voice_input_request import BrandVoiceInputRequest
from .brand_voice_output import BrandVoiceOutput
from .brand_voice_revision_output import BrandVoiceRevisionOutput
from .brand_warning import BrandWarning
from .calendar_day import CalendarDay
from .calendar_item import CalendarItem
from .calendar_output import CalendarOutput
from .campaign_list_create_input_request import CampaignListCreateInputRequest
from .campaign_list_create_input_request_variables import CampaignListCreateInputRequestVariables
from .campaign_output import CampaignOutput
from .campaign_schedule_input_request import CampaignScheduleInputRequest
from .campaign_schedule_output import CampaignScheduleOutput
from .channel import Channel
from .channel_callback_input_request import ChannelCallbackInputRequest
from .channel_connect_bluesky_input_request import ChannelConnectBlueskyInputRequest
from .channel_connect_input_request import ChannelConnectInputRequest
from .channel_metrics import ChannelMetrics
from .channel_state_enum import ChannelStateEnum
from .channels_connect_network import ChannelsConnectNetwork
from .channels_list_network import ChannelsListNetwork
from .channels_list_state import ChannelsListState
from .checkout_session_create_input_request import CheckoutSessionCreateInputRequest
from .checkout_session_create_output import CheckoutSessionCreateOutput
from .checkpoint_enum import CheckpointEnum
from .connect_method_enum import ConnectMethodEnum
from .connect_start import ConnectStart
from .content_detail_edit_input_request import ContentDetailEditInputRequest
from .content_generate_format import ContentGenerateFormat
from .content_generate_input_request import ContentGenerateInputRequest
from .content_generate_input_request_variables import ContentGenerateInputRequestVariables
from .content_generate_response_200 import ContentGenerateResponse200
from .content_generate_response_200_event import ContentGenerateResponse200Event
from .content_image_generate_input_request import ContentImageGenerateInputRequest
from .content_list_archived import ContentListArchived
from .content_list_platform import ContentListPlatform
from .content_list_review_state import ContentListReviewState
from .content_move_input_request import ContentMoveInputRequest
from .content_output import ContentOutput
from .content_regenerate_format import ContentRegenerateFormat
from .content_regenerate_input_request import ContentRegenerateInputRequest
from .content_regenerate_response_200 import ContentRegenerateResponse200
from .content_regenerate_response_200_event import ContentRegenerateResponse200Event
from .content_usage_output import ContentUsageOutput
from .content_validate_input_request import ContentValidateInputRequest
from .content_validate_output import ContentValidateOutput
from .csv_content_export_platform import CsvContentExportPlatform
from .csv_scheduled_posts_export_platform import CsvScheduledPostsExportPlatform
from .csv_scheduled_posts_export_status import CsvScheduledPostsExportStatus
from .delivery_media import DeliveryMedia
from .delivery_output import DeliveryOutput
from .delivery_output_status_enum import DeliveryOutputStatusEnum
from .derivative_kind_enum import DerivativeKindEnum
from .email_status_enum import EmailStatusEnum
from .email_verify_input_request import EmailVerifyInputRequest
from .email_verify_output import EmailVerifyOutput
from .endpoint_detail_input_request import EndpointDetailInputRequest
from .endpoint_list_create_input_request import EndpointListCreateInputRequest
from .endpoint_output import EndpointOutput
from .endpoint_with_secret_output import EndpointWithSecretOutput
from .error import Error
from .error_body import ErrorBody
from .error_body_details import ErrorBodyDetails
from .error_envelope import ErrorEnvelope
from .error_error import ErrorError
from .error_error_details import ErrorErrorDetails
from .event_type_list_output import EventTypeListOutput
from .event_types_enum import EventTypesEnum
from .evergreen_list_create_input_request import EvergreenListCreateInputRequest
from .evergreen_output import EvergreenOutput
from .evergreen_output_last_error import EvergreenOutputLastError
from .frequency_enum import FrequencyEnum
from .generation_output import GenerationOutput
from .granularity_enum import GranularityEnum
from .imported_post import ImportedPost
from .input_serializer_post_request import InputSerializerPostRequest
from .invitation_accept_input_request import InvitationAcceptInputRequest
from .invitation_accept_output import InvitationAcceptOutput
from .invitation_list_create_input_request import InvitationListCreateInputRequest
from .invitation_output import InvitationOutput
from .kind_enum import KindEnum
from .limit import Limit
from .login_input_request import LoginInputRequest
from .logout_input_request import LogoutInputRequest
from .media import Media
from .media_derivative import MediaDerivative
from .media_detail_input_request import MediaDetailInputRequest
from .media_fit_input_platform_enum import MediaFitInputPlatformEnum
from .media_fit_input_request import MediaFitInputRequest
from .media_generate_input_request import MediaGenerateInputRequest
from .media_list_kind import MediaListKind
from .media_list_source import MediaListSource
from .media_list_state import MediaListState
from .media_provenance import MediaProvenance
from .media_source_enum import MediaSourceEnum
from .media_state_enum import MediaStateEnum
from .media_upload_form_request import MediaUploadFormRequest
from .media_upload_start_input_request import MediaUploadStartInputRequest
from .media_upload_start_output import MediaUploadStartOutput
from .member_detail_input_request import MemberDetailInputRequest
from .member_output import MemberOutput
from .members import Members
from .metered import Metered
from .metrics_reading import MetricsReading
from .mode_enum import ModeEnum
from .network import Network
from .network_enum import NetworkEnum
from .object_enum import ObjectEnum
from .occurrence_output import OccurrenceOutput
from .occurrence_output_last_error import OccurrenceOutputLastError
from .organization_detail_input_request import OrganizationDetailInputRequest
from .organization_list_create_input_request import OrganizationListCreateInputRequest
from .organization_output import OrganizationOutput
from .organization_transfer_ownership_input_request import OrganizationTransferOwnershipInputRequest
from .organization_transfer_ownership_output import OrganizationTransferOwnershipOutput
from .organizations_invitations_list_status import OrganizationsInvitationsListStatus
from .output_serializer_member import OutputSerializerMember
from .output_serializer_plan import OutputSerializerPlan
from .output_serializer_provider import OutputSerializerProvider
from .output_serializer_rate_limits import OutputSerializerRateLimits
from .output_serializer_reason import OutputSerializerReason
from .output_serializer_usage import OutputSerializerUsage
from .paginated_api_key_output_list import PaginatedApiKeyOutputList
from .paginated_audit_entry_output_list import PaginatedAuditEntryOutputList
from .paginated_brand_voice_revision_output_list import PaginatedBrandVoiceRevisionOutputList
from .paginated_campaign_output_list import PaginatedCampaignOutputList
from .paginated_channel_list import PaginatedChannelList
from .paginated_content_output_list import PaginatedContentOutputList
from .paginated_delivery_output_list import PaginatedDeliveryOutputList
from .paginated_endpoint_output_list import PaginatedEndpointOutputList
from .paginated_evergreen_output_list import PaginatedEvergreenOutputList
from .paginated_invitation_output_list import PaginatedInvitationOutputList
from .paginated_media_list import PaginatedMediaList
from .paginated_member_output_list import PaginatedMemberOutputList
from .paginated_organization_output_list import PaginatedOrganizationOutputList
from .paginated_plan_output_list import PaginatedPlanOutputList
from .paginated_post_metrics_list import PaginatedPostMetricsList
from .paginated_queue_entry_output_list import PaginatedQueueEntryOutputList
from .paginated_review_output_list import PaginatedReviewOutputList
from .paginated_scheduled_post_list import PaginatedScheduledPostList
from .paginated_series_output_list import PaginatedSeriesOutputList
from .paginated_template_output_list import PaginatedTemplateOutputList
from .paginated_version_output_list import PaginatedVersionOutputList
from .paginated_workspace_output_list import PaginatedWorkspaceOutputList
from .password_change_input_request import PasswordChangeInputRequest
from .password_reset_confirm_input_request import PasswordResetConfirmInputRequest
from .password_reset_input_request import PasswordResetInputRequest
from .plan_output import PlanOutput
from .plan_summary import PlanSummary
from .planner_calendar_tz import PlannerCalendarTz
from .platform_enum import PlatformEnum
from .portal_session_create_input_request import PortalSessionCreateInputRequest
from .portal_session_create_output import PortalSessionCreateOutput
from .post_metrics import PostMetrics
from .post_status_enum import PostStatusEnum
from .presigned_upload import PresignedUpload
from .profile_input_request import ProfileInputRequest
from .queue_entry_input_request import QueueEntryInputRequest
from .queue_entry_output import QueueEntryOutput
from .queue_entry_output_last_error import QueueEntryOutputLastError
from .queue_reorder_input_request import QueueReorderInputRequest
from .read_source_enum import ReadSourceEnum
from .register_input_request import RegisterInputRequest
from .register_output import RegisterOutput
from .request_changes_input_request import RequestChangesInputRequest
from .review_input_request import ReviewInputRequest
from .review_output import ReviewOutput
from .review_state_enum import ReviewStateEnum
from .role_enum import RoleEnum
from .schedule_input_request import ScheduleInputRequest
from .schedule_output import ScheduleOutput
from .scheduled_post_import_form_request import ScheduledPostImportFormRequest
from .scheduled_post_import_output import ScheduledPostImportOutput
from .scheduled_post_output import ScheduledPostOutput
from .scheduled_post_schedule_input_request import ScheduledPostScheduleInputRequest
from .scheduler_callback_input_request import SchedulerCallbackInputRequest
from .scheduler_callback_input_status_enum import SchedulerCallbackInputStatusEnum
from .scheduler_callback_output import SchedulerCallbackOutput
from .scheduler_channel_token_output import SchedulerChannelTokenOutput
from .scheduler_post_media_output import SchedulerPostMediaOutput
from .scheduling_list_platform import SchedulingListPlatform
from .scheduling_list_status import SchedulingListStatus
from .series_detail_output import SeriesDetailOutput
from .series_output import SeriesOutput
from .shape_enum import ShapeEnum
from .signature_scheme_enum import SignatureSchemeEnum
from .slot import Slot
from .slot_request import SlotRequest
from .stripe_event_data_request import StripeEventDataRequest
from .stripe_event_data_request_object import StripeEventDataRequestObject
from .stripe_event_request import StripeEventRequest
from .stripe_webhook_output import StripeWebhookOutput
from .stripe_webhook_output_status_enum import StripeWebhookOutputStatusEnum
from .subscription_detail_output import SubscriptionDetailOutput
from .template_detail_input_request import TemplateDetailInputRequest
from .template_list_create_input_request import TemplateListCreateInputRequest
from .template_output import TemplateOutput
from .timezone_enum import TimezoneEnum
from .token_pair import TokenPair
from .token_refresh_input_request import TokenRefreshInputRequest
from .tone_enum import ToneEnum
from .user_output import UserOutput
from .user_summary import UserSummary
from .variant_output import VariantOutput
from .variant_output_serializer_error import VariantOutputSerializerError
from .variant_output_status_enum import VariantOutputStatusEnum
from .version_output import VersionOutput
from .version_output_parameters import VersionOutputParameters
from .webhooks_deliveries_list_status import WebhooksDeliveriesListStatus
from .workspace_detail_input_request import WorkspaceDetailInputRequest
from .workspace_list_create_input_request import WorkspaceListCreateInputRequest
from .workspace_output import WorkspaceOutput

__all__ = (
    "Accepted",
    "ActionEnum",
    "ActorTypeEnum",
    "AiProviderEnum",
    "AnalyticsGenerationGranularity",
    "AnalyticsGenerationOutput",
    "AnalyticsGenerationOutputSerializerAnalyticsBucket",
    "AnalyticsGenerationOutputSerializerAnalyticsMember",
    "AnalyticsGenerationOutputSerializerAnalyticsModel",
    "AnalyticsGenerationOutputSerializerAnalyticsProvider",
    "AnalyticsGenerationOutputSerializerAnalyticsWorkspace",
    "AnalyticsGenerationTz",
    "AnalyticsPostsNetwork",
    "AnalyticsPublishingGranularity",
    "AnalyticsPublishingOutput",
    "AnalyticsPublishingOutputSerializerAnalyticsBucket",
    "AnalyticsPublishingOutputSerializerAnalyticsPlatform",
    "AnalyticsPublishingOutputSerializerAnalyticsReason",
    "AnalyticsPublishingTz",
    "AnalyticsQuotaGranularity",
    "AnalyticsQuotaOutput",
    "AnalyticsQuotaOutputSerializerAnalyticsDay",
    "AnalyticsQuotaTz",
    "ApiKeyCreated",
    "ApiKeyListCreateInputRequest",
    "ApiKeyOutput",
    "ApiKeyRoleEnum",
    "AttachmentInputRequest",
    "AttachmentOutput",
    "AuditEntriesListActorType",
    "AuditEntryOutput",
    "AuditEntryOutputData",
    "BackendEnum",
    "BrandVoiceInputRequest",
    "BrandVoiceOutput",
    "BrandVoiceRevisionOutput",
    "BrandWarning",
    "CalendarDay",
    "CalendarItem",
    "CalendarOutput",
    "CampaignListCreateInputRequest",
    "CampaignListCreateInputRequestVariables",
    "CampaignOutput",
    "CampaignScheduleInputRequest",
    "CampaignScheduleOutput",
    "Channel",
    "ChannelCallbackInputRequest",
    "ChannelConnectBlueskyInputRequest",
    "ChannelConnectInputRequest",
    "ChannelMetrics",
    "ChannelsConnectNetwork",
    "ChannelsListNetwork",
    "ChannelsListState",
    "ChannelStateEnum",
    "CheckoutSessionCreateInputRequest",
    "CheckoutSessionCreateOutput",
    "CheckpointEnum",
    "ConnectMethodEnum",
    "ConnectStart",
    "ContentDetailEditInputRequest",
    "ContentGenerateFormat",
    "ContentGenerateInputRequest",
    "ContentGenerateInputRequestVariables",
    "ContentGenerateResponse200",
    "ContentGenerateResponse200Event",
    "ContentImageGenerateInputRequest",
    "ContentListArchived",
    "ContentListPlatform",
    "ContentListReviewState",
    "ContentMoveInputRequest",
    "ContentOutput",
    "ContentRegenerateFormat",
    "ContentRegenerateInputRequest",
    "ContentRegenerateResponse200",
    "ContentRegenerateResponse200Event",
    "ContentUsageOutput",
    "ContentValidateInputRequest",
    "ContentValidateOutput",
    "CsvContentExportPlatform",
    "CsvScheduledPostsExportPlatform",
    "CsvScheduledPostsExportStatus",
    "DeliveryMedia",
    "DeliveryOutput",
    "DeliveryOutputStatusEnum",
    "DerivativeKindEnum",
    "EmailStatusEnum",
    "EmailVerifyInputRequest",
    "EmailVerifyOutput",
    "EndpointDetailInputRequest",
    "EndpointListCreateInputRequest",
    "EndpointOutput",
    "EndpointWithSecretOutput",
    "Error",
    "ErrorBody",
    "ErrorBodyDetails",
    "ErrorEnvelope",
    "ErrorError",
    "ErrorErrorDetails",
    "EventTypeListOutput",
    "EventTypesEnum",
    "EvergreenListCreateInputRequest",
    "EvergreenOutput",
    "EvergreenOutputLastError",
    "FrequencyEnum",
    "GenerationOutput",
    "GranularityEnum",
    "ImportedPost",
    "InputSerializerPostRequest",
    "InvitationAcceptInputRequest",
    "InvitationAcceptOutput",
    "InvitationListCreateInputRequest",
    "InvitationOutput",
    "KindEnum",
    "Limit",
    "LoginInputRequest",
    "LogoutInputRequest",
    "Media",
    "MediaDerivative",
    "MediaDetailInputRequest",
    "MediaFitInputPlatformEnum",
    "MediaFitInputRequest",
    "MediaGenerateInputRequest",
    "MediaListKind",
    "MediaListSource",
    "MediaListState",
    "MediaProvenance",
    "MediaSourceEnum",
    "MediaStateEnum",
    "MediaUploadFormRequest",
    "MediaUploadStartInputRequest",
    "MediaUploadStartOutput",
    "MemberDetailInputRequest",
    "MemberOutput",
    "Members",
    "Metered",
    "MetricsReading",
    "ModeEnum",
    "Network",
    "NetworkEnum",
    "ObjectEnum",
    "OccurrenceOutput",
    "OccurrenceOutputLastError",
    "OrganizationDetailInputRequest",
    "OrganizationListCreateInputRequest",
    "OrganizationOutput",
    "OrganizationsInvitationsListStatus",
    "OrganizationTransferOwnershipInputRequest",
    "OrganizationTransferOwnershipOutput",
    "OutputSerializerMember",
    "OutputSerializerPlan",
    "OutputSerializerProvider",
    "OutputSerializerRateLimits",
    "OutputSerializerReason",
    "OutputSerializerUsage",
    "PaginatedApiKeyOutputList",
    "PaginatedAuditEntryOutputList",
    "PaginatedBrandVoiceRevisionOutputList",
    "PaginatedCampaignOutputList",
    "PaginatedChannelList",
    "PaginatedContentOutputList",
    "PaginatedDeliveryOutputList",
    "PaginatedEndpointOutputList",
    "PaginatedEvergreenOutputList",
    "PaginatedInvitationOutputList",
    "PaginatedMediaList",
    "PaginatedMemberOutputList",
    "PaginatedOrganizationOutputList",
    "PaginatedPlanOutputList",
    "PaginatedPostMetricsList",
    "PaginatedQueueEntryOutputList",
    "PaginatedReviewOutputList",
    "PaginatedScheduledPostList",
    "PaginatedSeriesOutputList",
    "PaginatedTemplateOutputList",
    "PaginatedVersionOutputList",
    "PaginatedWorkspaceOutputList",
    "PasswordChangeInputRequest",
    "PasswordResetConfirmInputRequest",
    "PasswordResetInputRequest",
    "PlannerCalendarTz",
    "PlanOutput",
    "PlanSummary",
    "PlatformEnum",
    "PortalSessionCreateInputRequest",
    "PortalSessionCreateOutput",
    "PostMetrics",
    "PostStatusEnum",
    "PresignedUpload",
    "ProfileInputRequest",
    "QueueEntryInputRequest",
    "QueueEntryOutput",
    "QueueEntryOutputLastError",
    "QueueReorderInputRequest",
    "ReadSourceEnum",
    "RegisterInputRequest",
    "RegisterOutput",
    "RequestChangesInputRequest",
    "ReviewInputRequest",
    "ReviewOutput",
    "ReviewStateEnum",
    "RoleEnum",
    "ScheduledPostImportFormRequest",
    "ScheduledPostImportOutput",
    "ScheduledPostOutput",
    "ScheduledPostScheduleInputRequest",
    "ScheduleInputRequest",
    "ScheduleOutput",
    "SchedulerCallbackInputRequest",
    "SchedulerCallbackInputStatusEnum",
    "SchedulerCallbackOutput",
    "SchedulerChannelTokenOutput",
    "SchedulerPostMediaOutput",
    "SchedulingListPlatform",
    "SchedulingListStatus",
    "SeriesDetailOutput",
    "SeriesOutput",
    "ShapeEnum",
    "SignatureSchemeEnum",
    "Slot",
    "SlotRequest",
    "StripeEventDataRequest",
    "StripeEventDataRequestObject",
    "StripeEventRequest",
    "StripeWebhookOutput",
    "StripeWebhookOutputStatusEnum",
    "SubscriptionDetailOutput",
    "TemplateDetailInputRequest",
    "TemplateListCreateInputRequest",
    "TemplateOutput",
    "TimezoneEnum",
    "TokenPair",
    "TokenRefreshInputRequest",
    "ToneEnum",
    "UserOutput",
    "UserSummary",
    "VariantOutput",
    "VariantOutputSerializerError",
    "VariantOutputStatusEnum",
    "VersionOutput",
    "VersionOutputParameters",
    "WebhooksDeliveriesListStatus",
    "WorkspaceDetailInputRequest",
    "WorkspaceListCreateInputRequest",
    "WorkspaceOutput",
)
