"""Domain errors of users and their tokens (the one handler maps them)."""

from apps.common.exceptions import Conflict, DomainError, PermissionDenied


class InvalidCredentials(DomainError):
    status_code = 401
    code = "invalid_credentials"
    default_message = "No active account found with the given email and password."


class RefreshTokenInvalid(DomainError):
    status_code = 401
    code = "token_not_valid"
    default_message = "The refresh token is invalid, expired or already used."


class PasswordIncorrect(DomainError):
    status_code = 400
    code = "password_incorrect"
    default_message = "The current password is not correct."


class PasswordNotChangeableHere(DomainError):
    status_code = 400
    code = "password_change_elsewhere"
    default_message = "The password cannot be changed here: use POST /api/v1/auth/password/change/."


class PasswordResetTokenInvalid(DomainError):
    status_code = 400
    code = "password_reset_token_invalid"
    default_message = "This password-reset link is invalid or was already used. Ask for a new one."


class PasswordResetTokenExpired(DomainError):
    status_code = 400
    code = "password_reset_token_expired"
    default_message = "This password-reset link has expired. Ask for a new one."


class EmailVerificationTokenInvalid(DomainError):
    status_code = 400
    code = "email_verification_token_invalid"
    default_message = "This verification link is invalid, was already used or is for another email address."


class EmailVerificationTokenExpired(DomainError):
    status_code = 400
    code = "email_verification_token_expired"
    default_message = "This verification link has expired. Ask for a new one."


class EmailAlreadyVerified(Conflict):
    code = "email_already_verified"
    default_message = "Your email address is already verified."


class EmailNotVerified(PermissionDenied):
    code = "email_not_verified"
    default_message = (
        "Verify your email address first; POST /api/v1/auth/email/verify/resend/ sends a new verification link."
    )
