"""The generation pipeline: one async implementation, used by generate and regenerate (plain and
streamed, with or without a template) and by campaigns.

    prepare (``generation``) → reserve → provider call, with fallback → brand rewrite → fit/shorten
    → brand hashtags → save and settle (``settle``)

The database steps run through ``db_step`` (a pool thread, a pooled connection taken and given
back), and the provider is awaited on its async SDK client: a generation waiting on the provider
holds no thread and no connection. Any failure before the version is saved releases every
reservation (nothing is spent). Once the provider has answered, saving is shielded from the
request's cancellation (client gone): the version and the spend commit together, or the
reservations are released. A streamed client that leaves midway has what arrived saved and
settled, and the upstream call is closed. Sync callers (management commands, admin actions,
tests) enter at their edge with ``asgiref.sync.async_to_sync``.
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
from apps.content.prompts import shorten_message
from apps.content.providers import (
    AIContentRefused,
    AIProvider,
    AIProviderError,
    AITimeout,
    GenerationRequest,
    GenerationResult,
    Message,
)
from apps.content.services.brand_rules import brand_finish, brand_rewrite_request
from apps.content.services.generation import PreparedGeneration, output_cap_for_platform
from apps.content.services.settle import call_record, generation_release, generation_save, generation_save_partial
from apps.subscriptions.usage import usage_release, usage_reserve

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Finishing steps shielded from a cancelled request run on; a reference keeps each task alive.
_finishing: set[asyncio.Task] = set()


async def content_generation_run(*, prepared: PreparedGeneration) -> ContentVersion:
    """Call the provider (fallback if configured), apply the brand rules, fit the text to the
    platform, save the version and settle. On any failure (a cancelled request too: the upstream
    call is cancelled) release every reservation, note a provider failure, and re-raise."""
    try:
        provider, result = await _with_fallback(prepared, lambda p: p.generate(prepared.request))
    except BaseException as exc:
        await db_step(generation_release)(prepared, exc)
        raise
    return await _finish(prepared, provider, result)


async def content_generation_stream(*, prepared: PreparedGeneration) -> AsyncIterator[tuple[str, Any]]:
    """The same generation, streamed: ("delta", text)... as the provider sends them, then
    ("done", version) or ("error", DomainError).

    Client gone (the consumer closes this generator, or the request's task is cancelled while it
    waits on the provider): the upstream stream is closed (the provider stops), what arrived is
    saved as the version and settled (the reported usage, else the documented estimate,
    ``usage_estimated``); nothing arrived: the reservation is released.
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
        await db_step(generation_save_partial)(prepared, provider=provider, parts=parts, result=result)
        raise
    except DomainError as exc:
        await db_step(generation_release)(prepared, exc)
        yield ("error", exc)
        return
    except BaseException:
        await db_step(generation_release)(prepared)
        raise
    if result is None:
        error = AIProviderError("The AI provider stream ended without a result.")
        await db_step(generation_release)(prepared, error)
        yield ("error", error)
        return
    try:
        version = await _finish(prepared, provider, result)
    except DomainError as exc:
        yield ("error", exc)
        return
    yield ("done", version)


async def _stream_open(provider: AIProvider, request: GenerationRequest) -> tuple[AsyncIterator, Any]:
    """Open the provider's stream and wait for its first item (a failure to start shows here)."""
    upstream = provider.stream(request)
    try:
        return upstream, await anext(upstream)
    except BaseException:
        await upstream.aclose()
        raise


async def _with_fallback(
    prepared: PreparedGeneration, start: Callable[[AIProvider], Awaitable[T]]
) -> tuple[AIProvider, T]:
    """``await start(provider)``; if the provider fails (error or timeout) and a fallback is
    configured, ``await start(fallback)`` once. Returns the provider that answered with its answer.

    When both fail, the answer is the requested provider's failure (its class: 504 ``ai_timeout``
    for a timeout, 502 ``ai_provider_error`` otherwise), with the fallback's failure in the message
    and ``details`` — never the fallback's status in place of the primary's."""
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
            raise _both_failed(prepared, primary=exc, fallback=fallback_exc) from fallback_exc


def _both_failed(
    prepared: PreparedGeneration, *, primary: AIProviderError | AITimeout, fallback: AIProviderError | AITimeout
) -> AIProviderError | AITimeout:
    """The primary's error class and status, saying what the fallback answered too."""
    provider, fallback_provider = prepared.provider.name, prepared.fallback.name
    timed_out = isinstance(primary, AITimeout)
    what = "did not answer in time" if timed_out else "failed to answer"
    message = (
        f"The AI provider {provider} {what}, and the fallback provider {fallback_provider} failed too "
        f"({fallback.code}). Nothing was charged; try again later."
    )
    details = {
        **(primary.details or {}),
        "provider": provider,
        "fallback_provider": fallback_provider,
        "fallback_code": fallback.code,
    }
    return (AITimeout if timed_out else AIProviderError)(message, details=details)


