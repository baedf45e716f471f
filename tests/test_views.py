"""The rich views, rendered as a person sees them: golden files, plus the promises every view keeps.

Each view is rendered for fixed inputs (the illustrative history of 900 0935, sign-offs with
fixed times, a real store whose commit ids and dates are replaced by fixed values) at widths
80 and 120, plain (``color_system=None``) and in colour (truecolor, as on a terminal), and
compared with ``tests/snapshots/<name>-<width>-<plain|color>.txt``.

To (re)write the golden files after an intended change of a view, run

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q tests/test_views.py

then read the plain ones (``git diff tests/snapshots``) before committing them: a golden file
is only as right as the person who looked at it. A missing golden file fails the test.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from docversion.diff import ChangeSet, diff
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from docversion.render.diff_view import DiffView, PositionSideBySide
from docversion.render.manual_summary import ManualSummary
from docversion.render.manual_view import ManualView
from docversion.render.store_views import HistoryLog, ManualList
from docversion.render.workflow_views import (
    RequestStatusView,
    RevisionTable,
    SignOffBlock,
    revision_table_markdown,
)
from docversion.store import Store
from docversion.store.control import ChangeControl
from docversion.store.history import LogEntry
from docversion.store.requests import RequestStatus, request_status
from docversion.store.store import ManualStatus
from docversion.workflow.events import SignOff
from tests.conftest import AUTHOR, HISTORY, with_objective

SNAPSHOTS = Path(__file__).parent / "snapshots"
WIDTHS = (80, 120)
MODES = ("plain", "color")
IS_UPDATING = os.environ.get("UPDATE_SNAPSHOTS") == "1"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CODE = "900-0935"
NOW = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
DIGEST = "d" * 64
REVIEWERS = ("Gerente Servicio al Cliente", "Gerente de Planificación", "Jefe Área de Desarrollo Organizacional")
AUTHORIZER = "Presidente y Director Ejecutivo"


# Inputs ------------------------------------------------------------------------------------

@cache
def version(number: int) -> Manual:
    """Version ``number`` of the illustrative history, as the seed-text reader gives it."""
    path = HISTORY / f"v{number}.txt"
    return read_seed_text(path.read_bytes(), str(path)).manual


@cache
def changes(old: int, new: int) -> ChangeSet:
    """The change set between two versions of the history (computed once)."""
    return diff(version(old), version(new))


def signoff(name: str, role: str, meaning: Any, minute: int, decision: Any = "approved", comment: str = "") -> SignOff:
    """A sign-off record with a fixed time, digest and commit."""
    return SignOff(request=1, name=name, role=role, meaning=meaning, decision=decision,
                   time=NOW.replace(minute=minute), comment=comment, digest=DIGEST, commit="c" * 40)


SIGNOFFS = [
    signoff("Gloria Gerente", REVIEWERS[0], "reviewed", 1),
    signoff("Pedro Plan", REVIEWERS[1], "reviewed", 2),
    signoff("Olga Org", REVIEWERS[2], "reviewed", 3),
    signoff("Pablo Presidente", AUTHORIZER, "authorized", 4),
]


@dataclasses.dataclass(frozen=True)
class StoreViews:
    """What a real store gives the store and workflow views, its varying values made fixed."""

    statuses: list[ManualStatus]
    entries: list[LogEntry]
    requests: list[RequestStatus]


def _fixed_log(entries: list[LogEntry]) -> list[LogEntry]:
    """The log with commit ids, parents and dates that do not depend on when the test ran."""
    fixed = []
    for number, entry in enumerate(entries):
        when = datetime(2024, 1, 1 + len(entries) - number, 12, 0, tzinfo=UTC)
        fixed.append(dataclasses.replace(entry, commit=f"{len(entries) - number:02d}" + "ab" * 19, parents=(),
                                         authored=when, committed=when))
    return fixed


@pytest.fixture(scope="module")
def store_views(tmp_path_factory: pytest.TempPathFactory) -> StoreViews:
    """A store with versions 1 to 5 imported, a draft, and an open request: reviewed, rejected by a
    second reviewer, then its sentences changed (so every sign-off so far is stale)."""
    store = Store.init(tmp_path_factory.mktemp("views") / "store.git", is_bare=True)
    for number in range(1, 6):
        store.record(version(number), author=AUTHOR, is_historical=True, has_ids=False)
    store.record(with_objective(version(5), 1, "Promover y divulgar los servicios en línea."), author=AUTHOR)
    control = ChangeControl(store)
    control.propose(CODE, preparer="Clara Arce", label="Elaborado por", sentences=(), now=NOW, author=AUTHOR,
                    in_force=date(2027, 1, 4), today=NOW.date())

    def sign(name: str, role: str | None, meaning: Any, minute: int, decision: Any = "approved",
             comment: str = "") -> None:
        control.sign(CODE, name=name, role=role, meaning=meaning, decision=decision, comment=comment,
                     now=NOW.replace(minute=minute), author=AUTHOR)

    sign("Clara Arce", None, "prepared", 5)
    sign("Gloria Gerente", REVIEWERS[0], "reviewed", 6)
    sign("Pedro Plan", REVIEWERS[1], "reviewed", 7, "rejected", "Falta la fecha de vigencia [sic].")
    control.set_sentences(CODE, ("Actualización del objetivo del puesto Promotor de Servicios en Línea.",),
                          NOW.replace(minute=8), AUTHOR)
    statuses = [dataclasses.replace(s, head="ab" * 20) for s in store.manuals(date(2020, 1, 1))]
    found = request_status(control, CODE)
    assert found is not None
    return StoreViews(statuses, _fixed_log(store.log(CODE)), [found])


def _manual_with_brackets() -> Manual:
    """Version 5 whose area and first position's title hold the bracketed "[sic]" and a link-like span."""
    data = version(5).model_dump()
    data["cover"]["area"] = "ÁREA DE SERVICIOS EN LÍNEA [sic]"
    data["positions"][0]["title"] = "Jefe [bold]Área[/bold] de Servicios en Línea [N/A.](#)"
    return Manual.model_validate(data)


