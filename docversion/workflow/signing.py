"""Ed25519 signatures on sign-off records, and the keys a store trusts (through ``cryptography``).

A key is registered for one person and the roles they hold; a signed sign-off verifies offline
against it. Keys may be given as PEM or as an OpenSSH ``ssh-ed25519`` public key, so people can
use the keys they already have.
"""

from __future__ import annotations

import base64
from datetime import datetime

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from docversion.errors import InvalidInputError
from docversion.model import Frozen
from docversion.workflow.events import SignOff, sha256


class Key(Frozen):
    """A public key the store trusts for ``person`` signing as one of ``roles``."""

    key_id: str
    person: str
    roles: tuple[str, ...]
    public_key: str  # base64 of the 32 raw bytes
    since: datetime | None = None  # sign-offs from then on must be signed with it


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def make_key(public_text: bytes, person: str, roles: tuple[str, ...], source: str,
             since: datetime | None = None) -> Key:
    """A key record from a PEM or OpenSSH public key (or a private key: its public half is taken)."""
    public = _load_public(public_text, source)
    raw = _raw(public)
    return Key(key_id=sha256(raw)[:16], person=person, roles=roles,
               public_key=base64.b64encode(raw).decode(), since=since)


def _load_public(text: bytes, source: str) -> Ed25519PublicKey:
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
    raise InvalidInputError("not an Ed25519 key docversion can read", source=source,
                            hint="generate one with 'docversion keys generate' or 'ssh-keygen -t ed25519'")


def new_private_key() -> bytes:
    """A new Ed25519 private key, as unencrypted PKCS#8 PEM."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def sign(signoff: SignOff, private: Ed25519PrivateKey) -> SignOff:
    """``signoff`` signed by ``private``."""
    key_id = sha256(_raw(private.public_key()))[:16]
    unsigned = signoff.model_copy(update={"key_id": key_id, "signature": None})
    signature = base64.b64encode(private.sign(unsigned.signed_bytes())).decode()
    return unsigned.model_copy(update={"signature": signature})


def check_signature(signoff: SignOff, keys: list[Key]) -> str | None:
    """What is wrong with the sign-off's signature against the trusted ``keys``, or None."""
    mine = [k for k in keys if k.person == signoff.name and (k.since is None or k.since <= signoff.time)]
    if signoff.signature is None:
        return f"{signoff.name} had a registered key but signed without it" if mine else None
    key = next((k for k in keys if k.key_id == signoff.key_id), None)
    if key is None:
        return f"signed with key {signoff.key_id}, which the store does not trust"
    if key.person != signoff.name or (signoff.role not in key.roles and signoff.meaning != "prepared"):
        return (f"signed with the key of {key.person} ({'; '.join(key.roles)}), not registered for "
                f"{signoff.name} as {signoff.role}")
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key.public_key))
        public.verify(base64.b64decode(signoff.signature), signoff.signed_bytes())
    except (InvalidSignature, ValueError):
        return "the signature does not match the record (forged or edited)"
    return None
