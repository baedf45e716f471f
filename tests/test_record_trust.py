"""The record cannot be silently wrong: each way a user or an adversary fooled it, through the
command line and plain git, now refused at once or named by ``verify`` (exit 4).

Every test starts from a store holding the seed as historical version 5 (in force since
2018-01-02) and drives ``docversion`` as a user would, in this process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from docversion.files import write_manual_dir
from docversion.model import Manual
from tests.conftest import SEED_PATH, with_objective
from tests.record_cli import AUTHORIZER, CODE, LABEL, PEOPLE, PREPARER, REVIEWERS, SEED, dv, ok, refs


def refused(store: Path, exit_code: int, *args: str) -> str:
    """The command exits ``exit_code`` and no ref of the store moves; returns stderr."""
    before = refs(store)
    code, _, err = dv(store, *args)
    assert code == exit_code, (args, code, err)
    assert refs(store) == before, f"{args} moved a ref"
    return err


def draft_dir(tmp_path: Path, manual: Manual, name: str = "draft") -> Path:
    write_manual_dir(manual, tmp_path / name)
    return tmp_path / name


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The seed as version 5 and a draft that edits the first objective; no trust root."""
    path = tmp_path / "store.git"
    ok(None, "init", "--bare", str(path))
    ok(path, "import", "--historical", str(SEED_PATH))
    ok(path, "import", str(draft_dir(tmp_path, with_objective(SEED, 0, "Objetivo revisado del puesto."))))
    return path


def sign_all(store: Path, keys: dict[str, Path] | None = None) -> None:
    """Submit, every review, the authorization: each person with their key when given."""
    def key(name: str) -> list[str]:
        return ["--key", str(keys[name])] if keys else []

    ok(store, "submit", CODE, "--as", PREPARER, *key(PREPARER))
    for name, role in PEOPLE[1:4]:
        ok(store, "review", CODE, "--role", role, "--approve", "--as", name, *key(name))
    ok(store, "authorize", CODE, "--as", PEOPLE[4][0], *key(PEOPLE[4][0]))


@pytest.fixture
def rooted(tmp_path: Path, store: Path) -> tuple[Path, Path, dict[str, Path]]:
    """The store with a trust root (Ana administers it) and a key for each person in their role."""
    admin = tmp_path / "admin.pem"
    ok(None, "keys", "generate", "-o", str(admin))
    ok(store, "trust", "init", "--admin-key", str(admin), "--admin", "Ana Administradora")
    keys = {}
    for name, role in PEOPLE:
        keys[name] = tmp_path / f"{name.split()[0].lower()}.pem"
        ok(None, "keys", "generate", "-o", str(keys[name]))
        ok(store, "keys", "add", str(keys[name]), "--person", name, "--role", role, "--admin-key", str(admin))
    return store, admin, keys


def verify_fails(store: Path, *fragments: str) -> str:
    code, out, err = dv(store, "verify", "--json")
    assert code == 4, err
    messages = [p["message"] for p in json.loads(out)["problems"]]
    for fragment in fragments:
        assert any(fragment in m for m in messages), (fragment, messages)
    return err


class TestInForceDates:
    def test_a_typo_before_the_version_in_force_is_refused(self, store: Path) -> None:
        err = refused(store, 5, "propose", CODE, "--as", PREPARER, "--in-force", "2017-01-01")
        assert "not after that of the version in force before it (2018-01-02)" in err and "--in-force" in err

    def test_ten_years_ahead_is_refused_as_a_typo(self, store: Path) -> None:
        err = refused(store, 5, "propose", CODE, "--as", PREPARER, "--in-force", "2207-01-01")
        assert "more than 10 years ahead" in err

    def test_the_draft_cover_date_is_signed_and_published(self, tmp_path: Path, store: Path) -> None:
        data = with_objective(SEED, 0, "Objetivo con vigencia.").model_dump()
        data["cover"]["in_force"] = "2027-03-15"
        ok(store, "import", str(draft_dir(tmp_path, Manual.model_validate(data), "dated")))
        err = ok(store, "propose", CODE, "--as", PREPARER)
        assert "version 6 in force from 2027-03-15" in err
        sign_all(store)
        refused(store, 5, "publish", CODE, "--as", PEOPLE[4][0], "--in-force", "2026-12-01")
        ok(store, "publish", CODE, "--as", PEOPLE[4][0])
        _, out, _ = dv(store, "list", "--json")
        assert json.loads(out)["manuals"][0]["latest"]["in_force"] == "2027-03-15"
        _, out, _ = dv(store, "show", CODE, "--as-of", "2018-06-01", "--json")
        assert json.loads(out)["version"]["version"] == 5
        ok(store, "verify")

    def test_a_past_date_is_allowed_with_a_warning(self, store: Path) -> None:
        err = ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2019-01-01")
        assert "before today: the version applies retroactively" in err


