"""Page-number pagination: ?page= and ?page_size= (capped at 100), and the one helper list views answer with."""

from collections.abc import Sequence

from django.db.models import QuerySet
from rest_framework import pagination, serializers
from rest_framework.exceptions import ValidationError
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
