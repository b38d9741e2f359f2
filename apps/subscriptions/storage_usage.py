"""How many bytes of storage an organization uses, behind a narrow port (the plan's
``storage_limit_bytes`` is shown against it in the subscription's usage).

The media app sits above subscriptions and owns what is stored: it installs the provider from its
``hooks.install()``. A port has one provider: a ``Registry`` (``apps.common.registry``) with one
entry, ``storage_used``, which installing again replaces. Without one (no media app), 0.
"""

from collections.abc import Callable
from uuid import UUID

from apps.common.registry import Registry

StorageUsedProvider = Callable[[UUID | str], int]

_PROVIDER = "storage_used"
_providers: Registry[StorageUsedProvider] = Registry("apps.subscriptions.storage_usage.provider")


def install_provider(provider: StorageUsedProvider) -> None:
    """Install the function that answers ``storage_used_for`` (replacing the one installed before)."""
    _providers.add(_PROVIDER, provider)


def storage_used_for(organization_id: UUID | str) -> int:
    """Bytes the organization keeps in storage (0 when no provider is installed)."""
    provider = _providers.get(_PROVIDER)
    return 0 if provider is None else provider(organization_id)