VIEWS: dict[str, Callable[[StoreViews], Any]] = {
    "diff-v1-v2": lambda s: DiffView(changes(1, 2), title=f"{CODE} 1 -> 2"),
    "diff-v4-v5": lambda s: DiffView(changes(4, 5), title=f"{CODE} 4 -> 5"),
    "diff-v4-v5-all": lambda s: DiffView(changes(4, 5), title=f"{CODE} 4 -> 5", is_showing_all=True),
    "side-by-side-auxiliar": lambda s: PositionSideBySide(version(4).positions[2], version(5).positions[2]),
    "side-by-side-unchanged": lambda s: PositionSideBySide(version(5).positions[0], version(5).positions[0]),
    "manual-view-v5": lambda s: ManualView(version(5)),
    "manual-summary-v5": lambda s: ManualSummary(version(5)),
    "revision-table-v5": lambda s: RevisionTable(version(5).revisions),
    "signoff-block-v5-imported": lambda s: SignOffBlock(version(5), [], True),
    "signoff-block-v5-unsigned": lambda s: SignOffBlock(version(5), [], False),
    "signoff-block-v5-signed": lambda s: SignOffBlock(version(5), SIGNOFFS, False),
    "signoff-block-v5-unproven": lambda s: SignOffBlock(version(5), SIGNOFFS, False, is_proven=False),
    "request-status": lambda s: RequestStatusView(s.requests),
    "request-status-none": lambda s: RequestStatusView([]),
    "manual-list": lambda s: ManualList(s.statuses),
    "manual-list-empty": lambda s: ManualList([]),
    "history-log": lambda s: HistoryLog(CODE, s.entries),
}
NEEDS_STORE = {"request-status", "manual-list", "history-log"}


def render(view: Any, width: int, mode: str = "plain") -> str:
    """``view`` as a console of ``width`` columns prints it: plain, or in colour as on a terminal."""
    if mode == "plain":
        console = Console(file=io.StringIO(), width=width, color_system=None)
    else:
        console = Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True)
    console.print(view)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def make(name: str, request: pytest.FixtureRequest) -> Any:
    """The view called ``name``, building the store only for the views that need one."""
    views = request.getfixturevalue("store_views") if name in NEEDS_STORE else None
    return VIEWS[name](views)  # type: ignore[arg-type]


