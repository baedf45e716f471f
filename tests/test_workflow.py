"""Change control end to end: proposals, sign-offs, publication, refusals, races, tampering.

Every test starts from a store holding the seed as historical version 5 (signed on paper) and
one draft after it, and drives :class:`ChangeControl` (or the command line) with fixed,
timezone-aware times. Refusals must raise WorkflowError (exit 5) and leave every ref as it
was; ``verify`` must name the version and the problem of every kind of tampering.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from docversion.cli import cli
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from docversion.store import Identity, Store
from docversion.store import history as store_history
from docversion.store.control import ChangeControl, WorkflowError
from docversion.store.logs import LOG_FILE, TRUST_REF, workflow_ref
from docversion.store.refs import LATEST, manual_ref, version_tag
from docversion.store.requests import request_status, version_signoffs
from docversion.store.trust_admin import TrustAdmin
from docversion.store.verification import Problem, verify
from docversion.workflow.events import LogLine, append, dump_log, parse_log
from docversion.workflow.signing import Key, load_private_key, make_key, new_private_key
from tests.conftest import AUTHOR, GATED, HISTORY, SEED_PATH, git_children, with_objective

CODE = "900-0935"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = T0.date()
IN_FORCE = date(2026, 4, 1)
LAST_MODIFIED = date(2026, 3, 20)
PREPARER = "Clara Arce"
LABEL = "Elaborado por"
SUBMISSION = f"{LABEL} ({PREPARER})"  # what status names while the preparer has not (re)submitted
# One person per reviewing role, in the order of the seed's cover (Revisado).
REVIEWER_NAMES = ("Rosa Méndez", "Pablo Quintanilla", "Diana Portillo")
AUTHORIZER_NAME = "Pedro Presidente"
FOREIGN_ROLE = "Gerente Financiero"
SEED = read_seed_text(SEED_PATH.read_bytes(), str(SEED_PATH)).manual
REVIEWERS: tuple[str, ...] = tuple(SEED.cover.reviewed_by)
AUTHORIZER: str = SEED.cover.authorized_by


# Helpers ---------------------------------------------------------------------------------------


def all_refs(store: Store) -> dict[str, str]:
    """Every ref of the store and what it names: the picture a refused command must not change."""
    out = store.git.text("for-each-ref", "--format=%(refname) %(objectname)")
    return dict(line.split(" ", 1) for line in out.splitlines())


def run(store: Store, *args: str) -> tuple[int, str, str]:
    """``docversion --store STORE ARGS`` in this process: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, ["--store", str(store.git_dir), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def refused(store: Store, action: Callable[[], Any], match: str | None = None) -> WorkflowError:
    """Run ``action``: it must raise WorkflowError (exit 5) and write no ref."""
    before = all_refs(store)
    with pytest.raises(WorkflowError, match=match) as caught:
        action()
    assert caught.value.exit_code == 5
    assert all_refs(store) == before, "a refused command moved a ref"
    return caught.value


def historical_store(store: Store, seed_manual: Manual, objective: str = "Objetivo revisado del puesto.") -> None:
    """The seed as historical version 5 and one draft that edits the first position's objective."""
    store.record(seed_manual, author=AUTHOR, is_historical=True)
    store.record(with_objective(seed_manual, 0, objective), author=AUTHOR)


@dataclass
class Flow:
    """One store's change control, with a clock that moves a minute per action."""

    store: Store
    control: ChangeControl = field(init=False)
    clock: int = 0
    keys: dict[str, Any] = field(default_factory=dict)  # person (or "admin") -> private key
    admin_pem: bytes = b""

    def __post_init__(self) -> None:
        self.control = ChangeControl(self.store)

    def now(self) -> datetime:
        self.clock += 1
        return T0 + timedelta(minutes=self.clock)

    def propose(self, preparer: str = PREPARER, sentences: tuple[str, ...] = (), in_force: date = IN_FORCE,
                last_modified: date | None = LAST_MODIFIED) -> int:
        return self.control.propose(CODE, preparer=preparer, label=LABEL, sentences=sentences, now=self.now(),
                                    author=AUTHOR, in_force=in_force, today=TODAY,
                                    last_modified=last_modified).request

    def submit(self, name: str = PREPARER) -> Any:
        return self.control.sign(CODE, name=name, role=None, meaning="prepared", decision="approved", comment="",
                                 now=self.now(), author=AUTHOR, key=self.keys.get(name))

    def review(self, name: str, role: str, *, approve: bool = True, comment: str = "", key: Any = None) -> Any:
        return self.control.sign(CODE, name=name, role=role, meaning="reviewed",
                                 decision="approved" if approve else "rejected", comment=comment, now=self.now(),
                                 author=AUTHOR, key=key if key is not None else self.keys.get(name))

    def review_all(self) -> None:
        for name, role in zip(REVIEWER_NAMES, REVIEWERS, strict=True):
            self.review(name, role)

    def authorize(self, name: str = AUTHORIZER_NAME, role: str | None = None, *, approve: bool = True,
                  comment: str = "") -> Any:
        return self.control.sign(CODE, name=name, role=role, meaning="authorized",
                                 decision="approved" if approve else "rejected", comment=comment, now=self.now(),
                                 author=AUTHOR, key=self.keys.get(name))

    def publish(self, name: str = AUTHORIZER_NAME) -> int:
        version, _ = self.control.publish(CODE, name=name, now=self.now(), author=AUTHOR, today=TODAY)
        return version

    def admin(self) -> Any:
        """The store's administrator key, starting the trust log on first use."""
        if "admin" not in self.keys:
            self.admin_pem = pem = new_private_key()
            self.keys["admin"] = load_private_key(pem, "admin.pem")
            TrustAdmin(self.store).start(self.keys["admin"], "Ana Administradora", self.now(), AUTHOR)
        return self.keys["admin"]

    def trust_key(self, pem: bytes, person: str, roles: tuple[str, ...]) -> None:
        """Register ``pem``'s public key for ``person`` in ``roles``, signed by the administrator."""
        TrustAdmin(self.store).register(make_key(pem, person, roles, f"{person}.pem"), self.admin(), self.now(),
                                        AUTHOR)

    def through_authorization(self, sentences: tuple[str, ...] = ()) -> None:
        self.propose(sentences=sentences)
        self.submit()
        self.review_all()
        self.authorize()

    def register_keys(self) -> dict[str, bytes]:
        """A trust root, and a key for the preparer, every reviewer (for their own role) and the
        authorizer; their private PEMs."""
        pems = {}
        for name, roles in [(PREPARER, (LABEL,)), *((n, (r,)) for n, r in zip(REVIEWER_NAMES, REVIEWERS, strict=True)),
                            (AUTHORIZER_NAME, (AUTHORIZER,))]:
            pem = new_private_key()
            self.trust_key(pem, name, roles)
            self.keys[name] = load_private_key(pem, f"{name}.pem")
            pems[name] = pem
        pems["admin"] = self.admin_pem
        return pems


class Templates:
    """Stores brought to a stage of the workflow once per module, copied for each test that needs one."""

    STAGES = ("draft", "submitted", "authorized", "published", "published-keys", "published-rejection")

    def __init__(self, root: Path, seed_manual: Manual) -> None:
        self.root = root
        self.seed_manual = seed_manual
        self.built: dict[str, dict[str, bytes]] = {}  # stage -> person -> private key (PEM)

    def _build(self, stage: str) -> dict[str, bytes]:
        store = Store.init(self.root / stage / "store.git", is_bare=True)
        historical_store(store, self.seed_manual)
        flow = Flow(store)
        pems = flow.register_keys() if stage == "published-keys" else {}
        if stage != "draft":
            flow.propose()
            flow.submit()
        if stage == "published-rejection":
            flow.review(REVIEWER_NAMES[1], REVIEWERS[1], approve=False, comment="Revise el objetivo.")
            flow.submit()
        if stage not in ("draft", "submitted"):
            flow.review_all()
            flow.authorize()
        if stage.startswith("published"):
            assert flow.publish() == 6
            assert verify(store) == []
        return pems

    def copy(self, stage: str, destination: Path) -> Flow:
        """A new store at ``destination`` at ``stage``, with a Flow whose clock runs after the template's."""
        assert stage in self.STAGES, stage
        if stage not in self.built:
            self.built[stage] = self._build(stage)
        target = destination / "store.git"
        shutil.copytree(self.root / stage / "store.git", target)
        flow = Flow(Store.open(target), clock=100)
        flow.keys = {name: load_private_key(pem, name) for name, pem in self.built[stage].items()}
        return flow


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory, seed_manual: Manual) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"), seed_manual)


