"""HTTP API of the planner: a workspace's posting schedule and queue, recurring posts, evergreen
content and the calendar (docs/scheduling.md#queue-recurrence-and-calendar)."""

from itertools import islice
from typing import Any
from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.exceptions import ValidationFailed
from apps.common.pagination import PageNumberPagination, paginated_response
from apps.common.schema import E400, error, errors_of
from apps.common.serializers import TIME_ZONES, TimeZoneField
from apps.common.views import IdempotentMixin
from apps.content.models import Platform
from apps.organizations.models import Role
from apps.organizations.selectors import workspace_get_for_user, workspace_organization_id
from apps.planner import evergreen, recurrence, selectors, services
from apps.planner.exceptions import EntryNotMovable, QueueFull, SlotTaken
from apps.planner.models import EvergreenContent, Frequency, PostingSchedule, RecurringSeries

E403 = error("The role is below editor.")
E404_WORKSPACE = error(
    "Workspace (or ?channel_id=: channel of that workspace) not found, or you are not a member of its organization."
)
E404_ENTRY = error("Workspace, channel or queued post not found, or you are not a member of its organization.")
E404_CONTENT = error("Workspace, channel or content not found (the content must belong to the workspace).")
E400_CHANNEL = error("channel_id is not a UUID.")
CHANNEL_PARAMETER = OpenApiParameter(
    "channel_id",
    OpenApiTypes.UUID,
    description="A channel of the workspace (any state): its own schedule and queue, whose posts publish to "
    "it. Omitted: the workspace's own schedule and queue. A channel of another workspace: 404.",
)
E404_SERIES = error("Recurring series not found, or you are not a member of its organization.")
PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 100."),
]


def _workspace_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    return workspace_organization_id(workspace_id=kwargs.get("workspace_id"))


def _series_in_path(request: Any, kwargs: dict[str, Any]) -> Any:
    return selectors.series_organization_id(series_id=kwargs.get("series_id"))


def _channel_id(request: Request) -> UUID | None:
    """``?channel_id=``: a channel's schedule and queue instead of the workspace's (None: omitted)."""
    value = request.query_params.get("channel_id")
    if value is None:
        return None
    try:
        return UUID(value)
    except ValueError as exc:
        raise ValidationFailed(details={"channel_id": ["Must be a valid UUID."]}) from exc


def _editor(request: Request, workspace_id: Any) -> UUID | None:
    """404 (the workspace, then ``?channel_id=``'s channel), then 403, before the body is validated
    (400): permission first. Returns the channel id."""
    channel_id = _channel_id(request)
    workspace = workspace_get_for_user(user=request.user, workspace_id=workspace_id, role=Role.EDITOR)
    services.schedule_channel(workspace=workspace, channel_id=channel_id)
    return channel_id


