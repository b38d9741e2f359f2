"""The one JSON parser of the API: hostile bodies (parser bombs) are a 400, never a 500.

``json_loads_strict`` is used by the DRF parser (REST_FRAMEWORK DEFAULT_PARSER_CLASSES) and by the
endpoints that read a raw body (the Stripe webhook). It refuses, with ``MalformedJson``:

- nesting deeper than ``JSON_MAX_DEPTH`` (Python's decoder recurses: 5,000 levels raise
  RecursionError; a few hundred pass the decoder but break code that walks the data later);
- a number literal longer than ``JSON_MAX_NUMBER_LENGTH`` characters (an int of 100,000 digits
  costs quadratic time to convert; Python refuses more than 4,300 digits anyway), and a number
  that overflows to infinity (``1e999``);
- ``NaN`` / ``Infinity`` (not JSON), invalid UTF-8, and anything the decoder refuses.
"""

import codecs
import json
import math
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

JSON_MAX_DEPTH = 64
JSON_MAX_NUMBER_LENGTH = 100


class MalformedJson(ValueError):
    """The body is not JSON this API accepts (a ValueError, as json.JSONDecodeError is)."""


def _parse_int(text: str) -> int:
    if len(text) > JSON_MAX_NUMBER_LENGTH:
        raise MalformedJson(f"a number longer than {JSON_MAX_NUMBER_LENGTH} characters")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > JSON_MAX_NUMBER_LENGTH:
        raise MalformedJson(f"a number longer than {JSON_MAX_NUMBER_LENGTH} characters")
    value = float(text)
    if not math.isfinite(value):
        raise MalformedJson("a number out of range")
    return value


def _parse_constant(name: str) -> Any:
    raise MalformedJson(f"{name} is not valid JSON")


def _check_depth(value: Any) -> None:
    """Iterative (no recursion of our own): the depth of nested lists and objects."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > JSON_MAX_DEPTH:
            raise MalformedJson(f"nested deeper than {JSON_MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in children)


def json_loads_strict(data: str | bytes) -> Any:
    """``json.loads`` for untrusted bodies; raises MalformedJson for anything it refuses."""
    try:
        value = json.loads(data, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant)
    except MalformedJson:
        raise
    except RecursionError as exc:
        raise MalformedJson(f"nested deeper than {JSON_MAX_DEPTH} levels") from exc
    except (ValueError, TypeError) as exc:  # JSONDecodeError, UnicodeDecodeError, too many digits
        raise MalformedJson(str(exc)) from exc
    _check_depth(value)
    return value


class StrictJSONParser(JSONParser):
    """DRF's JSONParser with ``json_loads_strict``: every refused body is a ParseError, which the
    exception handler answers as 400 ``malformed_request``."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            text = codecs.getreader(encoding)(stream).read()
            return json_loads_strict(text)
        except ValueError as exc:  # MalformedJson and UnicodeDecodeError
            raise ParseError(f"JSON parse error - {exc}")
