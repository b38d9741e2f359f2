"""ETag and If-Match (docs/api.md#etags): no lost update when two clients edit the same record.

A read answers an ``ETag``: a digest of the representation it sends (so any visible change, whoever
made it, changes it). A write that carries ``If-Match`` runs in one transaction that first locks the
row, reads the representation again and compares: another ETag is ``412 precondition_failed`` and
nothing changes; two writers with the same ETag are serialized by the lock, so the second one sees the
first one's change and gets the 412. A write without ``If-Match`` works as before.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction
from rest_framework.request import Request
from rest_framework.response import Response

from apps.common.exceptions import PreconditionFailed


def etag_of(data: Any) -> str:
    """The strong ETag of a JSON representation (its canonical form's digest, quoted)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return '"' + hashlib.sha256(canonical.encode()).hexdigest()[:32] + '"'


def with_etag(response: Response) -> Response:
    """``response`` with the ETag of its data."""
    response["ETag"] = etag_of(response.data)
    return response


def _matches(header: str, etag: str) -> bool:
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or etag in tags


@contextmanager
def if_match(request: Request, *, lock: models.QuerySet, current: Callable[[], Any]) -> Iterator[None]:
    """Run the block (the write) under the request's ``If-Match``, if it has one: in a transaction
    that locks the rows of ``lock`` (the row the write changes, the one its service locks too) and
    compares the ETag of ``current()`` (the representation a read answers) first; 412
    ``precondition_failed`` when it differs."""
    header = request.headers.get("If-Match")
    if header is None:
        yield
        return
    with transaction.atomic():
        list(lock.select_for_update().values_list("pk", flat=True))
        if not _matches(header, etag_of(current())):
            raise PreconditionFailed()
        yield
