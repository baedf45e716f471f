"""The administrators' commands: start the trust log, name administrators, trust and revoke keys,
set a manual's policy. Each is a line of the trust log signed by an administrator, appended by
compare-and-swap on ``refs/docversion/trust/log``.

Starting the log adopts what the store had: each manual's log up to its present head (those
sign-offs stay recorded, not proven) and the keys of the key list from before the trust log,
registered again under the administrator's signature.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from docversion.errors import ConflictError
from docversion.i18n import _
from docversion.store import logs
from docversion.store.control import WorkflowError
from docversion.store.gitcmd import GitCommandError, Identity
from docversion.store.locking import writers_lock
from docversion.store.refs import ZERO_OID, validate_code
from docversion.store.store import Store
from docversion.workflow.door import checked, checked_all
from docversion.workflow.signing import Key, key_id_of, raw_public
from docversion.workflow.trust import (
    AdminAdded,
    AdminRemoved,
    KeyRegistered,
    KeyRevoked,
    TrustBroken,
    TrustLine,
    TrustPolicySet,
    TrustReviewIntervalSet,
    dump_trust,
    signed_line,
)


class TrustAdmin:
    """The trust log's commands over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _append(self, events: list[object], admin: Ed25519PrivateKey, now: datetime, author: Identity,
                *, is_first: bool = False) -> list[TrustLine]:
        """Sign ``events`` as ``admin`` and append them in one compare-and-swap; WorkflowError (exit 5)
        when the log refuses one, nothing written."""
        with writers_lock(self.store.git_dir):
            commit, log = logs.read_trust(self.store.git)
            if log.problems:
                raise WorkflowError(_("the trust log is damaged: {problem}").format(problem=log.problems[0]),
                                    field="trust", hint=_("run docversion verify"))
            if is_first and log.is_rooted:
                raise WorkflowError(_("the store already has a trust root"), field="trust",
                                    hint=_("add administrators with: docversion trust add-admin"))
            if not is_first and not log.is_rooted:
                raise WorkflowError(_("the store has no trust root"), field="trust",
                                    hint=_("name its first administrator: docversion trust init --admin-key KEY "
                                           "--admin NAME"))
            heads = _log_heads(self.store)
            new: list[TrustLine] = []
            for event in events:
                try:
                    line = signed_line(log, event, admin, now, heads)
                except TrustBroken as exc:
                    raise WorkflowError(_("the trust log refuses it: {reason}").format(reason=exc),
                                        field="--admin-key", hint=_("sign with an administrator's key")) from exc
                log.add(line)
                new.append(line)
            data = dump_trust(log.lines)
            message = f"trust: {', '.join(line.event.type for line in new)}\n"
            new_commit = logs.commit_file(self.store.git, logs.TRUST_FILE, data, commit, message, author)
            try:
                self.store.transaction([f"update {logs.TRUST_REF} {new_commit} {commit or ZERO_OID}"],
                                       "docversion: trust")
            except GitCommandError as exc:
                if not exc.is_race:
                    raise
                raise ConflictError(_("another writer changed the trust log meanwhile; run the command "
                                      "again")) from exc
            return new

    def start(self, admin: Ed25519PrivateKey, person: str, now: datetime, author: Identity) -> list[TrustLine]:
        """Start the trust log with ``person`` as its first administrator, adopting the manuals' logs
        as they stand and the keys the store listed before."""
        person = checked(person, "name", "--admin")
        raw = raw_public(admin.public_key())
        adopted = _log_heads(self.store)
        first = AdminAdded(person=person, key_id=key_id_of(raw), public_key=base64.b64encode(raw).decode(),
                           adopted_logs=adopted)
        legacy = [KeyRegistered(key=key.model_copy(update={"since": None})) for key in _legacy_keys(self.store)]
        return self._append([first, *legacy], admin, now, author, is_first=True)

    def add_admin(self, public: Key, admin: Ed25519PrivateKey, now: datetime, author: Identity) -> TrustLine:
        """Name another administrator (``public``'s person and key), signed by an administrator."""
        event = AdminAdded(person=public.person, key_id=public.key_id, public_key=public.public_key)
        return self._append([event], admin, now, author)[0]

    def remove_admin(self, key_id: str, admin: Ed25519PrivateKey, now: datetime, author: Identity) -> TrustLine:
        """Remove an administrator's key (never the last one)."""
        return self._append([AdminRemoved(key_id=key_id)], admin, now, author)[0]

    def register(self, key: Key, admin: Ed25519PrivateKey, now: datetime, author: Identity) -> TrustLine:
        """Trust ``key`` for its person in its roles."""
        key = key.model_copy(update={"person": checked(key.person, "name", "--person"),
                                     "roles": checked_all(key.roles, "role", "--role")})
        return self._append([KeyRegistered(key=key)], admin, now, author)[0]

    def revoke(self, key_id: str, reason: str, admin: Ed25519PrivateKey, now: datetime,
               author: Identity) -> TrustLine:
        """Stop trusting ``key_id`` from this point of the log on."""
        event = KeyRevoked(key_id=key_id, reason=checked(reason, "reason", "--reason"))
        return self._append([event], admin, now, author)[0]

    def set_policy(self, code: str, reviewers: tuple[str, ...], authorizer: str, is_many_roles: bool,
                   admin: Ed25519PrivateKey, now: datetime, author: Identity) -> TrustLine:
        """Set who reviews and who authorizes manual ``code`` from this point of the log on."""
        event = TrustPolicySet(code=validate_code(code), reviewers=checked_all(reviewers, "role", "--reviewer"),
                               authorizer=checked(authorizer, "role", "--authorizer"),
                               is_one_person_many_roles=is_many_roles)
        return self._append([event], admin, now, author)[0]

    def set_review_interval(self, code: str, months: int, admin: Ed25519PrivateKey, now: datetime,
                            author: Identity) -> TrustLine:
        """Set how many months manual ``code``'s version in force may go unreviewed."""
        event = TrustReviewIntervalSet(code=validate_code(code), months=months)
        return self._append([event], admin, now, author)[0]


def _log_heads(store: Store) -> dict[str, str]:
    """Each manual's log head (the hash of its last line)."""
    heads = {}
    for code in logs.logged_codes(store.git)[0]:
        _, lines, _, _ = logs.read_workflow(store.git, code)
        if lines:
            heads[code] = lines[-1].hash
    return heads


def _legacy_keys(store: Store) -> list[Key]:
    _, data = logs.read_blob(store.git, logs.LEGACY_KEYS_REF, logs.KEYS_FILE)
    return [Key.model_validate(item) for item in json.loads(data or b"[]")]
