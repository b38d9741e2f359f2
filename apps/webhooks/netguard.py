"""SSRF guard for outgoing webhooks: refuse URLs httpx would not send as written, on a port the operator
did not allow, or whose host resolves to a non-public address; connect to exactly the address that was
checked.

The URL is parsed once, by httpx (the parser the delivery sends with), never by a second parser that
could read another host or drop characters (``urlsplit`` silently removes tabs and newlines that httpx
then refuses). Whitespace and control characters anywhere are refused, the host must be a DNS name or a
canonical IP literal, the port one of ``WEBHOOK_ALLOWED_PORTS`` (443, 80 by default).

A check at registration alone is not enough: the name may resolve elsewhere later (DNS rebinding). So
each delivery resolves the host once, refuses the request if ANY address is not public (the table
below), and connects to the first checked address itself: the URL's host is replaced by that IP while
the ``Host`` header and the TLS SNI / certificate check keep the name. Redirects are never followed.

"Public" is decided by an explicit table (the IANA special-purpose address registries, multicast, and
for IPv6 everything outside global unicast 2000::/3), not by ``ipaddress``'s ``is_global``, whose
answers changed between Python patch releases. IPv6 forms that carry an IPv4 address (IPv4-mapped,
IPv4-compatible, NAT64, 6to4, Teredo) are also judged by that IPv4 address.

``WEBHOOK_ALLOW_PRIVATE_TARGETS`` (operators, tests) lets non-public addresses through;
``WEBHOOK_REQUIRE_HTTPS`` (default on) refuses plain http.
"""

import asyncio
import functools
import ipaddress
import re
import socket
import ssl
import unicodedata
from collections.abc import Callable
from typing import Any, NamedTuple

import httpx
from django.conf import settings

from apps.webhooks.exceptions import WebhookUrlRefused

IPv4 = ipaddress.IPv4Address
IPv6 = ipaddress.IPv6Address

# --------------------------------------------------------------------------- the address table

# IANA IPv4 Special-Purpose Address Registry (every entry, whatever its "globally reachable" column: an
# anycast service address is no webhook receiver), plus multicast and the limited broadcast address.
IPV4_REFUSED: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(network), name)
    for network, name in (
        ("0.0.0.0/8", "this network (RFC 791)"),
        ("10.0.0.0/8", "private (RFC 1918)"),
        ("100.64.0.0/10", "shared address space (RFC 6598)"),
        ("127.0.0.0/8", "loopback (RFC 1122)"),
        ("169.254.0.0/16", "link-local, the cloud metadata service (RFC 3927)"),
        ("172.16.0.0/12", "private (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments: DS-Lite, dummy 192.0.0.8, PCP, TURN, NAT64 discovery"),
        ("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
        ("192.31.196.0/24", "AS112-v4 (RFC 7535)"),
        ("192.52.193.0/24", "AMT (RFC 7450)"),
        ("192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)"),
        ("192.168.0.0/16", "private (RFC 1918)"),
        ("192.175.48.0/24", "direct delegation AS112 service (RFC 7534)"),
        ("198.18.0.0/15", "benchmarking (RFC 2544)"),
        ("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
        ("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
        ("224.0.0.0/4", "multicast (RFC 5771)"),
        ("240.0.0.0/4", "reserved (RFC 1112), the limited broadcast 255.255.255.255 included"),
    )
)

# IANA IPv6 Address Space: only global unicast is a possible receiver. Everything outside it is refused:
# ::/128, ::1, IPv4-compatible ::/96, 64:ff9b:1::/48 (NAT64 local use), 100::/64 (discard), fc00::/7
# (unique local, fd00:ec2::254 the EC2 metadata service), fe80::/10, fec0::/10 (site-local), ff00::/8 ...
IPV6_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")

# IANA IPv6 Special-Purpose Address Registry entries inside 2000::/3.
IPV6_REFUSED: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(network), name)
    for network, name in (
        ("2001::/23", "IETF protocol assignments: Teredo, PCP/TURN/SRP anycast, benchmarking, AMT, AS112, ORCHID"),
        ("2001:db8::/32", "documentation (RFC 3849)"),
        ("2620:4f:8000::/48", "direct delegation AS112 service (RFC 7534)"),
        ("3fff::/20", "documentation (RFC 9637)"),
        ("5f00::/16", "segment routing SIDs (RFC 9602)"),
    )
)


def _low32(ip: IPv6) -> list[IPv4]:
    return [IPv4(int(ip) & 0xFFFFFFFF)]


