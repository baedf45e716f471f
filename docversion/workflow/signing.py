"""Ed25519 signatures on sign-off records, and key records (through ``cryptography``).

A key is registered (in the trust log) for one person and the roles they hold; a signed
sign-off verifies offline against it. Keys may be given as PEM or as an OpenSSH
``ssh-ed25519`` public key, so people can use the keys they already have.
"""

from __future__ import annotations

import base64
from datetime import datetime

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from docversion.errors import InvalidInputError
from docversion.i18n import _
from docversion.model import Frozen
from docversion.workflow.events import SignOff, sha256


class Key(Frozen):
    """A public key the store trusts for ``person`` signing as one of ``roles``."""

    key_id: str
    person: str
    roles: tuple[str, ...]
    public_key: str  # base64 of the 32 raw bytes
    since: datetime | None = None  # only in key lists from before the trust log


def raw_public(public: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(raw: bytes) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw bytes."""
    return sha256(raw)[:16]


def make_key(public_text: bytes, person: str, roles: tuple[str, ...], source: str) -> Key:
    """A key record from a PEM or OpenSSH public key (or a private key: its public half is taken)."""
    raw = raw_public(load_public_key(public_text, source))
    return Key(key_id=key_id_of(raw), person=person, roles=roles, public_key=base64.b64encode(raw).decode())


def load_public_key(text: bytes, source: str) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM or OpenSSH form, or the public half of a private key."""
    loaders = (serialization.load_pem_public_key, serialization.load_ssh_public_key)
    for loader in loaders:
        try:
            key = loader(text.strip())
        except (ValueError, TypeError, UnsupportedAlgorithm):
            continue
        if isinstance(key, Ed25519PublicKey):
            return key
    return load_private_key(text, source).public_key()


def load_private_key(text: bytes, source: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM or OpenSSH form; InvalidInputError (exit 5) otherwise."""
    for loader in (serialization.load_pem_private_key, serialization.load_ssh_private_key):
        try:
            key = loader(text.strip(), password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            continue
        if isinstance(key, Ed25519PrivateKey):
            return key
    raise InvalidInputError(_("not an Ed25519 key docversion can read"), source=source,
                            hint=_("generate one with 'docversion keys generate' or 'ssh-keygen -t ed25519'"))


def new_private_key() -> bytes:
    """A new Ed25519 private key, as unencrypted PKCS#8 PEM."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def sign(signoff: SignOff, private: Ed25519PrivateKey) -> SignOff:
    """``signoff`` signed by ``private``."""
    key_id = key_id_of(raw_public(private.public_key()))
    unsigned = signoff.model_copy(update={"key_id": key_id, "signature": None})
    signature = base64.b64encode(private.sign(unsigned.signed_bytes())).decode()
    return unsigned.model_copy(update={"signature": signature})


def signature_matches(signoff: SignOff, key: Key) -> bool:
    """True when ``signoff`` carries a signature of its record by ``key``."""
    if signoff.signature is None:
        return False
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key.public_key))
        public.verify(base64.b64decode(signoff.signature), signoff.signed_bytes())
    except (InvalidSignature, ValueError):
        return False
    return True
