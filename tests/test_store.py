"""The store: record, list, load and log round trips, ids across imports, names that never reach git."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from docversion.cli import cli
from docversion.errors import ConflictError, DocversionError, InvalidInputError
from docversion.files import read_document
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from docversion.store import DRAFT, LATEST, Identity, Store, parse_revision, parse_target
from docversion.store.refs import Revision, validate_code
from tests.conftest import AUTHOR, HISTORY, SEED_PATH, git_children, with_objective


def git(store: Store, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(store.git_dir), *args], capture_output=True,
                          text=True, check=True).stdout.strip()


def refs(store: Store) -> list[str]:
    return git(store, "for-each-ref", "--format=%(refname)").splitlines()


def history_manual(version: int) -> Manual:
    path = HISTORY / f"v{version}.txt"
    return read_seed_text(path.read_bytes(), str(path)).manual


class TestInit:
    """init makes a repository with the store's durability settings, bare or not."""

    @pytest.mark.parametrize("is_bare", [True, False])
    def test_settings(self, tmp_path: Path, is_bare: bool) -> None:
        store = Store.init(tmp_path / "s", is_bare=is_bare)
        assert git(store, "config", "core.fsync") == "objects,reference,index"
        assert git(store, "config", "core.logAllRefUpdates") == "always"
        assert git(store, "rev-parse", "--is-bare-repository") == str(is_bare).lower()
        assert Store.open(tmp_path / "s").git_dir == store.git_dir

    def test_gc_is_quiet_about_version_tags(self, store: Store, seed_manual: Manual) -> None:
        """Ref logs of annotated tags are kept, so git gc has no "not a commit" errors to print."""
        store.record(seed_manual, author=AUTHOR, is_historical=True)
        done = subprocess.run(["git", "--git-dir", str(store.git_dir), "gc", "--quiet"], capture_output=True,
                              text=True, check=True)
        assert done.stderr == ""

    def test_open_finds_the_repository_around_a_directory(self, tmp_path: Path) -> None:
        store = Store.init(tmp_path / "s")
        (tmp_path / "s" / "sub").mkdir()
        assert Store.open(tmp_path / "s" / "sub").git_dir == store.git_dir

    def test_no_store_is_a_clear_error(self, tmp_path: Path) -> None:
        with pytest.raises(DocversionError, match="docversion init"):
            Store.open(tmp_path)


