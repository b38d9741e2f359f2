"""The one small interface every AI provider implements, its result, its errors, and the retry loop."""

import asyncio
import math
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings

from apps.common.exceptions import DomainError, ServiceNotConfigured, UpstreamError, UpstreamTimeout

T = TypeVar("T")

# Upper-bound estimate of the prompt tokens a real provider will count (see docs/content.md):
# UTF-8 bytes // 2 (English averages ~4 bytes per token, so this leaves 2x headroom), plus a
# per-message and a per-request overhead for the chat template.
TOKENS_PER_MESSAGE_OVERHEAD = 8
TOKENS_PER_REQUEST_OVERHEAD = 16


class AIProviderNotConfigured(ServiceNotConfigured):
    code = "ai_provider_not_configured"
    default_message = "This AI provider is not configured on this server."


class AIProviderError(UpstreamError):
    code = "ai_provider_error"
    default_message = "The AI provider failed to answer. Nothing was charged; try again later."


class AITimeout(UpstreamTimeout):
    code = "ai_timeout"
    default_message = "The AI provider did not answer in time. Nothing was charged; try again later."


class AIImageRefused(DomainError):
    status_code = 422
    code = "image_refused"
    default_message = (
        "The AI provider refused to generate this image (its safety or content policy). "
        "Nothing was charged; change the prompt and try again."
    )


class AIContentRefused(DomainError):
    status_code = 422
    code = "ai_content_refused"
    default_message = "The AI provider refused to generate this content (safety or policy block)."


class RetryableProviderError(AIProviderError):
    """A 429, a 5xx or a connection failure: worth another attempt after a pause."""

    def __init__(self, message: str | None = None, *, retry_after: float | None = None, status: int | None = None):
        self.retry_after = retry_after
        self.status = status
        super().__init__(message, details={"upstream_status": status} if status else None)


@dataclass(frozen=True)
class Message:
    role: str  # "user" or "assistant"
    text: str


@dataclass(frozen=True)
class GenerationRequest:
    """What is sent to a provider: system instructions, the conversation, and the output cap.

    ``brief`` carries the structured request (platform, tone, prompt, audience, modifications,
    previous_text, shorten_to, brand_voice, avoid_phrases) for the offline provider, which builds
    its text from it.
    """

    system: str
    messages: tuple[Message, ...]
    max_output_tokens: int
    brief: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GenerationResult:
    text: str
    provider: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    latency_ms: int
    finish_reason: str
    # True when the provider reported no usage and the documented estimate was recorded instead.
    usage_estimated: bool = False


def estimate_text_tokens(text: str) -> int:
    return math.ceil(len(text.encode("utf-8")) / 2)


class AIProvider:
    """Base of the three providers. ``generate`` answers a whole text; ``stream`` yields ``str``
    deltas as they arrive and then exactly one ``GenerationResult`` (the usage it reported). Both
    await the SDK's async client, so a call waiting on the provider holds no thread; each attempt,
    and each chunk of a stream, is bounded by AI_TIMEOUT_SECONDS (AITimeout)."""

    name: str = ""
    model: str = ""

    def estimate_prompt_tokens(self, request: GenerationRequest) -> int:
        texts = [request.system, *(m.text for m in request.messages)]
        return TOKENS_PER_REQUEST_OVERHEAD + sum(estimate_text_tokens(t) + TOKENS_PER_MESSAGE_OVERHEAD for t in texts)

    def estimate_completion_tokens(self, text: str) -> int:
        return estimate_text_tokens(text)

    async def generate(self, request: GenerationRequest) -> GenerationResult:  # pragma: no cover - interface
        raise NotImplementedError

    def stream(self, request: GenerationRequest) -> AsyncIterator[str | GenerationResult]:  # pragma: no cover
        raise NotImplementedError


def backoff_seconds(attempt: int, retry_after: float | None) -> float:
    """Deterministic exponential backoff: base * 2**attempt, capped; a shorter Retry-After wins."""
    base = settings.AI_RETRY_BACKOFF_SECONDS
    cap = max(base * 8, 0.0)
    delay = min(base * (2**attempt), cap)
    if retry_after is not None and 0 <= retry_after <= cap:
        delay = retry_after
    return delay


async def call_with_retries(fn: Callable[[], Awaitable[T]]) -> T:
    """Await ``fn()``; on a RetryableProviderError try again, at most AI_MAX_RETRIES more times, with
    backoff; after the last attempt the error leaves as a plain AIProviderError (502). Each attempt
    is bounded by AI_TIMEOUT_SECONDS (then AITimeout, not retried, as the SDK's own timeout is):
    the call is cancelled, never left running."""
    attempts = max(settings.AI_MAX_RETRIES, 0) + 1
    for attempt in range(attempts):
        try:
            async with asyncio.timeout(settings.AI_TIMEOUT_SECONDS):
                return await fn()
        except TimeoutError as exc:
            raise AITimeout() from exc
        except RetryableProviderError as exc:
            if attempt + 1 >= attempts:
                raise AIProviderError(
                    f"The AI provider failed {attempts} time(s) in a row. Nothing was charged; try again later.",
                    details={"attempts": attempts, **exc.details},
                ) from exc
            await asyncio.sleep(backoff_seconds(attempt, exc.retry_after))
    raise AssertionError("unreachable")  # pragma: no cover


async def anext_within_timeout(iterator: AsyncIterator[T]) -> T:
    """The next item of a provider's stream, within AI_TIMEOUT_SECONDS (AITimeout otherwise);
    raises StopAsyncIteration at the end."""
    try:
        async with asyncio.timeout(settings.AI_TIMEOUT_SECONDS):
            return await anext(iterator)
    except TimeoutError as exc:
        raise AITimeout() from exc


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class LoopClientCache:
    """One async SDK client (and its connection pool) per (running event loop, configuration): a
    client's connections belong to one loop. A worker has one loop; ``async_to_sync`` callers (tests,
    commands) make one per call. ``get(key, factory)`` calls ``factory`` once per new key; a changed
    setting (tests, reloads) gets a new client."""

    def __init__(self) -> None:
        self._by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get(self, key: Hashable, factory: Callable[[], Any]) -> Any:
        loop = asyncio.get_running_loop()
        clients = self._by_loop.get(loop)
        if clients is None:
            clients = self._by_loop[loop] = {}
            _close_with_loop(loop, clients)
        client = clients.get(key)
        if client is None:
            client = clients[key] = factory()
        return client


def _close_with_loop(loop: asyncio.AbstractEventLoop, clients: dict) -> None:
    """Close ``clients`` (their connection pools) when ``loop`` is closed, on the loop, before it
    closes: a short-lived loop (a test's, ``async_to_sync``'s) leaves no open session behind. A
    worker's loop (uvloop's, which takes no attribute) lives as long as the process."""
    close_loop = loop.close

    def close() -> None:
        for client in clients.values():
            try:
                close_client = getattr(client, "aclose", None) or client.close  # google-genai: aclose
                loop.run_until_complete(close_client())
            except Exception:  # noqa: BLE001, S110 - closing on the way out; nothing left to do
                pass
        clients.clear()
        close_loop()

    try:
        loop.close = close  # type: ignore[method-assign]
    except AttributeError:
        pass