@pytest.fixture
def stage(templates: Templates, tmp_path: Path) -> Callable[[str], Flow]:
    """``stage("authorized")``: this test's own store at that stage of the workflow."""
    return lambda name: templates.copy(name, tmp_path)


def log_bytes(store: Store) -> bytes:
    return store.git.run("cat-file", "blob", f"{workflow_ref(CODE)}:{LOG_FILE}").stdout


def write_log(store: Store, data: bytes) -> None:
    """Replace the log's file behind the workflow's back: a new commit on its ref, by plumbing."""
    ref = workflow_ref(CODE)
    old = store.git.text("rev-parse", ref)
    blob = store.git.text("hash-object", "-w", "--stdin", data=data)
    tree = store.git.text("mktree", data=f"100644 blob {blob}\t{LOG_FILE}\n".encode())
    commit = store.git.text("commit-tree", tree, "-p", old, "-m", "log rewritten", identity=AUTHOR)
    store.git.run("update-ref", ref, commit, old)


def rechained(events: list[Any]) -> bytes:
    """A log of ``events`` whose chain is recomputed, so that every link holds."""
    lines: list[LogLine] = []
    for item in events:
        lines.append(append(lines, item))
    return dump_log(lines)


def events_of(store: Store) -> list[Any]:
    lines, problems = parse_log(log_bytes(store))
    assert problems == []
    return [line.event for line in lines]


def retouched_signoff(store: Store, who: str, **changes: Any) -> None:
    """Change fields of ``who``'s review and recompute the chain over the edited events."""
    events = events_of(store)
    index = next(i for i, e in enumerate(events) if e.type == "signed" and e.signoff.name == who
                 and e.signoff.meaning == "reviewed")
    events[index] = events[index].model_copy(update={"signoff": events[index].signoff.model_copy(update=changes)})
    write_log(store, rechained(events))


def messages(problems: list[Problem], version: int | None = 6) -> list[str]:
    return [p.message for p in problems if p.version == version]


def cli_verify_names(store: Store, *fragments: str, version: int | None = 6) -> str:
    """``verify`` exits 4 and names v6 (or the manual) with each fragment on stderr; returns stderr."""
    code, out, err = run(store, "verify", "--json")
    assert code == 4, err
    assert json.loads(out)["ok"] is False
    where = f"{CODE} v{version}: " if version is not None else f"{CODE}: "
    for fragment in fragments:
        assert any(where in line and fragment in line for line in err.splitlines()), (fragment, err)
    return err


# 1. The revision table --------------------------------------------------------------------------

EXPECTED_ROWS = [
    (1, date(2011, 7, 29), date(2011, 7, 29), ["Creación."], "Analista", "Esmeralda Najarro de Artiga"),
    (2, date(2011, 9, 1), date(2011, 9, 1),
     ["Se renombró Agencia Virtual por Área de Servicios en Línea.",
      "Se renombró Analista de Agencia Virtual por Promotor de Servicios en Línea."],
     "Analista", "Esmeralda Najarro de Artiga"),
    (3, None, date(2013, 10, 1),
     ["Actualización de estándares.",
      "Renombramiento de Gerencia Comercial por Gerencia de Servicio al Cliente, Gerente Comercial por "
      "Gerente de Servicio al Cliente, actualización de descriptores de puestos y creación del puesto Auxiliar "
      "de Servicios en Línea conforme a estructura organizativa vigente."],
     "Elaborado/actualizado por", "Esmeralda Najarro de Artiga"),
    (4, None, date(2016, 3, 1),
     ["Revisión y actualización anual de estándares y/o mejoras al instrumento normativo."],
     "Elaborado por", "Roxana Villalobos"),
    (5, None, date(2018, 1, 2),
     ["Renombramiento del puesto Auxiliar de Servicios en Línea por Asistente de Soporte de Servicios en Línea.",
      "Actualización de las funciones de los puestos de trabajo."],
     "Elaborado por", "Clara Arce"),
]