async def _finish(prepared: PreparedGeneration, provider: AIProvider, result: GenerationResult) -> ContentVersion:
    """``_finish_or_release`` shielded: a request cancelled now (client gone) does not cut the
    follow-up calls, the save/settle transaction or the release in two; the task completes on its own."""
    task = asyncio.ensure_future(_finish_or_release(prepared, provider, result))
    _finishing.add(task)
    task.add_done_callback(_finishing.discard)
    return await asyncio.shield(task)


async def _finish_or_release(
    prepared: PreparedGeneration, provider: AIProvider, result: GenerationResult
) -> ContentVersion:
    """Record the call, refuse an empty text (nothing charged), rewrite once for a banned phrase,
    fit, append the brand's hashtags, save and settle; on any failure release every reservation."""
    try:
        call_record(prepared, result, purpose="generate")
        if not result.text.strip():
            raise AIProviderError("The AI provider returned an empty text. Nothing was charged.")
        result = await _brand_rewrite(prepared, provider, result)
        text, shortened, truncated = await _fit(prepared, provider, result)
        text, cut = brand_finish(prepared, text)
        return await db_step(generation_save)(
            prepared, text=text, provider=provider, shortened=shortened, truncated=truncated or cut
        )
    except BaseException as exc:
        await db_step(generation_release)(prepared, exc)
        raise


async def _brand_rewrite(
    prepared: PreparedGeneration, provider: AIProvider, result: GenerationResult
) -> GenerationResult:
    """When the answer uses a banned phrase of the brand voice, ask once for a rewrite without it
    (a separately reserved call); the rewrite replaces the answer if it is not empty."""
    rewrite = brand_rewrite_request(prepared, result)
    second = await _extra_call(prepared, provider, rewrite, purpose="brand_retry") if rewrite is not None else None
    if second is not None and second.text.strip():
        return dataclasses.replace(result, text=second.text)
    return result


async def _fit(prepared: PreparedGeneration, provider: AIProvider, first: GenerationResult) -> tuple[str, bool, bool]:
    """Make the text fit the platform as the network counts (apps.content.measure): one shorten
    call if the quota still allows it (else the first answer is cut), then a cut at a word boundary
    that splits no grapheme cluster, URL, mention or hashtag. Returns (text, shortened, truncated)."""
    text = first.text.strip()
    if fits(platform=prepared.platform, text=text):
        return text, False, False
    shortened = False
    second = await _extra_call(prepared, provider, _shorten_request(prepared, text=text), purpose="shorten")
    if second is not None and second.text.strip():
        text, shortened = second.text.strip(), True
    if fits(platform=prepared.platform, text=text):
        return text, shortened, False
    return fit(platform=prepared.platform, text=text), shortened, True


def _shorten_request(prepared: PreparedGeneration, *, text: str) -> GenerationRequest:
    """The request asking once more for ``text`` within the platform's limit (output cap unset)."""
    limit = platform_limit(prepared.platform)
    return GenerationRequest(
        system=prepared.request.system,
        messages=(
            *prepared.request.messages,
            Message("assistant", text),
            Message("user", shorten_message(text=text, limit=limit, platform=prepared.platform)),
        ),
        max_output_tokens=0,
        brief={**prepared.request.brief, "previous_text": text, "shorten_to": limit},
    )


async def _extra_call(
    prepared: PreparedGeneration, provider: AIProvider, request: GenerationRequest, *, purpose: str
) -> GenerationResult | None:
    """A follow-up call (shorten, brand rewrite) under its own reservation (its prompt repeats the
    first answer). None when the quota cannot cover it or the call fails (nothing spent for it)."""
    output_cap = output_cap_for_platform(prepared.platform)
    request = dataclasses.replace(request, max_output_tokens=output_cap)
    estimate = provider.estimate_prompt_tokens(request)
    try:
        reservation = await db_step(usage_reserve)(organization=prepared.organization, tokens=estimate + output_cap)
    except QuotaExceeded:
        return None
    try:
        result = await provider.generate(request)
    except (AIProviderError, AITimeout, AIContentRefused) as exc:
        await db_step(usage_release)(reservation=reservation)
        logger.info("%s call failed (%s); keeping the first answer", purpose, exc.code)
        return None
    except BaseException:
        await db_step(usage_release)(reservation=reservation)
        raise
    call_record(prepared, result, purpose=purpose)
    prepared.extra_reservations.append((reservation, result.total_tokens))
    return result
