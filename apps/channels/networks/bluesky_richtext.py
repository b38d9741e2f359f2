"""Bluesky rich text: the facets (links, mentions, hashtags) of a post's text, indexed by UTF-8
byte offsets as the network counts them (https://docs.bsky.app/docs/advanced-guides/post-richtext,
lexicon app.bsky.richtext.facet). The patterns follow the ones the Bluesky docs and the official
TypeScript client (``@atproto/api`` RichText.detectFacets) use."""

import re
import unicodedata
from dataclasses import dataclass

# A handle (https://atproto.com/specs/handle): labels of [a-zA-Z0-9-], a letter-led TLD.
MENTION = re.compile(
    r"(?:^|(?<=[\s(]))@((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)"
)
URL = re.compile(r"(?:^|(?<=[\s(]))(https?://[^\s]+)", re.IGNORECASE)
# '#' or the full-width '＃', then a tag that is not only digits; trailing punctuation is not part of it.
HASHTAG = re.compile(r"(?:^|(?<=\s))[#\uFF03]((?!\ufe0f)[^\s\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2]+)")
HASHTAG_MAX_CHARS = 64


@dataclass(frozen=True)
class Span:
    start: int  # character offsets in the str
    end: int
    kind: str  # "link" | "mention" | "tag"
    value: str  # the URI, the handle, the tag (without '#')


def byte_offset(text: str, index: int) -> int:
    """The UTF-8 byte offset of character ``index`` (what facets count)."""
    return len(text[:index].encode("utf-8"))


def detect(text: str) -> list[Span]:
    spans = [*_links(text), *_mentions(text), *_tags(text)]
    return sorted(spans, key=lambda s: s.start)


def _links(text: str) -> list[Span]:
    spans = []
    for match in URL.finditer(text):
        stripped = _trim_url(match.group(1))
        spans.append(Span(match.start(1), match.start(1) + len(stripped), "link", stripped))
    return spans


def _trim_url(uri: str) -> str:
    """Trailing punctuation is the sentence's, not the link's; a closing parenthesis stays when it
    closes one the URL opened (Wikipedia links)."""
    while uri:
        last = uri[-1]
        if last in ".,;:!?'\"]}" or (last == ")" and uri.count("(") < uri.count(")")):
            uri = uri[:-1]
        else:
            break
    return uri


def _mentions(text: str) -> list[Span]:
    return [Span(m.start(), m.end(1), "mention", m.group(1).lower()) for m in MENTION.finditer(text)]


def _tags(text: str) -> list[Span]:
    spans = []
    for match in HASHTAG.finditer(text):
        tag = match.group(1)
        while tag and unicodedata.category(tag[-1]).startswith("P"):
            tag = tag[:-1]  # trailing punctuation (Unicode category P*) is not part of a tag
        if not tag or tag.isdigit() or len(tag) > HASHTAG_MAX_CHARS:
            continue
        start = match.start(1) - 1  # the '#' is part of the facet's range
        spans.append(Span(start, match.start(1) + len(tag), "tag", tag))
    return spans


def facets(text: str, dids: dict[str, str]) -> list[dict]:
    """The ``facets`` of an app.bsky.feed.post record; ``dids`` maps handle → DID (a mention
    whose handle did not resolve stays plain text, as the official client does)."""
    out = []
    for span in detect(text):
        if span.kind == "link":
            feature = {"$type": "app.bsky.richtext.facet#link", "uri": span.value}
        elif span.kind == "mention":
            if span.value not in dids:
                continue
            feature = {"$type": "app.bsky.richtext.facet#mention", "did": dids[span.value]}
        else:
            feature = {"$type": "app.bsky.richtext.facet#tag", "tag": span.value}
        index = {"byteStart": byte_offset(text, span.start), "byteEnd": byte_offset(text, span.end)}
        out.append({"index": index, "features": [feature]})
    return out
