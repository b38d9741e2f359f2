"""Tests of the server runtime (runtime/): the ASGI handler, the access log, the task worker command."""
