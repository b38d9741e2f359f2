"""The brand voice's rules applied to a generation's answer (docs/brand.md): a banned phrase gets
one rewrite request, required hashtags are appended within the platform's limits, and what the
rules could not enforce is recorded as a warning. Pure: no database, no provider call."""

from typing import Any

from apps.brand.rules import avoid_message, banned_in, hashtags_missing
from apps.content.measure import fit_with, fits, text_length
from apps.content.platforms import platform_limit
from apps.content.providers import GenerationRequest, GenerationResult, Message
from apps.content.services.generation import PreparedGeneration


def brand_rewrite_request(prepared: PreparedGeneration, result: GenerationResult) -> GenerationRequest | None:
    """The rewrite request when the answer uses a banned phrase of the brand voice, else None."""
    voice = prepared.voice
    found = banned_in(result.text, voice.banned_phrases) if voice is not None else []
    if not found:
        return None
    text = result.text.strip()
    return GenerationRequest(
        system=prepared.request.system,
        messages=(
            *prepared.request.messages,
            Message("assistant", text),
            Message("user", avoid_message(phrases=found)),
        ),
        max_output_tokens=0,
        brief={**prepared.request.brief, "previous_text": text, "avoid_phrases": list(found)},
    )


def brand_hashtags_append(*, platform: str, text: str, hashtags: tuple[str, ...]) -> tuple[str, bool, list[str]]:
    """Append the required hashtags ``text`` lacks, keeping the platform's limits: the text is cut
    (never a tag) to make room. Tags that would take more than half the limit, or exceed the
    platform's hashtag count, are left out. Returns (text, cut, left_out)."""
    missing = hashtags_missing(text, hashtags)
    if not missing:
        return text, False, []
    kept: list[str] = []
    for tag in missing:
        suffix = " ".join([*kept, tag])
        if text_length(platform=platform, text=suffix) * 2 <= platform_limit(platform) and fits(
            platform=platform, text=suffix
        ):
            kept.append(tag)
    left_out = [tag for tag in missing if tag not in kept]
    if not kept:
        return text, False, left_out
    suffix = " ".join(kept)
    body = fit_with(text, lambda candidate: fits(platform=platform, text=f"{candidate} {suffix}"))
    return f"{body} {suffix}".strip(), body != text.strip(), left_out


def brand_finish(prepared: PreparedGeneration, text: str) -> tuple[str, bool]:
    """Required hashtags appended (fitted), and warnings for what the rules could not enforce.
    Returns (text, cut)."""
    voice = prepared.voice
    if voice is None:
        return text, False
    text, cut, left_out = brand_hashtags_append(platform=prepared.platform, text=text, hashtags=voice.required_hashtags)
    if left_out:
        prepared.brand_warnings.append(
            {
                "code": "hashtags_left_out",
                "message": "Required hashtags left out: they do not fit the platform's limits.",
                "items": left_out,
            }
        )
    found = banned_in(text, voice.banned_phrases)
    if found:
        prepared.brand_warnings.append(
            {
                "code": "banned_phrase",
                "message": "The text still uses banned words or phrases after one rewrite; edit it before publishing.",
                "items": found,
            }
        )
    return text, cut


def brand_provenance(prepared: PreparedGeneration) -> dict[str, Any]:
    return {
        "brand_voice_revision": prepared.voice.revision if prepared.voice is not None else None,
        "brand_warnings": prepared.brand_warnings,
        "template": prepared.template,
    }
