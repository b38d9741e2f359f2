"""The SSRF guard's URL and address rules (apps/webhooks/netguard.py), with production settings: https
only, no private targets, ports 443 and 80. No DNS is needed: every host is an IP literal or localhost."""

import ipaddress

import pytest

from apps.webhooks import netguard
from apps.webhooks.exceptions import WebhookUrlRefused


@pytest.fixture(autouse=True)
def production_guard(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    settings.WEBHOOK_REQUIRE_HTTPS = True
    settings.WEBHOOK_ALLOWED_PORTS = [443, 80]


PUBLIC = "93.184.216.34"

HOSTILE_URLS = [
    # not https, or not a URL
    f"http://{PUBLIC}/hook",
    "ftp://example.com/x",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_x",
    "dict://127.0.0.1:11211/stat",
    "javascript:alert(1)",
    "data:text/plain,hello",
    f"wss://{PUBLIC}/hook",
    f"//{PUBLIC}/hook",
    f"{PUBLIC}/hook",
    "not a url",
    "",
    "https://",
    "https:///hook",
    # credentials, and the backslash and @ tricks that make parsers disagree on the host
    f"https://user:pw@{PUBLIC}/",
    f"https://user@{PUBLIC}/",
    f"https://{PUBLIC}@127.0.0.1/",
    f"https://{PUBLIC}\\@127.0.0.1/",
    f"https://127.0.0.1\\@{PUBLIC}/",
    # loopback, however written
    "https://127.0.0.1/hook",
    "https://127.0.0.2/hook",
    "https://127.1/hook",
    "https://0177.0.0.1/hook",
    "https://0x7f.0.0.1/hook",
    "https://0x7f000001/hook",
    "https://2130706433/hook",
    "https://017700000001/hook",
    "https://127.000.000.001/hook",
    "https://%31%32%37.0.0.1/hook",
    "https://localhost/hook",
    "https://LOCALHOST/hook",
    "https://[::1]/hook",
    "https://[0:0:0:0:0:0:0:1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:7f00:1]/hook",
    "https://0.0.0.0/hook",
    "https://0/hook",
    "https://[::]/hook",
    # private, link-local (the metadata services), shared
    "https://10.0.0.8/hook",
    "https://172.16.0.1/hook",
    "https://172.31.255.254/hook",
    "https://192.168.0.10/hook",
    "https://[fd00::1]/hook",
    "https://[fc00::1]/hook",
    "https://[fd00:ec2::254]/latest/meta-data/",
    "https://169.254.169.254/latest/meta-data/",
    "https://[fe80::1]/hook",
    "https://[fe80::1%25eth0]/hook",
    "https://[::ffff:169.254.169.254]/hook",
    "https://[::ffff:a9fe:a9fe]/hook",
    "https://100.64.0.1/hook",
    "https://100.127.255.254/hook",
    # special-purpose IPv4 (IANA), multicast, reserved, broadcast
    "https://192.0.0.8/hook",
    "https://192.0.0.170/hook",
    "https://192.0.2.1/hook",
    "https://192.88.99.1/hook",
    "https://198.18.0.1/hook",
    "https://198.51.100.7/hook",
    "https://203.0.113.9/hook",
    "https://224.0.0.1/hook",
    "https://239.255.255.250/hook",
    "https://240.0.0.1/hook",
    "https://255.255.255.255/hook",
    # IPv6 forms carrying an internal IPv4 address, and reserved IPv6 ranges (issue 25, item 6)
    "https://[::127.0.0.1]/hook",
    "https://[::a9fe:a9fe]/latest/meta-data/",
    "https://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
    "https://[64:ff9b::7f00:1]/hook",
    "https://[64:ff9b:1::a9fe:a9fe]/hook",
    "https://[2002:7f00:1::1]/hook",
    "https://[2002:a9fe:a9fe::1]/hook",
    "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",  # Teredo, client 127.0.0.1
    "https://[fec0::1]/hook",
    "https://[2001:db8::1]/hook",
    "https://[100::1]/hook",
    "https://[ff02::1]/hook",
    "https://[3fff::1]/hook",
    "https://[5f00::1]/hook",
    # ports other than 443 and 80 (WEBHOOK_ALLOWED_PORTS): a public host's ports are not to be probed
    f"https://{PUBLIC}:22/hook",
    f"https://{PUBLIC}:6379/hook",
    f"https://{PUBLIC}:8443/hook",
    f"https://{PUBLIC}:0/hook",
    f"https://{PUBLIC}:99999/hook",
    "https://192.168.0.10:8443/hook",
    # whitespace and control characters (issue 25, item 4): parsers drop, encode or refuse them
    f"https://{PUBLIC}/h\nx",
    f"https://{PUBLIC}/h\rx",
    f"https://{PUBLIC}/h\tx",
    f"https://{PUBLIC}/h x",
    f" https://{PUBLIC}/hook",
    f"https://{PUBLIC}/hook\n",
    f"https://{PUBLIC}/hook\x00",
    f"https://{PUBLIC}/hook\x7f",
    f"https://{PUBLIC}/hook\x85",
    f"https://{PUBLIC}/\u200bhook",
    f"https://{PUBLIC}/\u202ekooh",
    f"https://{PUBLIC}/\u00a0hook",
    f"https://{PUBLIC}/\u2028hook",
    f"https://{PUBLIC}\n.example.com/hook",
    f"https://{PUBLIC}/?x=\r\nInjected: 1",
    # hosts that are no DNS name
    "https://-bad.example.com/hook",
    "https://a..b.example.com/hook",
    "https://bü cher.example/hook",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_url_check_refuses_a_hostile_url(url):
    with pytest.raises(WebhookUrlRefused) as refused:
        netguard.url_check(url)

    assert refused.value.code == "webhook_url_refused" and refused.value.details["url"]


@pytest.mark.parametrize(
    "url",
    [
        f"https://{PUBLIC}/hook",
        f"https://{PUBLIC}:443/hook",
        f"https://{PUBLIC}/hook?x=%0a#frag",  # an encoded newline is data, not a broken request
        "https://8.8.8.8/",
        "https://[2606:4700::1111]/hook",
        f"https://[::ffff:{PUBLIC}]/hook",  # decided by the IPv4 address it maps
        "https://[64:ff9b::5db8:d822]/hook",  # NAT64 of 93.184.216.34
        "https://[2002:5db8:d822::1]/hook",  # 6to4 of 93.184.216.34
    ],
)
def test_url_check_accepts_a_public_https_url(url):
    netguard.url_check(url)


def test_url_parse_takes_the_host_as_httpx_sends_it():
    target = netguard.url_parse("https://Bücher.Example/hook")

    assert (target.scheme, target.host, target.port) == ("https", "xn--bcher-kva.example", 443)


def test_a_port_is_allowed_when_the_operator_lists_it(settings):
    settings.WEBHOOK_ALLOWED_PORTS = [443, 8443]

    netguard.url_check(f"https://{PUBLIC}:8443/hook")
    with pytest.raises(WebhookUrlRefused, match="port 80 is not allowed"):
        netguard.url_check(f"https://{PUBLIC}:80/hook")


def test_the_port_refusal_names_the_allowed_ports():
    with pytest.raises(WebhookUrlRefused) as refused:
        netguard.url_check(f"https://{PUBLIC}:8443/hook")

    assert refused.value.details == {"url": ["Port 8443 is not allowed; use one of: 80, 443."]}


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "192.0.0.8",
        "192.0.0.9",  # PCP anycast: "globally reachable" in the registry, still no receiver
        "192.31.196.1",
        "192.52.193.1",
        "192.175.48.1",
        "198.19.255.255",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fec0::1",
        "fd00:ec2::254",
        "ff02::1",
        "100::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "::a9fe:a9fe",
        "::93.184.216.34",  # IPv4-compatible: deprecated, refused whatever it carries
        "64:ff9b::a9fe:a9fe",
        "64:ff9b::c0a8:1",
        "64:ff9b:1::5db8:d822",  # NAT64 local use: not global, whatever it carries
        "2002:7f00:1::1",
        "2002:c0a8:101::1",
        "2001::1",  # Teredo
        "2001:0:5db8:d822:0:0:a247:27dd",  # Teredo with public server and client: still special-purpose
        "2001:2::1",
        "2001:20::1",
        "2001:db8::1",
        "2620:4f:8000::1",
        "3fff::1",
        "5f00::1",
        "4000::1",  # outside global unicast 2000::/3
    ],
)
def test_non_public_addresses_are_refused(address):
    assert not netguard.address_is_public(address)


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::1", "::ffff:93.184.216.34"]
    + ["64:ff9b::5db8:d822", "2002:5db8:d822::1"],
)
def test_public_addresses_are_accepted(address):
    assert netguard.address_is_public(address)


