"""Every request body serializer takes strings only from strict fields (apps/common/serializers.py):
a JSON number sent to a string field is a 400, not a silently coerced "0"."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from apps.common.serializers import StrictCharField, StrictEmailField, StrictStringMixin


def _request_serializers() -> set[type[serializers.BaseSerializer]]:
    """The body serializer of every write operation of the URLconf (as the OpenAPI schema sees it),
    plus every nested ``*InputSerializer`` class of every view."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    found: set[type] = set()
    for _path, _regex, method, callback in generator.endpoints:
        view_class = callback.cls
        for name in dir(view_class):
            attr = getattr(view_class, name)
            if name.endswith("InputSerializer") and isinstance(attr, type):
                found.add(attr)
        if method not in ("POST", "PUT", "PATCH"):
            continue
        request = generator.create_view(callback, method).schema.get_request_serializer()
        for candidate in request.values() if isinstance(request, dict) else [request]:
            if isinstance(candidate, serializers.BaseSerializer):
                candidate = type(candidate)
            if isinstance(candidate, type) and issubclass(candidate, serializers.BaseSerializer):
                found.add(candidate)
    return found


def _loose_string_fields(serializer: serializers.BaseSerializer, prefix: str) -> list[str]:
    if isinstance(serializer, serializers.ListSerializer):
        return _loose_string_fields(serializer.child, prefix + "[]")
    loose = []
    for name, field in serializer.fields.items():
        path = f"{prefix}.{name}"
        if field.read_only:
            continue
        while isinstance(field, (serializers.ListField, serializers.DictField)):
            field, path = field.child, path + "[]"
        if isinstance(field, serializers.BaseSerializer):
            loose += _loose_string_fields(field, path)
        elif isinstance(field, serializers.CharField) and not isinstance(field, StrictStringMixin):
            loose.append(f"{path}: {type(field).__name__}")
    return loose


def test_input_serializers_are_found():
    names = {cls.__qualname__ for cls in _request_serializers()}

    assert len(names) >= 20
    assert {"RegisterApi.InputSerializer", "ContentGenerateApi.InputSerializer"} <= names


def test_input_serializers_use_only_strict_string_fields():
    loose = []
    for cls in _request_serializers():
        loose += _loose_string_fields(cls(), f"{cls.__module__}.{cls.__qualname__}")

    assert loose == [], "use apps.common.serializers.StrictCharField / StrictEmailField in request bodies"


@pytest.mark.parametrize("value", [0, 1.5, True, ["a"], {"a": 1}])
@pytest.mark.parametrize("field_class", [StrictCharField, StrictEmailField])
def test_strict_string_field_refuses_non_string_json(field_class, value):
    class Body(serializers.Serializer):
        value = field_class()

    body = Body(data={"value": value})

    assert not body.is_valid()
    assert "value" in body.errors


def test_strict_string_field_keeps_strings_and_plain_charfield_is_untouched():
    class Body(serializers.Serializer):
        strict = StrictCharField()
        email = StrictEmailField()
        plain = serializers.CharField()

    body = Body(data={"strict": "ok", "email": "a@example.com", "plain": 0})

    assert body.is_valid(), body.errors
    assert body.validated_data == {"strict": "ok", "email": "a@example.com", "plain": "0"}