def _valid(serializer_class: type[serializers.Serializer], data: Any, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --------------------------------------------------------------------------- the schedule


@extend_schema_field({"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$", "example": "09:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in a zone the object names (HH:MM, or HH:MM:SS on input): not an RFC 3339
    time, which carries an offset, so the schema states its pattern instead of ``format: time``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


class SlotSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday ... 6 = Sunday.")
    local_time = LocalTimeField(help_text="Wall-clock time in the schedule's zone (HH:MM).")


class ScheduleOutputSerializer(serializers.Serializer):
    workspace_id = serializers.UUIDField()
    channel_id = serializers.UUIDField(
        allow_null=True, help_text="The channel whose schedule this is; null: the workspace's own."
    )
    organization_id = serializers.UUIDField()
    timezone = serializers.CharField(help_text="IANA time zone of the slots.")
    paused = serializers.BooleanField()
    paused_at = serializers.DateTimeField(allow_null=True)
    evergreen_interval_days = serializers.IntegerField()
    slots = SlotSerializer(many=True)
    next_free_slots = serializers.ListField(
        child=serializers.DateTimeField(), help_text="The next five slots no queued post holds (UTC)."
    )


def _schedule_data(schedule: PostingSchedule) -> dict[str, Any]:
    slots = list(schedule.slots.all()) if schedule.pk else []
    upcoming = []
    if schedule.pk:
        upcoming = list(islice(services.free_slots(schedule, taken=services.queue_taken(schedule)), 5))
    return ScheduleOutputSerializer(
        {
            "workspace_id": schedule.workspace_id,
            "channel_id": schedule.channel_id,
            "organization_id": schedule.organization_id,
            "timezone": schedule.timezone,
            "paused": schedule.paused_at is not None,
            "paused_at": schedule.paused_at,
            "evergreen_interval_days": schedule.evergreen_interval_days,
            "slots": [{"weekday": slot.weekday, "local_time": slot.local_time} for slot in slots],
            "next_free_slots": upcoming,
        }
    ).data


class ScheduleApi(APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)

    class InputSerializer(serializers.Serializer):
        timezone = TimeZoneField(help_text="IANA time zone, e.g. Europe/Berlin.")
        slots = SlotSerializer(many=True, max_length=100)
        evergreen_interval_days = serializers.IntegerField(
            min_value=1, max_value=3650, required=False, help_text="Evergreen content is recycled at most this often."
        )

    @extend_schema(
        operation_id="planner_schedule_retrieve",
        summary="The posting schedule of the workspace or a channel: time zone, weekly slots, pause, next free slots",
        parameters=[CHANNEL_PARAMETER],
        responses={200: ScheduleOutputSerializer, 400: E400_CHANNEL, 404: E404_WORKSPACE},
    )
    def get(self, request: Request, workspace_id) -> Response:
        schedule = selectors.schedule_get_for_user(
            user=request.user, workspace_id=workspace_id, channel_id=_channel_id(request)
        )
        return Response(_schedule_data(schedule))

    @extend_schema(
        operation_id="planner_schedule_update",
        summary="Replace the time zone and the weekly slots (waiting queued posts move onto the new slots, in order)",
        request=InputSerializer,
        parameters=[CHANNEL_PARAMETER],
        responses={
            200: ScheduleOutputSerializer,
            400: error("Not an IANA time zone, a weekday outside 0-6, too many slots; channel_id not a UUID."),
            403: E403,
            404: E404_WORKSPACE,
            409: errors_of(QueueFull, note="The queued posts no longer fit in 90 days of the new slots."),
        },
    )
    def put(self, request: Request, workspace_id) -> Response:
        channel_id = _editor(request, workspace_id)
        data = _valid(self.InputSerializer, request.data)
        schedule = services.schedule_replace(
            user=request.user,
            workspace_id=workspace_id,
            channel_id=channel_id,
            timezone_name=data["timezone"],
            slots=data["slots"],
            evergreen_interval_days=data.get("evergreen_interval_days"),
        )
        return Response(_schedule_data(schedule))


# --------------------------------------------------------------------------- the queue
class QueueEntryOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    content_id = serializers.UUIDField()
    version = serializers.IntegerField(
        allow_null=True, help_text="None: the version to schedule when the post is made."
    )
    platform = serializers.CharField(allow_blank=True, help_text="Blank: the content's platform.")
    slot_at = serializers.DateTimeField()
    status = serializers.CharField(help_text="waiting (holds its slot), scheduled (its post exists), failed.")
    source = serializers.CharField(help_text="manual, or evergreen (a recycled variant).")
    scheduled_post_id = serializers.UUIDField(allow_null=True)
    last_error = serializers.DictField(help_text="For a failed entry: the error's code, message and details.")
    created_at = serializers.DateTimeField()


class QueueApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)
    pagination_class = PageNumberPagination

    class InputSerializer(serializers.Serializer):
        content_id = serializers.UUIDField()
        version = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
        platform = serializers.ChoiceField(choices=Platform.choices, required=False, default="")

    @extend_schema(
        operation_id="planner_queue_list",
        summary="The queue in slot order (waiting, scheduled and failed entries)",
        parameters=[*PAGE_PARAMETERS, CHANNEL_PARAMETER],
        responses={200: QueueEntryOutputSerializer(many=True), 400: E400_CHANNEL, 404: E404_WORKSPACE},
    )
    def get(self, request: Request, workspace_id) -> Response:
        entries = selectors.queue_list(user=request.user, workspace_id=workspace_id, channel_id=_channel_id(request))
        return paginated_response(
            queryset=entries, serializer_class=QueueEntryOutputSerializer, request=request, view=self
        )

    @extend_schema(
        operation_id="planner_queue_add",
        summary="Add a content of the workspace to the next free slot (of the workspace's or a channel's queue)",
        request=InputSerializer,
        parameters=[CHANNEL_PARAMETER],
        responses={
            201: QueueEntryOutputSerializer,
            400: E400,
            403: E403,
            404: E404_CONTENT,
            409: errors_of(QueueFull, SlotTaken),
        },
    )
    def post(self, request: Request, workspace_id) -> Response:
        channel_id = _editor(request, workspace_id)
        data = _valid(self.InputSerializer, request.data)
        entry = services.queue_add(user=request.user, workspace_id=workspace_id, channel_id=channel_id, **data)
        return Response(QueueEntryOutputSerializer(entry).data, status=201)


class QueueEntryApi(APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)

    class InputSerializer(serializers.Serializer):
        slot_at = serializers.DateTimeField(
            help_text="One of the schedule's slots in the next 90 days (see GET schedule)."
        )

    @extend_schema(
        operation_id="planner_queue_move",
        summary="Move a waiting queued post to a given slot",
        request=InputSerializer,
        parameters=[CHANNEL_PARAMETER],
        responses={
            200: QueueEntryOutputSerializer,
            400: error("Not a slot of the schedule within the next 90 days."),
            403: E403,
            404: E404_ENTRY,
            409: errors_of(SlotTaken, EntryNotMovable),
        },
    )
    def patch(self, request: Request, workspace_id, entry_id) -> Response:
        channel_id = _editor(request, workspace_id)
        data = _valid(self.InputSerializer, request.data)
        entry = services.queue_move(
            user=request.user,
            workspace_id=workspace_id,
            entry_id=entry_id,
            slot_at=data["slot_at"],
            channel_id=channel_id,
        )
        return Response(QueueEntryOutputSerializer(entry).data)

    @extend_schema(
        operation_id="planner_queue_remove",
        summary="Take a waiting or failed post out of the queue",
        parameters=[CHANNEL_PARAMETER],
        responses={204: None, 400: E400_CHANNEL, 403: E403, 404: E404_ENTRY, 409: errors_of(EntryNotMovable)},
    )
    def delete(self, request: Request, workspace_id, entry_id) -> Response:
        services.queue_remove(
            user=request.user, workspace_id=workspace_id, entry_id=entry_id, channel_id=_channel_id(request)
        )
        return Response(status=204)


class QueueReorderApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)

    class InputSerializer(serializers.Serializer):
        entry_ids = serializers.ListField(
            child=serializers.UUIDField(), max_length=2000, help_text="Every waiting entry, once, in the new order."
        )

    @extend_schema(
        operation_id="planner_queue_reorder",
        summary="Reorder the waiting posts: the first takes the earliest of their slots, and so on",
        request=InputSerializer,
        parameters=[CHANNEL_PARAMETER],
        responses={200: QueueEntryOutputSerializer(many=True), 400: E400, 403: E403, 404: E404_WORKSPACE},
    )
    def post(self, request: Request, workspace_id) -> Response:
        channel_id = _editor(request, workspace_id)
        data = _valid(self.InputSerializer, request.data)
        entries = services.queue_reorder(
            user=request.user, workspace_id=workspace_id, entry_ids=data["entry_ids"], channel_id=channel_id
        )
        return Response(QueueEntryOutputSerializer(entries, many=True).data)


class QueuePauseApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)

    @extend_schema(
        operation_id="planner_queue_pause",
        summary="Pause the queue: nothing is published, the order is kept",
        request=None,
        parameters=[CHANNEL_PARAMETER],
        responses={200: ScheduleOutputSerializer, 400: E400_CHANNEL, 403: E403, 404: E404_WORKSPACE},
    )
    def post(self, request: Request, workspace_id) -> Response:
        schedule = services.queue_pause(user=request.user, workspace_id=workspace_id, channel_id=_channel_id(request))
        return Response(_schedule_data(schedule))


class QueueResumeApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)

    @extend_schema(
        operation_id="planner_queue_resume",
        summary="Resume the queue: the waiting posts take the next free slots, in order",
        request=None,
        parameters=[CHANNEL_PARAMETER],
        responses={
            200: ScheduleOutputSerializer,
            400: E400_CHANNEL,
            403: E403,
            404: E404_WORKSPACE,
            409: errors_of(QueueFull),
        },
    )
    def post(self, request: Request, workspace_id) -> Response:
        schedule = services.queue_resume(user=request.user, workspace_id=workspace_id, channel_id=_channel_id(request))
        return Response(_schedule_data(schedule))


# --------------------------------------------------------------------------- recurring posts
class OccurrenceOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    occurrence_at = serializers.DateTimeField()
    status = serializers.CharField(help_text="scheduled, held (the period's posts are used up), failed, superseded.")
    scheduled_post_id = serializers.UUIDField(allow_null=True)
    last_error = serializers.DictField()


class SeriesOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    content_id = serializers.UUIDField()
    platform = serializers.CharField(allow_blank=True)
    frequency = serializers.CharField()
    weekdays = serializers.ListField(child=serializers.IntegerField())
    month_day = serializers.IntegerField(allow_null=True)
    local_time = LocalTimeField()
    timezone = serializers.CharField()
    starts_on = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    count = serializers.IntegerField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class SeriesDetailOutputSerializer(SeriesOutputSerializer):
    occurrences = OccurrenceOutputSerializer(many=True, help_text="The 50 latest occurrences, newest first.")


