"""Consistency findings (docversion.lint) and the lint command, on the real seed and edits of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from docversion.cli import cli
from docversion.files import write_manual_dir
from docversion.formats.text.reader import read_seed_text
from docversion.lint import Finding, lint
from docversion.model import Manual, plain_data
from docversion.store import Store

from .conftest import AUTHOR, FIXTURES, HISTORY, SEED_PATH

JEFE = "jefe-area-de-servicios-en-linea"
PROMOTOR = "promotor-de-servicios-en-linea"
ASISTENTE = "asistente-de-soporte-de-servicios-en-linea"


def read(path: Path) -> Manual:
    return read_seed_text(path.read_bytes(), str(path)).manual


V4 = read(HISTORY / "v4.txt")


def edit(manual: Manual, position_id: str, **fields: Any) -> Manual:
    """``manual`` with fields of one position replaced (and the marks on them dropped), validated again."""
    data = plain_data(manual.model_dump())
    [position] = [p for p in data["positions"] if p["id"] == position_id]
    position.update(fields)
    position["marked"] = [m for m in position["marked"] if m["path"].split(".")[0] not in fields]
    return Manual.model_validate(data)


def renamed(manual: Manual, position_id: str, title: str) -> Manual:
    """``manual`` with one position renamed and nothing else changed: every mention left stale."""
    return edit(manual, position_id, title=title)


def brief(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.severity, f.path) for f in findings]


class TestRealManuals:
    """The institution's manuals as they stand are consistent."""

    def test_seed_has_no_findings(self, seed_manual: Manual) -> None:
        assert lint(seed_manual) == []

    def test_seed_against_version_4_has_no_findings(self, seed_manual: Manual) -> None:
        """Version 5 renamed Auxiliar de Servicios en Línea everywhere it was named."""
        assert lint(seed_manual, V4) == []

    @pytest.mark.parametrize("number", [2, 3, 4])
    def test_illustrative_history_has_no_findings(self, number: int) -> None:
        assert lint(read(HISTORY / f"v{number}.txt"), read(HISTORY / f"v{number - 1}.txt")) == []

    def test_second_manual_has_no_findings(self) -> None:
        assert lint(read(FIXTURES / "manual-310-0120-v03.txt")) == []


class TestStaleTitles:
    """A renamed position's old title left where a title belongs is an error; in free text, a warning."""

    def test_old_title_in_reports_to(self, seed_manual: Manual) -> None:
        """Two errors, and no warning that the Jefe's reports do not report back: the errors say why."""
        manual = renamed(seed_manual, JEFE, "Jefe Área de Canales Digitales")
        findings = lint(manual, seed_manual)
        assert brief(findings) == [("error", f"positions.{PROMOTOR}.reports_to"),
                                   ("error", f"positions.{ASISTENTE}.reports_to")]
        assert findings[0].message == (
            'reports to "Jefe Área de Servicios en Línea", the old title of "Jefe Área de Canales Digitales" '
            "(renamed in this version): write the new title")

    def test_old_title_in_direct_reports(self, seed_manual: Manual) -> None:
        manual = renamed(seed_manual, PROMOTOR, "Promotor de Canales en Línea")
        [finding] = lint(manual, seed_manual)
        assert (finding.severity, finding.path) == ("error", f"positions.{JEFE}.direct_reports.0")
        assert '"Promotor de Servicios en Línea", the old title of "Promotor de Canales en Línea"' in finding.message

    def test_old_title_compared_without_case_accents_or_full_stop(self, seed_manual: Manual) -> None:
        """Version 5 against version 4, the Jefe still listing the Auxiliar as the reader might write it."""
        reports = ("Promotor de Servicios en Línea", "auxiliar de  servicios en linea.")
        [finding] = lint(edit(seed_manual, JEFE, direct_reports=reports), V4)
        assert (finding.severity, finding.path) == ("error", f"positions.{JEFE}.direct_reports.1")
        assert finding.message.startswith('lists "auxiliar de servicios en linea.", the old title of '
                                          '"Asistente de Soporte de Servicios en Línea"')

    def test_old_title_in_objective_is_a_warning(self, seed_manual: Manual) -> None:
        objective = seed_manual.position(PROMOTOR).objective + " En coordinación con el Auxiliar de Servicios en Línea."
        [finding] = lint(edit(seed_manual, PROMOTOR, objective=objective), V4)
        assert (finding.severity, finding.path) == ("warning", f"positions.{PROMOTOR}.objective")
        assert finding.message == (
            'mentions "Auxiliar de Servicios en Línea", the old title of "Asistente de Soporte de Servicios en '
            'Línea" (renamed in this version): check whether the sentence should name the new title')

    def test_objective_matches_whole_words_only(self, seed_manual: Manual) -> None:
        objective = seed_manual.position(PROMOTOR).objective + " Con los Auxiliar de Servicios en Líneas."
        assert lint(edit(seed_manual, PROMOTOR, objective=objective), V4) == []

    def test_without_base_renames_are_unknown(self, seed_manual: Manual) -> None:
        """The same stale list alone: no rename to know of, and no position of that title to check."""
        reports = ("Promotor de Servicios en Línea", "Auxiliar de Servicios en Línea")
        assert lint(edit(seed_manual, JEFE, direct_reports=reports)) == []

    def test_a_rename_of_case_only_leaves_nothing_stale(self, seed_manual: Manual) -> None:
        manual = renamed(seed_manual, PROMOTOR, "PROMOTOR DE SERVICIOS EN LÍNEA")
        assert lint(manual, seed_manual) == []

    def test_an_old_title_another_position_took_is_not_stale(self, seed_manual: Manual) -> None:
        """The Promotor renamed and the Asistente given its old title: the Jefe's list names both rightly."""
        swapped = renamed(renamed(seed_manual, PROMOTOR, "Promotor de Canales en Línea"), ASISTENTE,
                          "Promotor de Servicios en Línea")
        manual = edit(swapped, JEFE, direct_reports=("Promotor de Canales en Línea", "Promotor de Servicios en Línea"))
        assert lint(manual, seed_manual) == []