@pytest.fixture(scope="module")
def history_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The illustrative history, versions 1 to 5 imported as signed on paper (read only by its tests)."""
    store = Store.init(tmp_path_factory.mktemp("history") / "store.git", is_bare=True)
    for version in range(1, 6):
        path = HISTORY / f"v{version}.txt"
        manual = read_seed_text(path.read_bytes(), str(path)).manual
        assert store.record(manual, author=AUTHOR, is_historical=True, has_ids=False).version == version
    return store


class TestRevisionTable:
    """The revision table generated from the store for the illustrative history is the seed's, cell by cell."""

    def test_json_rows_match_the_domain_table(self, history_store: Store) -> None:
        code, out, err = run(history_store, "table", CODE, "--json")
        assert code == 0, err
        payload = json.loads(out)
        assert payload["code"] == CODE
        rows = payload["rows"]
        assert len(rows) == len(EXPECTED_ROWS) == 5
        for row, (version, modified, in_force, changes, label, name) in zip(rows, EXPECTED_ROWS, strict=True):
            assert row["version"] == version
            assert row["authorized_by"] == "Presidente y Director Ejecutivo"
            assert row["last_modified"] == (modified.isoformat() if modified else None)
            assert row["in_force"] == in_force.isoformat()
            assert row["changes"] == changes
            assert row["prepared_by_label"] == label
            assert row["prepared_by"] == name

    def test_each_versions_table_has_its_own_rows(self, history_store: Store) -> None:
        for version in range(1, 6):
            code, out, _ = run(history_store, "table", f"{CODE}@v{version}", "--json")
            assert code == 0
            assert [r["version"] for r in json.loads(out)["rows"]] == list(range(1, version + 1))

    def test_markdown_has_the_five_rows(self, history_store: Store) -> None:
        code, out, err = run(history_store, "table", CODE, "--format", "markdown")
        assert code == 0, err
        lines = out.splitlines()
        assert lines[0] == "| Referencia de autorización | Versión | Descripción de la modificación |"
        body = lines[2:]
        assert len(body) == 5
        for line, (version, _, in_force, changes, label, name) in zip(body, EXPECTED_ROWS, strict=True):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            assert cells[1] == f"{version:02d}"
            assert cells[0].startswith("Presidente y Director Ejecutivo<br>")
            assert str(in_force.year) in cells[0] and "Fecha de vigencia" in cells[0]
            assert cells[2] == "<br>".join([*changes, f"{label}: {name}"])
        assert "Fecha de última modificación: 29 de julio de 2011" in body[0]
        assert "Fecha de última modificación" not in body[2]


# 2. The happy path ------------------------------------------------------------------------------


class TestHappyPath:
    """From draft to in force: propose, submit, three reviews, authorize, publish as version 6."""

    @pytest.mark.parametrize("given", [(), ("Actualización del objetivo del puesto Jefe Área de Servicios en Línea.",)],
                             ids=["diff-sentences", "given-sentences"])
    def test_draft_to_version_6(self, stage: Callable[[str], Flow], seed_manual: Manual,
                                given: tuple[str, ...]) -> None:
        flow = stage("draft")
        store = flow.store
        draft_sentences = flow.control.draft(CODE).changes.sentences
        assert draft_sentences, "the draft's diff should describe its change"
        assert flow.propose(sentences=given) == 1
        status = request_status(flow.control, CODE)
        assert status is not None and status.state == "draft"
        assert status.missing == (SUBMISSION, *REVIEWERS, AUTHORIZER)
        assert status.sentences == (given or draft_sentences)
        flow.submit()
        assert request_status(flow.control, CODE).state == "in_review"  # type: ignore[union-attr]
        flow.review_all()
        status = request_status(flow.control, CODE)
        assert status is not None and status.missing == (AUTHORIZER,)
        flow.authorize()
        status = request_status(flow.control, CODE)
        assert status is not None and status.state == "authorized" and status.missing == ()
        assert [(s.name, s.meaning) for s, _ in status.signoffs if s.meaning != "prepared"] == [
            *((n, "reviewed") for n in REVIEWER_NAMES), (AUTHORIZER_NAME, "authorized")]
        assert not any(stale for _, stale in status.signoffs)

        assert flow.publish() == 6
        assert request_status(flow.control, CODE) is None
        refs = store.refs(CODE)
        assert [v.version for v in refs.versions] == [5, 6]
        v6 = refs.version(6)
        assert v6 is not None and not v6.is_imported and v6.in_force == IN_FORCE
        assert store.git.run("rev-parse", "--verify", version_tag(CODE, 6)).returncode == 0
        assert refs.tip == v6.commit and not refs.has_open_draft

        manual = store.load(CODE, LATEST)
        assert manual.cover.version == 6
        assert manual.cover.in_force == IN_FORCE
        assert manual.positions[0].objective == "Objetivo revisado del puesto."
        assert manual.revisions[:5] == seed_manual.revisions
        assert len(manual.revisions) == 6
        row = manual.revisions[5]
        assert row.version == 6
        assert row.authorized_by == AUTHORIZER
        assert row.last_modified == LAST_MODIFIED
        assert row.in_force == IN_FORCE
        assert row.changes == (given or draft_sentences)
        assert row.prepared_by_label == LABEL
        assert row.prepared_by == PREPARER

        assert verify(store) == []
        code, _, err = run(store, "verify")
        assert code == 0, err
        assert "verified" in err
        assert git_children() == []

    def test_signoffs_and_in_force_dates_through_the_cli(self, stage: Callable[[str], Flow]) -> None:
        store = stage("published").store
        code, out, err = run(store, "signoffs", f"{CODE}@v6", "--json")
        assert code == 0, err
        payload = json.loads(out)
        assert payload["version"] == 6 and payload["imported"] is False and payload["request"] == 1
        # The four approvals (the preparer's submission may be listed with them, nothing else).
        assert {(s["name"], s["meaning"]) for s in payload["signoffs"] if s["meaning"] == "prepared"} <= {
            (PREPARER, "prepared")}
        signoffs = [s for s in payload["signoffs"] if s["meaning"] != "prepared"]
        assert len(signoffs) == 4
        assert [(s["name"], s["role"], s["meaning"], s["decision"]) for s in signoffs] == [
            *((n, r, "reviewed", "approved") for n, r in zip(REVIEWER_NAMES, REVIEWERS, strict=True)),
            (AUTHORIZER_NAME, AUTHORIZER, "authorized", "approved")]
        assert len({s["digest"] for s in signoffs}) == 1

        code, out, _ = run(store, "signoffs", f"{CODE}@v5", "--json")
        assert code == 0
        assert json.loads(out)["imported"] is True and json.loads(out)["signoffs"] == []

        for day, version in [(IN_FORCE - timedelta(days=1), 5), (IN_FORCE, 6), (IN_FORCE + timedelta(days=1), 6)]:
            code, out, err = run(store, "show", CODE, "--as-of", day.isoformat(), "--json")
            assert code == 0, err
            shown = json.loads(out)
            assert shown["version"]["version"] == version, day
            assert shown["manual"]["cover"]["version"] == version

        code, out, _ = run(store, "table", CODE, "--json")
        assert [r["version"] for r in json.loads(out)["rows"]] == [1, 2, 3, 4, 5, 6]

    def test_the_whole_path_through_the_command_line(self, stage: Callable[[str], Flow]) -> None:
        store = stage("draft").store
        steps = [
            ("propose", CODE, "--as", PREPARER, "--label", "Analista", "--sentence", "Actualización del objetivo.",
             "--in-force", IN_FORCE.isoformat()),
            ("submit", CODE, "--as", PREPARER),
            *(("review", CODE, "--role", role, "--approve", "--as", name)
              for name, role in zip(REVIEWER_NAMES, REVIEWERS, strict=True)),
            ("authorize", CODE, "--as", AUTHORIZER_NAME),
            ("publish", CODE, "--as", AUTHORIZER_NAME, "--in-force", IN_FORCE.isoformat()),
        ]
        for args in steps:
            code, _, err = run(store, *args, "--json")
            assert code == 0, (args, err)
        row = store.load(CODE, LATEST).revisions[-1]
        assert (row.version, row.changes, row.prepared_by_label, row.prepared_by) == (
            6, ("Actualización del objetivo.",), "Analista", PREPARER)
        assert run(store, "verify")[0] == 0
        code, out, _ = run(store, "status", "--json")
        assert code == 0 and json.loads(out)["requests"] == []


