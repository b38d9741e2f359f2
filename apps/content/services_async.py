"""The async twin of the generation run, for the async views under ASGI (docs/architecture.md).

The preparation (role, provider, reservation, rate limit) is the sync ``content_generation_prepare_*``
run as one database step; then the provider is awaited through its async SDK client (no thread, no
connection held while it works), and fitting, saving and settling reuse the pure steps and the one
short transaction of ``apps.content.services``. The rules are those of the sync path: any failure
before the version is saved releases the reservation; a streamed client that leaves midway has what
arrived saved and settled, and the upstream call is closed (cancelled).

Each database step is ``db_step`` (apps.common.db): a pool thread, a pooled connection taken and
given back. Saving is shielded from the request's cancellation (client gone): once the provider
has answered, the version and the spend commit together, or the reservation is released.
"""

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from apps.common.db import db_step
from apps.common.exceptions import DomainError, QuotaExceeded
from apps.content.measure import fit, fits
from apps.content.models import ContentVersion
from apps.content.platforms import platform_limit
from apps.content.providers import (
    AIContentRefused,
    AIProvider,
    AIProviderError,
    AITimeout,
    GenerationRequest,
    GenerationResult,
)
from apps.content.services import (
    PreparedGeneration,
    _both_failed,
    _brand_finish,
    _brand_retry_request,
    _failure_record,
    _record_call,
    _save,
    _save_partial,
    _shorten_request,
    output_cap_for_platform,
)
from apps.subscriptions.usage import usage_release, usage_reserve

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Finishing steps shielded from a cancelled request run on; a reference keeps each task alive.
_background: set[asyncio.Task] = set()


async def _release(prepared: PreparedGeneration, exc: BaseException | None = None) -> None:
    """Release every reservation of the generation and, for a provider failure (timeout, refusal,
    error), note it for the analytics (``services._failure_record``), in one database step."""

    def release_and_note() -> None:
        prepared.release_all()
        if exc is not None:
            _failure_record(prepared, exc)

    await db_step(release_and_note)()


async def _with_fallback(
    prepared: PreparedGeneration, start: Callable[[AIProvider], Awaitable[T]]
) -> tuple[AIProvider, T]:
    """``await start(provider)``; on AIProviderError/AITimeout, ``await start(fallback)`` once if configured
    (``services._with_fallback``: when both fail, the requested provider's failure is answered)."""
    try:
        return prepared.provider, await start(prepared.provider)
    except (AIProviderError, AITimeout) as exc:
        if prepared.fallback is None:
            raise
        logger.warning(
            "AI provider %s failed (%s); falling back to %s", prepared.provider.name, exc.code, prepared.fallback.name
        )
        try:
            return prepared.fallback, await start(prepared.fallback)
        except (AIProviderError, AITimeout) as fallback_exc:
            raise _both_failed(
                provider=prepared.provider.name,
                fallback_provider=prepared.fallback.name,
                primary=exc,
                fallback=fallback_exc,
            ) from fallback_exc


async def _fit(prepared: PreparedGeneration, provider: AIProvider, first: GenerationResult) -> tuple[str, bool, bool]:
    """``services._fit`` awaiting the shorten call: one shorten call under its own reservation if
    the quota allows it, then a cut that respects the text (``apps.content.measure``).
    Returns (text, shortened, truncated)."""
    limit = platform_limit(prepared.platform)
    text = first.text.strip()
    if fits(platform=prepared.platform, text=text):
        return text, False, False
    shortened = False
    second = await _extra_call(
        prepared, provider, _shorten_request(prepared, text=text, limit=limit), purpose="shorten"
    )
    if second is not None and second.text.strip():
        text, shortened = second.text.strip(), True
    if fits(platform=prepared.platform, text=text):
        return text, shortened, False
    return fit(platform=prepared.platform, text=text), shortened, True


async def _extra_call(
    prepared: PreparedGeneration, provider: AIProvider, request: GenerationRequest, *, purpose: str
) -> GenerationResult | None:
    """``services._extra_call`` awaiting the provider: a follow-up call (shorten, brand retry) under
    its own reservation; None when the quota cannot cover it or the call fails (nothing spent)."""
    output_cap = output_cap_for_platform(prepared.platform)
    request = dataclasses.replace(request, max_output_tokens=output_cap)
    estimate = provider.estimate_prompt_tokens(request)
    try:
        reservation = await db_step(usage_reserve)(organization=prepared.organization, tokens=estimate + output_cap)
    except QuotaExceeded:
        return None
    try:
        result = await provider.agenerate(request)
    except (AIProviderError, AITimeout, AIContentRefused) as exc:
        await db_step(usage_release)(reservation=reservation)
        logger.info("%s call failed (%s); keeping the first answer", purpose, exc.code)
        return None
    except BaseException:
        await db_step(usage_release)(reservation=reservation)
        raise
    _record_call(prepared, result, purpose=purpose)
    prepared.extra_reservations.append((reservation, result.total_tokens))
    return result


