"""``Idempotency-Key`` on unsafe POSTs (docs/api.md#idempotency): a retry never does the work twice.

The first request with a key claims it (one INSERT; the unique (caller, key) constraint makes the
claim atomic, whatever the concurrency), runs, and its answer is stored. A retry with the same key
and the same request gets that answer again with ``Idempotent-Replayed: true`` and does nothing; the
same key with another request (method, path or body) is ``422 idempotency_key_reused``; a retry
while the first one still runs is ``409 idempotency_in_progress``. A streamed generation is replayed
as its final result, in JSON (the ``done`` event's data, status 201). Only a success is kept: any
other answer changed nothing, and releases the key so the retry runs again. A claim whose request never finished (the
process died) is taken over after IDEMPOTENCY_LOCK_SECONDS. Records live IDEMPOTENCY_KEY_TTL_SECONDS
(24 h), then housekeeping deletes them.

Kept in the database (PostgreSQL in full mode, SQLite embedded): the claim must be exact across
processes and survive a Redis outage, and one indexed row per key is cheap.

Views opt in with ``IdempotentMixin`` (sync ``APIView``) or are ``AsyncAPIView``s (every one is).
"""

import hashlib
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response

from apps.common.db import db_step, delete_in_batches
from apps.common.exceptions import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    IdempotencyInProgress,
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
)
from apps.common.models import IdempotencyRecord, IdempotencyState

HEADER = "Idempotency-Key"


class Replay(Exception):
    """Raised by ``idempotency_begin`` when the request was answered already: the view answers ``response``."""

    def __init__(self, record: IdempotencyRecord) -> None:
        self.record = record
        super().__init__(record.key)


def _canonical(value: Any) -> Any:
    """Request data in a stable form: query dicts as lists, uploaded files by their content's digest."""
    if hasattr(value, "getlist"):
        return {key: [_canonical(item) for item in value.getlist(key)] for key in sorted(value.keys())}
    if hasattr(value, "chunks"):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "sha256": digest.hexdigest()}
    return value


def request_fingerprint(request: Request) -> str:
    data = json.dumps([request.method, request.get_full_path(), _canonical(request.data)], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _key_of(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 0 < len(key) <= IDEMPOTENCY_KEY_MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise IdempotencyKeyInvalid()
    return key


def idempotency_begin(request: Request) -> IdempotencyRecord | None:
    """Claim the request's key (after authentication); None when it carries none or is not a POST by
    a signed-in caller. Raises ``Replay``, ``IdempotencyKeyReused`` or ``IdempotencyInProgress``."""
    user = getattr(request, "user", None)
    if request.method != "POST" or user is None or not user.is_authenticated:
        return None
    key = _key_of(request)
    if key is None:
        return None
    fingerprint = request_fingerprint(request)
    now = timezone.now()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(user_id=user.pk, key=key, fingerprint=fingerprint)
    except IntegrityError:
        pass
    record = IdempotencyRecord.objects.get(user_id=user.pk, key=key)
    if record.created_at < now - timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL_SECONDS):
        record.delete()  # expired: the key is free again
        return idempotency_begin(request)
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused()
    if record.state == IdempotencyState.COMPLETED:
        raise Replay(record)
    stale = now - timedelta(seconds=settings.IDEMPOTENCY_LOCK_SECONDS)
    taken = IdempotencyRecord.objects.filter(pk=record.pk, state=IdempotencyState.IN_PROGRESS, updated_at__lt=stale)
    if taken.update(updated_at=now):  # the first request never finished (its process died): take it over
        return record
    raise IdempotencyInProgress()


def idempotency_finish(record: IdempotencyRecord, *, status: int, body: Any) -> None:
    """Keep a success for the retries. Any other answer changed nothing (SPEC §4: bad input changes
    nothing; a 429 or a 409 is to be tried again): it releases the key, so the retry runs."""
    if not 200 <= status < 300:
        IdempotencyRecord.objects.filter(pk=record.pk).delete()
        return
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        state=IdempotencyState.COMPLETED, status_code=status, response_body=body, updated_at=timezone.now()
    )


def idempotency_release(record: IdempotencyRecord) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk).delete()


def idempotency_records_housekeeping(*, batch_size: int, max_batches: int) -> int:
    """Delete the records past IDEMPOTENCY_KEY_TTL_SECONDS (a housekeeping job)."""
    cutoff = timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL_SECONDS)
    expired = IdempotencyRecord.objects.filter(created_at__lt=cutoff)
    return delete_in_batches(expired, order_by="created_at", batch_size=batch_size, max_batches=max_batches)


def replayed(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def _done_of(chunk: bytes | str) -> Any:
    """The data of a ``done`` server-sent event, None for any other chunk."""
    text = chunk.decode() if isinstance(chunk, bytes) else chunk
    return json.loads(text.removeprefix(_DONE).strip()) if text.startswith(_DONE) else None


_DONE = "event: done\ndata: "


async def _stream_end(record: IdempotencyRecord, done: Any) -> None:
    if done is None:
        await db_step(idempotency_release)(record)
    else:
        await db_step(idempotency_finish)(record, status=201, body=done)


async def stream_kept(record: IdempotencyRecord, stream: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The SSE stream as sent, watching for its ``done`` event, whose data is kept as the answer (201).
    A stream that ends without one (an ``error`` event, or the client left) releases the key."""
    done: Any = None
    try:
        async for chunk in stream:
            done = _done_of(chunk) if done is None else done
            yield chunk
    finally:
        await _stream_end(record, done)


async def answer_kept(record: IdempotencyRecord, response: HttpResponseBase) -> HttpResponseBase:
    """Keep ``response`` (a DRF answer, or a generation's stream) for the retries of ``record``'s key."""
    if not isinstance(response, StreamingHttpResponse):
        status, body = response.status_code, getattr(response, "data", None)
        await db_step(idempotency_finish)(record, status=status, body=body)
    elif response.is_async:
        response.streaming_content = stream_kept(record, response.streaming_content)
    else:  # under WSGI the events were gathered before the answer (apps.content.streaming)
        chunks = list(response.streaming_content)
        response.streaming_content = chunks
        await _stream_end(record, next((d for d in map(_done_of, chunks) if d is not None), None))
    return response
