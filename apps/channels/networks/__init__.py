"""One module per social network, each speaking that network's documented HTTP API behind the
``Network`` protocol of ``base`` (docs/networks.md). ``network_get(name)`` gives the one to call."""

from apps.channels.networks.base import Network
from apps.channels.networks.bluesky import Bluesky
from apps.channels.networks.linkedin import LinkedIn
from apps.channels.networks.mastodon import Mastodon
from apps.channels.networks.x import X

_NETWORKS: dict[str, type] = {"bluesky": Bluesky, "linkedin": LinkedIn, "mastodon": Mastodon, "x": X}
NETWORKS: tuple[str, ...] = tuple(_NETWORKS)


def network_get(name: str) -> Network:
    """The module for ``name`` (one of ``NETWORKS``); KeyError for an unknown network."""
    return _NETWORKS[name]()
