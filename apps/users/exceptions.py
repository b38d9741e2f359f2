"""Domain errors of users and their tokens (the one handler maps them)."""

from apps.common.exceptions import DomainError


class InvalidCredentials(DomainError):
    status_code = 401
    code = "invalid_credentials"
    default_message = "No active account found with the given email and password."


class RefreshTokenInvalid(DomainError):
    status_code = 401
    code = "token_not_valid"
    default_message = "The refresh token is invalid, expired or already used."
