"""One delivery run sends to several endpoints at once (at most ``WORKER_CONCURRENCY``), and each
endpoint still gets its events one after another, in the order they occurred."""

import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from apps.common.events import emit
from apps.webhooks.delivery import webhooks_deliver_due
from apps.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db


class SlowReceivers:
    """Threaded receivers at ``/hooks/<name>``: each answers 204 after ``delay`` seconds, recording the
    Webhook-Id of every call and how many calls were in flight, overall and per receiver."""

    def __init__(self, *, delay: float) -> None:
        self.lock = threading.Lock()
        self.ids: dict[str, list[str]] = defaultdict(list)
        self.in_flight: dict[str, int] = defaultdict(int)
        self.peak = 0
        self.peak_per_receiver = 0
        receivers = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                name = self.path.removeprefix("/hooks/")
                with receivers.lock:
                    receivers.ids[name].append(self.headers["Webhook-Id"])
                    receivers.in_flight[name] += 1
                    receivers.peak = max(receivers.peak, sum(receivers.in_flight.values()))
                    receivers.peak_per_receiver = max(receivers.peak_per_receiver, receivers.in_flight[name])
                time.sleep(delay)
                with receivers.lock:
                    receivers.in_flight[name] -= 1
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.port = self.server.server_address[1]

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{name}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers(settings):
    slow = SlowReceivers(delay=0.05)
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_REQUIRE_HTTPS = False
    settings.WEBHOOK_ALLOWED_PORTS = [slow.port]
    settings.WORKER_CONCURRENCY = 2
    yield slow
    slow.stop()


def test_endpoints_are_delivered_concurrently_up_to_the_setting_each_in_order_of_occurrence(org, receivers):
    endpoints = {name: make_endpoint(org, url=receivers.url(name)) for name in ("a", "b", "c")}
    events = [
        str(emit("post.published", organization_id=org.pk, target=("scheduled_post", f"p{n}"), data={"n": n}).id)
        for n in range(6)
    ]

    outcomes = webhooks_deliver_due()

    assert outcomes == {"delivered": 18}
    assert {name: receivers.ids[name] for name in endpoints} == dict.fromkeys(endpoints, events)
    assert receivers.peak == 2  # two endpoints at once: concurrent, and never more than WORKER_CONCURRENCY
    assert receivers.peak_per_receiver == 1  # one endpoint's events one after another
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
