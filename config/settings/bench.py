"""Benchmarks (bench/*.py): production-like (DEBUG off, no debug toolbars, real middleware) but on
plain HTTP at 127.0.0.1 with a throwaway secret, so no SSL redirect or strong-secret check."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default="bench-only-throwaway-secret-key-0123456789abcdefghijk")
JWT_SECRET_KEY = env("JWT_SECRET_KEY", default="bench-only-throwaway-jwt-secret-0123456789abcdefghijk")
SIMPLE_JWT["SIGNING_KEY"] = JWT_SECRET_KEY  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
LOGGING["root"]["level"] = env("LOG_LEVEL", default="WARNING")  # noqa: F405
# The real URLconf plus the bare-Django ceiling of the list benchmark (bench/views.py).
ROOT_URLCONF = "bench.urls"