# Golden files ------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_snapshot(name: str, width: int, mode: str, request: pytest.FixtureRequest) -> None:
    """Every view renders exactly as its golden file (UPDATE_SNAPSHOTS=1 rewrites the file)."""
    output = render(make(name, request), width, mode)
    golden = SNAPSHOTS / f"{name}-{width}-{mode}.txt"
    if IS_UPDATING:
        SNAPSHOTS.mkdir(exist_ok=True)
        golden.write_bytes(output.encode("utf-8"))
        return
    assert golden.exists(), f"no golden file {golden.name}: run with UPDATE_SNAPSHOTS=1 and read it"
    expected = golden.read_bytes().decode("utf-8")
    if output != expected:  # a line diff: pytest's own diff of long strings is slow and hard to read
        lines = difflib.unified_diff(expected.splitlines(), output.splitlines(), golden.name, "rendered", lineterm="")
        pytest.fail(f"{name} at {width} columns ({mode}) differs from its golden file:\n" + "\n".join(lines))


# What every view promises --------------------------------------------------------------------

class TestEveryView:
    """Promises every view keeps, whatever it shows."""

    @pytest.mark.parametrize("name", sorted(VIEWS))
    def test_plain_rendering_has_no_escape_codes(self, name: str, request: pytest.FixtureRequest) -> None:
        output = render(make(name, request), 80)
        assert "\x1b[" not in output

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize("width", WIDTHS)
    @pytest.mark.parametrize("name", sorted(VIEWS))
    def test_nothing_is_wider_than_the_console(self, name: str, width: int, mode: str,
                                               request: pytest.FixtureRequest) -> None:
        output = ANSI.sub("", render(make(name, request), width, mode))
        too_wide = [line for line in output.splitlines() if cell_len(line) > width]
        assert too_wide == []

    @pytest.mark.parametrize("width", WIDTHS)
    def test_colour_and_plain_read_the_same_text_apart_from_markers(self, width: int) -> None:
        """Without its escape codes, the colour rendering is the plain one minus the [- -]{+ +} markers."""
        view = DiffView(changes(1, 2))
        coloured = ANSI.sub("", render(view, width, "color"))
        plain = re.sub(r"\[-|-\]|\{\+|\+\}", "", render(view, width))
        assert coloured.split() == plain.split()


# What a person sees ------------------------------------------------------------------------------

def _sgr_before(output: str, word: str) -> set[str]:
    """The SGR parameters in force right before each occurrence of ``word`` in ``output``."""
    found: set[str] = set()
    for match in re.finditer(r"\x1b\[([0-9;]*)m" + re.escape(word), output):
        found.update(match.group(1).split(";"))
    return found


