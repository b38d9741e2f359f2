"""A server a user named (a Mastodon instance, a Bluesky PDS) is called at an address checked public
at each call, with its name kept as Host (apps.channels.networks.common.send_pinned): a name
re-pointed at an internal address after the channel was connected is refused, not reached."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from apps.channels.networks import common, mastodon
from apps.channels.networks.base import NetworkError


@pytest.fixture
def instance():
    """A plain-HTTP server on loopback answering Mastodon's OAuth metadata; ``.seen`` holds the Host
    header of every request it got."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers["Host"])
            body = json.dumps({"code_challenge_methods_supported": ["S256"]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    seen: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.seen = seen
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_an_instance_name_resolving_to_a_loopback_address_is_refused_before_any_request(settings, instance, call):
    settings.CHANNEL_ALLOW_PRIVATE_INSTANCES = False
    url = f"http://localhost:{instance.server_port}"

    with pytest.raises(NetworkError) as refused:
        call(lambda http: mastodon.supports_pkce(instance_url=url, http=http))

    assert refused.value.code == "network_address_refused" and refused.value.permanent
    assert instance.seen == []


def test_a_request_goes_to_the_checked_address_with_the_instance_name_as_host(settings, instance, call, monkeypatch):
    """``mastodon.example`` resolves (here) to the loopback server, taken as public for the test: the
    request reaches it only through the address resolved and checked at the call, and carries the
    instance's name, not the address, as Host."""
    settings.CHANNEL_ALLOW_PRIVATE_INSTANCES = False
    resolved = []

    def getaddrinfo(host, port, *args, **kwargs):
        resolved.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(common.socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(common, "address_is_public", lambda address: address == "127.0.0.1")
    url = f"http://mastodon.example:{instance.server_port}"

    supported = call(lambda http: mastodon.supports_pkce(instance_url=url, http=http))

    assert supported is True
    assert resolved == ["mastodon.example"]
    assert instance.seen == [f"mastodon.example:{instance.server_port}"]