# 3. Rejection and rework ------------------------------------------------------------------------


class TestRejection:
    """A reviewer's rejection sends the request back to draft with the reason; rework then publishes."""

    def test_reject_rework_and_publish(self, stage: Callable[[str], Flow], seed_manual: Manual) -> None:
        flow = stage("submitted")
        store = flow.store
        flow.review(REVIEWER_NAMES[0], REVIEWERS[0])
        reason = "El objetivo no menciona los canales de atención."
        flow.review(REVIEWER_NAMES[1], REVIEWERS[1], approve=False, comment=reason)
        status = request_status(flow.control, CODE)
        assert status is not None
        assert status.state == "draft"
        assert status.reason == reason
        code, out, _ = run(store, "status", CODE, "--json")
        assert code == 0
        assert [(r["state"], r["reason"]) for r in json.loads(out)["requests"]] == [("draft", reason)]
        # Neither the third review nor the authorization is possible on a rejected request.
        refused(store, lambda: flow.review(REVIEWER_NAMES[2], REVIEWERS[2]), "submitted for review first")
        refused(store, flow.authorize)
        refused(store, flow.publish)

        reworked = "Coordinar los canales de atención en línea y su mejora continua."
        store.record(with_objective(seed_manual, 0, reworked), author=AUTHOR)
        flow.submit()
        status = request_status(flow.control, CODE)
        assert status is not None and status.state == "in_review" and status.reason == ""
        # The first round's approval does not count in the second round.
        assert status.missing == (*REVIEWERS, AUTHORIZER)
        refused(store, flow.authorize, "every review comes before the authorization")
        flow.review_all()
        flow.authorize()
        assert flow.publish() == 6
        manual = store.load(CODE, LATEST)
        assert manual.positions[0].objective == reworked
        request, signoffs = version_signoffs(flow.control, CODE, 6)
        assert request is not None and request.number == 1
        assert {s.name for s in signoffs if s.meaning != "prepared"} == {*REVIEWER_NAMES, AUTHORIZER_NAME}
        assert verify(store) == []

    def test_a_rejected_authorization_goes_back_to_draft(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("submitted")
        flow.review_all()
        flow.authorize(approve=False, comment="Falta el visto bueno de jurídico.")
        status = request_status(flow.control, CODE)
        assert status is not None and status.state == "draft"
        assert status.reason == "Falta el visto bueno de jurídico."
        refused(flow.store, flow.publish, "not authorized")
        flow.submit()
        flow.review_all()
        flow.authorize()
        assert flow.publish() == 6
        assert verify(flow.store) == []

    def test_withdraw_then_a_new_request(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("submitted")
        flow.control.withdraw(CODE, name=PREPARER, reason="Se rehará.", now=flow.now(), author=AUTHOR)
        assert request_status(flow.control, CODE) is None
        refused(flow.store, flow.submit, "no open change request")
        assert flow.propose() == 2
        flow.submit()
        flow.review_all()
        flow.authorize()
        assert flow.publish() == 6
        assert version_signoffs(flow.control, CODE, 6)[0].number == 2  # type: ignore[union-attr]
        assert verify(flow.store) == []
        assert git_children() == []


# 4. Refusals ------------------------------------------------------------------------------------


class TestRefusals:
    """Every action the rules forbid raises WorkflowError (exit 5) and writes nothing."""

    @pytest.fixture
    def flow(self, stage: Callable[[str], Flow]) -> Flow:
        return stage("submitted")

    def test_the_preparer_may_not_review_their_own_change(self, flow: Flow) -> None:
        refused(flow.store, lambda: flow.review(PREPARER, REVIEWERS[0]), "may not review")

    def test_the_preparer_may_not_authorize_their_own_change(self, flow: Flow) -> None:
        flow.review_all()
        refused(flow.store, lambda: flow.authorize(PREPARER), "may not authorize")

    def test_authorizing_before_every_review(self, flow: Flow) -> None:
        flow.review(REVIEWER_NAMES[0], REVIEWERS[0])
        flow.review(REVIEWER_NAMES[1], REVIEWERS[1])
        error = refused(flow.store, flow.authorize, "every review comes before the authorization")
        assert REVIEWERS[2] in str(error)

    def test_a_role_not_in_the_policy(self, flow: Flow) -> None:
        refused(flow.store, lambda: flow.review(REVIEWER_NAMES[0], FOREIGN_ROLE), "not a reviewing role")
        flow.review_all()
        refused(flow.store, lambda: flow.authorize(role=REVIEWERS[0]), "does not authorize")

    def test_one_person_may_not_sign_for_two_roles(self, flow: Flow) -> None:
        flow.review(REVIEWER_NAMES[0], REVIEWERS[0])
        refused(flow.store, lambda: flow.review(REVIEWER_NAMES[0], REVIEWERS[1]), "one person signs for one role")
        flow.review(REVIEWER_NAMES[1], REVIEWERS[1])
        flow.review(REVIEWER_NAMES[2], REVIEWERS[2])
        refused(flow.store, lambda: flow.authorize(REVIEWER_NAMES[2]), "one person signs for one role")

    def test_one_person_many_roles_when_the_policy_allows(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("draft")
        flow.control.set_policy(CODE, reviewers=REVIEWERS, authorizer=AUTHORIZER, is_many_roles=True,
                                name="Jefe de Calidad", now=flow.now(), author=AUTHOR)
        flow.propose()
        flow.submit()
        # The preparer still may not sign their own change.
        refused(flow.store, lambda: flow.review(PREPARER, REVIEWERS[0]), "may not review")
        for role in REVIEWERS:
            flow.review(REVIEWER_NAMES[0], role)
        flow.authorize(REVIEWER_NAMES[0])
        assert flow.publish(REVIEWER_NAMES[0]) == 6
        assert verify(flow.store) == []
        code, out, _ = run(flow.store, "policy", CODE, "--json")
        assert code == 0 and json.loads(out)["is_one_person_many_roles"] is True

    def test_publish_when_not_authorized(self, flow: Flow) -> None:
        refused(flow.store, flow.publish, "not authorized")
        flow.review_all()
        refused(flow.store, flow.publish, "not authorized")
        assert flow.store.refs(CODE).version(6) is None

    def test_publish_without_a_request(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("draft")
        refused(flow.store, flow.publish, "no open change request")

    def test_propose_while_a_request_is_open(self, flow: Flow) -> None:
        refused(flow.store, lambda: flow.propose("Otra Analista"), "still open")

    def test_propose_without_a_draft(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("published")
        refused(flow.store, flow.propose, "no open draft")

    def test_submit_by_someone_else(self, flow: Flow) -> None:
        refused(flow.store, lambda: flow.submit(REVIEWER_NAMES[0]), f"only the preparer, {PREPARER}")

    def test_a_refusal_through_the_cli_exits_5(self, flow: Flow) -> None:
        before = all_refs(flow.store)
        code, out, err = run(flow.store, "review", CODE, "--role", REVIEWERS[0], "--approve", "--as", PREPARER,
                             "--json")
        assert code == 5
        assert json.loads(out)["error"]["exit_code"] == 5
        assert "may not review" in err
        assert all_refs(flow.store) == before
        assert git_children() == []

    def test_a_draft_without_change_or_sentences_never_publishes(self, stage: Callable[[str], Flow],
                                                                 seed_manual: Manual) -> None:
        # The draft is edited back to the text of version 5: there is nothing to describe in the table.
        flow = stage("draft")
        flow.store.record(seed_manual, author=AUTHOR)
        try:
            flow.through_authorization()
            flow.publish()
        except WorkflowError:
            pass  # refused at some step, as the rules should
        assert flow.store.refs(CODE).version(6) is None

    def test_an_edit_during_review_needs_the_preparers_new_submission(self, flow: Flow,
                                                                      seed_manual: Manual) -> None:
        # Someone other than the preparer replaces the draft after it was submitted: the preparer
        # never signed this text, so it must not publish as theirs without a new submission.
        other = "Texto que la analista nunca presentó."
        flow.store.record(with_objective(seed_manual, 1, other), author=Identity("Otra Persona", "otra@example.org"))
        try:
            flow.review_all()
            flow.authorize()
            flow.publish()
        except WorkflowError:
            pass
        assert flow.store.refs(CODE).version(6) is None, (
            f"version 6 was published with a text {PREPARER} never submitted, credited to {PREPARER}")


# 5. An edit after approval -----------------------------------------------------------------------


class TestStaleApproval:
    """An edit after approval makes every sign-off stale: publishing is refused until signed again."""

    def test_edit_after_authorization(self, stage: Callable[[str], Flow], seed_manual: Manual) -> None:
        flow = stage("authorized")
        store = flow.store
        edited = "Objetivo editado después de la autorización."
        store.record(with_objective(seed_manual, 0, edited), author=AUTHOR)
        status = request_status(flow.control, CODE)
        assert status is not None and status.state == "authorized"
        assert len([s for s, _ in status.signoffs if s.meaning != "prepared"]) == 4
        assert all(stale for _, stale in status.signoffs)
        assert status.missing == (SUBMISSION, *REVIEWERS, AUTHORIZER)
        code, out, _ = run(store, "status", CODE, "--json")
        assert code == 0
        listed = json.loads(out)["requests"][0]["signoffs"]
        assert len(listed) >= 4 and all(s["stale"] for s in listed)
        refused(store, flow.publish, "stale")
        # Reviewing needs a new submission first.
        refused(store, lambda: flow.review(REVIEWER_NAMES[0], REVIEWERS[0]), "submitted for review first")

        flow.submit()
        flow.review_all()
        flow.authorize()
        assert flow.publish() == 6
        assert store.load(CODE, LATEST).positions[0].objective == edited
        assert verify(store) == []

    def test_new_sentences_after_authorization(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("authorized")
        flow.control.set_sentences(CODE, ("Actualización del objetivo del puesto.",), flow.now(), AUTHOR)
        status = request_status(flow.control, CODE)
        assert status is not None and all(stale for _, stale in status.signoffs)
        refused(flow.store, flow.publish, "stale")
        flow.submit()
        flow.review_all()
        flow.authorize()
        assert flow.publish() == 6
        assert flow.store.load(CODE, LATEST).revisions[-1].changes == ("Actualización del objetivo del puesto.",)
        assert verify(flow.store) == []

    def test_a_review_on_an_edited_draft_is_on_the_new_text(self, stage: Callable[[str], Flow],
                                                            seed_manual: Manual) -> None:
        flow = stage("submitted")
        flow.review(REVIEWER_NAMES[0], REVIEWERS[0])
        flow.store.record(with_objective(seed_manual, 0, "Segunda redacción."), author=AUTHOR)
        # Nobody reviews text the preparer has not submitted.
        refused(flow.store, lambda: flow.review(REVIEWER_NAMES[1], REVIEWERS[1]), "must submit it again")
        flow.submit()
        flow.review(REVIEWER_NAMES[1], REVIEWERS[1])
        flow.review(REVIEWER_NAMES[2], REVIEWERS[2])
        # The first review is on the old text: the authorization still waits for it.
        refused(flow.store, flow.authorize, REVIEWERS[0])


# 6. Racing publishes ----------------------------------------------------------------------------


class TestRacingPublishes:
    """Two publishes of one authorized request started together give exactly one version."""

    def test_two_publishes_one_version(self, stage: Callable[[str], Flow], tmp_path: Path) -> None:
        store = stage("authorized").store
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "DOCVERSION_"))}
        gate = tmp_path / "gate"
        processes = []
        for index, name in enumerate(("Publicador Uno", "Publicador Dos")):
            argv = [sys.executable, "-c", GATED, str(tmp_path / f"ready{index}"), str(gate), "--store",
                    str(store.git_dir), "publish", CODE, "--as", name, "--in-force", IN_FORCE.isoformat()]
            processes.append(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                              env=env, cwd=tmp_path))
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready{i}").exists() for i in range(2)):
            assert all(p.poll() is None for p in processes), [p.communicate() for p in processes]
            assert time.monotonic() < deadline
            time.sleep(0.005)
        gate.touch()
        results = [(p.wait(timeout=60), p.communicate()[1]) for p in processes]
        codes = sorted(code for code, _ in results)
        assert codes[0] == 0 and codes[1] in (3, 5), results
        tags = store.git.text("for-each-ref", "--format=%(refname)", f"refs/tags/{CODE}/").splitlines()
        assert tags == [version_tag(CODE, 5), version_tag(CODE, 6)]
        published = [e for e in events_of(store) if e.type == "published"]
        assert len(published) == 1 and published[0].version == 6
        assert "version 6 published" in next(err for code, err in results if code == 0)
        assert verify(store) == []


# 7. Tampering ----------------------------------------------------------------------------------


class TestTampering:
    """Tampering with a published version or its record is caught by verify (exit 4), naming v6."""

    def _replace_v6(self, store: Store, facts: dict[str, str]) -> None:
        """A new commit with other content after v6, and v6's tag force-moved to a new tag on it."""
        v6 = store.refs(CODE).version(6)
        assert v6 is not None
        changed = with_objective(store.load(CODE, LATEST), 1, "Objetivo cambiado fuera del flujo.")
        commit = store.commit_snapshot(CODE, changed, v6.commit, f"{CODE}: edited\n", AUTHOR)
        tag = store.make_tag(CODE, 6, commit, AUTHOR, "Edited outside the workflow.", facts)
        store.git.run("update-ref", version_tag(CODE, 6), tag)
        assert store.load(CODE, LATEST).positions[1].objective == "Objetivo cambiado fuera del flujo."

    def test_a_published_version_edited_outside_the_workflow(self, stage: Callable[[str], Flow]) -> None:
        store = stage("published").store
        v6 = store.refs(CODE).version(6)
        assert v6 is not None
        facts = {k.title(): v for k, v in store_history.trailers(v6.message).items()}
        assert facts["Log"] and facts["Imported"] == "no"
        self._replace_v6(store, facts)
        found = messages(verify(store))
        assert any("changed outside the workflow" in m for m in found), found
        assert any("content differs from the authorized draft" in m for m in found), found
        cli_verify_names(store, "changed outside the workflow")

    def test_verify_does_not_run_the_diff_again(self, stage: Callable[[str], Flow],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
        """What was signed is the two versions and the sentences; a docversion whose diff reads
        the change differently (here: one that cannot diff at all) still finds v6 in order."""
        import docversion.diff
        import docversion.diff.engine

        store = stage("published").store

        def no_diff(*args: object) -> None:
            raise AssertionError("verify ran the diff")

        import docversion.store.verification

        for module in (docversion.diff.engine, docversion.diff, docversion.store.verification):
            monkeypatch.setattr(module, "diff", no_diff, raising=False)
        assert verify(store) == []

    def test_a_retouched_revision_row_breaks_the_digest(self, stage: Callable[[str], Flow]) -> None:
        store = stage("published").store
        v6 = store.refs(CODE).version(6)
        assert v6 is not None
        facts = {k.title(): v for k, v in store_history.trailers(v6.message).items()}
        published = store.load(CODE, LATEST)
        row = published.revisions[-1].model_copy(update={"changes": ("Una frase que nadie firmó.",)})
        retouched = published.model_copy(update={"revisions": (*published.revisions[:-1], row), "marked": ()})
        commit = store.commit_snapshot(CODE, retouched, v6.commit, f"{CODE}: retouched\n", AUTHOR)
        store.git.run("update-ref", version_tag(CODE, 6), store.make_tag(CODE, 6, commit, AUTHOR, "x", facts))
        found = messages(verify(store))
        assert any("what the sign-offs name is not the draft" in m for m in found), found

    def test_a_replaced_version_tag_claiming_to_be_imported(self, stage: Callable[[str], Flow]) -> None:
        # The log published v6; a tag that now calls v6 "signed on paper" must not exempt it from checks.
        store = stage("published").store
        self._replace_v6(store, {"Code": CODE, "Version": "6", "In-Force": IN_FORCE.isoformat(), "Imported": "yes"})
        problems = verify(store)
        assert messages(problems), f"verify found nothing wrong with the replaced v6: {problems}"

    def test_a_forged_signoff_with_the_chain_recomputed(self, stage: Callable[[str], Flow]) -> None:
        store = stage("published-keys").store
        assert all(s.signature and s.trust for s in version_signoffs(ChangeControl(store), CODE, 6)[1])
        retouched_signoff(store, REVIEWER_NAMES[1], comment="Aprobado sin observaciones.")
        found = messages(verify(store), None)
        assert any(f"by {REVIEWER_NAMES[1]}" in m and "does not match" in m for m in found), found
        cli_verify_names(store, "the signature does not match", version=None)

    def test_a_signoffs_name_changed(self, stage: Callable[[str], Flow]) -> None:
        store = stage("published-keys").store
        retouched_signoff(store, REVIEWER_NAMES[1], name="Nombre Inventado")
        found = messages(verify(store), None)
        assert any("by Nombre Inventado" in m and "not trusted for Nombre Inventado" in m for m in found), found
        cli_verify_names(store, "by Nombre Inventado", version=None)

    def test_a_signoffs_role_changed(self, stage: Callable[[str], Flow]) -> None:
        # Rosa's key is trusted for two roles; her review is rewritten from one to the other.
        flow = stage("draft")
        store = flow.store
        flow.register_keys()
        pem = new_private_key()
        flow.trust_key(pem, REVIEWER_NAMES[0], REVIEWERS[:2])
        flow.keys[REVIEWER_NAMES[0]] = load_private_key(pem, "rosa.pem")
        flow.through_authorization()
        flow.publish()
        assert verify(store) == []
        retouched_signoff(store, REVIEWER_NAMES[0], role=REVIEWERS[1])
        problems = verify(store)
        assert any("does not match" in p.message for p in problems), problems
        code, _, err = run(store, "verify")
        assert code == 4 and "does not match" in err

    def test_a_review_signed_with_another_persons_key_is_refused(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("draft")
        flow.register_keys()
        flow.propose()
        flow.submit()
        refused(flow.store, lambda: flow.review(REVIEWER_NAMES[0], REVIEWERS[0], key=flow.keys[REVIEWER_NAMES[1]]),
                f"key of {REVIEWER_NAMES[1]}.*not trusted for {REVIEWER_NAMES[0]} as {REVIEWERS[0]}")
        code, _, err = run(flow.store, "review", CODE, "--role", REVIEWERS[0], "--approve", "--as", REVIEWER_NAMES[0])
        assert code == 5 and "unsigned, but the store has a trust root" in err

    def test_a_review_signed_with_a_key_for_another_role_is_refused(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("draft")
        flow.register_keys()
        pem = new_private_key()
        flow.trust_key(pem, REVIEWER_NAMES[0], (REVIEWERS[2],))
        flow.propose()
        flow.submit()
        refused(flow.store, lambda: flow.review(REVIEWER_NAMES[0], REVIEWERS[0], key=load_private_key(pem, "r")),
                f"not trusted for {REVIEWER_NAMES[0]} as {REVIEWERS[0]}")

    def test_an_unsigned_signoff_written_into_the_log(self, stage: Callable[[str], Flow]) -> None:
        # Plain git: Pablo's signed review is replaced by an unsigned one and the chain recomputed.
        store = stage("published-keys").store
        retouched_signoff(store, REVIEWER_NAMES[1], signature=None, key_id=None)
        found = messages(verify(store), None)
        assert any(f"by {REVIEWER_NAMES[1]}" in m and "unsigned" in m for m in found), found
        cli_verify_names(store, "unsigned, but the store has a trust root", version=None)

    def test_a_signoff_naming_an_older_trust_point_than_the_line_before(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("published-keys")
        trust = ChangeControl(flow.store).trust()
        retouched_signoff(flow.store, REVIEWER_NAMES[2], trust=trust.lines[0].hash)
        found = messages(verify(flow.store), None)
        assert any("earlier point of the trust log" in m for m in found), found

    def test_a_deleted_log_line(self, stage: Callable[[str], Flow]) -> None:
        store = stage("published").store
        lines = log_bytes(store).splitlines()
        write_log(store, b"\n".join(lines[:3] + lines[4:]) + b"\n")
        problems = verify(store)
        chain = [p.message for p in problems if p.version is None]
        assert any("a line was deleted" in m for m in chain), problems
        assert messages(problems), problems  # v6's publication no longer replays
        code, _, err = run(store, "verify")
        assert code == 4 and "does not follow the line before it" in err and f"{CODE} v6" in err

    def test_swapped_log_lines(self, stage: Callable[[str], Flow]) -> None:
        store = stage("published").store
        lines = log_bytes(store).splitlines()
        lines[2], lines[3] = lines[3], lines[2]  # two reviews
        write_log(store, b"\n".join(lines) + b"\n")
        problems = verify(store)
        assert any("a line was deleted or moved" in p.message for p in problems), problems
        assert any("does not follow the line before it" in p.message for p in problems), problems
        code, _, err = run(store, "verify")
        assert code == 4 and "does not follow the line before it" in err

    def test_a_deleted_line_with_the_chain_recomputed(self, stage: Callable[[str], Flow]) -> None:
        # The rejection of the first round is removed and every hash recomputed: the chain holds and
        # the rules still replay, but v6's tag names the hash of its publication as it was.
        store = stage("published-rejection").store
        events = [e for e in events_of(store) if not (e.type == "signed" and e.signoff.decision == "rejected")]
        write_log(store, rechained(events))
        state = ChangeControl(store).log(CODE)
        assert state.problems == [] and 6 in state.workflow.published
        found = messages(verify(store))
        assert any("does not name its entry in the log" in m for m in found), found
        cli_verify_names(store, "does not name its entry in the log")

    def test_the_log_removed(self, stage: Callable[[str], Flow]) -> None:
        store = stage("published").store
        store.git.run("update-ref", "-d", workflow_ref(CODE))
        found = messages(verify(store))
        assert any("the log has no entry for this version" in m for m in found), found
        assert git_children() == []

    def test_the_trusted_keys(self, stage: Callable[[str], Flow]) -> None:
        flow = stage("published-keys")
        keys = flow.control.trusted_keys()
        assert {k.person for k in keys} == {PREPARER, *REVIEWER_NAMES, AUTHORIZER_NAME}
        assert all(isinstance(k, Key) for k in keys)
        assert flow.store.git.run("rev-parse", "--verify", TRUST_REF).returncode == 0
        code, out, _ = run(flow.store, "keys", "list", "--json")
        assert code == 0 and len(json.loads(out)["keys"]) == 5 and len(json.loads(out)["admins"]) == 1


# 8. The rules under random sequences of actions -------------------------------------------------

PEOPLE = (PREPARER, *REVIEWER_NAMES, AUTHORIZER_NAME)


@dataclass
class ShadowRequest:
    """What the test expects of the open request: preparer, state, this round's sign-offs."""

    preparer: str
    state: str = "draft"
    round: list[tuple[str, str, str, str, int]] = field(default_factory=list)  # name, role, meaning, decision, edit
    submitted: int = -1  # the edit the preparer last submitted: nobody signs any other text

    def conflicts(self, name: str, role: str) -> bool:
        return any(n == name and r != role for n, r, _, _, _ in self.round)

    def approved(self, role: str, meaning: str, edit: int) -> bool:
        return any(r == role and m == meaning and d == "approved" and e == edit for _, r, m, d, e in self.round)


class WorkflowMachine(RuleBasedStateMachine):
    """Random actions on one manual: the store accepts exactly what the rules allow."""

    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="docversion-workflow-"))
        self.store = Store.init(self.directory / "store.git", is_bare=True)
        self.store.record(SEED, author=AUTHOR, is_historical=True)
        self.control = ChangeControl(self.store)
        self.clock = 0
        self.edits = 0
        self.latest = 5
        self.has_draft = False
        self.request: ShadowRequest | None = None
        self.verified = 5
        self._record()

    def teardown(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def _now(self) -> datetime:
        self.clock += 1
        return T0 + timedelta(minutes=self.clock)

    def _record(self, position: int = 0) -> None:
        self.edits += 1
        head = self.store.refs(CODE).head
        assert head is not None
        manual = self.store.load_commit(CODE, head, f"{CODE}@head")
        self.store.record(with_objective(manual, position, f"Objetivo revisado número {self.edits}."), author=AUTHOR)
        self.has_draft = True

    def _attempt(self, allowed: bool, action: Callable[[], Any]) -> bool:
        before = all_refs(self.store)
        try:
            action()
        except WorkflowError as error:
            assert not allowed, f"refused an action the rules allow: {error}"
            assert all_refs(self.store) == before, "a refusal moved a ref"
            return False
        assert allowed, "accepted an action the rules refuse"
        return True

    def _sign(self, name: str, role: str | None, meaning: Any, approve: bool) -> None:
        self.control.sign(CODE, name=name, role=role, meaning=meaning, decision="approved" if approve else "rejected",
                          comment="" if approve else "No procede.", now=self._now(), author=AUTHOR)

    @rule(position=st.integers(0, 2))
    def record_draft(self, position: int) -> None:
        self._record(position)

    @rule(preparer=st.sampled_from(PEOPLE), sentences=st.sampled_from([(), ("Actualización del objetivo.",)]))
    def propose(self, preparer: str, sentences: tuple[str, ...]) -> None:
        allowed = self.request is None and self.has_draft
        if self._attempt(allowed, lambda: self.control.propose(
                CODE, preparer=preparer, label=LABEL, sentences=sentences, now=self._now(), author=AUTHOR,
                in_force=IN_FORCE + timedelta(days=self.latest), today=TODAY)):
            self.request = ShadowRequest(preparer)

    @rule(name=st.sampled_from(PEOPLE))
    def submit(self, name: str) -> None:
        request = self.request
        allowed = request is not None and name == request.preparer
        if self._attempt(allowed, lambda: self._sign(name, None, "prepared", True)):
            assert request is not None
            request.state, request.round, request.submitted = "in_review", [], self.edits

    @rule(index=st.integers(0, len(REVIEWERS)), name=st.sampled_from((None, *PEOPLE)), approve=st.booleans())
    def review(self, index: int, name: str | None, approve: bool) -> None:
        role = (*REVIEWERS, FOREIGN_ROLE)[index]
        person = name or (REVIEWER_NAMES[index] if index < len(REVIEWER_NAMES) else PREPARER)
        request = self.request
        allowed = (request is not None and request.state == "in_review" and person != request.preparer
                   and request.submitted == self.edits and role in REVIEWERS and not request.conflicts(person, role))
        if self._attempt(allowed, lambda: self._sign(person, role, "reviewed", approve)):
            assert request is not None
            request.round.append((person, role, "reviewed", "approved" if approve else "rejected", self.edits))
            if not approve:
                request.state = "draft"

    @rule(name=st.sampled_from((None, *PEOPLE)), approve=st.booleans())
    def authorize(self, name: str | None, approve: bool) -> None:
        person = name or AUTHORIZER_NAME
        request = self.request
        allowed = (request is not None and request.state == "in_review" and person != request.preparer
                   and request.submitted == self.edits and not request.conflicts(person, AUTHORIZER)
                   and (not approve or all(request.approved(r, "reviewed", self.edits) for r in REVIEWERS)))
        if self._attempt(allowed, lambda: self._sign(person, None, "authorized", approve)):
            assert request is not None
            request.round.append((person, AUTHORIZER, "authorized", "approved" if approve else "rejected",
                                  self.edits))
            request.state = "authorized" if approve else "draft"

    @rule(name=st.sampled_from(PEOPLE))
    def publish(self, name: str) -> None:
        request = self.request
        allowed = (request is not None and request.state == "authorized"
                   and all(request.approved(r, "reviewed", self.edits) for r in REVIEWERS)
                   and request.approved(AUTHORIZER, "authorized", self.edits))
        if self._attempt(allowed, lambda: self.control.publish(CODE, name=name, now=self._now(), author=AUTHOR,
                                                               today=TODAY)):
            self.latest += 1
            with contextlib.suppress(InvalidArgument):  # outside a Hypothesis run
                event(f"published up to v{self.latest}")
            self.has_draft = False
            self.request = None

    @rule(name=st.sampled_from(PEOPLE))
    def withdraw(self, name: str) -> None:
        allowed = self.request is not None
        if self._attempt(allowed, lambda: self.control.withdraw(CODE, name=name, reason="Ya no procede.",
                                                                now=self._now(), author=AUTHOR)):
            self.request = None

    @rule(steps=st.integers(1, 7))
    def advance(self, steps: int) -> None:
        """The next step of the ordinary path (so that random runs reach publication), ``steps`` times."""
        for _ in range(steps):
            self._next_step()

    def _next_step(self) -> None:
        request = self.request
        if request is None:
            if self.has_draft:
                self.propose(PREPARER, ())
            else:
                self.record_draft(0)
            return
        if request.state == "draft":
            self.submit(request.preparer)
            return
        if request.state == "authorized":
            if request.approved(AUTHORIZER, "authorized", self.edits):
                self.publish(AUTHORIZER_NAME)
            else:
                self.submit(request.preparer)  # stale: a new round
            return
        if request.submitted != self.edits:
            self.submit(request.preparer)  # the draft changed: the preparer submits it again
            return
        waiting = [i for i, r in enumerate(REVIEWERS) if not request.approved(r, "reviewed", self.edits)]
        role = REVIEWERS[waiting[0]] if waiting else AUTHORIZER
        preferred = REVIEWER_NAMES[waiting[0]] if waiting else AUTHORIZER_NAME
        free = [p for p in (preferred, *PEOPLE) if p != request.preparer and not request.conflicts(p, role)]
        if not free:
            self.submit(request.preparer)  # nobody left who may sign this role in this round
        elif waiting:
            self.review(waiting[0], free[0], True)
        else:
            self.authorize(free[0], True)

    @invariant()
    def versions_run_without_gaps(self) -> None:
        refs = self.store.refs(CODE)
        assert [v.version for v in refs.versions] == list(range(5, self.latest + 1))
        assert refs.has_open_draft == self.has_draft

    @invariant()
    def nothing_publishes_without_its_signoffs(self) -> None:
        state = self.control.log(CODE)
        assert state.problems == []
        assert sorted(state.workflow.published) == list(range(6, self.latest + 1))
        for _, published in state.workflow.published.values():
            request = state.workflow.requests[published.request]
            signoffs = [s for s in request.current(published.digest)
                        if s.decision == "approved" and s.meaning != "prepared"]
            assert {s.role for s in signoffs if s.meaning == "reviewed"} == set(REVIEWERS)
            assert any(s.role == AUTHORIZER and s.meaning == "authorized" for s in signoffs)
            assert request.preparer not in {s.name for s in signoffs}
            roles_by_name: dict[str, set[str]] = {}
            for signoff in signoffs:
                roles_by_name.setdefault(signoff.name, set()).add(signoff.role)
            assert all(len(roles) == 1 for roles in roles_by_name.values())

    @invariant()
    def every_published_version_verifies(self) -> None:
        if self.latest == self.verified:  # the slow checks run whenever a version appears
            return
        assert verify(self.store, CODE) == []
        request, signoffs = version_signoffs(self.control, CODE, self.latest)
        assert request is not None
        # Every reviewing role and the authorizing one signed (a role may approve twice in a round).
        assert len({(s.role, s.meaning) for s in signoffs if s.meaning != "prepared"}) == len(REVIEWERS) + 1
        manual = self.store.load(CODE, LATEST)
        assert manual.cover.version == self.latest and manual.revisions[-1].version == self.latest
        assert manual.revisions[-1].prepared_by == request.preparer
        assert [r.version for r in manual.revisions] == list(range(1, self.latest + 1))
        self.verified = self.latest


class TestWorkflowMachine(WorkflowMachine.TestCase):  # type: ignore[misc,valid-type]
    """Random sequences of workflow actions never publish without sign-offs and always verify."""

    settings = settings(max_examples=6, stateful_step_count=20, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow])


def test_the_machine_can_publish() -> None:
    """The machine's ordinary path reaches two publications (so its invariants are not vacuous)."""
    machine = WorkflowMachine()
    try:
        for _ in range(40):
            if machine.latest == 7:
                break
            machine.advance(1)
            machine.versions_run_without_gaps()
            machine.nothing_publishes_without_its_signoffs()
            machine.every_published_version_verifies()
        assert machine.latest == 7
        assert verify(machine.store) == []
        assert manual_ref(CODE) in all_refs(machine.store)
    finally:
        machine.teardown()
