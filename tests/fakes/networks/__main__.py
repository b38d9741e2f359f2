"""``python -m tests.fakes.networks --port 19300``: the four network stand-ins on one port, with a
seeded account on each and OAuth clients registered from the environment (X_CLIENT_ID /
X_CLIENT_SECRET, LINKEDIN_CLIENT_ID / LINKEDIN_CLIENT_SECRET; made up when unset) for the
redirect URIs of ``--redirect-uri`` (repeatable). Prints the settings to export (docs/networks.md)."""

import argparse
import os

from tests.fakes.networks import NetworkFakes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=19300)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--redirect-uri",
        action="append",
        default=[],
        help="OAuth redirect URI to accept (default: http://localhost:8000/api/v1/channels/oauth/callback)",
    )
    args = parser.parse_args()
    redirects = args.redirect_uri or ["http://localhost:8000/api/v1/channels/oauth/callback"]
    fakes = NetworkFakes(port=args.port, host=args.host).start()
    x_client = fakes.x.oauth.add_client(redirects, client_id=os.environ.get("X_CLIENT_ID", ""))
    if os.environ.get("X_CLIENT_SECRET"):
        x_client.client_secret = os.environ["X_CLIENT_SECRET"]
    li_client = fakes.linkedin.oauth.add_client(redirects, client_id=os.environ.get("LINKEDIN_CLIENT_ID", ""))
    if os.environ.get("LINKEDIN_CLIENT_SECRET"):
        li_client.client_secret = os.environ["LINKEDIN_CLIENT_SECRET"]
    url = fakes.url
    print(f"Network stand-ins on {url} (Ctrl-C stops them). Point the service at them:", flush=True)
    print(f"export X_API_BASE_URL={url} X_AUTHORIZE_URL={url}/i/oauth2/authorize")
    print(f"export X_CLIENT_ID={x_client.client_id} X_CLIENT_SECRET={x_client.client_secret}")
    print(f"export LINKEDIN_API_BASE_URL={url} LINKEDIN_OAUTH_BASE_URL={url}/oauth/v2")
    print(f"export LINKEDIN_CLIENT_ID={li_client.client_id} LINKEDIN_CLIENT_SECRET={li_client.client_secret}")
    print(f"export BLUESKY_DEFAULT_PDS_URL={url} BLUESKY_PUBLIC_API_URL={url}")
    print(f"Mastodon instance URL: {url} (apps register at POST /api/v1/apps)")
    print("Bluesky account: alice.test, app password app-pass-word-1234", flush=True)
    try:
        fakes.server.wait()
    except KeyboardInterrupt:
        fakes.stop()


if __name__ == "__main__":
    main()