class TestReportsTo:
    """REPORTA A should name a position of the manual or a role of its cover."""

    def test_unknown_superior_is_a_warning(self, seed_manual: Manual) -> None:
        [finding] = lint(edit(seed_manual, JEFE, reports_to="Gerente de Canales"))
        assert (finding.severity, finding.path) == ("warning", f"positions.{JEFE}.reports_to")
        assert finding.message.startswith('reports to "Gerente de Canales", which is no position of this manual '
                                          "and no role of its cover")

    @pytest.mark.parametrize("superior", ["gerente servicio al cliente.", "Presidente y Director Ejecutivo",
                                          "Jefe Area de Desarrollo Organizacional", "N/A"])
    def test_cover_roles_and_placeholders_are_known(self, seed_manual: Manual, superior: str) -> None:
        assert lint(edit(seed_manual, JEFE, reports_to=superior)) == []


class TestDirectReports:
    """A direct report that is a position of the manual should report back to the position listing it."""

    def test_report_that_does_not_report_back(self, seed_manual: Manual) -> None:
        [finding] = lint(edit(seed_manual, ASISTENTE, reports_to="Gerente Servicio al Cliente"))
        assert (finding.severity, finding.path) == ("warning", f"positions.{JEFE}.direct_reports.1")
        assert finding.message == (
            'lists "Asistente de Soporte de Servicios en Línea" as a direct report, but "Asistente de Soporte de '
            'Servicios en Línea" reports to "Gerente Servicio al Cliente": correct whichever is out of date')

    def test_titles_outside_the_manual_are_not_checked(self, seed_manual: Manual) -> None:
        reports = (*seed_manual.position(JEFE).direct_reports, "Técnico de Soporte")
        assert lint(edit(seed_manual, JEFE, direct_reports=reports, direct_reports_count=3)) == []


class TestModelRules:
    """Count and shares are the model's rules: no Manual holds them broken, so lint need not look."""

    def test_count_that_disagrees_with_its_list_is_refused(self, seed_manual: Manual) -> None:
        with pytest.raises(ValidationError, match="direct_reports_count is 3 but direct_reports lists 2"):
            edit(seed_manual, JEFE, direct_reports_count=3)

    def test_shares_above_100_are_refused(self, seed_manual: Manual) -> None:
        functions = [{**f.model_dump(), "percent": 60 if i == 0 else f.percent}
                     for i, f in enumerate(seed_manual.position(JEFE).key_functions)]
        with pytest.raises(ValidationError, match="add up to 110, over 100"):
            edit(seed_manual, JEFE, key_functions=functions)