def _series_data(series: RecurringSeries) -> dict[str, Any]:
    series.occurrences_list = selectors.series_occurrences(series=series)
    data = SeriesOutputSerializer(series).data
    data["occurrences"] = OccurrenceOutputSerializer(series.occurrences_list, many=True).data
    return data


class _RuleSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=Frequency.values)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), max_length=7, required=False, default=list
    )
    month_day = serializers.IntegerField(
        min_value=1,
        max_value=31,
        required=False,
        allow_null=True,
        default=None,
        help_text="Clamped to the month's last day.",
    )
    local_time = LocalTimeField(help_text="Wall-clock time (HH:MM) in the series' zone.")
    timezone = TimeZoneField(required=False, help_text="IANA zone; default: the schedule's.")
    until = serializers.DateField(required=False, allow_null=True, default=None)
    count = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True, default=None)
    platform = serializers.ChoiceField(choices=Platform.choices, required=False, default="")


class SeriesListCreateApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)
    pagination_class = PageNumberPagination

    class InputSerializer(_RuleSerializer):
        content_id = serializers.UUIDField()
        starts_on = serializers.DateField(required=False, help_text="Default: today in the series' zone.")

    @extend_schema(
        operation_id="planner_recurrences_list",
        summary="The workspace's recurring series",
        parameters=PAGE_PARAMETERS,
        responses={200: SeriesOutputSerializer(many=True), 404: E404_WORKSPACE},
    )
    def get(self, request: Request, workspace_id) -> Response:
        series = selectors.series_list(user=request.user, workspace_id=workspace_id)
        return paginated_response(queryset=series, serializer_class=SeriesOutputSerializer, request=request, view=self)

    @extend_schema(
        operation_id="planner_recurrences_create",
        summary="Make a content recur (daily, weekly, monthly; until a date or a count)",
        request=InputSerializer,
        responses={201: SeriesDetailOutputSerializer, 400: E400, 403: E403, 404: E404_CONTENT},
    )
    def post(self, request: Request, workspace_id) -> Response:
        _editor(request, workspace_id)
        data = dict(_valid(self.InputSerializer, request.data))
        data["timezone_name"] = data.pop("timezone", None)
        series = recurrence.series_create(user=request.user, workspace_id=workspace_id, **data)
        return Response(_series_data(series), status=201)


