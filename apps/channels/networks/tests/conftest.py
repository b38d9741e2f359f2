from tests.fakes.networks.fixtures import call, network_fakes, stand_ins_on_loopback  # noqa: F401 (fixtures)
