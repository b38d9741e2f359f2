"""Prompt text sent to the AI providers: pure functions of the brief (no I/O, no settings)."""

from apps.content.measure import counting, text_length
from apps.content.models import Platform
from apps.content.platforms import PLATFORMS, TONES


def system_prompt(*, platform: str, tone: str) -> str:
    """The platform's rules, its hard character limit (as the network counts) and the tone."""
    rule = PLATFORMS[platform]
    return (
        f"You write social media posts for {Platform(platform).label}. {rule.rules} "
        f"Hard limit: {rule.max_chars} characters{counting(platform)}, including spaces, hashtags and emojis. "
        f"Tone: {tone} ({TONES[tone]}). Answer with the post text only: no preamble, no quotes."
    )


def user_prompt(*, prompt: str, audience: str, previous_text: str = "", modifications: str = "") -> str:
    """A new post about ``prompt``, or (with ``previous_text``) a rewrite with the requested changes."""
    lines = []
    if previous_text:
        lines += ["Rewrite this post.", f"Original request: {prompt}", f"Current version:\n{previous_text}"]
        if modifications:
            lines.append(f"Requested changes: {modifications}")
    else:
        lines.append(f"Write a post about: {prompt}")
    if audience:
        lines.append(f"Audience: {audience}")
    return "\n".join(lines)


def shorten_message(*, text: str, limit: int, platform: str | None = None) -> str:
    """The follow-up turn asking the provider to bring a too long answer under ``limit``, both
    stated as ``platform`` counts (code points without a platform)."""
    length = len(text) if platform is None else text_length(platform=platform, text=text)
    how = "" if platform is None else counting(platform)
    hashtags = PLATFORMS[platform].max_hashtags if platform is not None else None
    return (
        f"That is {length} characters{how}; the limit is {limit}. Rewrite it to at most {limit} characters{how}"
        + (f" and at most {hashtags} hashtags" if hashtags is not None else "")
        + ", keeping the message. Answer with the post text only."
    )