def _sixtofour(ip: IPv6) -> list[IPv4]:
    return [IPv4((int(ip) >> 80) & 0xFFFFFFFF)]


def _teredo(ip: IPv6) -> list[IPv4]:
    return [IPv4((int(ip) >> 64) & 0xFFFFFFFF), IPv4(~int(ip) & 0xFFFFFFFF)]  # server, client (obfuscated)


class Embedding(NamedTuple):
    network: ipaddress.IPv6Network
    name: str
    embedded: Callable[[IPv6], list[IPv4]]
    # True: the packet goes to the embedded IPv4 host, so that address alone decides. False: the IPv4
    # address must be public AND the IPv6 address passes the table above (these fail it: refused).
    decided_by_ipv4: bool


# IPv6 forms that carry an IPv4 address; a non-public embedded address refuses the IPv6 address.
IPV6_EMBEDDING: tuple[Embedding, ...] = (
    Embedding(ipaddress.IPv6Network("::ffff:0:0/96"), "IPv4-mapped (RFC 4291)", _low32, True),
    Embedding(ipaddress.IPv6Network("64:ff9b::/96"), "NAT64 well-known prefix (RFC 6052)", _low32, True),
    Embedding(ipaddress.IPv6Network("2002::/16"), "6to4 (RFC 3056)", _sixtofour, True),
    Embedding(ipaddress.IPv6Network("::/96"), "IPv4-compatible, deprecated (RFC 4291)", _low32, False),
    Embedding(ipaddress.IPv6Network("64:ff9b:1::/48"), "NAT64 local use (RFC 8215)", _low32, False),
    Embedding(ipaddress.IPv6Network("2001::/32"), "Teredo (RFC 4380)", _teredo, False),
)


def ipv4_is_public(ip: IPv4) -> bool:
    return not any(ip in network for network, _ in IPV4_REFUSED)


def ipv6_is_public(ip: IPv6) -> bool:
    for embedding in IPV6_EMBEDDING:
        if ip in embedding.network:
            if not all(ipv4_is_public(v4) for v4 in embedding.embedded(ip)):
                return False
            if embedding.decided_by_ipv4:
                return True
            break
    return ip in IPV6_GLOBAL_UNICAST and not any(ip in network for network, _ in IPV6_REFUSED)


