"""Serializer fields for request bodies: a string field takes a JSON string, nothing else.

DRF's ``CharField`` (and so ``EmailField``, ``SlugField``, ...) turns a JSON number or boolean into
a string (``"name": 0`` → ``"0"``): the OpenAPI schema (``type: string``) says it is invalid, and
it hides client bugs. Every input serializer uses these fields instead;
a test (``apps/common/tests/test_strict_fields.py``) fails on a plain ``CharField`` in one.
Query parameters are always strings, so filter serializers need nothing.

A NUL character is refused in every one of them (DRF's ``CharField`` validator; PostgreSQL refuses
NUL in text), in a query parameter before any view (``apps.common.request_limits``);
``apps/common/tests/test_request_limits.py`` pins it for every strict field.
"""

from typing import Any
from zoneinfo import available_timezones

from rest_framework import serializers


class StrictStringMixin:
    """Refuses any non-string value with the field's own ``invalid`` error (a 400)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    pass


class StrictEmailField(StrictStringMixin, serializers.EmailField):
    pass


class StrictSlugField(StrictStringMixin, serializers.SlugField):
    pass


class StrictURLField(StrictStringMixin, serializers.URLField):
    pass


class StrictBooleanField(serializers.BooleanField):
    """JSON ``true`` or ``false`` only, as the schema says: DRF's field also takes ``"yes"``, ``1`` or
    ``"0"`` (made for form and query strings), which a JSON body must not send."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class NewPasswordField(StrictCharField):
    """A password being set (sign-up, change, reset): checked by the service with Django's
    ``AUTH_PASSWORD_VALIDATORS``, whose messages the client sees. The OpenAPI schema states the
    configured minimum length (``apps.common.schema.NewPasswordFieldExtension``); the field itself
    adds no length check of its own, so the validators' message is the one answered."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 128)
        kwargs.setdefault("write_only", True)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)


_NAME_REFUSED = r"\u0000-\u001f\u007f-\u009f\u2028\u2029"  # Unicode category Cc, line/paragraph separators
_NAME_SPACE = r" \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # what str.strip() removes besides Cc
# The rule of apps.organizations.services._clean_name, as an OpenAPI (ECMA-262) pattern: no control
# character, not blank once stripped. A test compares the two character by character.
DISPLAY_NAME_PATTERN = rf"^[^{_NAME_REFUSED}]*[^{_NAME_REFUSED}{_NAME_SPACE}][^{_NAME_REFUSED}]*$"


# A character str.strip() keeps (Python's whitespace, spelled out: ECMA-262's \s is not the same
# set): what a trimmed, non-blank string must contain. Added as ``pattern`` to such request fields.
NOT_BLANK_PATTERN = r"[^\t\n\v\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


class DisplayNameField(StrictCharField):
    """A display name (organization, workspace): the service refuses control characters and blank
    names with its own messages; the OpenAPI schema states the same rule as ``pattern``
    (``DISPLAY_NAME_PATTERN``, added by ``apps.common.schema.AutoSchema``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)  # maxLength applies to the name as sent
        super().__init__(**kwargs)


# The IANA zones this server knows (its tzdata): the enum of every time-zone field and parameter, so
# the schema states exactly which names are accepted.
TIME_ZONES = sorted(available_timezones())


class TimeZoneField(serializers.ChoiceField):
    """An IANA time zone name (e.g. Europe/Berlin), one of ``TIME_ZONES``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=TIME_ZONES, **kwargs)
