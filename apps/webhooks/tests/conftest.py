"""Fixtures of the webhook tests: a local receiver (pytest-httpserver) recording what it gets, and an
endpoint of ``user``'s organization (``org``, root conftest) registered with the SSRF guard opened
for 127.0.0.1 and the receiver's port."""

import json
import threading
from collections import deque

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from apps.webhooks.models import WebhookEndpoint
from tests.support.webhooks import make_endpoint


class Receiver:
    """Answers the statuses queued in ``script`` (then ``default``) and records every request."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.script: deque[int] = deque()
        self.default = 200
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        server.expect_request("/hook", method="POST").respond_with_handler(self._handle)

    def _handle(self, request: Request) -> Response:
        body = request.get_data()
        with self.lock:
            self.requests.append({"headers": dict(request.headers), "body": body, "json": json.loads(body)})
            status = self.script.popleft() if self.script else self.default
        return Response("ok", status=status)

    @property
    def url(self) -> str:
        return self.server.url_for("/hook")

    def event_ids(self) -> list[str]:
        return [r["headers"]["Webhook-Id"] for r in self.requests]


@pytest.fixture
def receiver(httpserver: HTTPServer) -> Receiver:
    return Receiver(httpserver)


@pytest.fixture
def webhook_settings(settings, httpserver: HTTPServer):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # the receiver listens on 127.0.0.1
    settings.WEBHOOK_REQUIRE_HTTPS = False  # ... without TLS
    settings.WEBHOOK_ALLOWED_PORTS = [443, 80, httpserver.port]  # ... on a port of its own
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0.05
    settings.WEBHOOK_RETRY_MAX_SECONDS = 0.2
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 10
    return settings


@pytest.fixture
def endpoint(org, receiver, webhook_settings) -> WebhookEndpoint:
    return make_endpoint(org, url=receiver.url)