class TestRecordAndLoad:
    """A recorded manual loads back equal, at every revision that names it."""

    def test_draft_round_trip(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR)
        assert (recorded.code, recorded.version, recorded.is_unchanged) == ("900-0935", None, False)
        assert store.load("900-0935", DRAFT) == seed_manual
        assert refs(store) == ["refs/heads/manuals/900-0935"]
        with pytest.raises(DocversionError, match="no published version"):
            store.load("900-0935", LATEST)

    def test_historical_version_is_an_annotated_tag(self, store: Store, seed_manual: Manual) -> None:
        recorded = store.record(seed_manual, author=AUTHOR, is_historical=True, source="seed.txt")
        assert recorded.version == 5
        assert git(store, "cat-file", "-t", "refs/tags/900-0935/v5") == "tag"
        assert git(store, "rev-parse", "refs/tags/900-0935/v5^{commit}") == recorded.commit
        message = git(store, "cat-file", "-p", "refs/tags/900-0935/v5")
        assert "Docversion-Imported: yes" in message and "Docversion-In-Force: 2018-01-02" in message
        for revision in ("5", "v5", "05", "latest", "2018-01-02", "2026-01-01"):
            assert store.load("900-0935", parse_revision(revision)) == seed_manual
        with pytest.raises(DocversionError, match="no version of manual 900-0935 was in force"):
            store.load("900-0935", parse_revision("2017-12-31"))
        with pytest.raises(DocversionError, match="no open draft"):
            store.load("900-0935", DRAFT)

    def test_recording_the_same_content_again_changes_nothing(self, store: Store, seed_manual: Manual) -> None:
        first = store.record(seed_manual, author=AUTHOR, is_historical=True)
        before = git(store, "rev-parse", "refs/heads/manuals/900-0935")
        for is_historical in (True, False):
            again = store.record(seed_manual, author=AUTHOR, is_historical=is_historical)
            assert again.is_unchanged and again.commit == first.commit
        assert git(store, "rev-parse", "refs/heads/manuals/900-0935") == before

    def test_a_draft_then_its_publication_as_imported(self, store: Store, seed_manual: Manual) -> None:
        draft = store.record(seed_manual, author=AUTHOR)
        published = store.record(seed_manual, author=AUTHOR, is_historical=True)
        assert published.commit == draft.commit and published.version == 5
        assert [e.kind for e in store.log("900-0935")] == ["version"]

    def test_a_published_version_never_changes(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR, is_historical=True)
        tag = git(store, "rev-parse", "refs/tags/900-0935/v5")
        with pytest.raises(ConflictError, match="already published with other content"):
            store.record(with_objective(seed_manual, 0, "Otro objetivo."), author=AUTHOR, is_historical=True)
        assert git(store, "rev-parse", "refs/tags/900-0935/v5") == tag

    def test_historical_needs_the_versions_row(self, store: Store, seed_manual: Manual) -> None:
        data = seed_manual.model_dump()
        data["revisions"] = data["revisions"][:4]
        data["marked"] = [m for m in data["marked"] if not m["path"].startswith("revisions.4")]
        with pytest.raises(InvalidInputError, match="no row for it") as caught:
            store.record(Manual.model_validate(data), author=AUTHOR, is_historical=True)
        assert caught.value.field == "revisions"
        assert refs(store) == []

    def test_historical_versions_go_in_order(self, store: Store) -> None:
        store.record(history_manual(3), author=AUTHOR, is_historical=True, has_ids=False)
        with pytest.raises(InvalidInputError, match="older than the latest published version 3"):
            store.record(history_manual(2), author=AUTHOR, is_historical=True, has_ids=False)

    def test_the_illustrative_history(self, store: Store) -> None:
        for version in range(1, 6):
            recorded = store.record(history_manual(version), author=AUTHOR, is_historical=True, has_ids=False)
            assert recorded.version == version
        log = store.log("900-0935")
        assert [e.version.version for e in log if e.version] == [5, 4, 3, 2, 1]
        assert all(len(e.parents) == 1 for e in log[:-1]) and log[-1].parents == ()
        assert store.load("900-0935", parse_revision("2012-01-01")).cover.version == 2
        latest = store.load("900-0935", LATEST)
        # Each position keeps the id it got when first read, through every rename since.
        assert [p.id for p in latest.positions] == [
            "jefe-agencia-virtual", "analista-de-agencia-virtual", "auxiliar-de-servicios-en-linea"]
        seed = read_seed_text(SEED_PATH.read_bytes(), "seed").manual
        assert [p.model_dump(exclude={"id"}) for p in latest.positions] == [
            p.model_dump(exclude={"id"}) for p in seed.positions]
        assert latest.model_dump(exclude={"positions"}) == seed.model_dump(exclude={"positions"})


class TestIds:
    """Documents without ids take them from the previous snapshot; ids never get reused."""

    def test_unchanged_titles_keep_their_ids(self, store: Store) -> None:
        store.record(history_manual(3), author=AUTHOR, is_historical=True, has_ids=False)
        v4 = history_manual(4)
        renamed = v4.model_copy(update={"positions": tuple(
            p.model_copy(update={"id": f"x-{n}"}) for n, p in enumerate(v4.positions))})
        recorded = store.record(renamed, author=AUTHOR, has_ids=False)
        assert recorded.position_ids == tuple(p.id for p in history_manual(3).positions)

    def test_a_renamed_position_keeps_its_id(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR)
        data = seed_manual.model_dump()
        data["positions"][1]["title"] = "Promotor Principal de Servicios en Línea"
        data["positions"][1]["id"] = "promotor-principal-de-servicios-en-linea"  # the slug a text read gives
        recorded = store.record(Manual.model_validate(data), author=AUTHOR, has_ids=False)
        assert recorded.position_ids == tuple(p.id for p in seed_manual.positions)

    def test_a_new_position_never_gets_an_old_id(self, store: Store, seed_manual: Manual) -> None:
        data = seed_manual.model_dump()
        data["positions"] = data["positions"][:2]
        data["positions"][1]["id"] = "auditor"
        store.record(Manual.model_validate(data), author=AUTHOR)  # "auditor" is the Promotor's id now
        other = seed_manual.model_dump()
        other["positions"] = other["positions"][:1]
        new = {**other["positions"][0], "id": "auditor", "title": "Auditor", "objective": "Auditar.",
               "marked": [], "key_functions": [], "direct_reports": [], "direct_reports_count": 0,
               "periodic_functions": {}, "reports_to": "Presidente", "unit": "Auditoría"}
        other["positions"] = [other["positions"][0], new]
        other["marked"] = []
        recorded = store.record(Manual.model_validate(other), author=AUTHOR, has_ids=False)
        assert recorded.position_ids == (seed_manual.positions[0].id, "auditor-2")

    def test_documents_with_ids_keep_them(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR)
        data = seed_manual.model_dump()
        data["positions"][0]["id"] = "mi-id"
        recorded = store.record(Manual.model_validate(data), author=AUTHOR, has_ids=True)
        assert recorded.position_ids[0] == "mi-id"