def address_is_public(address: str) -> bool:
    """Whether a webhook may be sent to ``address`` (an IP as ``getaddrinfo`` gives it)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # a scope id only ever names a link-local address
    return ipv4_is_public(ip) if isinstance(ip, IPv4) else ipv6_is_public(ip)


def private_targets_allowed() -> bool:
    return bool(settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)


# --------------------------------------------------------------------------- the URL

# One DNS label: letters, digits, hyphens (not first or last); underscores are seen in real host names.
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
# A last label that is a number (decimal, or 0x hex) makes the host an IPv4 address to URL parsers and
# to getaddrinfo ("127.1", "0x7f.0.0.1", "2130706433"): only the canonical dotted quad is accepted.
_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)")


class WebhookTarget(NamedTuple):
    url: httpx.URL
    scheme: str
    host: str  # what is resolved: the IDNA-encoded name, or the IP literal without brackets
    port: int


def _refused(detail: str, message: str = "The webhook URL is not valid.") -> WebhookUrlRefused:
    return WebhookUrlRefused(message, details={"url": [detail]})


def _is_hidden_character(char: str) -> bool:
    # Cc controls (tab, newline, DEL, C1), Cf format (zero-width, bidi overrides), Cs/Co/Cn, and every
    # Z space or separator: characters a URL parser may drop, encode or refuse, each in its own way.
    return unicodedata.category(char)[0] in "CZ"


def _host_check(host: str) -> None:
    if ":" in host:  # httpx only gives a colon for a bracketed IPv6 literal
        if "%" in host:
            raise _refused("An IPv6 zone id is not allowed.")
        try:
            ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise _refused("Not a valid IPv6 address.") from exc
        return
    labels = host.removesuffix(".").split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        raise _refused("The host is not a valid name or IP address.")
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        try:
            ipaddress.IPv4Address(host)
        except ValueError as exc:
            raise _refused("Write an IPv4 address as four decimal numbers (a.b.c.d).") from exc


def url_display(url: str) -> str:
    """``url`` with its hidden characters escaped (``\\n``, ``\\u200b``): safe in an email subject or a
    message, whatever an endpoint stored before these checks existed."""
    return "".join(repr(char)[1:-1] if _is_hidden_character(char) else char for char in url)


def allowed_ports() -> set[int]:
    return {int(port) for port in settings.WEBHOOK_ALLOWED_PORTS}


def url_parse(url: str) -> WebhookTarget:
    """The target of an acceptable URL, parsed as httpx will send it; ``WebhookUrlRefused`` otherwise.
    No DNS: see ``resolve_checked``."""
    if not isinstance(url, str) or not url:
        raise _refused("Not a valid URL.")
    if any(_is_hidden_character(char) for char in url):
        raise _refused(
            "May not contain whitespace or control characters.",
            "The webhook URL may not contain whitespace or control characters.",
        )
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii")
    except (httpx.InvalidURL, ValueError, TypeError) as exc:  # UnicodeError is a ValueError
        raise _refused("Not a valid URL.") from exc
    schemes = ("https",) if settings.WEBHOOK_REQUIRE_HTTPS else ("https", "http")
    if parsed.scheme not in schemes:
        raise WebhookUrlRefused("The webhook URL must use https.", details={"url": ["Must use https."]})
    if not host:
        raise WebhookUrlRefused("The webhook URL has no host.", details={"url": ["Has no host."]})
    if parsed.userinfo:
        raise WebhookUrlRefused(
            "The webhook URL may not carry credentials.", details={"url": ["May not contain user:password@."]}
        )
    _host_check(host)
    port = parsed.port if parsed.port is not None else (443 if parsed.scheme == "https" else 80)
    if not 0 < port < 65536:
        raise _refused("Not a valid port.")
    allowed = allowed_ports()
    if port not in allowed:
        listed = ", ".join(str(number) for number in sorted(allowed))
        raise WebhookUrlRefused(
            f"The webhook URL's port {port} is not allowed (allowed: {listed}).",
            details={"url": [f"Port {port} is not allowed; use one of: {listed}."]},
        )
    return WebhookTarget(url=parsed, scheme=parsed.scheme, host=host, port=port)


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
                "The webhook host resolves to a private, loopback, link-local, reserved or special-purpose address.",
                details={"url": ["The host resolves to a non-public address."]},
            )
    return addresses


def url_check(url: str) -> None:
    """The registration check: syntax and port, then resolution (all addresses public)."""
    target = url_parse(url)
    resolve_checked(target.host, target.port)


# --------------------------------------------------------------------------- the request


@functools.cache
def _default_tls_context() -> ssl.SSLContext:
    # Built once per process: loading the CA bundle costs tens of milliseconds per client.
    return httpx.create_ssl_context(trust_env=False)


def tls_verify() -> bool | ssl.SSLContext:
    """Certificate verification of deliveries: the CA bundle httpx uses (a test swaps in its own CA)."""
    return _default_tls_context()


def client_build(*, timeout: float, connections: int = 1) -> httpx.AsyncClient:
    """A client for ``post_pinned`` (one per worker run: connections to the same checked address are
    pooled and reused, at most ``connections`` at once). No redirects, no proxy from the environment."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(
        timeout=timeout, follow_redirects=False, trust_env=False, verify=tls_verify(), limits=limits
    )


def pin(url: httpx.URL, address: str) -> tuple[httpx.URL, dict[str, str], dict[str, Any]]:
    """``url`` sent to the checked ``address``: the URL with the address as its host, the ``Host``
    header and the request extensions that keep the name (the TLS server name, against which the
    certificate is checked). Webhook deliveries and the channels' calls to user-named servers."""
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    return url.copy_with(host=address), {"Host": url.netloc.decode("ascii")}, extensions


async def post_pinned(
    url: str, *, content: bytes, headers: dict[str, str], timeout: float, client: httpx.AsyncClient | None = None
) -> int:
    """POST ``content`` to ``url``, connecting to the checked address. Returns the response status
    (the body is never read). Raises ``WebhookUrlRefused`` or ``httpx.HTTPError``. The name is
    resolved in a thread (``getaddrinfo`` blocks), so other deliveries go on meanwhile."""
    target = url_parse(url)
    address = (await asyncio.to_thread(resolve_checked, target.host, target.port))[0]
    pinned, host, extensions = pin(target.url, address)
    headers = {**headers, **host}
    if client is None:
        async with client_build(timeout=timeout) as own:
            return await _send(own, pinned, content=content, headers=headers, extensions=extensions)
    return await _send(client, pinned, content=content, headers=headers, extensions=extensions)


async def _send(client: httpx.AsyncClient, url: httpx.URL, *, content: bytes, headers: dict, extensions: dict) -> int:
    request = client.build_request("POST", url, content=content, headers=headers, extensions=extensions)
    response = await client.send(request, stream=True)
    await response.aclose()
    return response.status_code
