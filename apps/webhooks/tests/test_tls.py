"""HTTPS deliveries connect to the checked IP while TLS still names the host: the SNI sent and the
certificate checked are the URL's name, so pinning the address does not weaken TLS."""

import datetime
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from apps.common.events import emit
from apps.webhooks import netguard
from apps.webhooks.delivery import endpoint_deliver
from apps.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.support.webhooks import make_endpoint

pytestmark = pytest.mark.django_db

NAME = "hooks.example.test"


def _certificate(tmp_path, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


@pytest.fixture
def tls_receiver(tmp_path, monkeypatch, settings):
    """An HTTPS server on 127.0.0.1 whose certificate names NAME only; the delivery trusts it."""
    cert_file, key_file = _certificate(tmp_path, NAME)
    seen = {"sni": [], "hosts": []}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            seen["hosts"].append(self.headers["Host"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    server_context.sni_callback = lambda sock, server_name, ctx: seen["sni"].append(server_name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    client_context = ssl.create_default_context(cafile=str(cert_file))
    monkeypatch.setattr(netguard, "tls_verify", lambda: client_context)
    monkeypatch.setattr(
        netguard.socket,
        "getaddrinfo",
        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))],
    )
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # 127.0.0.1 stands for the public address DNS gave
    settings.WEBHOOK_ALLOWED_PORTS = [443, server.server_address[1]]
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


def test_https_delivery_sends_the_name_as_sni_and_checks_the_certificate_against_it(org, tls_receiver):
    port, seen = tls_receiver
    endpoint = make_endpoint(org, url=f"https://{NAME}:{port}/hook")
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))

    endpoint_deliver(endpoint_id=endpoint.pk)

    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED
    assert seen["sni"] == [NAME] and seen["hosts"] == [f"{NAME}:{port}"]


def test_https_delivery_fails_when_the_certificate_does_not_name_the_host(org, tls_receiver):
    port, seen = tls_receiver
    endpoint = make_endpoint(org, url=f"https://other.example.test:{port}/hook")
    emit("post.published", organization_id=org.pk, target=("scheduled_post", "a"))

    endpoint_deliver(endpoint_id=endpoint.pk)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and "Connect" in delivery.last_error
    assert seen["hosts"] == []