class SeriesDetailApi(APIView):
    rate_limit_organization = staticmethod(_series_in_path)

    class PatchSerializer(_RuleSerializer):
        pass

    @extend_schema(
        operation_id="planner_recurrences_retrieve",
        summary="A recurring series and its latest occurrences",
        responses={200: SeriesDetailOutputSerializer, 404: E404_SERIES},
    )
    def get(self, request: Request, series_id) -> Response:
        series = selectors.series_get_for_user(user=request.user, series_id=series_id)
        return Response(_series_data(series))

    @extend_schema(
        operation_id="planner_recurrences_update",
        summary="Change the rule: occurrences after now follow it, those before stay",
        request=PatchSerializer(partial=True),
        responses={200: SeriesDetailOutputSerializer, 400: E400, 403: E403, 404: E404_SERIES},
    )
    def patch(self, request: Request, series_id) -> Response:
        series = selectors.series_get_for_user(user=request.user, series_id=series_id)
        _editor(request, series.workspace_id)
        serializer = self.PatchSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {key: serializer.validated_data[key] for key in request.data if key in serializer.validated_data}
        if not changes:
            raise ValidationFailed(details={"non_field_errors": ["Give at least one field of the rule to change."]})
        series = recurrence.series_update(user=request.user, series_id=series_id, **changes)
        return Response(_series_data(series))

    @extend_schema(
        operation_id="planner_recurrences_end",
        summary="End a series: occurrences after now are cancelled, those before stay",
        responses={204: None, 403: E403, 404: E404_SERIES},
    )
    def delete(self, request: Request, series_id) -> Response:
        recurrence.series_end(user=request.user, series_id=series_id)
        return Response(status=204)


# --------------------------------------------------------------------------- evergreen content
class EvergreenOutputSerializer(serializers.Serializer):
    content_id = serializers.UUIDField()
    workspace_id = serializers.UUIDField()
    last_queued_at = serializers.DateTimeField(help_text="The next recycle comes one interval after this.")
    recycled = serializers.IntegerField(help_text="How many new variants were queued.")
    last_error = serializers.DictField(
        help_text="The last failed recycle (quota, provider), tried again an hour later."
    )
    created_at = serializers.DateTimeField()


class EvergreenListCreateApi(IdempotentMixin, APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)
    pagination_class = PageNumberPagination

    class InputSerializer(serializers.Serializer):
        content_id = serializers.UUIDField()

    @extend_schema(
        operation_id="planner_evergreen_list",
        summary="The workspace's evergreen content",
        parameters=PAGE_PARAMETERS,
        responses={200: EvergreenOutputSerializer(many=True), 404: E404_WORKSPACE},
    )
    def get(self, request: Request, workspace_id) -> Response:
        items = selectors.evergreen_list(user=request.user, workspace_id=workspace_id)
        return paginated_response(
            queryset=items, serializer_class=EvergreenOutputSerializer, request=request, view=self
        )

    @extend_schema(
        operation_id="planner_evergreen_mark",
        summary="Mark a content evergreen: recycled into the queue as a new AI variant every interval",
        request=InputSerializer,
        responses={201: EvergreenOutputSerializer, 400: E400, 403: E403, 404: E404_CONTENT},
    )
    def post(self, request: Request, workspace_id) -> Response:
        _editor(request, workspace_id)
        data = _valid(self.InputSerializer, request.data)
        item: EvergreenContent = evergreen.evergreen_mark(
            user=request.user, workspace_id=workspace_id, content_id=data["content_id"]
        )
        return Response(EvergreenOutputSerializer(item).data, status=201)