class TestListAndLog:
    """list names each manual's latest version, the one in force and its draft; log is newest first."""

    def test_list(self, store: Store, seed_manual: Manual) -> None:
        store.record(history_manual(4), author=AUTHOR, is_historical=True, has_ids=False)
        store.record(seed_manual, author=AUTHOR, is_historical=True, has_ids=False)
        store.record(with_objective(seed_manual, 0, "Borrador."), author=AUTHOR)
        other = read_document(Path("manuals/310-0120")).manual
        store.record(other, author=AUTHOR)
        statuses = store.manuals(date(2017, 6, 1))
        assert [s.code for s in statuses] == ["310-0120", "900-0935"]
        procurement, online = statuses
        assert procurement.latest is None and procurement.has_open_draft
        assert online.latest is not None and online.latest.version == 5
        assert online.in_force is not None and online.in_force.version == 4
        assert online.has_open_draft

    def test_log_kinds_and_order(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR, is_historical=True)
        store.record(with_objective(seed_manual, 0, "Uno."), author=Identity("Otro", "otro@example.org"))
        store.record(with_objective(seed_manual, 0, "Dos."), author=AUTHOR)
        log = store.log("900-0935")
        assert [e.kind for e in log] == ["draft", "draft", "version"]
        # A version signed on paper is recorded by nobody in particular, on its in-force date.
        assert [e.author for e in log] == ["Ana Analista", "Otro", "imported"]
        assert log[2].authored.date() == seed_manual.cover.in_force
        assert log[0].parents == (log[1].commit,)
        assert store.load_commit("900-0935", log[1].commit, "x").positions[0].objective == "Uno."

    def test_unknown_manual(self, store: Store) -> None:
        with pytest.raises(DocversionError, match="no manual 123"):
            store.log("123")


class TestNames:
    """Codes and revisions are validated before they reach git."""

    @pytest.mark.parametrize("code", ["..", "a..b", "-rf", "a/b", "a@{1}", "a b", "x.lock", "", "a\x00b",
                                      "ñ", "a" * 41, "--upload-pack=touch"])
    def test_bad_codes(self, code: str) -> None:
        with pytest.raises(InvalidInputError) as caught:
            validate_code(code)
        assert caught.value.exit_code == 5

    @pytest.mark.parametrize("target", ["900-0935@", "900-0935@{1}", "900-0935@v0", "900-0935@-1",
                                        "900-0935@HEAD", "../x@v1"])
    def test_bad_targets(self, target: str) -> None:
        with pytest.raises(InvalidInputError):
            parse_target(target)

    def test_good_targets(self) -> None:
        assert parse_target("900-0935") == ("900-0935", LATEST)
        assert parse_target("900-0935@v5") == ("900-0935", Revision("version", version=5))
        assert parse_target("900-0935@2018-01-02") == ("900-0935", Revision("as_of", as_of=date(2018, 1, 2)))

    def test_a_bad_code_writes_nothing(self, store: Store, seed_manual: Manual) -> None:
        with pytest.raises(InvalidInputError):
            store.record(seed_manual, author=AUTHOR, code="../../etc")
        assert refs(store) == []

    @pytest.mark.parametrize("name", ["Ana <x>", "Ana\nB", " "])
    def test_bad_identities(self, name: str) -> None:
        with pytest.raises(InvalidInputError):
            Identity(name, "a@example.org")


