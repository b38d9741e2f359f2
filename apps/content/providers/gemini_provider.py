"""Google Gemini via the official ``google-genai`` SDK (GEMINI_API_KEY, GEMINI_MODEL, GEMINI_BASE_URL).

The async side of the SDK client only (``client.aio``): a call waiting on the provider holds no
thread. The SDK's own retries are off (no ``retry_options``): ``call_with_retries`` retries 429/5xx
with the same deterministic backoff as for OpenAI. The SDK speaks httpx or httpx2; both are handled.
"""

import time
from collections.abc import AsyncIterator

import httpx
import httpx2
from django.conf import settings
from google import genai
from google.genai import errors as genai_errors
from google.genai import types

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

NAME = "gemini"
_REFUSED_FINISH = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY"}
_TIMEOUTS = (httpx.TimeoutException, httpx2.TimeoutException)
_TRANSPORT = (httpx.HTTPError, httpx2.HTTPError)

_clients = LoopClientCache()


def _client():
    """The async side (``client.aio``) of an SDK client, one per event loop and configuration."""
    return _clients.get(
        (settings.GEMINI_API_KEY, settings.GEMINI_BASE_URL, settings.AI_TIMEOUT_SECONDS),
        lambda: genai.Client(
            api_key=settings.GEMINI_API_KEY,
            http_options=types.HttpOptions(
                base_url=settings.GEMINI_BASE_URL or None,
                timeout=int(settings.AI_TIMEOUT_SECONDS * 1000),  # milliseconds
                # httpx, as ``_map_error`` expects: google-genai would switch to aiohttp on its own
                # now that aiohttp is installed (for the OpenAI SDK).
                async_client_args={"transport": httpx2.AsyncHTTPTransport()},
            ),
        ),
    ).aio


def _map_error(exc: Exception) -> Exception:
    if isinstance(exc, _TIMEOUTS):
        return AITimeout()
    if isinstance(exc, genai_errors.APIError):
        status = exc.code or 0
        if status == 429 or status >= 500:
            headers = getattr(exc.response, "headers", None) or {}
            return RetryableProviderError(
                f"The AI provider answered {status}.",
                status=status,
                retry_after=parse_retry_after(headers.get("retry-after")),
            )
        return AIProviderError(f"The AI provider rejected the request ({status}).", details={"upstream_status": status})
    if isinstance(exc, _TRANSPORT):
        return RetryableProviderError("Could not reach the AI provider.")
    return AIProviderError()


def _enum_name(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value)).upper()


def _check_refusal(response: types.GenerateContentResponse) -> None:
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason:
        raise AIContentRefused(details={"block_reason": _enum_name(feedback.block_reason)})
    for candidate in response.candidates or []:
        if _enum_name(candidate.finish_reason) in _REFUSED_FINISH:
            raise AIContentRefused(details={"finish_reason": _enum_name(candidate.finish_reason)})


def _text_of(response: types.GenerateContentResponse) -> str:
    if not response.candidates or response.candidates[0].content is None:
        return ""
    parts = response.candidates[0].content.parts or []
    return "".join(p.text for p in parts if p.text and not p.thought)


class GeminiProvider(AIProvider):
    name = NAME

    def __init__(self) -> None:
        self.model = settings.GEMINI_MODEL

    def _args(self, request: GenerationRequest) -> dict:
        contents = [
            types.Content(role="model" if m.role == "assistant" else "user", parts=[types.Part(text=m.text)])
            for m in request.messages
        ]
        config = types.GenerateContentConfig(
            system_instruction=request.system, max_output_tokens=request.max_output_tokens
        )
        return {"model": self.model, "contents": contents, "config": config}

    def _result(self, *, request, text, usage, model, finish, started) -> GenerationResult:
        if usage is not None and usage.prompt_token_count is not None:
            prompt_tokens = usage.prompt_token_count or 0
            total = usage.total_token_count or prompt_tokens + (usage.candidates_token_count or 0)
            estimated = False
        else:
            prompt_tokens = self.estimate_prompt_tokens(request)
            total = prompt_tokens + self.estimate_completion_tokens(text)
            estimated = True
        # The completion side includes any "thinking" tokens: they are billed as output.
        return GenerationResult(
            text=text,
            provider=NAME,
            model=model or self.model,
            prompt_tokens=prompt_tokens,
            completion_tokens=max(total - prompt_tokens, 0),
            total_tokens=total,
            latency_ms=int((time.monotonic() - started) * 1000),
            finish_reason=(finish or "STOP").lower(),
            usage_estimated=estimated,
        )

    async def generate(self, request: GenerationRequest) -> GenerationResult:
        args, client = self._args(request), _client()  # built outside the attempts' timeout

        async def once():
            try:
                return await client.models.generate_content(**args)
            except Exception as exc:
                raise _map_error(exc) from exc

        started = time.monotonic()
        response = await call_with_retries(once)
        _check_refusal(response)
        finish = _enum_name(response.candidates[0].finish_reason) if response.candidates else ""
        return self._result(
            request=request,
            text=_text_of(response),
            usage=response.usage_metadata,
            model=response.model_version,
            finish=finish,
            started=started,
        )

    async def stream(self, request: GenerationRequest) -> AsyncIterator[str | GenerationResult]:
        args, client = self._args(request), _client()
        started = time.monotonic()
        holder: dict = {}

        async def open_stream():
            # The request is sent on the first chunk: retry until it arrives.
            try:
                iterator = (await client.models.generate_content_stream(**args)).__aiter__()
                holder["first"] = await anext(iterator, None)
                return iterator
            except Exception as exc:
                raise _map_error(exc) from exc

        upstream = await call_with_retries(open_stream)
        parts: list[str] = []
        usage, model, finish = None, None, ""
        chunk = holder.get("first")
        try:
            while chunk is not None:
                _check_refusal(chunk)
                usage = chunk.usage_metadata or usage
                model = chunk.model_version or model
                if chunk.candidates and chunk.candidates[0].finish_reason:
                    finish = _enum_name(chunk.candidates[0].finish_reason)
                delta = _text_of(chunk)
                if delta:
                    parts.append(delta)
                    yield delta
                try:
                    chunk = await anext_within_timeout(upstream)
                except StopAsyncIteration:
                    chunk = None
                except AITimeout:
                    raise
                except Exception as exc:
                    mapped = _map_error(exc)
                    raise (AIProviderError() if isinstance(mapped, RetryableProviderError) else mapped) from exc
        finally:
            aclose = getattr(upstream, "aclose", None)
            if aclose is not None:
                await aclose()  # also on cancellation: the SDK closes the HTTP response
        yield self._result(
            request=request, text="".join(parts), usage=usage, model=model, finish=finish, started=started
        )
