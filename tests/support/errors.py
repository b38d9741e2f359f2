"""API errors in tests: the error of an answer, checked to have the one error shape (SPEC §4)."""


def error_of(response) -> dict:
    """``{"code", "message", "details"}`` of an error answer; fails unless the body is exactly
    ``{"error": {"code", "message", "details"}}``."""
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    return body["error"]