class TestNoLeftovers:
    """No git process outlives a library call; nothing is written outside the store."""

    def test_no_git_children_after_calls(self, store: Store, seed_manual: Manual) -> None:
        store.record(seed_manual, author=AUTHOR, is_historical=True)
        store.load("900-0935", LATEST)
        store.manuals(date.today())
        store.log("900-0935")
        assert git_children() == []

    def test_writes_stay_inside_the_store(self, tmp_path: Path, seed_manual: Manual,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
        outside = tmp_path / "outside"
        outside.mkdir()
        monkeypatch.chdir(outside)
        store = Store.init(tmp_path / "store.git", is_bare=True)
        store.record(seed_manual, author=AUTHOR, is_historical=True)
        store.record(with_objective(seed_manual, 1, "Cambio."), author=AUTHOR)
        assert list(outside.iterdir()) == []
        assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "store.git"]


def run(store: Path | None, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*(["--store", str(store)] if store else []), *args])
    return result.exit_code, result.stdout, result.stderr


class TestCommands:
    """The store's commands, end to end, with their JSON and exit codes."""

    def test_the_readme_example(self, tmp_path: Path) -> None:
        store = tmp_path / "example.git"
        assert run(None, "init", "--bare", str(store))[0] == 0
        documents = [str(HISTORY / f"v{n}.txt") for n in range(1, 6)]
        code, out, _ = run(store, "import", "--historical", "--json", *documents)
        assert code == 0
        assert [r["version"] for r in json.loads(out)["recorded"]] == [1, 2, 3, 4, 5]
        code, out, _ = run(store, "log", "900-0935", "--json")
        entries = json.loads(out)["entries"]
        assert [(e["kind"], e["version"]["version"], e["version"]["in_force"]) for e in entries] == [
            ("version", 5, "2018-01-02"), ("version", 4, "2016-03-01"), ("version", 3, "2013-10-01"),
            ("version", 2, "2011-09-01"), ("version", 1, "2011-07-29")]
        code, out, _ = run(store, "list", "--json")
        [listed] = json.loads(out)["manuals"]
        assert listed["latest"]["version"] == 5 and not listed["open_draft"]
        code, out, _ = run(store, "show", "900-0935", "--as-of", "2012-01-01", "--json")
        assert code == 0 and json.loads(out)["manual"]["cover"]["version"] == 2
        assert run(store, "import", "--historical", *documents)[2].count("nothing changed") == 5

    def test_show_export_and_store_from_environment(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    seed_manual: Manual) -> None:
        monkeypatch.setenv("DOCVERSION_STORE", str(tmp_path / "s.git"))
        assert run(None, "init", "--bare", str(tmp_path / "s.git"))[0] == 0
        assert run(None, "import", str(SEED_PATH), "--historical", "--author", "Eva <eva@example.org>")[0] == 0
        code, out, _ = run(None, "show", "900-0935@v5", "--json")
        assert code == 0 and Manual.model_validate(json.loads(out)["manual"]) == seed_manual
        assert run(None, "export", "900-0935@5", "-o", str(tmp_path / "out"))[0] == 0
        assert read_document(tmp_path / "out").manual == seed_manual
        code, out, _ = run(None, "log", "900-0935", "--json")
        assert json.loads(out)["entries"][0]["author"] == "imported"  # --author names who records drafts

    @pytest.mark.parametrize("args", [
        ("show", "900-0935@{1}"), ("show", "../../x"), ("log", "-x"), ("export", "a..b", "-o", "out"),
        ("show", "900-0935@v5", "--as-of", "2018-01-01"),
    ])
    def test_invalid_names_exit_5_or_2(self, tmp_path: Path, args: tuple[str, ...]) -> None:
        Store.init(tmp_path / "s.git", is_bare=True)
        code, _, err = run(tmp_path / "s.git", *args)
        assert code in (2, 5), err
        assert list((tmp_path / "s.git" / "refs" / "heads").iterdir()) == []

    def test_invalid_document_changes_nothing(self, tmp_path: Path) -> None:
        Store.init(tmp_path / "s.git", is_bare=True)
        bad = tmp_path / "bad.txt"
        bad.write_bytes(SEED_PATH.read_bytes()[:5000])
        code, out, _ = run(tmp_path / "s.git", "import", str(bad), "--json")
        assert code == 5 and json.loads(out)["error"]["source"] == str(bad)
        assert subprocess.run(["git", "--git-dir", str(tmp_path / "s.git"), "for-each-ref"],
                              capture_output=True, text=True, check=True).stdout == ""

    def test_no_store(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("DOCVERSION_STORE", raising=False)
        monkeypatch.chdir(tmp_path)
        code, _, err = run(None, "list")
        assert code == 1 and "docversion init" in err