class EvergreenDetailApi(APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)

    @extend_schema(
        operation_id="planner_evergreen_unmark",
        summary="Stop recycling a content",
        responses={204: None, 403: E403, 404: E404_CONTENT},
    )
    def delete(self, request: Request, workspace_id, content_id) -> Response:
        evergreen.evergreen_unmark(user=request.user, workspace_id=workspace_id, content_id=content_id)
        return Response(status=204)


# --------------------------------------------------------------------------- the calendar
class CalendarItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["post", "queued", "occurrence"],
        help_text="post: a scheduled post; queued: waiting for its slot; occurrence: of a recurring series.",
    )
    id = serializers.UUIDField(help_text="The post's, the queue entry's or the series' id.")
    content_id = serializers.UUIDField()
    platform = serializers.CharField()
    status = serializers.CharField(help_text="A post's status; waiting; or planned/held for an occurrence.")
    at = serializers.DateTimeField()
    local_time = serializers.CharField(help_text="HH:MM in the calendar's zone.")


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    items = CalendarItemSerializer(many=True)


class CalendarOutputSerializer(serializers.Serializer):
    timezone = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    truncated = serializers.BooleanField(help_text=f"More than {selectors.CALENDAR_MAX_ITEMS} items: narrow the range.")
    days = CalendarDaySerializer(many=True)


class CalendarApi(APIView):
    rate_limit_organization = staticmethod(_workspace_in_path)

    class FilterSerializer(serializers.Serializer):
        start = serializers.DateField()
        end = serializers.DateField()
        tz = TimeZoneField(required=False, help_text="IANA zone; default: the schedule's.")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError({"end": ["Must be on or after start."]})
            if (attrs["end"] - attrs["start"]).days + 1 > selectors.CALENDAR_MAX_DAYS:
                raise serializers.ValidationError({"end": [f"At most {selectors.CALENDAR_MAX_DAYS} days."]})
            return attrs  # tz: TimeZoneField admits only the zones the server knows

    @extend_schema(
        operation_id="planner_calendar",
        summary="Posts per local day: scheduled and published posts, queued posts, recurring occurrences",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="First local day."),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="Last local day (at most 92 days)."),
            OpenApiParameter(
                "tz", OpenApiTypes.STR, enum=TIME_ZONES, description="IANA time zone; default: the schedule's."
            ),
            OpenApiParameter(
                "channel_id",
                OpenApiTypes.UUID,
                description="Only the posts to this channel of the workspace and its queue (no recurring "
                "occurrences: series have no channel); default zone: that channel's schedule's. "
                "Another workspace's channel: 404.",
            ),
        ],
        responses={
            200: CalendarOutputSerializer,
            400: error("Missing dates, a range over 92 days, an unknown zone, channel_id not a UUID."),
            404: E404_WORKSPACE,
        },
    )
    def get(self, request: Request, workspace_id) -> Response:
        channel_id = _channel_id(request)
        schedule = selectors.schedule_get_for_user(user=request.user, workspace_id=workspace_id, channel_id=channel_id)
        filters = _valid(self.FilterSerializer, request.query_params)
        calendar = selectors.calendar_read(
            user=request.user,
            workspace_id=workspace_id,
            channel_id=channel_id,
            start=filters["start"],
            end=filters["end"],
            timezone_name=filters.get("tz") or schedule.timezone,
        )
        return Response(CalendarOutputSerializer(calendar).data)
