"""Every command end to end through click's CliRunner: its --json document against its JSON Schema
(tests/json_schemas.py), errors as ``{"ok": false, "error": {...}}`` with their exit codes, the
help (work order, exit codes) and shell completion.

One store is built once for the module, command by command, as an office would: the history
imported with --historical, a key trusted, the policy set, a draft proposed and withdrawn,
proposed again, submitted, reviewed by every role under the cover's Revisado (one review
signed with a key), authorized by the cover's Autorizado, published as version 6 and pushed to
a bare remote; then a second draft under review whose sentences changed after a review.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import jsonschema
import pytest
from click.testing import CliRunner

from docversion.cli import cli
from docversion.cli.completion import complete_code, complete_target
from docversion.files import read_manual_dir, write_manual_dir
from docversion.formats.text.reader import read_seed_text
from docversion.store import Store
from tests.conftest import AUTHOR, HISTORY, SEED_PATH, with_objective
from tests.json_schemas import ERROR, INVALID_INPUT_ERROR, SCHEMAS

CODE = "900-0935"
V5 = read_seed_text((HISTORY / "v5.txt").read_bytes(), "v5").manual
REVIEWERS = V5.cover.reviewed_by
AUTHORIZER = V5.cover.authorized_by
PREPARER = "Clara Arce"
REVIEWER_NAMES = ("Gloria Gerente", "Pedro Plan", "Olga Org")
AUTHORIZER_NAME = "Pablo Presidente"
SENTENCE = "Actualización del objetivo del puesto Promotor de Servicios en Línea."


@dataclass(frozen=True)
class Run:
    """One command's exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    @property
    def document(self) -> Any:
        """stdout as the one JSON document it must be."""
        return json.loads(self.out)