class TestRowsAndMarks:
    def test_a_find_replace_over_an_old_row_is_undone(self, tmp_path: Path, store: Path) -> None:
        data = with_objective(SEED, 0, "Objetivo nuevo.").model_dump()
        data["revisions"][1]["changes"] = [c.replace("Área de Servicios en Línea", "Área de Canales Digitales")
                                           for c in data["revisions"][1]["changes"]]
        err = ok(store, "import", str(draft_dir(tmp_path, Manual.model_validate(data), "replaced")))
        assert "row 02 differs from the record" in err and "'Servicios en Línea' -> 'Canales Digitales'" in err
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        sign_all(store)
        ok(store, "publish", CODE, "--as", PEOPLE[4][0])
        _, v5, _ = dv(store, "table", f"{CODE}@v5", "--json")
        _, v6, _ = dv(store, "table", f"{CODE}@v6", "--json")
        assert json.loads(v6)["rows"][:5] == json.loads(v5)["rows"]
        ok(store, "verify")

    def test_an_edited_export_keeps_only_this_versions_marks(self, tmp_path: Path, store: Path) -> None:
        # v5 as exported carries v5's underlines; the analyst edits one objective and imports it.
        assert sum(len(p.marked) for p in SEED.positions) + len(SEED.marked) > 0
        edited = with_objective(SEED, 1, "Promover y divulgar los servicios en línea de la Institución.")
        err = ok(store, "import", str(draft_dir(tmp_path, edited, "export")))
        assert "revision mark(s) the document carries are not changes of this version: dropped" in err
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        sign_all(store)
        ok(store, "publish", CODE, "--as", PEOPLE[4][0])
        _, out, _ = dv(store, "show", f"{CODE}@v6", "--json")
        manual = json.loads(out)["manual"]
        marks = [(p["id"], m["path"]) for p in manual["positions"] for m in p["marked"]] + \
            [(None, m["path"]) for m in manual["marked"]]
        assert set(marks) == {(SEED.positions[1].id, "objective")}, marks
        ok(store, "verify")


