"""The committed Python client (clients/python) is what the OpenAPI schema generates: a route, a field
or an error added to the API without ``make client`` fails here (scripts/client_generate.py --check:
``manage.py spectacular``, then openapi-python-client, into a temporary directory, compared file by
file; the hand-written helpers module aside)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_client_is_what_the_schema_generates():
    checked = subprocess.run(
        [sys.executable, "scripts/client_generate.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
