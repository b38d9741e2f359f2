"""Text measured and judged the way each network does (docs/content.md, "Platforms").

Every place that judges a text's length goes through here: generation fitting and the shorten
prompt, the manual edit, scheduling (target platform) and ``POST /api/v1/content/validate/``.

- X (twitter): twitter-text configuration v3 (``x_parse``, on the URL extraction, emoji pattern
  and configuration of the ``twitter-text-parser`` package; the official conformance cases run in
  apps/content/tests/test_measure.py): NFC, weight 1 for code points in 0-4351, 8192-8205,
  8208-8223, 8242-8247 and 2 otherwise, every URL 23, an emoji sequence 2. The package compiles a
  large emoji pattern on import (~2 s), so it is imported on first use.
- The others: Unicode code points after NFC (no network documents anything else), plus
  Instagram's 30-hashtag rule.

``fit`` cuts a too long text without splitting a grapheme cluster (emoji with modifiers, ZWJ
sequences, flags, combining marks), a URL, a mention or a hashtag (``regex``'s ``\\X``).
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import regex

from apps.common.exceptions import ValidationFailed
from apps.content.models import Platform
from apps.content.platforms import PLATFORMS

# A hashtag: '#' (or the full-width '＃') not inside a word or a URL, then word characters with at
# least one letter (twitter-text's rule: "#12345" is not a hashtag).
_HASHTAG = regex.compile(r"(?<![\p{L}\p{M}\p{Nd}_&/#＃])[#＃][\p{L}\p{M}\p{Nd}_]*[\p{L}\p{M}][\p{L}\p{M}\p{Nd}_]*")
_MENTION = regex.compile(r"(?<![\p{L}\p{M}\p{Nd}_@＠])[@＠][A-Za-z0-9_]+")
_GRAPHEME = regex.compile(r"\X")


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class Measure:
    """A text as ``platform`` counts it: ``length`` against ``limit``, and why it is refused (if it is)."""

    platform: str
    length: int
    limit: int
    reasons: tuple[Reason, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.reasons


@cache
def _twitter() -> tuple[Any, Any, Any, dict[str, Any]]:
    from twitter_text import extract_urls_with_indices
    from twitter_text.config import config
    from twitter_text.regexp.emoji import emoji
    from twitter_text.regexp.invalid_chars import invalid_chars

    return extract_urls_with_indices, emoji, invalid_chars, config["version3"]


def _weight(char: str, config: dict[str, Any]) -> int:
    code = ord(char)
    for weighted in config["ranges"]:
        if weighted["start"] <= code <= weighted["end"]:
            return weighted["weight"]
    return config["default_weight"]


def x_parse(text: str, config: dict[str, Any] | None = None) -> tuple[int, bool]:
    """X's weighted length of ``text`` and whether its characters are all accepted (``config``:
    a twitter-text configuration, v3 by default).

    twitter-text v3's ``parseTweet`` (the package's ``parse_tweet`` is the same loop), except that
    emoji are matched inside each grapheme cluster, not by one scan of the whole text with a huge
    pattern: an emoji sequence never spans two clusters, and this is ~50 times faster on long texts.
    """
    extract_urls, emoji, invalid_chars, v3 = _twitter()
    config = config or v3
    emoji_parsing = config.get("emoji_parsing_enabled", False)
    text = regex.sub(r"\r\n|\r", "\n", unicodedata.normalize("NFC", text))
    scale, weight = config["scale"], 0
    position = 0
    for url in [*extract_urls(text), {"indices": [len(text), len(text)]}]:
        start, end = url["indices"]
        for cluster in _GRAPHEME.findall(text, position, start):
            match = emoji.match(cluster) if emoji_parsing and (len(cluster) > 1 or ord(cluster) > 0x7F) else None
            rest = cluster
            if match:
                weight += config["default_weight"]
                rest = cluster[match.end() :]
            weight += sum(_weight(char, config) for char in rest)
        if end > start:
            weight += config["transformed_url_length"] * scale
        position = end
    return weight // scale, invalid_chars.search(text) is None


def counting(platform: str) -> str:
    """How ``platform`` counts when it is not plain characters, in words for the prompts and the
    error messages ("" for the networks that count characters)."""
    if platform == Platform.TWITTER:
        return " as X counts them (CJK characters and each emoji count 2, each link counts 23)"
    if platform == Platform.BLUESKY:
        return " as Bluesky counts them (graphemes: an emoji with its modifiers is one)"
    return ""


@lru_cache(maxsize=256)
def _x_parse_v3(text: str) -> tuple[int, bool]:
    """``x_parse`` with twitter-text's v3 configuration, remembered for the last texts: a generation
    measures its text when fitting it and again for its answer (``length``), and the parse is the
    costliest step of measuring."""
    return x_parse(text)


def text_length(*, platform: str, text: str) -> int:
    """The length of ``text`` as ``platform`` counts it."""
    if platform == Platform.TWITTER:
        return _x_parse_v3(text)[0]
    if platform == Platform.BLUESKY:  # app.bsky.feed.post: text maxGraphemes 300
        return len(_GRAPHEME.findall(unicodedata.normalize("NFC", text)))
    return len(unicodedata.normalize("NFC", text))


def hashtag_count(text: str) -> int:
    return len(_HASHTAG.findall(text))


def measure(*, platform: str, text: str) -> Measure:
    """Measure ``text`` for ``platform`` (a key of PLATFORMS) and list every rule it breaks."""
    rule = PLATFORMS[platform]
    reasons: list[Reason] = []
    if platform == Platform.TWITTER:
        length, characters_valid = _x_parse_v3(text)
        if not characters_valid:
            reasons.append(Reason("invalid_characters", "The text contains characters X refuses (U+FFFE, U+FFFF...)."))
    else:
        length = text_length(platform=platform, text=text)
    if not text.strip():
        reasons.insert(0, Reason("empty", "The text is empty."))
    if length > rule.max_chars:
        reasons.append(
            Reason(
                "too_long",
                f"The text has {length} characters{counting(platform)}; "
                f"{Platform(platform).label} allows {rule.max_chars}.",
            )
        )
    if rule.max_hashtags is not None and (hashtags := hashtag_count(text)) > rule.max_hashtags:
        reasons.append(
            Reason(
                "too_many_hashtags",
                f"The text has {hashtags} hashtags; {Platform(platform).label} allows {rule.max_hashtags}.",
            )
        )
    return Measure(platform=platform, length=length, limit=rule.max_chars, reasons=tuple(reasons))


def measure_require_valid(*, platform: str, text: str, field: str) -> Measure:
    """``measure``, raising ValidationFailed (400, the reasons under ``details[field]``) when invalid."""
    result = measure(platform=platform, text=text)
    if not result.valid:
        raise ValidationFailed(
            result.reasons[0].message,
            details={field: [reason.message for reason in result.reasons]},
        )
    return result


# ---------------------------------------------------------------------------
# Cutting
# ---------------------------------------------------------------------------
def _protected_spans(text: str) -> list[tuple[int, int]]:
    """URLs (twitter-text's extraction, whatever the network), mentions and hashtags."""
    extract_urls = _twitter()[0]
    spans = [(url["indices"][0], url["indices"][1]) for url in extract_urls(text)]
    return spans + [m.span() for pattern in (_HASHTAG, _MENTION) for m in pattern.finditer(text)]


def cut_points(text: str, *, protect: bool = True) -> list[int]:
    """Indices where ``text`` may be cut: grapheme cluster boundaries, outside URLs, mentions and
    hashtags when ``protect``."""
    inside: set[int] = set()
    for start, end in _protected_spans(text) if protect else ():
        inside.update(range(start + 1, end))
    return [m.end() for m in _GRAPHEME.finditer(text) if m.end() not in inside]


def fit_with(text: str, fits: Callable[[str], bool]) -> str:
    """The longest start of ``text`` (stripped) that ``fits``, cut at a cut point (``cut_points``):
    at the last whitespace when that keeps at least half of it, else as late as possible. A URL,
    mention or hashtag that cannot fit even alone is cut between grapheme clusters.
    ``fits(prefix) -> bool`` must be monotonic (a shorter start fits too)."""
    text = text.strip()
    if fits(text):
        return text
    best = 0
    for protect in (True, False):
        points = [p for p in cut_points(text, protect=protect) if p < len(text)]
        low, high = 0, len(points) - 1
        while low <= high:  # binary search: the last point whose start fits
            middle = (low + high) // 2
            if fits(text[: points[middle]].rstrip()):
                best, low = points[middle], middle + 1
            else:
                high = middle - 1
        if best:
            break
    space = max(text.rfind(" ", 0, best + 1), text.rfind("\n", 0, best + 1))
    if space >= best // 2:
        return text[:space].rstrip()
    return text[:best].rstrip()


def fits(*, platform: str, text: str) -> bool:
    """``text`` is within ``platform``'s length and hashtag limits (cheaper than ``measure``)."""
    rule = PLATFORMS[platform]
    if text_length(platform=platform, text=text) > rule.max_chars:
        return False
    return rule.max_hashtags is None or hashtag_count(text) <= rule.max_hashtags


def fit(*, platform: str, text: str) -> str:
    """Cut ``text`` so that it is within ``platform``'s length and hashtag limits."""
    return fit_with(text, lambda candidate: fits(platform=platform, text=candidate))


def fit_at_word_boundary(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` code points, at the last whitespace before the limit when
    there is one in the second half (else as late as possible), never inside a grapheme cluster,
    URL, mention or hashtag (``fit_with``), without trailing whitespace."""
    return fit_with(text, lambda candidate: len(candidate) <= limit)
