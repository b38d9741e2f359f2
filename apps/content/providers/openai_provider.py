"""OpenAI (or any OpenAI-compatible server through OPENAI_BASE_URL) via the official ``openai`` SDK.

Requests go through the SDK client (its authentication, base URL, timeout and status errors) with
``client.post`` (the SDK's documented way to send a request as is), and answers and stream chunks
are read as JSON here, not through ``chat.completions.create``: that one walks the parameters
through the SDK's TypedDict transform and builds pydantic models of the answer and of every chunk,
which together cost more CPU than the rest of the call (docs/benchmarks.md).

The async client only (``openai.AsyncOpenAI``): a call waiting on the provider holds no thread.
The SDK's own retries are off (``max_retries=0``): ``call_with_retries`` retries 429/5xx with a
deterministic, bounded backoff, the same way for every provider.
"""

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import httpx2
import openai
from django.conf import settings

from apps.content.providers.base import (
    AIContentRefused,
    AIProvider,
    AIProviderError,
    AITimeout,
    GenerationRequest,
    GenerationResult,
    LoopClientCache,
    RetryableProviderError,
    anext_within_timeout,
    call_with_retries,
    parse_retry_after,
)

NAME = "openai"

_clients = LoopClientCache()


def _client() -> openai.AsyncOpenAI:
    """The SDK client (one per event loop and configuration), on the SDK's aiohttp transport
    (``openai[aiohttp]``, ``DefaultAioHttpClient``): with a hundred calls in flight per process, the
    default httpx transport's pool costs ~1.8 ms of CPU per call against ~0.5 ms (it re-examines
    every connection whenever a request starts or ends; docs/benchmarks.md)."""
    return _clients.get(
        (settings.OPENAI_API_KEY, settings.OPENAI_BASE_URL, settings.AI_TIMEOUT_SECONDS),
        lambda: openai.AsyncOpenAI(
            api_key=settings.OPENAI_API_KEY,
            base_url=settings.OPENAI_BASE_URL or None,
            timeout=settings.AI_TIMEOUT_SECONDS,
            max_retries=0,
            http_client=openai.DefaultAioHttpClient(),
        ),
    )


def _map_error(exc: Exception) -> Exception:
    """SDK exception → our domain error (never a raw SDK exception past this module)."""
    if isinstance(exc, openai.APITimeoutError):
        # The aiohttp transport reports a refused or failed connection as a connect *timeout*:
        # it is the provider being unreachable (retried, then 502), not slow.
        return RetryableProviderError("Could not reach the AI provider.") if _unreachable(exc) else AITimeout()
    if isinstance(exc, openai.APIConnectionError):
        return RetryableProviderError("Could not reach the AI provider.")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429 or status >= 500:
            return RetryableProviderError(
                f"The AI provider answered {status}.",
                status=status,
                retry_after=parse_retry_after(exc.response.headers.get("retry-after")),
            )
        return AIProviderError(f"The AI provider rejected the request ({status}).", details={"upstream_status": status})
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return AIContentRefused()
    return AIProviderError()


def _answer_json(response: Any) -> Any:
    """The answer's JSON; AIProviderError for a 2xx that is not JSON (an HTML page from a proxy)."""
    try:
        return response.json()
    except ValueError as exc:
        raise AIProviderError("The AI provider returned no choice.") from exc


def _typed(json_object: dict, key: str, kind: type, default: Any = None) -> Any:
    """``json_object[key]`` when it is a ``kind`` (a field of a provider's JSON answer), else ``default``."""
    value = json_object.get(key)
    return value if isinstance(value, kind) else default


def _json_usage(usage: Any) -> tuple[int, int, int] | None:
    """(prompt, completion, total) tokens of an answer's ``usage`` object; None when it is missing
    or not made of whole numbers (then the documented estimate is used, ``usage_estimated``)."""
    if not isinstance(usage, dict):
        return None
    counts = [usage.get(key) for key in ("prompt_tokens", "completion_tokens", "total_tokens")]
    if not all(isinstance(count, int) and not isinstance(count, bool) and count >= 0 for count in counts):
        return None
    return counts[0], counts[1], counts[2]