class TestTrustRoot:
    def test_unsigned_signoffs_of_invented_names_are_refused(self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        store, _, _ = rooted
        ok(store, "propose", CODE, "--as", "Nombre Inventado", "--in-force", "2027-01-04")
        err = refused(store, 5, "submit", CODE, "--as", "Nombre Inventado")
        assert "unsigned, but the store has a trust root" in err

    def test_signing_with_someone_elses_key_is_refused(self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        store, _, keys = rooted
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        ok(store, "submit", CODE, "--as", PREPARER, "--key", str(keys[PREPARER]))
        err = refused(store, 5, "review", CODE, "--role", REVIEWERS[0], "--approve", "--as", "Amigo",
                      "--key", str(keys["Rosa Méndez"]))
        assert "not trusted for Amigo" in err

    def test_only_an_administrator_registers_keys_or_sets_policy(
            self, tmp_path: Path, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        store, _, keys = rooted
        mine = tmp_path / "mine.pem"
        ok(None, "keys", "generate", "-o", str(mine))
        refused(store, 2, "keys", "add", str(mine), "--person", "Amigo", "--role", AUTHORIZER)
        err = refused(store, 5, "keys", "add", str(mine), "--person", "Amigo", "--role", AUTHORIZER,
                      "--admin-key", str(mine))
        assert "no administrator's" in err
        err = refused(store, 5, "policy", CODE, "--reviewer", "Amigo", "--authorizer", "Jefe Amigo",
                      "--admin-key", str(keys[PREPARER]))
        assert "no administrator's" in err

    def test_the_whole_path_signed_verifies(self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        store, _, keys = rooted
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        sign_all(store, keys)
        ok(store, "publish", CODE, "--as", PEOPLE[4][0])
        err = ok(store, "verify")
        assert "not proven" not in err
        _, out, _ = dv(store, "signoffs", f"{CODE}@v6", "--json")
        assert all(s["signature"] and s["trust"] for s in json.loads(out)["signoffs"])

    def test_a_revoked_key_signs_no_more(self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        store, admin, keys = rooted
        _, out, _ = dv(store, "keys", "list", "--json")
        rosa = next(k["key_id"] for k in json.loads(out)["keys"] if k["person"] == "Rosa Méndez")
        ok(store, "keys", "revoke", rosa, "--reason", "Dejó la institución.", "--admin-key", str(admin))
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        ok(store, "submit", CODE, "--as", PREPARER, "--key", str(keys[PREPARER]))
        err = refused(store, 5, "review", CODE, "--role", REVIEWERS[0], "--approve", "--as", "Rosa Méndez",
                      "--key", str(keys["Rosa Méndez"]))
        assert "does not trust at that point" in err

    def test_without_a_trust_root_identities_are_not_proven(self, store: Path, tmp_path: Path) -> None:
        key = tmp_path / "k.pem"
        ok(None, "keys", "generate", "-o", str(key))
        refused(store, 5, "trust", "add-admin", str(key), "--person", "X", "--admin-key", str(key))
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        refused(store, 5, "submit", CODE, "--as", PREPARER, "--key", str(key))
        sign_all(store)
        ok(store, "publish", CODE, "--as", PEOPLE[4][0])
        assert "identities are recorded, not proven" in ok(store, "verify")
        _, out, _ = dv(store, "status", "--json")
        assert json.loads(out)["requests"] == []


    def test_a_signoff_backdated_before_its_keys_registration_is_named(
            self, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        # Plain git: Rosa's review is given a claimed time of 2010 and the trust point of the
        # root's first line, before her key was registered, and the chain is recomputed. The log's
        # order decides: at that point her key is not trusted, and she signed after later lines.
        from docversion.store import Store
        from docversion.store.logs import LOG_FILE, workflow_ref
        from docversion.workflow.events import append, dump_log, parse_log

        store, _, keys = rooted
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        sign_all(store, keys)
        ok(store, "publish", CODE, "--as", PEOPLE[4][0])
        ok(store, "verify")
        git = Store.open(store).git
        _, out, _ = dv(store, "trust", "log", "--json")
        genesis = json.loads(out)["lines"][0]["hash"]
        lines, _ = parse_log(git.run("cat-file", "blob", f"{workflow_ref(CODE)}:{LOG_FILE}").stdout)
        events = [line.event for line in lines]
        index = next(i for i, e in enumerate(events) if e.type == "signed" and e.signoff.name == "Rosa Méndez")
        from datetime import UTC, datetime

        backdated = events[index].signoff.model_copy(update={"trust": genesis,
                                                             "time": datetime(2010, 1, 4, tzinfo=UTC)})
        events[index] = events[index].model_copy(update={"signoff": backdated})
        rebuilt: list = []
        for item in events:
            rebuilt.append(append(rebuilt, item))
        blob = git.text("hash-object", "-w", "--stdin", data=dump_log(rebuilt))
        tree = git.text("mktree", data=f"100644 blob {blob}\t{LOG_FILE}\n".encode())
        git.run("update-ref", workflow_ref(CODE), git.text("commit-tree", tree, "-m", "backdated"))
        err = verify_fails(store, "does not trust at that point")
        assert "Rosa Méndez" in err


class TestPull:
    def test_a_copy_that_made_its_own_trust_root_is_refused(
            self, tmp_path: Path, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        store, _, _ = rooted
        copy = tmp_path / "copy.git"
        shutil.copytree(store, copy)
        # The copy's holder throws the trust log away and makes one of their own, with their own keys.
        subprocess.run(["git", "--git-dir", str(copy), "update-ref", "-d", "refs/docversion/trust/log"], check=True)
        rogue = tmp_path / "rogue.pem"
        ok(None, "keys", "generate", "-o", str(rogue))
        ok(copy, "trust", "init", "--admin-key", str(rogue), "--admin", "Intruso")
        ok(copy, "keys", "add", str(rogue), "--person", PREPARER, "--role", LABEL, "--admin-key", str(rogue))
        err = refused(store, 4, "pull", str(copy))
        assert "trust log does not extend ours" in err

    def test_a_remote_log_with_an_untrusted_signoff_is_refused(
            self, tmp_path: Path, rooted: tuple[Path, Path, dict[str, Path]]) -> None:
        store, _, keys = rooted
        copy = tmp_path / "copy.git"
        shutil.copytree(store, copy)
        ok(copy, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        ok(copy, "submit", CODE, "--as", PREPARER, "--key", str(keys[PREPARER]))
        # Plain git in the copy: the submission's signature is dropped and the chain recomputed.
        from docversion.store import Store
        from docversion.store.logs import LOG_FILE, workflow_ref
        from docversion.workflow.events import append, dump_log, parse_log

        git = Store.open(copy).git
        lines, _ = parse_log(git.run("cat-file", "blob", f"{workflow_ref(CODE)}:{LOG_FILE}").stdout)
        events = [line.event for line in lines]
        signed = events[-1]
        events[-1] = signed.model_copy(update={"signoff": signed.signoff.model_copy(
            update={"signature": None, "key_id": None})})
        rebuilt: list = []
        for item in events:
            rebuilt.append(append(rebuilt, item))
        blob = git.text("hash-object", "-w", "--stdin", data=dump_log(rebuilt))
        tree = git.text("mktree", data=f"100644 blob {blob}\t{LOG_FILE}\n".encode())
        old = git.text("rev-parse", workflow_ref(CODE))
        commit = git.text("commit-tree", tree, "-p", old, "-m", "rewritten")
        git.run("update-ref", workflow_ref(CODE), commit)
        err = refused(store, 4, "pull", str(copy))
        assert "unsigned" in err and "nothing was taken" in err


    def test_a_version_tag_made_by_hand_on_the_remote_is_refused(self, tmp_path: Path, store: Path) -> None:
        from docversion.store import Store

        copy = tmp_path / "copy.git"
        shutil.copytree(store, copy)
        git = Store.open(copy).git
        draft = git.text("rev-parse", "refs/heads/manuals/900-0935")
        tag = git.text("mktag", data=(f"object {draft}\ntype commit\ntag 900-0935/v6\ntagger X <x@example.org> 0 +0000"
                                      "\n\n900-0935 version 06\n\nDocversion-Code: 900-0935\nDocversion-Version: 6\n"
                                      "Docversion-In-Force: 2027-01-04\nDocversion-Imported: no\n"
                                      f"Docversion-Log: {'0' * 64}\n").encode())
        git.run("update-ref", "refs/tags/900-0935/v6", tag)
        err = refused(store, 4, "pull", str(copy))
        assert "v6 names no entry of its log" in err


class TestHistoricalImports:
    def test_refused_after_change_control_began(self, tmp_path: Path, store: Path) -> None:
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        sign_all(store)
        ok(store, "publish", CODE, "--as", PEOPLE[4][0])
        text = SEED_PATH.read_text(encoding="utf-8").replace("Versión: 05", "Versión: 07", 1)
        assert "Versión: 07" in text
        forged = tmp_path / "v7.txt"
        forged.write_text(text, encoding="utf-8")
        refused(store, 5, "import", "--historical", str(forged))

    def test_an_imported_tag_moved_onto_other_content_is_named(self, tmp_path: Path, store: Path) -> None:
        from docversion.store import Store

        git = Store.open(store).git
        draft = git.text("rev-parse", "refs/heads/manuals/900-0935")
        tag = git.text("cat-file", "tag", "refs/tags/900-0935/v5")
        body = tag.split("\n", 1)[1]
        moved = git.text("mktag", data=f"object {draft}\n{body}\n".encode())
        git.run("update-ref", "refs/tags/900-0935/v5", moved)
        verify_fails(store, "not at")

    def test_a_tag_remade_with_another_in_force_date_is_named(self, store: Path) -> None:
        from docversion.store import Store

        git = Store.open(store).git
        tag = git.text("cat-file", "tag", "refs/tags/900-0935/v5")
        remade = git.text("mktag", data=(tag.replace("Docversion-In-Force: 2018-01-02",
                                                     "Docversion-In-Force: 2010-01-01") + "\n").encode())
        git.run("update-ref", "refs/tags/900-0935/v5", remade)
        verify_fails(store, "but the log says version 5 from 2018-01-02")


class TestTextAtTheDoor:
    @pytest.mark.parametrize("bad", ["Actualización\x07", "Primera línea\nsegunda", "Nombre \u202eotneimaneN",
                                     "x" * 100_000])
    def test_bad_sentences_are_refused_naming_the_option(self, store: Path, bad: str) -> None:
        err = refused(store, 5, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04", "--sentence", bad)
        assert "--sentence" in err

    @pytest.mark.parametrize("option", ["--as", "--comment"])
    def test_bad_names_and_comments_are_refused(self, store: Path, option: str) -> None:
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        args = ["--as", PREPARER, "--comment", "ok"]
        args[args.index(option) + 1] = "Clara\u202e Arce" if option == "--as" else "ok\nmal"
        err = refused(store, 5, "submit", CODE, *args)
        assert option in err


class TestHonestStatus:
    def test_after_a_rejection_earlier_signoffs_are_void(self, store: Path) -> None:
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        ok(store, "submit", CODE, "--as", PREPARER)
        ok(store, "review", CODE, "--role", REVIEWERS[0], "--approve", "--as", "Rosa Méndez")
        ok(store, "review", CODE, "--role", REVIEWERS[1], "--reject", "--as", "Pablo Quintanilla",
           "--comment", "Revise el objetivo.")
        _, out, _ = dv(store, "status", "--json")
        [request] = json.loads(out)["requests"]
        assert request["signoffs"] == []
        assert [s["name"] for s in request["voided"]] == [PREPARER, "Rosa Méndez", "Pablo Quintanilla"]
        assert request["missing"] == [f"{LABEL} ({PREPARER})", *REVIEWERS, AUTHORIZER]
        assert request["reason"] == "Revise el objetivo."

    def test_importing_over_a_request_under_review_needs_replace(self, tmp_path: Path, store: Path) -> None:
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        ok(store, "submit", CODE, "--as", PREPARER)
        ok(store, "review", CODE, "--role", REVIEWERS[0], "--approve", "--as", "Rosa Méndez")
        other = draft_dir(tmp_path, with_objective(SEED, 0, "Otro objetivo."), "other")
        err = refused(store, 5, "import", str(other))
        assert "--replace" in err and "Rosa Méndez" in err
        err = ok(store, "import", "--replace", str(other))
        assert "the sign-offs of Clara Arce (Elaborado por), Rosa Méndez" in err and "stale" in err

    def test_withdraw_records_its_reason(self, store: Path) -> None:
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        refused(store, 2, "withdraw", CODE, "--as", PREPARER)
        ok(store, "withdraw", CODE, "--as", PREPARER, "--reason", "Se reemplaza por otra propuesta.")


class TestConsistency:
    def test_a_rename_left_in_direct_reports_blocks_submit(self, tmp_path: Path, store: Path) -> None:
        jefe, promotor = SEED.positions[0], SEED.positions[1]
        assert promotor.title in jefe.direct_reports
        data = SEED.model_dump()
        data["positions"][1]["title"] = "Promotor Regional de Servicios en Línea"
        ok(store, "import", "--replace", str(draft_dir(tmp_path, Manual.model_validate(data), "renamed")))
        _, _, err = dv(store, "diff", CODE, "v5", "draft")
        assert "error: " in err and promotor.title in err
        code, _, _ = dv(store, "lint", CODE)
        assert code == 5
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        err = refused(store, 5, "submit", CODE, "--as", PREPARER)
        assert "not consistent" in err and "direct_reports" in err


class TestRollForward:
    """The log is the record: a version whose tag is gone (and whose branch fell behind) is made to
    follow it again by ``doctor --repair``; nothing else changes."""

    @pytest.mark.parametrize("version", [5, 6])
    def test_a_lost_tag_is_made_again_from_the_log(self, store: Path, version: int) -> None:
        from docversion.store import Store

        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2027-01-04")
        sign_all(store)
        ok(store, "publish", CODE, "--as", PEOPLE[4][0])
        git = Store.open(store).git
        before = refs(store)
        tag = f"refs/tags/{CODE}/v{version}"
        draft = git.text("rev-parse", f"refs/tags/{CODE}/v6^{{commit}}^")
        git.run("update-ref", "-d", tag)
        if version == 6:
            git.run("update-ref", f"refs/heads/manuals/{CODE}", draft)  # the branch fell behind too
        code, _, err = dv(store, "doctor")
        assert code == 1 and f"the log records {CODE} v{version} but there is no tag for it" in err
        ok(store, "doctor", "--repair")
        ok(store, "verify")
        after = refs(store)
        if version == 5:  # an imported version's tag is made again byte for byte
            assert after == before
        else:
            assert [line.split()[-1] for line in after] == [line.split()[-1] for line in before]
