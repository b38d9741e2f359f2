"""The review workflow: submit, approve, request changes, and the history."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.schema import error, errors_of
from apps.common.serializers import StrictCharField
from apps.content.apis.checks import content_organization_in_path, require_role_of_content
from apps.content.exceptions import ReviewTransitionConflict, ReviewVersionMismatch
from apps.content.models import ReviewAction, ReviewState
from apps.content.selectors import content_get_for_user, content_reviews
from apps.content.services import content_approve, content_request_changes, content_submit
from apps.organizations.models import Role


class ReviewOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    content_id = serializers.UUIDField()
    action = serializers.ChoiceField(choices=ReviewAction.choices)
    from_state = serializers.ChoiceField(choices=ReviewState.choices)
    to_state = serializers.ChoiceField(choices=ReviewState.choices)
    version = serializers.IntegerField(help_text="The version this transition is about.")
    comment = serializers.CharField(allow_blank=True)
    actor = serializers.UUIDField(source="actor_id", allow_null=True)
    actor_email = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_actor_email(self, obj) -> str | None:
        return obj.actor.email if obj.actor else None


class ReviewInputSerializer(serializers.Serializer):
    comment = StrictCharField(max_length=5000, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The version you reviewed; 409 review_version_mismatch if the content moved on.",
    )


class RequestChangesInputSerializer(ReviewInputSerializer):
    comment = StrictCharField(max_length=5000, help_text="What should change (required).")


_REVIEW_ERRORS = {
    400: error("Invalid body (request-changes: a blank comment)."),
    404: error("Not found, in the trash, or not a member."),
    409: errors_of(ReviewTransitionConflict, ReviewVersionMismatch),
}


# POST one review transition: the role first (404, 403), then the body (400), then the service.
# (A comment, not a docstring: drf-spectacular would put a docstring in each operation's description.)
class _ReviewTransitionApi(APIView):
    rate_limit_organization = staticmethod(content_organization_in_path)
    role: str
    input_serializer: type[serializers.Serializer] = ReviewInputSerializer
    transition: staticmethod  # the content service of the transition

    def post(self, request, content_id):
        require_role_of_content(request, content_id, self.role)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = self.transition(user=request.user, content_id=content_id, **data.validated_data)
        return Response(ReviewOutputSerializer(review).data, status=201)


@extend_schema_view(
    post=extend_schema(
        operation_id="content_submit",
        summary="Submit the current version for review: draft or changes_requested → in_review (editor+)",
        request=ReviewInputSerializer,
        responses={201: ReviewOutputSerializer, 403: error("The role is below editor."), **_REVIEW_ERRORS},
    )
)
class ContentSubmitApi(_ReviewTransitionApi):
    role = Role.EDITOR
    transition = staticmethod(content_submit)


@extend_schema_view(
    post=extend_schema(
        operation_id="content_approve",
        summary="Approve the version under review: in_review → approved (admin or owner)",
        request=ReviewInputSerializer,
        responses={201: ReviewOutputSerializer, 403: error("The role is below admin."), **_REVIEW_ERRORS},
    )
)
class ContentApproveApi(_ReviewTransitionApi):
    role = Role.ADMIN
    transition = staticmethod(content_approve)


@extend_schema_view(
    post=extend_schema(
        operation_id="content_request_changes",
        summary="Request changes with a comment: in_review → changes_requested (admin or owner)",
        request=RequestChangesInputSerializer,
        responses={201: ReviewOutputSerializer, 403: error("The role is below admin."), **_REVIEW_ERRORS},
    )
)
class ContentRequestChangesApi(_ReviewTransitionApi):
    role = Role.ADMIN
    input_serializer = RequestChangesInputSerializer
    transition = staticmethod(content_request_changes)


class ContentReviewListApi(APIView):
    rate_limit_organization = staticmethod(content_organization_in_path)
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="content_reviews_list",
        summary="Review history (transitions with who, when, version and comment), oldest first",
        parameters=[OpenApiParameter("page", OpenApiTypes.INT), OpenApiParameter("page_size", OpenApiTypes.INT)],
        responses={200: ReviewOutputSerializer(many=True), 404: error("Not found, in the trash, or not a member.")},
    )
    def get(self, request, content_id):
        content = content_get_for_user(user=request.user, content_id=content_id)
        return paginated_response(
            queryset=content_reviews(content=content),
            serializer_class=ReviewOutputSerializer,
            request=request,
            view=self,
        )
