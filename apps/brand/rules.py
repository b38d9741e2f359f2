"""Pure functions of the brand voice and templates: the prompt text, banned-phrase search, template
variables and rendering (no I/O; content generation calls them)."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from apps.brand.exceptions import TemplateVariablesInvalid

# Bounds of a brand voice (docs/brand.md).
DESCRIPTION_MAX_CHARS = 2000
RULES_MAX = 20
RULE_MAX_CHARS = 300
BANNED_MAX = 50
BANNED_MAX_CHARS = 100
HASHTAGS_MAX = 10
HASHTAG_MAX_CHARS = 50
EXAMPLES_MAX = 5
EXAMPLE_MAX_CHARS = 3000

# Bounds of a template and of the variables a generation gives it.
TEMPLATE_NAME_MAX_CHARS = 100
TEMPLATE_BODY_MAX_CHARS = 4000
TEMPLATE_VARIABLES_MAX = 20
VARIABLE_VALUE_MAX_CHARS = 500

# A variable is ``{name}``: a letter or underscore, then letters, digits or underscores (at most 50).
VARIABLE_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]{0,49})\}")
# A hashtag as stored: ``#`` then letters, digits or underscores (Unicode letters too).
HASHTAG_RE = re.compile(r"^#\w+$")


@dataclass(frozen=True)
class Voice:
    """What a generation needs of a brand voice revision."""

    revision: int
    description: str
    rules: tuple[str, ...]
    banned_phrases: tuple[str, ...]
    required_hashtags: tuple[str, ...]
    example_posts: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (
            self.description or self.rules or self.banned_phrases or self.required_hashtags or self.example_posts
        )


def voice_prompt(voice: Voice) -> str:
    """The brand voice as instructions appended to the system prompt of every generation."""
    lines = [f"Brand voice (revision {voice.revision}) of the workspace this post is for."]
    if voice.description:
        lines.append(f"Voice: {voice.description}")
    if voice.rules:
        lines.append("Follow these rules:")
        lines += [f"- {rule}" for rule in voice.rules]
    if voice.banned_phrases:
        lines.append("Never use these words or phrases: " + "; ".join(f'"{p}"' for p in voice.banned_phrases) + ".")
    if voice.required_hashtags:
        lines.append("Include these hashtags: " + " ".join(voice.required_hashtags) + ".")
    if voice.example_posts:
        lines.append("Examples of posts in this voice (match the style, not the content):")
        lines += [f"---\n{example}" for example in voice.example_posts]
        lines.append("---")
    return "\n".join(lines)


def avoid_message(*, phrases: Iterable[str]) -> str:
    """The follow-up turn asking the provider to rewrite without the banned phrases it used."""
    listed = "; ".join(f'"{p}"' for p in phrases)
    return (
        f"That post uses words or phrases the brand never uses: {listed}. Rewrite it without them, "
        "keeping the message and the length. Answer with the post text only."
    )


def _phrase_re(phrase: str) -> re.Pattern:
    # Whole words only: "free" is found in "Free shipping!", not in "freedom".
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


def banned_in(text: str, phrases: Iterable[str]) -> list[str]:
    """The banned phrases found in ``text`` (case-insensitive, whole words), in the voice's order."""
    return [phrase for phrase in phrases if _phrase_re(phrase).search(text)]


def banned_remove(text: str, phrases: Iterable[str]) -> str:
    """``text`` without the phrases (used by the offline provider to honour a rewrite request)."""
    for phrase in phrases:
        text = _phrase_re(phrase).sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text).replace(" .", ".").strip()


def hashtags_missing(text: str, hashtags: Iterable[str]) -> list[str]:
    """The required hashtags ``text`` lacks (case-insensitive; ``#launch`` is not ``#launches``)."""
    present = {tag.lower() for tag in re.findall(r"#\w+", text)}
    return [tag for tag in hashtags if tag.lower() not in present]


def hashtag_normalize(raw: str) -> str:
    tag = raw.strip()
    return tag if tag.startswith("#") else f"#{tag}"


# --------------------------------------------------------------------------- templates
def template_variables(body: str) -> list[str]:
    """The variable names of ``body``, each once, in order of first appearance."""
    return list(dict.fromkeys(VARIABLE_RE.findall(body)))


def template_render(*, body: str, variables: Mapping[str, str]) -> str:
    """``body`` with each ``{name}`` replaced by its value. Every variable of the template must be
    given and no other: TemplateVariablesInvalid (400, details: missing, unknown) otherwise.
    Values are inserted as they are (a ``{x}`` inside a value is not expanded)."""
    names = template_variables(body)
    missing = sorted(set(names) - set(variables))
    unknown = sorted(set(variables) - set(names))
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing: " + ", ".join(missing))
        if unknown:
            parts.append("unknown: " + ", ".join(unknown))
        raise TemplateVariablesInvalid(
            "The variables do not match the template's (" + "; ".join(parts) + ").",
            details={"missing": missing, "unknown": unknown, "expected": names},
        )
    return VARIABLE_RE.sub(lambda match: variables[match.group(1)], body)