class TestDiffView:
    """The reviewer's view: the header counts changes, edits read as a redline."""

    def test_plain_redline_markers(self) -> None:
        output = render(DiffView(changes(4, 5)), 120)
        assert "Renamed: [-Auxiliar-]{+Asistente de Soporte+} de Servicios en Línea" in output
        assert "Elaborar el plan de trabajo [-anual-]{+y el presupuesto+} del área." in output
        assert "III. Trimestral -> Mensual: Elaborar propuestas de temas diversos" in output

    def test_colour_strikes_deletions_and_underlines_insertions(self) -> None:
        output = render(DiffView(changes(4, 5)), 120, "color")
        assert "[-" not in output and "{+" not in output
        assert {"9", "31"} <= _sgr_before(output, "Auxiliar"), "a deleted word is struck through in red"
        assert {"4", "32"} <= _sgr_before(output, "Asistente de Soporte"), "an inserted word is underlined in green"
        assert re.search(r"\x1b\[(?:\d+;)*9(?:;\d+)*m", output) and re.search(r"\x1b\[(?:\d+;)*4(?:;\d+)*m", output)

    def test_header_counts_each_kind(self) -> None:
        header = " ".join(render(DiffView(changes(1, 2), title="900-0935 1 -> 2"), 120).splitlines()[:1])
        assert header == "900-0935 1 -> 2: 3 terms renamed everywhere, 3 cover and table changes, 2 positions renamed"

    def test_cosmetic_changes_are_hidden_and_counted(self) -> None:
        hidden = render(DiffView(changes(4, 5)), 120)
        shown = render(DiffView(changes(4, 5), is_showing_all=True), 120)
        assert "(4 cosmetic or revision-mark changes hidden; --all shows them)" in hidden
        assert "hidden" not in shown and len(shown.splitlines()) > len(hidden.splitlines())

    def test_sentences_close_the_view(self) -> None:
        output = render(DiffView(changes(4, 5)), 120)
        tail = output[output.index("Descripción de la modificación"):]
        assert ("Renombramiento del puesto Auxiliar de Servicios en Línea por Asistente de Soporte de "
                "Servicios en Línea.") in tail

    def test_no_changes(self) -> None:
        assert render(DiffView(diff(version(5), version(5))), 80) == "no changes\n"

    def test_counts_agree_with_their_number(self) -> None:
        """One of a kind reads singular: "1 place", "1 position renamed", not "1 places", "1 positions renamed"."""
        output = " ".join(render(DiffView(changes(4, 5)), 200).split())
        assert re.findall(r"\b1 (?:places|items|positions|fields|reorders)\b", output) == []

    def test_revision_marks_read_as_text_not_python_reprs(self) -> None:
        """--all shows the revision marks as the document's words, never as Python dicts."""
        output = render(DiffView(changes(4, 5), is_showing_all=True), 120)
        assert "Marcas de revisión" in output
        assert "{'path':" not in output and "'start':" not in output


class TestPositionSideBySide:
    """One position in two columns, only the fields that differ."""

    def test_title_and_redline_columns(self) -> None:
        output = render(PositionSideBySide(version(4).positions[2], version(5).positions[2]), 120)
        assert output.splitlines()[0].rstrip() == \
            "Auxiliar de Servicios en Línea -> Asistente de Soporte de Servicios en Línea"
        assert "│ Puesto genérico │ [-Auxiliar-] de Oficina" in output
        assert "│ {+Asistente+} de Oficina" in output
        assert "Objetivo del puesto" not in output, "an unchanged field is left out"

    def test_colour_marks_each_side(self) -> None:
        output = render(PositionSideBySide(version(4).positions[2], version(5).positions[2]), 120, "color")
        assert {"9", "31"} <= _sgr_before(output, "Auxiliar")
        assert {"4", "32"} <= _sgr_before(output, "Asistente")

    def test_same_position_has_no_differences(self) -> None:
        assert render(PositionSideBySide(version(5).positions[0], version(5).positions[0]), 80) == \
            "No differences.\n"

    def test_list_items_keep_one_line_each(self) -> None:
        """The old Diaria items read one per line; renumbering is not shown as a word edit "[-4-]."."""
        output = render(PositionSideBySide(version(4).positions[2], version(5).positions[2]), 120)
        old_cells = [line.split("│")[2].strip() for line in output.splitlines() if line.count("│") == 4]
        assert "[-4-]" not in output and "{+5+}" not in output
        assert any(cell.startswith("4. Monitorear continuamente") for cell in old_cells)


class TestNothingIsCut:
    """What a reader must read or type (ids for --side-by-side, field labels, role names) is never
    cut short with an ellipsis at 80 columns."""

    @pytest.mark.parametrize("name", sorted(VIEWS))
    def test_no_text_is_cut_at_80_columns(self, name: str, request: pytest.FixtureRequest) -> None:
        cut = [line for line in render(make(name, request), 80).splitlines() if "…" in line]
        assert cut == []


class TestManualView:
    """A version read as the document."""

    def test_renders_the_cover_every_section_and_the_table(self) -> None:
        output = render(ManualView(version(5)), 120)
        for expected in ("CÓDIGO: 900 0935", "ÍNDICE", "3. Asistente de Soporte de Servicios en Línea",
                         "I. IDENTIFICACIÓN", "II. FUNCIONES CLAVES", "VII. HABILIDADES Y COMPETENCIAS",
                         "MODIFICACIONES REALIZADAS", "Versión: 05"):
            assert expected in output


