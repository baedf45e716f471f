"""The record's invariants under random work in two offices that share one remote.

A Hypothesis state machine drives two stores under one trust root (office A holds the
administrator's key; office B adopted A's trust log on its first pull): drafts recorded,
requests proposed with in-force dates good and bad, sign-offs signed with the signer's own key,
another person's key or none, keys revoked and issued again, publications, pushes and pulls
both ways, and breakage by plain git that is put back afterwards. After every step:

* ``verify`` finds nothing in either store, and names something while a breakage is in place
  (it exits 0 exactly when no invariant is broken);
* no version is in force on a date before its predecessor's;
* earlier rows never change: row N of every version of either store is the row first seen.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from docversion.errors import ConflictError, VerificationError
from docversion.formats.text.reader import read_seed_text
from docversion.store import Store
from docversion.store.control import ChangeControl, WorkflowError
from docversion.store.refs import manual_ref
from docversion.store.remote import pull, push
from docversion.store.trust_admin import TrustAdmin
from docversion.store.verification import verify
from docversion.workflow.signing import load_private_key, make_key, new_private_key
from tests.conftest import AUTHOR, SEED_PATH, with_objective

pytestmark = pytest.mark.slow

CODE = "900-0935"
SEED = read_seed_text(SEED_PATH.read_bytes(), str(SEED_PATH)).manual
LABEL = "Elaborado por"
PEOPLE = {"Clara Arce": LABEL, "Rosa Méndez": SEED.cover.reviewed_by[0],
          "Pablo Quintanilla": SEED.cover.reviewed_by[1], "Diana Portillo": SEED.cover.reviewed_by[2],
          "Pedro Presidente": SEED.cover.authorized_by}
ORDER = list(PEOPLE)  # who signs next: the preparer, the three reviewers, the authorizer
T0 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
OFFICES = ("a", "b")


def all_refs(store: Store) -> dict[str, str]:
    out = store.git.text("for-each-ref", "--format=%(refname) %(objectname)")
    return {ref: oid for ref, _, oid in (line.partition(" ") for line in out.splitlines())
            if not ref.startswith("refs/docversion/remotes/")}


class RecordMachine(RuleBasedStateMachine):
    """Two offices, one remote, one trust root: the record stays true whatever they do."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="docversion-record-"))
        self.remote = Store.init(self.root / "remote.git", is_bare=True).git_dir
        self.stores = {name: Store.init(self.root / f"{name}.git", is_bare=True) for name in OFFICES}
        self.clock = 0
        self.edits = 0
        self.admin = load_private_key(new_private_key(), "admin")
        self.keys: dict[str, Any] = {}
        a = self.stores["a"]
        TrustAdmin(a).start(self.admin, "Ana Administradora", self.now(), AUTHOR)
        for person, role in PEOPLE.items():
            self._issue(person, role)
        a.record(SEED, author=AUTHOR, is_historical=True)
        push(a, str(self.remote))
        pull(self.stores["b"], str(self.remote), author=AUTHOR, is_adopting_trust=True)
        self.rows: dict[str, dict[int, Any]] = {name: {} for name in OFFICES}  # office -> row N as first seen

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def now(self) -> datetime:
        self.clock += 1
        return T0 + timedelta(minutes=self.clock)

    def _issue(self, person: str, role: str) -> None:
        pem = new_private_key()
        TrustAdmin(self.stores["a"]).register(make_key(pem, person, (role,), person), self.admin, self.now(), AUTHOR)
        self.keys[person] = load_private_key(pem, person)

    def _attempt(self, store: Store, allowed: bool | None, action: Any) -> bool:
        """Run ``action``: refused exactly when not ``allowed`` (None: either), refusals moving no ref."""
        before = all_refs(store)
        try:
            action()
        except (WorkflowError, ConflictError, VerificationError) as error:
            assert allowed is not True, f"refused what the rules allow: {error}"
            assert all_refs(store) == before, "a refusal moved a ref"
            return False
        assert allowed is not False, "accepted what the rules refuse"
        return True

    # Work in one office ---------------------------------------------------------------------

    @rule(office=st.sampled_from(OFFICES), position=st.integers(0, 2))
    def record_draft(self, office: str, position: int) -> None:
        store = self.stores[office]
        head = store.refs(CODE).head
        assert head is not None
        self.edits += 1
        manual = with_objective(store.load_commit(CODE, head, "head"), position, f"Objetivo número {self.edits}.")
        ChangeControl(store).record(manual, author=AUTHOR, is_replacing=True)

    @rule(office=st.sampled_from(OFFICES), days=st.sampled_from([-9000, 0, 40, 5000]))
    def propose(self, office: str, days: int) -> None:
        store = self.stores[office]
        control = ChangeControl(store)
        refs = store.refs(CODE)
        latest = refs.latest
        assert latest is not None and latest.in_force is not None
        when = latest.in_force + timedelta(days=days)
        good_date = latest.in_force < when <= T0.date() + timedelta(days=3650)
        allowed = control.log(CODE).workflow.open is None and refs.has_open_draft and good_date
        self._attempt(store, allowed, lambda: control.propose(
            CODE, preparer=ORDER[0], label=LABEL, sentences=(), now=self.now(), author=AUTHOR, in_force=when,
            today=T0.date()))

    @rule(office=st.sampled_from(OFFICES), key=st.sampled_from(["own", "other", "none"]))
    def sign_next(self, office: str, key: str) -> None:
        """The next signature the open request needs, with the signer's key, another's, or none."""
        store = self.stores[office]
        control = ChangeControl(store)
        request = control.log(CODE).workflow.open
        if request is None:
            return
        draft = control.draft(CODE)
        missing = request.missing(draft.digest(request, control.sentences(request, draft)))
        if not missing:
            return
        step = 0 if missing and missing[0].startswith(LABEL) else len(ORDER) - len(missing)
        person = ORDER[step]
        meaning = "prepared" if step == 0 else "authorized" if step == len(ORDER) - 1 else "reviewed"
        signer = {"own": self.keys[person], "other": self.keys[ORDER[(step + 1) % len(ORDER)]], "none": None}[key]
        role = None if meaning != "reviewed" else PEOPLE[person]
        trusted = {k.key_id for k in control.trusted_keys()}  # an office that has not pulled a new key yet refuses it
        is_known = make_key(_pem(self.keys[person]), person, (), "k").key_id in trusted
        self._attempt(store, key == "own" and is_known, lambda: control.sign(
            CODE, name=person, role=role, meaning=meaning, decision="approved", comment="", now=self.now(),
            author=AUTHOR, key=signer))

    @rule(office=st.sampled_from(OFFICES))
    def publish(self, office: str) -> None:
        store = self.stores[office]
        control = ChangeControl(store)
        request = control.log(CODE).workflow.open
        allowed = False
        if request is not None and request.state == "authorized":
            draft = control.draft(CODE)
            allowed = not request.missing(draft.digest(request, control.sentences(request, draft)))
        self._attempt(store, allowed, lambda: control.publish(CODE, name=ORDER[-1], now=self.now(), author=AUTHOR,
                                                              today=T0.date()))

    @rule(person=st.sampled_from(ORDER))
    def reissue_key(self, person: str) -> None:
        """The administrator (office A) revokes a person's key and registers a new one."""
        admin = TrustAdmin(self.stores["a"])
        old = next(k for k in ChangeControl(self.stores["a"]).trusted_keys() if k.person == person)
        admin.revoke(old.key_id, "Llave reemplazada.", self.admin, self.now(), AUTHOR)
        self._issue(person, PEOPLE[person])

    # Sharing -----------------------------------------------------------------------------

    @rule(office=st.sampled_from(OFFICES))
    def push_work(self, office: str) -> None:
        store = self.stores[office]
        self._attempt(store, None, lambda: push(store, str(self.remote)))

    @rule(office=st.sampled_from(OFFICES))
    def pull_work(self, office: str) -> None:
        store = self.stores[office]
        self._attempt(store, None, lambda: pull(store, str(self.remote), author=AUTHOR))

    # Breakage, put back --------------------------------------------------------------------

    @precondition(lambda self: len(self.stores["a"].refs(CODE).versions) >= 1)
    @rule(kind=st.sampled_from(["in_force_trailer", "branch_rewritten", "signature_dropped"]))
    def break_and_restore(self, kind: str) -> None:
        store = self.stores["a"]
        before = all_refs(store)
        if not self._break(store, kind):
            return
        assert verify(store), f"verify found nothing after {kind}"
        for ref, oid in before.items():
            store.git.run("update-ref", ref, oid)
        assert all_refs(store) == before
        assert verify(store) == []

    def _break(self, store: Store, kind: str) -> bool:
        refs = store.refs(CODE)
        latest = refs.latest
        assert latest is not None
        if kind == "in_force_trailer":
            tag = store.git.text("cat-file", "tag", latest.tag)
            wrong = (latest.in_force or date(2000, 1, 1)) + timedelta(days=1)
            edited = tag.replace(f"Docversion-In-Force: {latest.in_force}", f"Docversion-In-Force: {wrong}")
            store.git.run("update-ref", f"refs/tags/{CODE}/v{latest.version}",
                          store.git.text("mktag", data=(edited + "\n").encode()))
            return True
        if kind == "branch_rewritten":  # the version's tag moved onto a commit with another objective
            manual = with_objective(store.load_commit(CODE, latest.commit, "v"), 0, "Objetivo cambiado a escondidas.")
            commit = store.commit_snapshot(CODE, manual, latest.commit, "edited\n", AUTHOR)
            tag = store.git.text("cat-file", "tag", latest.tag)
            moved = tag.replace(f"object {latest.commit}", f"object {commit}", 1)
            store.git.run("update-ref", f"refs/tags/{CODE}/v{latest.version}",
                          store.git.text("mktag", data=(moved + "\n").encode()))
            store.git.run("update-ref", manual_ref(CODE), commit)
            return True
        return self._drop_signature(store)

    def _drop_signature(self, store: Store) -> bool:
        from docversion.store.logs import LOG_FILE, workflow_ref
        from docversion.workflow.events import append, dump_log, parse_log

        data = store.git.run("cat-file", "blob", f"{workflow_ref(CODE)}:{LOG_FILE}").stdout
        lines, _ = parse_log(data)
        events = [line.event for line in lines]
        found = next((i for i, e in enumerate(events) if e.type == "signed" and e.signoff.signature), None)
        if found is None:
            return False
        signoff = events[found].signoff.model_copy(update={"signature": None, "key_id": None})
        events[found] = events[found].model_copy(update={"signoff": signoff})
        rebuilt: list[Any] = []
        for item in events:
            rebuilt.append(append(rebuilt, item))
        blob = store.git.text("hash-object", "-w", "--stdin", data=dump_log(rebuilt))
        tree = store.git.text("mktree", data=f"100644 blob {blob}\t{LOG_FILE}\n".encode())
        commit = store.git.text("commit-tree", tree, "-m", "rewritten", identity=AUTHOR)
        store.git.run("update-ref", workflow_ref(CODE), commit)
        return True

    # After every step ------------------------------------------------------------------------

    @invariant()
    def the_record_verifies(self) -> None:
        for name, store in self.stores.items():
            problems = verify(store)
            assert problems == [], f"office {name}: {[str(p) for p in problems]}"

    @invariant()
    def in_force_dates_increase_and_rows_never_change(self) -> None:
        for name, store in self.stores.items():
            versions = store.refs(CODE).versions
            dates = [v.in_force for v in versions]
            assert all(a is not None and b is not None and a < b for a, b in itertools.pairwise(dates)), dates
            for info in versions:
                for row in store.load_commit(CODE, info.commit, f"v{info.version}").revisions:
                    first = self.rows[name].setdefault(row.version, row)
                    assert first == row, f"office {name}: row {row.version} changed in v{info.version}"


