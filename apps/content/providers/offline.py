"""The offline provider: deterministic text built from the request, no network, labelled "offline".

It is the default when no AI key is configured, so the embedded setup works out of the box. Its
text is a template, never real AI output. Token counts are deterministic and documented:
``prompt_tokens = ceil(UTF-8 bytes of prompt + audience + modifications [+ brand voice] / 4)`` and
``completion_tokens = ceil(UTF-8 bytes of the returned text / 4)`` (about one token per four
bytes, as real tokenizers average in English). The estimate used for the quota reservation is
exactly that figure, so it never differs from what is settled.

A workspace's brand voice (docs/brand.md) counts in the prompt like the rest of the brief; asked to
rewrite a post without banned phrases (``avoid_phrases``), it removes them from its previous text,
so the embedded setup shows the rewrite deterministically.
"""

import math
import time
from collections.abc import AsyncIterator

from apps.brand.rules import banned_remove
from apps.content.providers.base import AIProvider, GenerationRequest, GenerationResult

NAME = "offline"
MODEL = "offline-template-v1"
BYTES_PER_TOKEN = 4

_OPENERS = {
    "professional": "Update:",
    "casual": "Quick one:",
    "friendly": "Hi everyone!",
    "humorous": "Plot twist:",
    "inspirational": "Dream big:",
    "persuasive": "Don't miss this:",
    "informative": "Did you know?",
    "enthusiastic": "Big news!",
}


def offline_count(text: str) -> int:
    return math.ceil(len(text.encode("utf-8")) / BYTES_PER_TOKEN)


def _cut_to_tokens(text: str, tokens: int) -> str:
    """Longest word-boundary prefix of ``text`` whose offline count is at most ``tokens``."""
    if offline_count(text) <= tokens:
        return text
    words, out = text.split(" "), ""
    for word in words:
        candidate = f"{out} {word}" if out else word
        if offline_count(candidate) > tokens:
            break
        out = candidate
    return out


class OfflineProvider(AIProvider):
    name = NAME
    model = MODEL

    def _request_text(self, request: GenerationRequest) -> str:
        brief = request.brief
        return " ".join(
            filter(
                None,
                [
                    brief.get("prompt", ""),
                    brief.get("audience", ""),
                    brief.get("modifications", ""),
                    brief.get("brand_voice", ""),
                ],
            )
        )

    def estimate_prompt_tokens(self, request: GenerationRequest) -> int:
        return offline_count(self._request_text(request))

    def estimate_completion_tokens(self, text: str) -> int:
        return offline_count(text)

    def compose(self, request: GenerationRequest) -> str:
        brief = request.brief
        if brief.get("avoid_phrases"):
            return banned_remove(brief.get("previous_text", ""), brief["avoid_phrases"])
        if brief.get("shorten_to"):
            # Deterministic "shortening": keep the words that fit.
            previous = brief.get("previous_text", "")
            return (
                previous[: brief["shorten_to"]].rsplit(" ", 1)[0] if len(previous) > brief["shorten_to"] else previous
            )
        platform, tone = brief.get("platform", "twitter"), brief.get("tone", "professional")
        parts = [
            "[offline draft]",
            _OPENERS.get(tone, ""),
            brief.get("prompt", "").strip().rstrip("."),
            f"— for {brief['audience'].strip()}." if brief.get("audience") else ".",
        ]
        if brief.get("modifications"):
            parts.append(f"({brief['modifications'].strip()})")
        parts.append(f"#{platform}")
        text = " ".join(p for p in parts if p).replace(" .", ".")
        # The template ignores the writing rules; the service enforces the platform's limit.
        return text

    def result(self, request: GenerationRequest) -> GenerationResult:
        """The deterministic answer to ``request`` (no I/O: a template)."""
        started = time.monotonic()
        full = self.compose(request)
        text = _cut_to_tokens(full, request.max_output_tokens)
        prompt_tokens = self.estimate_prompt_tokens(request)
        completion_tokens = offline_count(text)
        return GenerationResult(
            text=text,
            provider=NAME,
            model=MODEL,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=prompt_tokens + completion_tokens,
            latency_ms=int((time.monotonic() - started) * 1000),
            finish_reason="stop" if text == full else "length",
        )

    async def generate(self, request: GenerationRequest) -> GenerationResult:
        return self.result(request)

    async def stream(self, request: GenerationRequest) -> AsyncIterator[str | GenerationResult]:
        result = self.result(request)
        for i, word in enumerate(result.text.split(" ")):
            yield word if i == 0 else f" {word}"
        yield result
