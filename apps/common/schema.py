"""OpenAPI helpers: the error envelope component and its responses on every operation."""

from typing import Any

from django.contrib.auth import password_validation
from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from apps.common.exceptions import IDEMPOTENCY_KEY_MAX_LENGTH, DomainError
from apps.common.preconditions import IF_MATCH_MAX_LENGTH
from apps.common.serializers import (
    DISPLAY_NAME_PATTERN,
    NOT_BLANK_PATTERN,
    DisplayNameField,
    NewPasswordField,
    StrictCharField,
)

_ERROR_COMPONENT = "Error"
_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "description": "Stable snake_case error code."},
                "message": {"type": "string", "description": "Human-readable sentence."},
                "details": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "Field errors for 400; limit/used/resets_at for 402; retry_after for 429.",
                },
            },
        }
    },
}

_DEFAULT_DESCRIPTIONS = {
    "400": "Validation error (details hold field errors), malformed JSON.",
    "401": "Missing, invalid or expired access token.",
    "403": "Authenticated, but the role is too low.",
    "404": "Not found, or not a member of its organization.",
    "408": "The request body did not arrive within REQUEST_BODY_TIMEOUT_SECONDS.",
    "413": "Request body too large.",
    "414": "Request URL (path and query string) longer than 4096 characters.",
    "415": "Body is not JSON.",
    "429": "Rate limited; see the Retry-After header.",
    "500": "Unexpected server error (no trace; the request id is in details).",
}

ErrorSerializer = inline_serializer(
    name="ErrorEnvelope",
    fields={
        "error": inline_serializer(
            name="ErrorBody",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "details": serializers.DictField(),
            },
        )
    },
)


def error(description: str) -> OpenApiResponse:
    """Use in ``extend_schema(responses={402: error("Plan limit reached")})``."""
    return OpenApiResponse(response=ErrorSerializer, description=description)


def errors_of(*classes: type[DomainError], note: str = "") -> OpenApiResponse:
    """An error response described from the catalogue, not by retyping codes:
    ``extend_schema(responses={409: errors_of(LastOwner, LastWorkspace)})``."""
    statuses = {cls.status_code for cls in classes}
    if len(statuses) != 1:
        raise ValueError(f"errors_of() takes errors of one status, got {sorted(statuses)}")
    described = "; ".join(f"`{cls.code}`: {cls.default_message}" for cls in classes)
    return error(f"{note} {described}".strip())


# Responses and parameters shared by several operations.
E400 = error("Validation error; details hold the field errors.")
E404_ORG = error("Organization not found, or you are not a member of it.")

# The conditional rule of apps.organizations.selectors.membership_get, which OpenAPI cannot express:
# every operation with an optional organization_id (query or body) states it in its description.
ORG_ID_RULE = (
    "Organization to act on. Required unless you belong to exactly one organization (then that one is "
    "used); omitted while you belong to several, the answer is 400 with details.organization_id."
)

ORG_ID_QUERY = OpenApiParameter(
    "organization_id",
    OpenApiTypes.UUID,
    OpenApiParameter.QUERY,
    required=False,
    description=ORG_ID_RULE,
)


_METHODS = {"get", "post", "put", "patch", "delete"}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Postprocessing hook: every operation documents the errors any endpoint can answer."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components[_ERROR_COMPONENT] = _ERROR_SCHEMA
    ref = {"$ref": f"#/components/schemas/{_ERROR_COMPONENT}"}
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("name") in {"page", "page_size"}:
                    parameter.setdefault("schema", {})["minimum"] = 1  # 0 or less is a 404 / 400
            for status in _error_statuses(path, method, operation):
                if status not in responses:
                    responses[status] = {
                        "content": {"application/json": {"schema": ref}},
                        "description": _DEFAULT_DESCRIPTIONS[status],
                    }
            _headers_add(operation, responses)
    return result


def _headers_add(operation: dict[str, Any], responses: dict[str, Any]) -> None:
    """Retry-After on a 429; the RateLimit fields wherever a request is counted (authenticated)."""
    if "429" in responses:
        responses["429"].setdefault("headers", {})["Retry-After"] = {
            "schema": {"type": "integer"},
            "description": "Seconds to wait before retrying.",
        }
    if any(operation.get("security", [])):
        for status, response in responses.items():
            if status.startswith("2") or status == "429":
                response.setdefault("headers", {}).update(_RATE_LIMIT_HEADERS)


_RATE_LIMIT_HEADERS = {
    "RateLimit-Policy": {
        "schema": {"type": "string"},
        "description": 'The limits this request counts against (docs/api.md#rate-limits), e.g. `"requests";q=60;w=60`.',
    },
    "RateLimit": {
        "schema": {"type": "string"},
        "description": 'What is left of each and when its window ends, e.g. `"requests";r=59;t=60`.',
    },
}
_IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH,
        "pattern": "^[\\x20-\\x7e]+$",
    },
    "description": "Makes a retry safe (docs/api.md#idempotency): the first success is replayed for 24 h.",
}
_IDEMPOTENCY_ERRORS = {
    "409": "`idempotency_in_progress`: a request with this Idempotency-Key is still running.",
    "422": "`idempotency_key_reused`: this Idempotency-Key was used with another request.",
}


