"""Periodic review: which manuals are due, the process owner's review that keeps the version in
force as it is (recorded, signed where keys are required, shown by log, checked by verify), and
the interval each manual's policy sets."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from docversion.files import write_manual_dir
from docversion.store import Store
from docversion.store.control import ChangeControl
from docversion.store.review import add_months
from docversion.workflow.content import review_digest
from docversion.workflow.events import PeriodicReview, SignOff
from tests.conftest import AUTHOR, HISTORY, with_objective
from tests.json_schemas import SCHEMAS
from tests.record_cli import CODE, PEOPLE, PREPARER, SEED, dv, ok

OWNER = SEED.cover.process_owner  # Jefe Área de Servicios en Línea
V5_IN_FORCE = date(2018, 1, 2)
MARTA = "Marta Jefa"


def out(store: Path | None, *args: str) -> str:
    """The command's standard output; it must succeed."""
    code, printed, err = dv(store, *args)
    assert code == 0, (args, err)
    return printed


def history_store(root: Path) -> Path:
    store = root / "store.git"
    ok(None, "init", "--bare", str(store))
    ok(store, "import", "--historical", *(str(HISTORY / f"v{n}.txt") for n in range(1, 6)))
    return store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return history_store(tmp_path)


def due(store: Path, *options: str) -> dict[str, Any]:
    found = json.loads(out(store, "due", "--json", *options))
    jsonschema.validate(found, SCHEMAS["due"])
    return found  # type: ignore[no-any-return]


def keep(store: Path, *options: str) -> dict[str, Any]:
    done = json.loads(out(store, "reviewed", CODE, "--keep", "--json", *options))
    jsonschema.validate(done, SCHEMAS["reviewed"])
    return done  # type: ignore[no-any-return]


class TestDue:
    def test_a_version_in_force_for_longer_than_its_interval_is_due(self, store: Path) -> None:
        [manual] = due(store, "--as-of", "2019-01-03")["manuals"]
        assert (manual["code"], manual["version"]["version"], manual["last_review"], manual["due"]) == \
            (CODE, 5, "2018-01-02", "2019-01-02")
        assert (manual["days_left"], manual["overdue"], manual["months"]) == (-1, True, 12)
        assert manual["process_owner"] == OWNER and manual["reviewed_by"] is None

    def test_the_window(self, store: Path) -> None:
        assert due(store, "--as-of", "2018-12-01")["manuals"] == []
        [manual] = due(store, "--as-of", "2018-12-01", "--within", "32")["manuals"]
        assert manual["days_left"] == 32
        assert due(store, "--as-of", "2018-12-01", "--within", "31")["manuals"] == []
        assert [m["code"] for m in due(store, "--as-of", "2018-06-01", "--all")["manuals"]] == [CODE]

    def test_a_manual_not_yet_in_force_is_not_listed(self, store: Path) -> None:
        assert due(store, "--as-of", "2011-01-01", "--all")["manuals"] == []  # before v1

    def test_the_terminal_line_in_both_languages(self, store: Path) -> None:
        line = out(store, "due", "--as-of", "2019-01-03")
        assert f"{CODE}  v5  1 day overdue (due 2019-01-02, every 12 months; in force since 2018-01-02)" in line
        assert OWNER in line
        spanish = out(store, "--lang", "es", "due", "--as-of", "2019-01-03")
        assert "1 día de atraso" in spanish and "cada 12 meses" in spanish
        assert "No manual's review is due by 2018-12-01." in out(store, "due", "--as-of", "2018-12-01")

    def test_months_are_calendar_months(self) -> None:
        assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
        assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
        assert add_months(date(2018, 1, 2), 12) == date(2019, 1, 2)
        assert add_months(date(2018, 11, 30), 3) == date(2019, 2, 28)


