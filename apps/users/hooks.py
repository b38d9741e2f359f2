"""What users plug into the lower apps (installed by ``UsersConfig.ready()``): the housekeeping job
that flushes expired JWTs."""

from apps.common.housekeeping import register_job
from apps.users.tasks import jwt_tokens_flush_expired


def install() -> None:
    register_job("jwt_tokens_flushed", jwt_tokens_flush_expired)