def invoke(store: Path | None, *args: str) -> Run:
    result = CliRunner().invoke(cli, [*(["--store", str(store)] if store else []), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def check(schema_name: str, run: Run) -> dict[str, Any]:
    """The run succeeded and its document fits the command's schema."""
    assert run.code == 0, run.err
    document = run.document
    jsonschema.validate(document, SCHEMAS[schema_name])
    return document  # type: ignore[no-any-return]


@dataclass
class Office:
    """The module's store, its remote and what each writing command printed."""

    root: Path
    store: Path
    remote: Path
    runs: dict[str, tuple[str, Run]] = field(default_factory=dict)

    def run(self, label: str, schema_name: str, *args: str) -> Run:
        """Run a command with --json, keep its output under ``label``, and stop at a failure."""
        done = invoke(self.store, *args, "--json")
        assert done.code == 0, f"{label}: {done.err}"
        self.runs[label] = (schema_name, done)
        return done


def _key(office: Office, name: str) -> list[str]:
    return ["--key", str(office.root / f"{name}.pem")]


def _sign_every_role(office: Office) -> None:
    office.run("submit", "submit", "submit", CODE, "--as", PREPARER, *_key(office, PREPARER))
    for number, (role, name) in enumerate(zip(REVIEWERS, REVIEWER_NAMES, strict=True)):
        office.run(f"review {number + 1}", "review", "review", CODE, "--role", role, "--approve", "--as", name,
                   *_key(office, name))
    office.run("authorize", "authorize", "authorize", CODE, "--as", AUTHORIZER_NAME, *_key(office, AUTHORIZER_NAME))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    root = tmp_path_factory.mktemp("office")
    office = Office(root, root / "store.git", root / "remote.git")
    admin = root / "admin.pem"
    assert invoke(None, "keys", "generate", "-o", str(admin)).code == 0
    done = invoke(None, "init", "--bare", str(office.store), "--admin-key", str(admin), "--admin", "Ana Admin",
                  "--json")
    office.runs["init"] = ("init", done)
    assert invoke(None, "init", "--bare", str(office.remote)).code == 0
    subprocess.run(["git", "--git-dir", str(office.store), "remote", "add", "origin", str(office.remote)], check=True)
    office.run("import", "import", "import", "--historical", *(str(HISTORY / f"v{n}.txt") for n in range(1, 6)))

    people = [(PREPARER, "Elaborado por"), *zip(REVIEWER_NAMES, REVIEWERS, strict=True),
              (AUTHORIZER_NAME, AUTHORIZER)]
    for number, (name, role) in enumerate(people):
        assert invoke(office.store, "keys", "generate", "-o", str(root / f"{name}.pem")).code == 0
        label = "keys add" if number == 1 else f"keys add {name}"
        office.run(label, "keys add", "keys", "add", str(root / f"{name}.pem"), "--person", name, "--role", role,
                   "--admin-key", str(admin))
    office.run("policy set", "policy", "policy", CODE, *(a for r in REVIEWERS for a in ("--reviewer", r)),
               "--authorizer", AUTHORIZER, "--admin-key", str(admin))

    write_manual_dir(with_objective(V5, 1, "Promover y divulgar los servicios en línea."), root / "draft1")
    office.run("propose with document", "propose", "propose", CODE, str(root / "draft1"), "--as", PREPARER,
               "--in-force", "2026-12-15")
    office.run("withdraw", "withdraw", "withdraw", CODE, "--as", PREPARER, "--reason", "Falta revisar la redacción.")
    office.run("propose", "propose", "propose", CODE, "--as", PREPARER, "--label", "Elaborado por",
               "--in-force", "2027-01-02")
    office.run("sentences", "sentences", "sentences", CODE, SENTENCE)
    _sign_every_role(office)
    office.run("publish", "publish", "publish", CODE, "--as", PREPARER)
    office.run("export", "export", "export", f"{CODE}@v6", "-o", str(root / "v6"))
    office.run("push", "push", "push")

    write_manual_dir(with_objective(read_manual_dir(root / "v6"), 0, "Coordinar los servicios en línea."),
                     root / "draft2")
    office.run("propose again", "propose", "propose", CODE, str(root / "draft2"), "--as", PREPARER,
               "--in-force", "2027-06-01")
    office.run("submit again", "submit", "submit", CODE, "--as", PREPARER, *_key(office, PREPARER))
    office.run("review again", "review", "review", CODE, "--role", REVIEWERS[1], "--approve",
               "--as", REVIEWER_NAMES[1], *_key(office, REVIEWER_NAMES[1]))
    office.run("sentences again", "sentences", "sentences", CODE, "Actualización del objetivo del puesto Jefe.")
    office.run("pull", "pull", "pull")
    return office


WRITES = ["init", "import", "keys add", "policy set", "propose with document", "withdraw", "propose", "sentences",
          "submit", "review 1", "review 2", "review 3", "authorize", "publish", "export", "push", "propose again",
          "submit again", "review again", "sentences again", "pull"]


class TestWritingCommands:
    """Each command that changes the store prints one JSON document that fits its schema."""

    @pytest.mark.parametrize("label", WRITES)
    def test_json_fits_the_schema(self, office: Office, label: str) -> None:
        schema_name, run = office.runs[label]
        check(schema_name, run)

    def test_what_they_report(self, office: Office) -> None:
        document = {label: run.document for label, (_, run) in office.runs.items()}
        assert [r["version"] for r in document["import"]["recorded"]] == [1, 2, 3, 4, 5]
        assert document["propose with document"]["request"] == 1 and document["propose"]["request"] == 2
        assert document["review 1"]["signoff"]["key_id"] == document["keys add"]["key"]["key_id"]
        assert all(document[f"review {n}"]["signoff"]["signature"] for n in (1, 2, 3))
        assert len({document[f"review {n}"]["signoff"]["trust"] for n in (1, 2, 3)}) == 1  # one trust point
        assert document["authorize"]["signoff"]["role"] == AUTHORIZER
        assert document["publish"]["version"] == 6
        assert "refs/tags/900-0935/v6" in document["push"]["refs"]
        assert document["pull"]["ok"] is True and document["pull"]["clashes"] == []

    def test_the_remote_holds_what_was_pushed(self, office: Office) -> None:
        tags = subprocess.run(["git", "--git-dir", str(office.remote), "tag", "--list"], capture_output=True,
                              text=True, check=True).stdout.split()
        assert tags == [f"900-0935/v{n}" for n in range(1, 7)]


READS: dict[str, tuple[str, ...]] = {
    "list": ("list",),
    "log": ("log", CODE),
    "show": ("show", f"{CODE}@v6"),
    "show as of": ("show", CODE, "--as-of", "2012-01-01"),
    "show draft": ("show", f"{CODE}@draft"),
    "show file": ("show", str(SEED_PATH)),
    "diff": ("diff", CODE, "4", "5"),
    "diff files": ("diff", str(HISTORY / "v1.txt"), str(HISTORY / "v2.txt")),
    "diff with added position": ("diff", CODE, "2", "3"),
    "status": ("status",),
    "status of one": ("status", CODE),
    "verify": ("verify",),
    "table": ("table", CODE),
    "table as json format": ("table", f"{CODE}@v5", "--format", "json"),
    "signoffs": ("signoffs", f"{CODE}@v6"),
    "signoffs imported": ("signoffs", f"{CODE}@v5"),
    "doctor": ("doctor",),
    "policy": ("policy", CODE),
    "keys list": ("keys", "list"),
    "search": ("search", "promotor de servicios en linea", "--all-versions"),
    "search nothing": ("search", "nada parecido", "--field", "Semanal"),
    "validate": ("validate", str(HISTORY / "v3.txt")),
}


class TestReadingCommands:
    """Each command that reads prints one JSON document that fits its schema."""

    @pytest.mark.parametrize("label", sorted(READS))
    def test_json_fits_the_schema(self, office: Office, label: str) -> None:
        args = READS[label]
        check(args[0] if args[0] != "keys" else "keys list", invoke(office.store, *args, "--json"))

    def test_convert(self, tmp_path: Path) -> None:
        document = check("convert", invoke(None, "convert", str(SEED_PATH), "-o", str(tmp_path / "out"), "--json"))
        assert document["positions"] == [p.id for p in read_manual_dir(tmp_path / "out").positions]

    def test_list_and_log(self, office: Office) -> None:
        [listed] = invoke(office.store, "list", "--json").document["manuals"]
        assert listed["latest"]["version"] == 6 and listed["latest"]["imported"] is False
        assert listed["open_draft"] is True
        kinds = [e["kind"] for e in invoke(office.store, "log", CODE, "--json").document["entries"]]
        # The imported draft, then the draft as proposed (its cover stating v7 and its date), then v6.
        assert kinds[:3] == ["draft", "draft", "version"] and kinds.count("version") == 6

    def test_status_flags_the_stale_review(self, office: Office) -> None:
        [request] = invoke(office.store, "status", "--json").document["requests"]
        assert request["request"] == 3 and request["state"] == "in_review"
        reviews = [s for s in request["signoffs"] if s["meaning"] == "reviewed"]
        assert [(s["name"], s["stale"]) for s in reviews] == [(REVIEWER_NAMES[1], True)]
        # The draft changed after the submission: the preparer submits again before anyone signs.
        assert request["missing"] == [f"Elaborado por ({PREPARER})", *REVIEWERS, AUTHORIZER]

    def test_status_says_what_each_role_still_has_to_do(self, office: Office) -> None:
        [request] = invoke(office.store, "status", "--json").document["requests"]
        assert [(t["role"], t["step"]) for t in request["to_sign"]] == [
            (f"Elaborado por ({PREPARER})", "submit"), *((role, "review") for role in REVIEWERS),
            (AUTHORIZER, "authorize")]
        assert request["label"] == "Elaborado por" and request["sentences_written"] is True
        assert request["version"] == 7 and request["in_force"] == "2027-06-01"

    def test_log_tells_who_made_each_version(self, office: Office) -> None:
        """A published version names its signers from the log; an imported one its revision row."""
        entries = invoke(office.store, "log", CODE, "--json").document["entries"]
        records = {e["version"]["version"]: e["record"] for e in entries if e["version"]}
        v6 = records[6]
        assert (v6["imported"], v6["in_force"], v6["request"], v6["sentences"]) == (False, "2027-01-02", 2, [SENTENCE])
        assert (v6["prepared"]["name"], v6["prepared"]["role"]) == (PREPARER, "Elaborado por")
        assert [(s["name"], s["role"]) for s in v6["reviewed"]] == list(zip(REVIEWER_NAMES, REVIEWERS, strict=True))
        assert (v6["authorized"]["name"], v6["authorized"]["role"]) == (AUTHORIZER_NAME, AUTHORIZER)
        assert v6["published"]["name"] == PREPARER and v6["published"]["role"] is None
        v3 = records[3]
        assert v3["imported"] is True and v3["reviewed"] == [] and v3["published"] is None
        assert v3["prepared"] == {"role": "Elaborado/actualizado por", "name": "Esmeralda Najarro de Artiga",
                                  "time": None, "comment": ""}
        assert v3["authorized"] == {"role": AUTHORIZER, "name": None, "time": None, "comment": ""}
        assert v3["sentences"][0] == "Actualización de estándares."
        assert all(e["record"] is None for e in entries if e["kind"] == "draft")

    def test_log_tells_the_open_requests_events_newest_first(self, office: Office) -> None:
        request = invoke(office.store, "log", CODE, "--json").document["request"]
        assert (request["request"], request["state"], request["version"]) == (3, "in_review", 7)
        assert [(e["action"], e["name"]) for e in request["events"]] == [
            ("sentences set", None), ("reviewed", REVIEWER_NAMES[1]), ("submitted", PREPARER), ("proposed", PREPARER)]
        assert request["sentences"] == ["Actualización del objetivo del puesto Jefe."]

    def test_status_lists_the_preparers_submission(self, office: Office) -> None:
        """The submission is the preparer's sign-off on the draft: status lists it (stale after the edit)."""
        [request] = invoke(office.store, "status", "--json").document["requests"]
        assert [s["name"] for s in request["signoffs"] if s["meaning"] == "prepared"] == [PREPARER]

    def test_signoffs_of_a_published_and_an_imported_version(self, office: Office) -> None:
        published = invoke(office.store, "signoffs", f"{CODE}@v6", "--json").document
        assert published["imported"] is False and published["request"] == 2
        assert sorted((s["role"], s["name"]) for s in published["signoffs"] if s["meaning"] != "prepared") == sorted(
            [*zip(REVIEWERS, REVIEWER_NAMES, strict=True), (AUTHORIZER, AUTHORIZER_NAME)])
        assert [s["name"] for s in published["signoffs"] if s["meaning"] == "prepared"] == [PREPARER]
        imported = invoke(office.store, "signoffs", f"{CODE}@v5", "--json").document
        assert imported["imported"] is True and imported["signoffs"] == [] and imported["request"] is None

    def test_table_of_the_published_version(self, office: Office) -> None:
        rows = invoke(office.store, "table", CODE, "--json").document["rows"]
        assert [r["version"] for r in rows] == [1, 2, 3, 4, 5, 6]
        assert rows[-1]["changes"] == [SENTENCE] and rows[-1]["prepared_by"] == PREPARER
        assert rows[-1]["authorized_by"] == AUTHORIZER and rows[-1]["in_force"] == "2027-01-02"

    def test_diff_reports_the_rename(self, office: Office) -> None:
        document = invoke(office.store, "diff", CODE, "4", "5", "--json").document
        assert (document["from"]["version"], document["to"]["version"]) == (4, 5)
        renamed = [c for c in document["changes"] if c["kind"] == "position_renamed"]
        assert [(c["old"], c["new"]) for c in renamed] == [
            ("Auxiliar de Servicios en Línea", "Asistente de Soporte de Servicios en Línea")]

    def test_schema_is_a_json_schema_the_manual_fits(self) -> None:
        run = invoke(None, "schema")
        assert run.code == 0
        schema = json.loads(run.out)
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(invoke(None, "show", str(SEED_PATH), "--json").document["manual"], schema)

    def test_verify_exits_4_naming_each_problem(self, office: Office, tmp_path: Path) -> None:
        """A copy of the store whose trust log is gone fails verification: its sign-offs name trust points."""
        copy = tmp_path / "copy.git"
        shutil.copytree(office.store, copy)
        subprocess.run(["git", "--git-dir", str(copy), "update-ref", "-d", "refs/docversion/trust/log"], check=True)
        run = invoke(copy, "verify", "--json")
        assert run.code == 4
        document = run.document
        jsonschema.validate(document, SCHEMAS["verify"])
        assert document["ok"] is False and document["problems"]
        assert all(f"problem: {p['code']}{f' v{v}' if (v := p['version']) else ''}: {p['message']}" in run.err
                   for p in document["problems"])
        assert any("no trust log" in p["message"] for p in document["problems"])


ERRORS: dict[str, tuple[int, tuple[str, ...]]] = {
    "show of an unknown manual": (1, ("show", "900-9999")),
    "show of a version never published": (1, ("show", f"{CODE}@v9")),
    "log of a bad code": (5, ("log", "a..b")),
    "table of a bad code": (5, ("table", "a..b@v1")),
    "review in a role the policy lacks": (5, ("review", CODE, "--role", "Gerente General", "--approve", "--as", "Ana")),
    "publish before authorization": (5, ("publish", CODE, "--as", PREPARER)),
    "propose while a request is open": (5, ("propose", CODE, "--as", PREPARER)),
}


class TestErrors:
    """A failing command with --json prints {"ok": false, "error": {...}} and exits with the error's code."""

    @pytest.mark.parametrize("label", sorted(ERRORS))
    def test_error_document(self, office: Office, label: str) -> None:
        exit_code, args = ERRORS[label]
        run = invoke(office.store, *args, "--json")
        assert run.code == exit_code, run.err
        document = run.document
        jsonschema.validate(document, INVALID_INPUT_ERROR if exit_code == 5 else ERROR)
        assert document["error"]["exit_code"] == exit_code
        assert f"error: {document['error']['message']}" in run.err

    def test_invalid_document_names_file_and_line(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.txt"
        bad.write_bytes(SEED_PATH.read_bytes()[:5000])
        store = Store.init(tmp_path / "s.git", is_bare=True).git_dir
        for args in (("import", str(bad)), ("validate", str(bad)), ("convert", str(bad), "-o", str(tmp_path / "o"))):
            run = invoke(store, *args, "--json")
            assert run.code == 5, args
            jsonschema.validate(run.document, INVALID_INPUT_ERROR)
            assert run.document["error"]["source"] == str(bad)
        assert subprocess.run(["git", "--git-dir", str(store), "for-each-ref"], capture_output=True, text=True,
                              check=True).stdout == "", "invalid input never changes the store"

    def test_the_store_is_unchanged_by_the_errors(self, office: Office) -> None:
        def refs() -> str:
            return subprocess.run(["git", "--git-dir", str(office.store), "for-each-ref"], capture_output=True,
                                  text=True, check=True).stdout

        before = refs()
        for _, args in ERRORS.values():
            invoke(office.store, *args, "--json")
        assert refs() == before


COMMANDS = ["init", "import", "list", "log", "history", "blame", "show", "diff", "lint", "propose", "sentences",
            "submit", "review", "authorize", "publish", "withdraw", "status", "verify", "table", "signoffs", "due",
            "reviewed", "org", "export", "search", "push", "pull",
            "doctor", "trust", "trust init", "trust add-admin", "trust remove-admin", "trust log", "policy", "keys",
            "keys add", "keys revoke", "keys list", "keys generate", "convert", "validate", "schema"]


class TestHelp:
    """The help reads in the order of the work and names the exit codes everywhere."""

    def test_commands_in_work_order(self) -> None:
        run = invoke(None, "--help")
        listing = run.out[run.out.index("Commands:"):].split("\n\n")[0]
        names = [m.group(1) for m in re.finditer(r"^  (\w+)\s", listing, re.MULTILINE)]
        assert names == [c for c in COMMANDS if " " not in c]
        order = ["import", "diff", "propose", "review", "authorize", "publish", "verify"]
        assert [names.index(c) for c in order] == sorted(names.index(c) for c in order)

    @pytest.mark.parametrize("command", COMMANDS)
    def test_exit_codes_line(self, command: str) -> None:
        run = invoke(None, *command.split(), "--help")
        assert run.code == 0
        assert "5 invalid input" in run.out

    @pytest.mark.parametrize("command", [c for c in COMMANDS if c not in ("keys", "keys generate", "trust", "schema")])
    def test_json_option(self, command: str) -> None:
        assert "--json" in invoke(None, *command.split(), "--help").out


@pytest.fixture(scope="module")
def history_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding versions 1 to 5 and an open draft, through the library."""
    store = Store.init(tmp_path_factory.mktemp("completion") / "store.git", is_bare=True)
    for number in range(1, 6):
        path = HISTORY / f"v{number}.txt"
        store.record(read_seed_text(path.read_bytes(), str(path)).manual, author=AUTHOR, is_historical=True,
                     has_ids=False)
    return store.git_dir


def context(store: Path | None) -> click.Context:
    """A context such as click builds when completing: the root's params hold --store."""
    root = click.Context(cli, info_name="docversion")
    root.params["store_path"] = store
    return root


class TestCompletion:
    """Shell completion reads codes and versions from the store."""

    def test_codes(self, history_store: Path) -> None:
        assert [c.value for c in complete_code(context(history_store), None, "9")] == [CODE]  # type: ignore[arg-type]
        assert complete_code(context(history_store), None, "3") == []  # type: ignore[arg-type]

    def test_versions_after_at(self, history_store: Path) -> None:
        found = [c.value for c in complete_target(context(history_store), None, f"{CODE}@v")]  # type: ignore[arg-type]
        assert found == [f"{CODE}@v{n}" for n in range(1, 6)]
        found = [c.value for c in complete_target(context(history_store), None, f"{CODE}@")]  # type: ignore[arg-type]
        assert found == [*(f"{CODE}@v{n}" for n in range(1, 6)), f"{CODE}@latest", f"{CODE}@draft"]
        assert [c.value for c in complete_target(context(history_store), None, f"{CODE}@d")] == [  # type: ignore[arg-type]
            f"{CODE}@draft"]

    def test_targets_before_at_are_codes(self, history_store: Path) -> None:
        assert [c.value for c in complete_target(context(history_store), None, "900")] == [CODE]  # type: ignore[arg-type]

    def test_silent_without_a_store(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("DOCVERSION_STORE", raising=False)
        monkeypatch.chdir(tmp_path)
        found = [c.value for c in complete_target(context(tmp_path / "nowhere"), None, f"{CODE}@")]  # type: ignore[arg-type]
        assert found == [f"{CODE}@latest", f"{CODE}@draft"]
        assert complete_code(context(None), None, "") == []  # type: ignore[arg-type]