async def _brand_retry(
    prepared: PreparedGeneration, provider: AIProvider, result: GenerationResult
) -> GenerationResult:
    """``services._brand_retry`` awaiting the rewrite call."""
    retry = _brand_retry_request(prepared, result)
    second = await _extra_call(prepared, provider, retry, purpose="brand_retry") if retry is not None else None
    if second is not None and second.text.strip():
        return dataclasses.replace(result, text=second.text)
    return result


async def _finish_or_release(
    prepared: PreparedGeneration, provider: AIProvider, result: GenerationResult
) -> ContentVersion:
    """Record the call, refuse an empty text, fit, save and settle (``services._finish``); on any
    failure release every reservation of the generation."""
    try:
        _record_call(prepared, result, purpose="generate")
        if not result.text.strip():
            raise AIProviderError("The AI provider returned an empty text. Nothing was charged.")
        result = await _brand_retry(prepared, provider, result)
        text, shortened, truncated = await _fit(prepared, provider, result)
        text, cut = _brand_finish(prepared, text)
        return await db_step(_save)(
            prepared, text=text, provider=provider, shortened=shortened, truncated=truncated or cut
        )
    except BaseException as exc:
        await _release(prepared, exc)
        raise


async def _finish(prepared: PreparedGeneration, provider: AIProvider, result: GenerationResult) -> ContentVersion:
    """``_finish_or_release`` shielded: a request cancelled now (client gone) does not cut the
    save/settle transaction or the release in two; the task completes on its own."""
    task = asyncio.ensure_future(_finish_or_release(prepared, provider, result))
    _background.add(task)
    task.add_done_callback(_background.discard)
    return await asyncio.shield(task)


async def content_generation_arun(*, prepared: PreparedGeneration) -> ContentVersion:
    """``content_generation_run`` for the async views: await the provider (fallback if configured),
    fit, save the version and settle; on any failure (a cancelled request too: the upstream call
    is cancelled) release the reservation and re-raise."""
    try:
        provider, result = await _with_fallback(prepared, lambda p: p.agenerate(prepared.request))
    except BaseException as exc:
        await _release(prepared, exc)
        raise
    return await _finish(prepared, provider, result)


async def _stream_open(provider: AIProvider, request: GenerationRequest) -> tuple[AsyncIterator, Any]:
    """Open the provider's stream and wait for its first item (a failure to start shows here)."""
    upstream = provider.astream(request)
    try:
        return upstream, await anext(upstream)
    except BaseException:
        await upstream.aclose()
        raise


async def content_generation_astream(*, prepared: PreparedGeneration) -> AsyncIterator[tuple[str, Any]]:
    """``content_generation_stream`` for the async views: ("delta", text)..., then ("done", version)
    or ("error", DomainError).

    Client gone — the consumer closes this generator (``aclose``) or the request's task is
    cancelled while it waits on the provider: the upstream stream is closed (the provider stops),
    what arrived is saved as the version and settled (reported usage, else the documented
    estimate, ``usage_estimated``); nothing arrived: the reservation is released.
    """
    provider = prepared.provider
    upstream: AsyncIterator | None = None
    parts: list[str] = []
    result: GenerationResult | None = None
    try:
        provider, (upstream, item) = await _with_fallback(prepared, lambda p: _stream_open(p, prepared.request))
        while item is not None:
            if isinstance(item, GenerationResult):
                result = item
            else:
                parts.append(item)
                yield ("delta", item)
            item = await anext(upstream, None)
    except (GeneratorExit, asyncio.CancelledError):
        if upstream is not None:
            await upstream.aclose()  # closes the SDK stream: the provider stops generating
        await db_step(_save_partial)(prepared, provider=provider, parts=parts, result=result)  # or releases
        raise
    except DomainError as exc:
        await _release(prepared, exc)
        yield ("error", exc)
        return
    except BaseException:
        await _release(prepared)
        raise
    if result is None:
        error = AIProviderError("The AI provider stream ended without a result.")
        await _release(prepared, error)
        yield ("error", error)
        return
    try:
        version = await _finish(prepared, provider, result)
    except DomainError as exc:
        yield ("error", exc)
        return
    yield ("done", version)
