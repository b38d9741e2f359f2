"""Platforms (length limits and writing rules) and tones: the documented tables of docs/content.md."""

from dataclasses import dataclass

from apps.content.models import Platform, Tone


@dataclass(frozen=True)
class PlatformRule:
    max_chars: int
    rules: str
    max_hashtags: int | None = None


# Limits are counted as each network counts them (apps.content.measure: X's weighted length,
# Unicode code points after NFC elsewhere). Facebook's own limit is 63,206 characters; every
# answer is also bounded by AI_MAX_OUTPUT_TOKENS.
PLATFORMS: dict[str, PlatformRule] = {
    Platform.TWITTER: PlatformRule(280, "One post of at most 280 characters. One or two hashtags at most."),
    Platform.LINKEDIN: PlatformRule(3000, "Professional network post, at most 3000 characters; short paragraphs."),
    Platform.INSTAGRAM: PlatformRule(
        2200, "Instagram caption, at most 2200 characters and 30 hashtags; hashtags at the end.", max_hashtags=30
    ),
    Platform.FACEBOOK: PlatformRule(63206, "Facebook post; keep it readable, a few short paragraphs."),
    Platform.THREADS: PlatformRule(500, "Threads post of at most 500 characters; conversational."),
    # A default Mastodon instance's limit (an instance may allow more); Bluesky counts graphemes.
    Platform.MASTODON: PlatformRule(500, "Mastodon post (toot) of at most 500 characters; hashtags in CamelCase."),
    Platform.BLUESKY: PlatformRule(300, "Bluesky post of at most 300 characters; conversational, few hashtags."),
}

TONES: dict[str, str] = {
    Tone.PROFESSIONAL: "clear, credible and polished",
    Tone.CASUAL: "relaxed and conversational",
    Tone.FRIENDLY: "warm and approachable",
    Tone.HUMOROUS: "light and witty, without being offensive",
    Tone.INSPIRATIONAL: "uplifting and motivating",
    Tone.PERSUASIVE: "convincing, with a clear call to action",
    Tone.INFORMATIVE: "factual and explanatory",
    Tone.ENTHUSIASTIC: "energetic and excited",
}

PROMPT_MAX_CHARS = 4000
AUDIENCE_MAX_CHARS = 500
MODIFICATIONS_MAX_CHARS = 2000
# Bound of a text sent to edit or validate (above Facebook's 63,206 so its own error shows).
TEXT_MAX_CHARS = 70000


def platform_limit(platform: str) -> int:
    return PLATFORMS[platform].max_chars
