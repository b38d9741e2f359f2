from tests.fakes.networks.fixtures import call, network_fakes  # noqa: F401 (fixtures)
