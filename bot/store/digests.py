"""Make keyed digests (HMAC-SHA256 under the app's SECRET_KEY): recognise a PAN or a phone number again without keeping it."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

Digest = Callable[[str], str]


def keyed_digester(secret_key: str) -> Digest:
    """Return the app's keyed digest: HMAC-SHA256 of a value under SECRET_KEY, as 64 hex characters."""
    key = secret_key.encode()

    def digest(value: str) -> str:
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()

    return digest


# A PAN's digest is the plain keyed digest of the PAN; the digests already stored depend on it staying so.
pan_digester = keyed_digester


def phone_digest(keyed: Digest, phone: str) -> str:
    """Return the keyed digest of a phone number as the app stores numbers (E.164: +919812345678)."""
    # `keyed` is the app's keyed digest (`Env.pan_digest`). The label keeps a number's digest from ever equalling
    # the digest of a PAN or of anything else made with the same key.
    return keyed("phone:" + phone)
