"""Obvious placeholders copied from an example file ("sk-...", "price_...", "changeme") are not keys.

A key left at its placeholder would count as configured: generation would call OpenAI with
``sk-...`` and answer 502 after its retries, billing 502 instead of 503. The settings read every
key and secret through ``is_placeholder``: a placeholder is treated as unset, and the names are
kept in ``settings.ENV_PLACEHOLDERS_IGNORED`` so that a warning is logged at start.
"""

_MARKERS = ("...", "\u2026", "changeme", "change-me", "change_me", "replace-me", "replace_me")
_PREFIXES = ("your-", "your_", "<")
_VALUES = frozenset({"shared-secret-token", "secret", "xxx", "todo", "none", "null"})


def is_placeholder(value: str) -> bool:
    """True for an obvious placeholder: "sk-...", "price_...", "whsec_...", "...", "changeme",
    "your-secret-key-here", "<your key>"; False for an empty value (that is simply unset)."""
    text = value.strip().lower()
    if not text:
        return False
    return text in _VALUES or text.startswith(_PREFIXES) or any(marker in text for marker in _MARKERS)