def _unreachable(exc: BaseException) -> bool:
    """A connection error (refused, reset, no route) and not a timeout somewhere in ``exc``'s causes."""
    seen: BaseException | None = exc.__cause__ or exc.__context__
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, OSError) and not isinstance(seen, TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _refused(finish_reason: str | None, refusal: str | None) -> bool:
    return finish_reason == "content_filter" or bool(refusal)


class OpenAIProvider(AIProvider):
    name = NAME

    def __init__(self) -> None:
        self.model = settings.OPENAI_MODEL

    def _params(self, request: GenerationRequest) -> dict[str, Any]:
        messages = [{"role": "system", "content": request.system}]
        messages += [{"role": m.role, "content": m.text} for m in request.messages]
        # ``max_tokens`` (not ``max_completion_tokens``) because OpenAI-compatible servers
        # (Ollama, vLLM) understand it; it is the hard output cap the quota reservation allows.
        return {"model": self.model, "messages": messages, "max_tokens": request.max_output_tokens}

    async def generate(self, request: GenerationRequest) -> GenerationResult:
        params, client = self._params(request), _client()  # built outside the attempts' timeout

        async def once():
            try:
                response = await client.post("/chat/completions", body=params, cast_to=httpx2.Response)
            except openai.OpenAIError as exc:
                raise _map_error(exc) from exc
            return _answer_json(response)

        started = time.monotonic()
        completion = await call_with_retries(once)
        return self._json_result(request, completion, started)

    def _json_result(self, request: GenerationRequest, completion: Any, started: float) -> GenerationResult:
        """The result of a chat completion read as JSON: AIProviderError without a choice,
        AIContentRefused for a refusal."""
        choices = completion.get("choices") if isinstance(completion, dict) else None
        choice = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else None
        if choice is None:
            raise AIProviderError("The AI provider returned no choice.")
        message = _typed(choice, "message", dict, {})
        finish_reason = _typed(choice, "finish_reason", str)
        if _refused(finish_reason, message.get("refusal")):
            raise AIContentRefused()
        return self._result(
            request,
            text=_typed(message, "content", str, ""),
            usage=_json_usage(completion.get("usage")),
            model=_typed(completion, "model", str, "") or self.model,
            finish_reason=finish_reason,
            started=started,
        )

    def _result(
        self,
        request: GenerationRequest,
        *,
        text: str,
        usage: tuple[int, int, int] | None,
        model: str,
        finish_reason: str | None,
        started: float,
    ) -> GenerationResult:
        """The generation's result; without reported usage, the documented estimate (``usage_estimated``)."""
        prompt_tokens = usage[0] if usage else self.estimate_prompt_tokens(request)
        completion_tokens = usage[1] if usage else self.estimate_completion_tokens(text)
        return GenerationResult(
            text=text,
            provider=NAME,
            model=model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=usage[2] if usage else prompt_tokens + completion_tokens,
            latency_ms=int((time.monotonic() - started) * 1000),
            finish_reason=finish_reason or "stop",
            usage_estimated=usage is None,
        )

    async def stream(self, request: GenerationRequest) -> AsyncIterator[str | GenerationResult]:
        params = {**self._params(request), "stream": True, "stream_options": {"include_usage": True}}
        client = _client()

        async def open_stream():
            try:
                return await client.post(
                    "/chat/completions", body=params, cast_to=object, stream=True, stream_cls=openai.AsyncStream[object]
                )
            except openai.OpenAIError as exc:
                raise _map_error(exc) from exc

        started = time.monotonic()
        upstream = await call_with_retries(open_stream)
        state = _StreamState(self.model)
        try:
            chunks = upstream.__aiter__()
            while True:
                try:
                    chunk = await anext_within_timeout(chunks)
                except StopAsyncIteration:
                    break
                delta = state.take(chunk)
                if delta:
                    yield delta
        except openai.OpenAIError as exc:
            mapped = _map_error(exc)
            raise (AIProviderError() if isinstance(mapped, RetryableProviderError) else mapped) from exc
        except (httpx.TimeoutException, httpx2.TimeoutException) as exc:
            raise AITimeout() from exc
        except (httpx.HTTPError, httpx2.HTTPError) as exc:
            raise AIProviderError() from exc
        finally:
            await upstream.close()  # also on cancellation (client gone): the provider stops generating
        yield state.result(self, request, started)


class _StreamState:
    """What a chat-completion stream reported so far: text parts, usage, model, finish reason."""

    def __init__(self, model: str) -> None:
        self.parts: list[str] = []
        self.usage: tuple[int, int, int] | None = None
        self.model = model
        self.finish_reason: str | None = None

    def take(self, chunk: Any) -> str | None:
        """Record one chunk (read as JSON); its text delta, if any. A refusal raises AIContentRefused."""
        if not isinstance(chunk, dict):
            return None
        self.model = _typed(chunk, "model", str, "") or self.model
        usage = _json_usage(chunk.get("usage"))
        if usage is not None:
            self.usage = usage
        text = None
        choices = chunk.get("choices")
        for choice in choices if isinstance(choices, list) else []:
            if not isinstance(choice, dict):
                continue
            delta = _typed(choice, "delta", dict, {})
            finish_reason = _typed(choice, "finish_reason", str)
            if _refused(finish_reason, delta.get("refusal")):
                raise AIContentRefused()
            if finish_reason:
                self.finish_reason = finish_reason
            content = _typed(delta, "content", str, "")
            if content:
                self.parts.append(content)
                text = content if text is None else text + content
        return text

    def result(self, provider: "OpenAIProvider", request: GenerationRequest, started: float) -> GenerationResult:
        return provider._result(
            request,
            text="".join(self.parts),
            usage=self.usage,
            model=self.model,
            finish_reason=self.finish_reason,
            started=started,
        )