class TestFinding:
    """A finding prints as the command line shows it."""

    def test_str(self) -> None:
        assert str(Finding("error", "positions.x.reports_to", "reports to ...")) == \
            "error: positions.x.reports_to: reports to ..."


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def stale_store(store: Store, seed_manual: Manual) -> Path:
    """Versions 4 and 5 published, and a draft renaming the Promotor with the Jefe's list left stale."""
    for number in (4, 5):
        store.record(read(HISTORY / f"v{number}.txt"), author=AUTHOR, is_historical=True)
    store.record(renamed(seed_manual, PROMOTOR, "Promotor de Canales en Línea"), author=AUTHOR)
    return store.git_dir


class TestCommand:
    """lint prints findings on stderr, exits 5 on errors and 0 on warnings alone; --json is one document."""

    def test_clean_document(self) -> None:
        code, out, err = run("lint", str(SEED_PATH))
        assert (code, out) == (0, "")
        assert err == f"{SEED_PATH}: 0 errors, 0 warnings\n"

    def test_warnings_alone_exit_0(self, tmp_path: Path, seed_manual: Manual) -> None:
        write_manual_dir(edit(seed_manual, JEFE, reports_to="Gerente de Canales"), tmp_path / "manual")
        code, _, err = run("lint", str(tmp_path / "manual"))
        assert code == 0
        assert err.splitlines()[0].startswith(f"warning: positions.{JEFE}.reports_to: reports to \"Gerente de Canales\"")
        assert err.splitlines()[-1].endswith(": 0 errors, 1 warning")

    def test_document_breaking_a_model_rule_exits_5(self, tmp_path: Path) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace("BAJO SU CARGO: 2\t", "BAJO SU CARGO: 3\t")
        (tmp_path / "seed.txt").write_text(text, encoding="utf-8")
        code, _, err = run("lint", str(tmp_path / "seed.txt"))
        assert code == 5 and "direct_reports_count is 3 but direct_reports lists 2" in err

    def test_draft_by_default_against_latest_version(self, stale_store: Path) -> None:
        code, out, err = run("--store", str(stale_store), "lint", "900-0935")
        assert (code, out) == (5, "")
        assert err.splitlines() == [
            f'error: positions.{JEFE}.direct_reports.0: lists "Promotor de Servicios en Línea", the old title of '
            '"Promotor de Canales en Línea" (renamed in this version): write the new title',
            "900-0935 (against v5): 1 error, 0 warnings"]

    def test_json(self, stale_store: Path) -> None:
        code, out, _ = run("--store", str(stale_store), "lint", "900-0935@draft", "--json")
        document = json.loads(out)
        assert code == 5
        [finding] = document.pop("findings")
        assert document == {"schema_version": 1, "target": "900-0935@draft", "base": "v5", "ok": False}
        assert finding["severity"] == "error" and finding["path"] == f"positions.{JEFE}.direct_reports.0"
        assert finding["message"].startswith('lists "Promotor de Servicios en Línea", the old title of')

    def test_version_against_the_one_before(self, stale_store: Path) -> None:
        code, out, err = run("--store", str(stale_store), "lint", "900-0935@v5", "--json")
        assert code == 0
        assert json.loads(out) == {"schema_version": 1, "target": "900-0935@v5", "base": "v4", "ok": True,
                                   "findings": []}
        assert err == "900-0935@v5 (against v4): 0 errors, 0 warnings\n"

    def test_first_version_has_no_base(self, stale_store: Path) -> None:
        code, _, err = run("--store", str(stale_store), "lint", "900-0935@v4")
        assert (code, err) == (0, "900-0935@v4: 0 errors, 0 warnings\n")

    def test_latest_when_there_is_no_draft(self, store: Store) -> None:
        for number in (4, 5):
            store.record(read(HISTORY / f"v{number}.txt"), author=AUTHOR, is_historical=True)
        code, _, err = run("--store", str(store.git_dir), "lint", "900-0935")
        assert (code, err) == (0, "900-0935 (against v4): 0 errors, 0 warnings\n")

    def test_unknown_manual_is_an_error(self, store: Store) -> None:
        code, _, err = run("--store", str(store.git_dir), "lint", "900-0935")
        assert code == 1 and "the store has no manual 900-0935" in err
