"""Fixtures of the channels tests: the network stand-ins; ``team`` (an organization with one member per
role) is the shared one of tests/support/fixtures.py."""

from tests.fakes.networks.fixtures import call, network_fakes, stand_ins_on_loopback  # noqa: F401 (fixtures)