def test_the_decision_does_not_depend_on_the_python_versions_is_global(monkeypatch):
    """The table decides, not ``ipaddress``'s properties, whose answers changed between patch releases."""
    for cls in (ipaddress.IPv4Address, ipaddress.IPv6Address):
        monkeypatch.setattr(cls, "is_global", property(lambda self: True))
        for name in ("is_private", "is_reserved", "is_loopback", "is_link_local", "is_multicast"):
            monkeypatch.setattr(cls, name, property(lambda self: False))

    for address in ("127.0.0.1", "10.0.0.1", "192.0.0.8", "::1", "fec0::1", "64:ff9b::a9fe:a9fe", "::127.0.0.1"):
        assert not netguard.address_is_public(address), address
    assert netguard.address_is_public(PUBLIC)


def test_the_tables_are_valid_networks_of_their_family():
    assert all(network.version == 4 for network, _ in netguard.IPV4_REFUSED)
    assert all(network.version == 6 for network, _ in netguard.IPV6_REFUSED)
    assert all(embedding.network.version == 6 for embedding in netguard.IPV6_EMBEDDING)


def test_url_display_escapes_hidden_characters():
    assert netguard.url_display(f"https://{PUBLIC}/h\nx\u200b") == f"https://{PUBLIC}/h\\nx\\u200b"
    assert netguard.url_display("https://bücher.example/") == "https://bücher.example/"
