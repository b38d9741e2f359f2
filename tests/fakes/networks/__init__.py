"""Stand-ins for the social networks' APIs (docs/networks.md): each follows its network's
documented endpoints, auth checks, error shapes and rate-limit headers. ``NetworkFakes`` serves
them all on one port (their paths do not overlap) plus a file host for media links; run it
outside pytest with ``python -m tests.fakes.networks --port P``."""

from tests.fakes.networks.bluesky import FakeBluesky
from tests.fakes.networks.linkedin import FakeLinkedIn
from tests.fakes.networks.mastodon import FakeMastodon
from tests.fakes.networks.server import FakeServer, FileHost
from tests.fakes.networks.x import FakeX


class NetworkFakes:
    def __init__(self, *, port: int = 0, host: str = "127.0.0.1") -> None:
        self.mastodon = FakeMastodon()
        self.bluesky = FakeBluesky()
        self.x = FakeX()
        self.linkedin = FakeLinkedIn()
        self.files = FileHost()
        self.server = FakeServer([self.files, self.mastodon, self.bluesky, self.x, self.linkedin], port=port, host=host)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> "NetworkFakes":
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()