class TestManualSummary:
    """A manual at a glance."""

    def test_cover_counts_and_table(self) -> None:
        output = render(ManualSummary(version(5)), 120)
        assert "MANUAL DE DESCRIPCIÓN DE PUESTOS · 900 0935" in output
        assert re.search(r"│ Asistente de Soporte de Servicios en Línea\s+│ 2 \(50, 30\)\s+│\s+7 │\s+2 │\s+8 │", output)
        assert "Fecha de vigencia      │ 02 de enero de 2018" in output

    @pytest.mark.parametrize("mode", MODES)
    def test_brackets_show_as_written(self, mode: str) -> None:
        """Text that looks like rich markup ("[sic]", "[bold]", "[N/A.](#)") is shown, not interpreted."""
        output = ANSI.sub("", render(ManualSummary(_manual_with_brackets()), 200, mode))
        assert "ÁREA DE SERVICIOS EN LÍNEA [sic]" in output
        assert "Jefe [bold]Área[/bold] de Servicios en Línea [N/A.](#)" in output

    def test_brackets_in_a_diff_show_as_written(self) -> None:
        output = render(DiffView(diff(version(5), _manual_with_brackets())), 200)
        assert "[sic]" in output and "[bold]Área[/bold]" in output


class TestWorkflowViews:
    """The revision table, the sign-off block and the request status."""

    def test_revision_table_rows(self) -> None:
        output = render(RevisionTable(version(5).revisions), 120)
        assert output.splitlines()[0].rstrip() == "MODIFICACIONES REALIZADAS"
        assert [int(v) for v in re.findall(r"│\s+(\d\d)\s+│", output)] == [1, 2, 3, 4, 5]
        assert "Elaborado por: Clara Arce" in output

    def test_revision_table_markdown(self) -> None:
        lines = revision_table_markdown(version(5).revisions).splitlines()
        assert lines[0] == "| Referencia de autorización | Versión | Descripción de la modificación |"
        assert len(lines) == 2 + 5
        assert lines[-1].startswith("| Presidente y Director Ejecutivo<br>Fecha de vigencia: 02 de enero de 2018 | 05 |")

    def test_signoff_block_names_who_signed_and_when(self) -> None:
        output = render(SignOffBlock(version(5), SIGNOFFS, False), 120)
        assert re.search(r"│ Autorizado\s+│ Presidente y Director Ejecutivo\s+│ Pablo Presidente, 04 de marzo de 2024", output)
        assert "Olga Org, 04 de marzo de 2024" in output
        assert "Versión: 05" in output

    def test_signoff_block_of_an_imported_version(self) -> None:
        output = render(SignOffBlock(version(5), [], True), 120)
        assert output.count("firmado en papel (versión importada)") == 4

    def test_request_status_flags_stale_signoffs(self, store_views: StoreViews) -> None:
        output = render(RequestStatusView(store_views.requests), 120)
        assert output.splitlines()[0].rstrip() == "900-0935: change request 1 · draft"
        assert "void: rejected round" in output  # the round the rejection ended: they sign again
        assert "Returned to draft: Falta la fecha de vigencia [sic]." in output
        assert "Preparer: Clara Arce" in output


class TestStoreViews:
    """The manual list and a manual's history."""

    def test_manual_list(self, store_views: StoreViews) -> None:
        output = render(ManualList(store_views.statuses), 120)
        assert re.search(r"│ 900-0935 │ ÁREA DE SERVICIOS EN LÍNEA │ v5 since 2018-01-02 │ v5 since 2018-01-02 │ open\s+│",
                         output)

    def test_empty_manual_list_says_how_to_start(self) -> None:
        assert "'docversion import FILE' records one." in " ".join(render(ManualList([]), 120).split())

    def test_history_log_newest_first(self, store_views: StoreViews) -> None:
        rows = [line for line in render(HistoryLog(CODE, store_views.entries), 120).splitlines()
                if re.match(r"│ [0-9a-f]{8} ", line)]
        # The proposed draft (its cover stating v6), the imported draft, the five imported versions.
        assert [row.split("│")[2].strip() for row in rows] == ["draft", "draft", *["imported"] * 5]
        assert "v1 since 2011-07-29" in rows[-1] and "imported" in rows[-1]