class TestKeep:
    def test_a_keep_review_clears_the_manual_and_starts_the_clock_again(self, store: Path) -> None:
        done = keep(store, "--as", MARTA, "--comment", "Sin cambios: el manual sigue vigente.")
        signoff = done["signoff"]
        assert (done["version"], signoff["role"], signoff["name"], signoff["request"]) == (5, OWNER, MARTA, 0)
        today = date.today()
        [manual] = due(store, "--all")["manuals"]
        assert manual["last_review"] == today.isoformat() and manual["due"] == add_months(today, 12).isoformat()
        assert manual["reviewed_by"]["name"] == MARTA and manual["overdue"] is False
        assert due(store)["manuals"] == []
        ok(store, "verify")

    def test_the_review_signs_the_versions_exact_content(self, store: Path) -> None:
        signoff = keep(store, "--as", MARTA)["signoff"]
        version = Store.open(store).refs(CODE).latest
        assert version is not None and signoff["commit"] == version.commit
        files = Store.open(store).git.run("cat-file", "-p", f"{version.commit}:{CODE}/manual.yaml").stdout
        assert files and signoff["digest"] != review_digest({}, 5)

    def test_log_shows_it(self, store: Path) -> None:
        keep(store, "--as", MARTA)
        text = out(store, "log", CODE)
        assert f"   Kept        {MARTA} ({OWNER}), {date.today().isoformat()}: periodic review, kept as it is" in text
        found = json.loads(out(store, "log", CODE, "--json"))
        jsonschema.validate(found, SCHEMAS["log"])
        [kept] = found["entries"][0]["record"]["kept"]
        assert (kept["name"], kept["role"]) == (MARTA, OWNER)

    def test_the_role_is_the_process_owner(self, store: Path) -> None:
        keep(store, "--as", MARTA, "--role", "jefe area de servicios en linea")  # the cover's, as typed
        code, _out, err = dv(store, "reviewed", CODE, "--keep", "--as", MARTA, "--role", "Gerente de Planificación")
        assert code == 5 and OWNER in err

    def test_no_keep_while_a_change_request_revises_the_manual(self, store: Path, tmp_path: Path) -> None:
        v5 = Store.open(store).load(CODE, "5")
        write_manual_dir(with_objective(v5, 1, "Promover los servicios en línea."), tmp_path / "v6")
        ok(store, "import", str(tmp_path / "v6"))
        ok(store, "propose", CODE, "--as", PREPARER, "--in-force", "2030-01-04")
        before = Store.open(store).git.run("for-each-ref").stdout
        code, _out, err = dv(store, "reviewed", CODE, "--keep", "--as", MARTA)
        assert code == 5 and "change request 1 is open" in err
        assert Store.open(store).git.run("for-each-ref").stdout == before  # nothing written

    def test_the_verdict_must_be_said(self, store: Path) -> None:
        code, _out, err = dv(store, "reviewed", CODE, "--as", MARTA)
        assert code == 2 and "--keep" in err


class TestVerify:
    """A review that is not the process owner's on the version's content is found by verify,
    however it got into the log."""

    def forge(self, store: Path, **changes: Any) -> None:
        opened = Store.open(store)
        control = ChangeControl(opened)
        version = opened.refs(CODE).latest
        assert version is not None
        content = opened.load(CODE, "5")
        from docversion.formats.canonical import dump_manual

        signoff = SignOff(request=0, name=MARTA, role=OWNER, meaning="reviewed", decision="approved",
                          time=datetime.now(UTC).replace(microsecond=0), digest=review_digest(dump_manual(content), 5),
                          commit=version.commit)
        event = PeriodicReview(version=5, signoff=signoff.model_copy(update=changes))
        control.append_event(CODE, control.log(CODE), event, AUTHOR)

    def test_an_honest_review_verifies(self, store: Path) -> None:
        self.forge(store)
        ok(store, "verify")

    @pytest.mark.parametrize(("changes", "problem"), [
        ({"digest": "0" * 64}, "was not signed on this version's content"),
        ({"role": "Gerente de Planificación"}, "not by the process owner"),
        ({"commit": "1" * 40}, "not the version's"),
    ])
    def test_a_forged_review_is_found(self, store: Path, changes: dict[str, Any], problem: str) -> None:
        self.forge(store, **changes)
        code, printed, err = dv(store, "verify")
        assert code == 4 and problem in printed + err
        [manual] = due(store)["manuals"]  # nor does it start the clock again
        assert manual["reviewed_by"] is None and manual["last_review"] == V5_IN_FORCE.isoformat()

    def test_an_honest_review_starts_the_clock(self, store: Path) -> None:
        self.forge(store)
        [manual] = due(store, "--all")["manuals"]
        assert manual["reviewed_by"]["name"] == MARTA


class TestInterval:
    def test_the_policy_sets_the_interval(self, store: Path) -> None:
        policy = json.loads(out(store, "policy", CODE, "--review-months", "6", "--as", MARTA, "--json"))
        jsonschema.validate(policy, SCHEMAS["policy"])
        assert policy["review_months"] == 6
        [manual] = due(store, "--as-of", "2018-07-03")["manuals"]
        assert (manual["due"], manual["months"], manual["days_left"]) == ("2018-07-02", 6, -1)
        assert "periodic review: every 6 months" in out(store, "policy", CODE)

    def test_out_of_range(self, store: Path) -> None:
        code, _out, _err = dv(store, "policy", CODE, "--review-months", "0")
        assert code == 2