def _idempotency_document(operation: dict[str, Any]) -> None:
    """The Idempotency-Key header of an idempotent POST, its errors, and the replay's header."""
    operation.setdefault("parameters", []).append(_IDEMPOTENCY_KEY)
    responses = operation.setdefault("responses", {})
    ref = {"$ref": f"#/components/schemas/{_ERROR_COMPONENT}"}
    for status, text in _IDEMPOTENCY_ERRORS.items():
        if status in responses:
            responses[status]["description"] = f"{responses[status].get('description', '')} Or {text}".strip()
        else:
            responses[status] = {"content": {"application/json": {"schema": ref}}, "description": text}
    for status, response in responses.items():
        if status.startswith("2"):
            response.setdefault("headers", {})["Idempotent-Replayed"] = {
                "schema": {"type": "string", "enum": ["true"]},
                "description": "Present on a replay of the key's first answer.",
            }


_ETAG_HEADER = {
    "ETag": {"schema": {"type": "string"}, "description": "Send it as If-Match to write (docs/api.md#etags)."}
}
_IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string", "maxLength": IF_MATCH_MAX_LENGTH},
    "description": "The ETag of the resource as you read it: 412 precondition_failed if it changed since.",
}


def _error_statuses(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    """Only the statuses the operation can really answer: 400 needs input, 403/404 need a user
    (roles, organization scoping) or an object in the path."""
    parameters = operation.get("parameters", [])
    has_body = method in {"post", "put", "patch"}
    secured = any(operation.get("security", []))  # a bad token is refused even where auth is optional
    wanted = ["429", "500"]
    if has_body or parameters:
        wanted.append("400")
    if secured:
        wanted += ["401", "403", "404"]
    elif "{" in path or any(p.get("name") == "page" for p in parameters):
        wanted.append("404")  # an object in the path, or a page past the last one
    if has_body:
        wanted += ["408", "413", "415"]  # 408, 413: runtime.body_limit, before Django reads the body
    if any(p.get("in") == "query" for p in parameters):
        wanted.append("414")  # apps.common.request_limits: a long query string (found by schemathesis)
    return wanted


class AutoSchema(openapi.AutoSchema):
    """Names the nested ``InputSerializer``/``OutputSerializer`` of each API class after the class
    (``LoginApi.InputSerializer`` → ``LoginInput``), so components never collide; gives a new
    password (``NewPasswordField``) the ``minLength`` the server's password validators enforce, and a
    display name (``DisplayNameField``) the ``pattern`` of the names the server accepts, and a trimmed
    string that may not be blank a ``pattern`` asking for one character the trimming keeps."""

    def _get_serializer_field_meta(self, field: Any, direction: str) -> dict[str, Any]:
        meta = super()._get_serializer_field_meta(field, direction)
        minimum = password_min_length() if isinstance(field, NewPasswordField) else None
        if minimum is not None and direction == "request":
            meta["minLength"] = max(minimum, meta.get("minLength", 0))
        if isinstance(field, DisplayNameField) and direction == "request":
            meta["pattern"] = DISPLAY_NAME_PATTERN
        elif type(field) is StrictCharField and direction == "request" and field.trim_whitespace:
            if not field.allow_blank:  # "   " is trimmed to "" and refused as blank (found by schemathesis)
                meta["pattern"] = NOT_BLANK_PATTERN
        if isinstance(field, serializers.ListSerializer):
            # DRF's ListSerializer bounds (a list of nested objects, e.g. a post's media): drf-spectacular
            # states them for a ListField only (found by schemathesis: 21 attachments refused, schema silent).
            if field.max_length is not None:
                meta["maxItems"] = field.max_length
            if field.min_length is not None:
                meta["minItems"] = field.min_length
        return meta

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        """A view with ``etag = True`` (apps.common.preconditions): its read's 200 carries an ETag, its
        writes take If-Match and may answer 412."""
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        if self.method == "POST" and getattr(self.view, "idempotent", False):
            _idempotency_document(operation)
        if not getattr(self.view, "etag", False):
            return operation
        responses = operation.setdefault("responses", {})
        for status, response in responses.items():
            if status in ("200", "201"):
                response.setdefault("headers", {}).update(_ETAG_HEADER)
        if self.method in ("PUT", "PATCH", "DELETE"):
            operation.setdefault("parameters", []).append(_IF_MATCH)
            responses["412"] = {
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{_ERROR_COMPONENT}"}}},
                "description": "precondition_failed: the resource changed since the ETag sent in If-Match.",
            }
        return operation

    def get_serializer_name(self, serializer: Any, direction: str) -> str:
        qualname = type(serializer).__qualname__
        if "." in qualname and "<" not in qualname:
            outer, inner = qualname.split(".")[-2:]
            return outer.removesuffix("Api") + inner.removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)


def password_min_length() -> int | None:
    """The minimum length Django's ``MinimumLengthValidator`` enforces, as configured in
    ``AUTH_PASSWORD_VALIDATORS`` (None when that validator is not configured)."""
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=None)