def _pem(private: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))


def test_the_machine_publishes_across_offices() -> None:
    """A fixed run through the machine's rules: both offices end with v6 and v7 that verify."""
    machine = RecordMachine()
    try:
        machine.record_draft("a", 0)
        machine.propose("a", 40)
        for key in ("none", "other", "own", "own", "own", "own", "own"):
            machine.sign_next("a", key)
        machine.publish("a")
        machine.push_work("a")
        machine.pull_work("b")
        machine.reissue_key("Rosa Méndez")
        machine.sign_next("b", "own")  # nothing open in b: nothing to sign
        machine.push_work("a")  # the new key reaches b only through the remote
        machine.pull_work("b")
        machine.record_draft("b", 1)
        machine.propose("b", 40)
        for _ in range(5):
            machine.sign_next("b", "own")
        machine.publish("b")
        machine.break_and_restore("branch_rewritten")
        machine.break_and_restore("signature_dropped")
        machine.push_work("b")
        machine.pull_work("a")
        machine.the_record_verifies()
        machine.in_force_dates_increase_and_rows_never_change()
        assert [v.version for v in machine.stores["a"].refs(CODE).versions] == [5, 6, 7]
        assert machine.stores["a"].refs(CODE).versions == machine.stores["b"].refs(CODE).versions
    finally:
        machine.teardown()


TestRecordMachine = RecordMachine.TestCase
TestRecordMachine.settings = settings(max_examples=4, stateful_step_count=14, deadline=None,
                                      suppress_health_check=[HealthCheck.too_slow])
