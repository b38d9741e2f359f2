"""Pagination: ?page= and ?page_size= (capped at 100) on every list, and ``?cursor=`` beside them on the
lists that grow while clients page through them (docs/api.md#cursor-pagination); the one helper list
views answer with."""

from collections.abc import Sequence

from django.db.models import QuerySet
from rest_framework import pagination, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
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


class CursorPagination(pagination.CursorPagination):
    """DRF's cursor pagination (opaque cursors, stable while rows are added) over the view's
    ``cursor_ordering``: an empty ``?cursor=`` is the first page."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def __init__(self, *, ordering: tuple[str, ...]) -> None:
        self.ordering = ordering

    def get_page_size(self, request):
        value = _single_positive_int(request, self.page_size_query_param)
        return PageNumberPagination.page_size if value is None else min(value, self.max_page_size)

    def decode_cursor(self, request):
        if request.query_params.get(self.cursor_query_param) == "":
            return None
        try:
            return super().decode_cursor(request)
        except NotFound:  # DRF answers a cursor it cannot read with 404; it is a bad parameter
            raise ValidationError({self.cursor_query_param: ["Invalid cursor."]}) from None

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})


class PageOrCursorPagination(PageNumberPagination):
    """Page numbers as every list has them, and, on a view that declares ``cursor_ordering`` (its
    list's order, ending in a unique field), ``?cursor=`` instead: the answer then has no ``count``
    and its ``next``/``previous`` links carry the cursor."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        ordering = getattr(view, "cursor_ordering", None)
        self.cursor = None
        if ordering and self.cursor_query_param in request.query_params:
            self.cursor = CursorPagination(ordering=ordering)
            return self.cursor.paginate_queryset(queryset, request, view=view)
        return super().paginate_queryset(queryset, request, view=view)

    def get_paginated_response(self, data):
        if self.cursor is not None:
            return self.cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = ["results"]
        envelope["properties"]["count"]["description"] = "Page-number answers only (not with ?cursor=)."
        return envelope

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        if getattr(view, "cursor_ordering", None):
            parameters.append(
                {
                    "name": self.cursor_query_param,
                    "required": False,
                    "in": "query",
                    "description": "Cursor pagination: empty for the first page, then the cursor of the "
                    "`next` link. Stable while rows are added; replaces `page`.",
                    "schema": {"type": "string", "maxLength": 1000},
                }
            )
        return parameters


def paginated_response(
    *,
    queryset: QuerySet | Sequence,
    serializer_class: type[serializers.BaseSerializer],
    request: Request,
    view: APIView,
    pagination_class: type[PageNumberPagination] | None = None,
) -> Response:
    """One page of ``queryset`` serialized with ``serializer_class``, in the paginated envelope
    (``count``, ``next``, ``previous``, ``results``), by the view's ``pagination_class`` (which
    the OpenAPI 200 shows too; ``PageOrCursorPagination`` adds ``?cursor=``)."""
    paginator = (pagination_class or getattr(view, "pagination_class", None) or PageNumberPagination)()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)