class TestUnderATrustRoot:
    @pytest.fixture
    def rooted(self, tmp_path: Path) -> tuple[Path, Path, Path]:
        store = history_store(tmp_path)
        admin, owner = tmp_path / "admin.pem", tmp_path / "marta.pem"
        ok(None, "keys", "generate", "-o", str(admin))
        ok(store, "trust", "init", "--admin-key", str(admin), "--admin", "Ana Administradora")
        ok(None, "keys", "generate", "-o", str(owner))
        ok(store, "keys", "add", str(owner), "--person", MARTA, "--role", OWNER, "--admin-key", str(admin))
        return store, admin, owner

    def test_the_review_is_signed_with_the_owners_key(self, rooted: tuple[Path, Path, Path]) -> None:
        store, _admin, owner = rooted
        code, _out, err = dv(store, "reviewed", CODE, "--keep", "--as", MARTA)
        assert code == 5 and "unsigned" in err
        done = keep(store, "--as", MARTA, "--key", str(owner))
        assert done["signoff"]["signature"] and done["signoff"]["key_id"]
        ok(store, "verify")

    def test_someone_elses_key_is_refused(self, rooted: tuple[Path, Path, Path], tmp_path: Path) -> None:
        store, admin, _owner = rooted
        other = tmp_path / "other.pem"
        ok(None, "keys", "generate", "-o", str(other))
        ok(store, "keys", "add", str(other), "--person", PEOPLE[1][0], "--role", PEOPLE[1][1], "--admin-key",
           str(admin))
        code, _out, err = dv(store, "reviewed", CODE, "--keep", "--as", PEOPLE[1][0], "--key", str(other))
        assert code == 5 and "refused" in err

    def test_the_interval_is_an_administrators_event(self, rooted: tuple[Path, Path, Path]) -> None:
        store, admin, _owner = rooted
        code, _out, err = dv(store, "policy", CODE, "--review-months", "6", "--as", MARTA)
        assert code == 2 and "--admin-key" in err
        ok(store, "policy", CODE, "--review-months", "6", "--admin-key", str(admin))
        assert json.loads(out(store, "policy", CODE, "--json"))["review_months"] == 6
        assert [m["due"] for m in due(store, "--as-of", "2018-07-03")["manuals"]] == ["2018-07-02"]
        assert any(line["event"]["type"] == "review_interval_set"
                   for line in json.loads(out(store, "trust", "log", "--json"))["lines"])
        ok(store, "verify")

    def test_an_interval_set_in_the_manuals_log_after_the_root_is_found(self,
                                                                        rooted: tuple[Path, Path, Path]) -> None:
        from docversion.workflow.events import ReviewIntervalSet

        store = rooted[0]
        control = ChangeControl(Store.open(store))
        event = ReviewIntervalSet(months=120, name=MARTA, time=datetime.now(UTC).replace(microsecond=0))
        control.append_event(CODE, control.log(CODE), event, AUTHOR)  # what the command line refuses
        code, printed, err = dv(store, "verify")
        assert code == 4 and "a policy set outside the trust log after the trust root" in printed + err
        assert json.loads(out(store, "policy", CODE, "--json"))["review_months"] == 12  # the trust log's word


class TestAnInstitutionsManuals:
    """The bundled history and two more manuals of the corpus, each on its own clock."""

    def test_each_manual_is_due_on_its_own_day_and_a_keep_clears_only_its_own(self, store: Path) -> None:
        corpus = Path(__file__).parent / "corpus" / "text"
        ok(store, "import", "--historical", str(corpus / "420-0210.txt"), str(corpus / "510-0305.txt"))
        everything = {m["code"]: m for m in due(store, "--as-of", "2020-09-04", "--all")["manuals"]}
        assert {code: (m["version"]["in_force"], m["due"], m["days_left"]) for code, m in everything.items()} == {
            "420-0210": ("2019-09-03", "2020-09-03", -1), "510-0305": ("2020-03-02", "2021-03-02", 179),
            CODE: ("2018-01-02", "2019-01-02", -611)}
        assert [m["code"] for m in due(store, "--as-of", "2020-09-04")["manuals"]] == [CODE, "420-0210"]
        owner = everything["420-0210"]["process_owner"]
        done = json.loads(out(store, "reviewed", "420-0210", "--keep", "--as", "Tomás Tesorero", "--json"))
        jsonschema.validate(done, SCHEMAS["reviewed"])
        assert done["signoff"]["role"] == owner
        # today the other two, in force for years, are still overdue, the history's v5 the longest
        assert [m["code"] for m in due(store)["manuals"]] == [CODE, "510-0305"]
