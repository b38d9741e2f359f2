"""Page-number pagination: ?page= and ?page_size= (capped at 100), a keyset cursor for the lists that
offer one (?cursor=), and the one helper list views answer with."""

import base64
import binascii
import uuid
from collections.abc import Sequence
from datetime import datetime

from django.db.models import Q, QuerySet
from rest_framework import pagination, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView


def _single_positive_int(request, name: str) -> int | None:
    """The query parameter as a positive integer, None when absent; 400 when it is anything else
    (not a number, below 1, empty, or repeated). DRF would silently fall back to a default."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    try:
        value = int(values[0]) if len(values) == 1 else 0
    except ValueError:
        value = 0
    if value < 1:
        raise ValidationError({name: ["A single positive integer is required."]})
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        """A larger ``page_size`` is capped at ``max_page_size``."""
        value = _single_positive_int(request, self.page_size_query_param)
        return self.page_size if value is None else min(value, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        _single_positive_int(request, self.page_query_param)  # a page past the last one stays a 404
        return super().paginate_queryset(queryset, request, view=view)


def paginated_response(
    *,
    queryset: QuerySet | Sequence,
    serializer_class: type[serializers.BaseSerializer],
    request: Request,
    view: APIView,
    pagination_class: type[PageNumberPagination] = PageNumberPagination,
) -> Response:
    """One page of ``queryset`` serialized with ``serializer_class``, in the paginated envelope
    (``count``, ``next``, ``previous``, ``results``). The view also sets ``pagination_class`` so
    the OpenAPI 200 shows the envelope."""
    paginator = pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


class KeysetCursorPagination(PageNumberPagination):
    """Page numbers, or with ``?cursor=`` an opaque keyset cursor over the newest-first ordering
    ``(-created_at, -pk)`` (SPEC §4): ``?cursor=`` (empty) is the first page, each page's ``next``
    carries the cursor of the one after it, and rows added meanwhile never shift a page (no row is
    skipped or shown twice, as page numbers would). The envelope is the same (``count``, ``next``,
    ``previous`` — always null with a cursor: forward only — and ``results``). A cursor that is not
    one of ours is a 400."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view=view)
        self.request = request
        position = _cursor_decode(request.query_params.get(self.cursor_query_param, ""))
        self.count = queryset.count()
        if position is not None:
            created_at, pk = position
            queryset = queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
        size = self.get_page_size(request)
        rows = list(queryset.order_by("-created_at", "-pk")[: size + 1])
        self.next_cursor = _cursor_encode(rows[size - 1]) if len(rows) > size else None
        return rows[:size]

    def get_paginated_response(self, data):
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        next_link = None
        if self.next_cursor is not None:
            next_link = replace_query_param(
                self.request.build_absolute_uri(), self.cursor_query_param, self.next_cursor
            )
        return Response({"count": self.count, "next": next_link, "previous": None, "results": data})


def _cursor_encode(row) -> str:
    raw = f"{row.created_at.isoformat()}|{row.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_decode(value: str) -> tuple[datetime, uuid.UUID] | None:
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        created_at, pk = raw.split("|")
        moment = datetime.fromisoformat(created_at)
        if moment.tzinfo is None:
            raise ValueError("naive")
        return moment, uuid.UUID(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise ValidationError({"cursor": ["Not a cursor of this list: use a page's next link."]}) from exc
