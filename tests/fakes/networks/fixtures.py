"""Pytest fixtures for the network stand-ins (a plugin: ``pytest_plugins = ["tests.fakes.networks.fixtures"]``
or imported by a conftest): ``network_fakes`` (all stand-ins on one server, per session),
``call`` (run a coroutine function with a fresh httpx.AsyncClient) and ``stand_ins_on_loopback``
(autouse where imported: the stand-ins listen on 127.0.0.1, which the network modules refuse to call
unless ``CHANNEL_ALLOW_PRIVATE_INSTANCES``; a test of that refusal turns it off again)."""

import asyncio

import httpx
import pytest

from tests.fakes.networks import NetworkFakes

# A 1x1 PNG: what the networks take as an image.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082"
)


@pytest.fixture(scope="session")
def network_fakes():
    fakes = NetworkFakes().start()
    yield fakes
    fakes.stop()


@pytest.fixture(autouse=True)
def stand_ins_on_loopback(settings):
    settings.CHANNEL_ALLOW_PRIVATE_INSTANCES = True


@pytest.fixture
def call():
    """``call(lambda http: coroutine)``: its result, run with a fresh httpx.AsyncClient."""

    def run(fn):
        async def main():
            async with httpx.AsyncClient(timeout=10) as http:
                return await fn(http)

        return asyncio.run(main())

    return run
