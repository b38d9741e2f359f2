"""SSRF guard for outgoing webhooks: refuse URLs whose host resolves to a non-public address, and
connect to exactly the address that was checked.

A check at registration alone is not enough: the name may resolve elsewhere later (DNS rebinding).
So each delivery resolves the host once, refuses the request if ANY address is private, loopback,
link-local (the cloud metadata service, 169.254.169.254), shared, reserved, multicast or unspecified,
and connects to the first checked address itself: the URL's host is replaced by that IP while the
``Host`` header and the TLS SNI / certificate check keep the name. Redirects are never followed.

``WEBHOOK_ALLOW_PRIVATE_TARGETS`` (operators, tests) lets private addresses through;
``WEBHOOK_REQUIRE_HTTPS`` (default on) refuses plain http.
"""

import functools
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from apps.webhooks.exceptions import WebhookUrlRefused

# Not covered by ``is_global`` everywhere (e.g. some cloud metadata services), refused explicitly.
_ALWAYS_REFUSED = [ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fd00:ec2::254/128")]


def private_targets_allowed() -> bool:
    return bool(settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _ALWAYS_REFUSED if network.version == ip.version):
        return False
    return ip.is_global and not ip.is_multicast


def url_check_syntax(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of an acceptable URL, or ``WebhookUrlRefused``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise WebhookUrlRefused("The webhook URL is not valid.", details={"url": ["Not a valid URL."]}) from exc
    schemes = ("https",) if settings.WEBHOOK_REQUIRE_HTTPS else ("https", "http")
    if parts.scheme not in schemes:
        raise WebhookUrlRefused("The webhook URL must use https.", details={"url": ["Must use https."]})
    if not parts.hostname:
        raise WebhookUrlRefused("The webhook URL has no host.", details={"url": ["Has no host."]})
    if parts.username or parts.password:
        raise WebhookUrlRefused(
            "The webhook URL may not carry credentials.", details={"url": ["May not contain user:password@."]}
        )
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def resolve_checked(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, all checked; ``WebhookUrlRefused`` if one is not public
    (unless private targets are allowed) or the name does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise WebhookUrlRefused(
            f"The webhook host {host!r} does not resolve.", details={"url": ["The host does not resolve."]}
        ) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise WebhookUrlRefused(details={"url": ["The host does not resolve."]})
    if not private_targets_allowed():
        refused = [address for address in addresses if not address_is_public(address)]
        if refused:
            raise WebhookUrlRefused(
                "The webhook host resolves to a private, loopback, link-local or reserved address.",
                details={"url": ["The host resolves to a non-public address."]},
            )
    return addresses


def url_check(url: str) -> None:
    """The registration check: syntax, then resolution (all addresses public)."""
    _, host, port = url_check_syntax(url)
    resolve_checked(host, port)


@functools.cache
def _default_tls_context() -> ssl.SSLContext:
    # Built once per process: loading the CA bundle costs tens of milliseconds per client.
    return httpx.create_ssl_context(trust_env=False)


def tls_verify() -> bool | ssl.SSLContext:
    """Certificate verification of deliveries: the CA bundle httpx uses (a test swaps in its own CA)."""
    return _default_tls_context()


def client_build(*, timeout: float) -> httpx.Client:
    """A client for ``post_pinned`` (one per worker run: connections to the same checked address are
    reused). No redirects, no proxy from the environment."""
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, verify=tls_verify())


def post_pinned(
    url: str, *, content: bytes, headers: dict[str, str], timeout: float, client: httpx.Client | None = None
) -> int:
    """POST ``content`` to ``url``, connecting to the checked address. Returns the response status
    (the body is never read). Raises ``WebhookUrlRefused`` or ``httpx.HTTPError``."""
    scheme, host, port = url_check_syntax(url)
    address = resolve_checked(host, port)[0]
    original = httpx.URL(url)
    pinned = original.copy_with(host=address)
    extensions = {"sni_hostname": original.raw_host.decode("ascii")} if scheme == "https" else {}
    headers = {**headers, "Host": original.netloc.decode("ascii")}
    if client is None:
        with client_build(timeout=timeout) as own:
            return _send(own, pinned, content=content, headers=headers, extensions=extensions)
    return _send(client, pinned, content=content, headers=headers, extensions=extensions)


def _send(client: httpx.Client, url: httpx.URL, *, content: bytes, headers: dict, extensions: dict) -> int:
    request = client.build_request("POST", url, content=content, headers=headers, extensions=extensions)
    response = client.send(request, stream=True)
    response.close()
    return response.status_code
