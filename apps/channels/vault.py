"""The token vault: the networks' access and refresh tokens (and Mastodon client secrets, PKCE
verifiers) encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256), several keys at once.

``CHANNEL_TOKEN_KEYS`` lists the keys newest first: encryption uses the first, decryption tries
each (``MultiFernet``), so a new key is put first, ``manage.py channels_rotate_keys`` re-encrypts
every stored value under it, and the old key is then removed. With no key configured (the embedded
default; production refuses to start) a development key is derived from ``SECRET_KEY``.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class VaultError(Exception):
    """A stored value cannot be decrypted by any configured key (a key removed too early)."""


def _development_key(secret: str) -> bytes:
    digest = hashlib.sha256(b"caas-channel-token-vault:" + secret.encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    material = [key.encode() for key in keys] or [_development_key(secret)]
    return MultiFernet([Fernet(key) for key in material])


def vault() -> MultiFernet:
    return _fernet(tuple(settings.CHANNEL_TOKEN_KEYS), settings.SECRET_KEY)


def encrypt(value: str) -> str:
    """Ciphertext of ``value`` under the newest key ("" stays "": no token)."""
    if not value:
        return ""
    return vault().encrypt(value.encode()).decode()


def decrypt(ciphertext: str) -> str:
    if not ciphertext:
        return ""
    try:
        return vault().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise VaultError("A stored token cannot be decrypted with the configured CHANNEL_TOKEN_KEYS.") from exc


def rotate(ciphertext: str) -> str:
    """The same value re-encrypted under the newest key."""
    if not ciphertext:
        return ""
    try:
        return vault().rotate(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise VaultError("A stored token cannot be decrypted with the configured CHANNEL_TOKEN_KEYS.") from exc
