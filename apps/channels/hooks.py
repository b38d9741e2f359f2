"""What the channels app registers in the lower apps' registries (called by ChannelsConfig.ready)."""


def install() -> None:
    return None
