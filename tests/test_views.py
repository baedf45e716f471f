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
from docversion.diff.changes import (
    ItemEdited,
    ItemMerged,
    ItemSplit,
    ManualFieldChanged,
    PositionRenamed,
    TermRenamed,
    WordOp,
)
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from docversion.records import LogEntry, ManualStatus, RequestHistory, RequestStatus, ToSign
from docversion.render.diff_view import DiffView, counted
from docversion.render.history_lines import history_lines
from docversion.render.manual_summary import ManualSummary
from docversion.render.manual_view import ManualView
from docversion.render.side_by_side import PositionSideBySide
from docversion.render.store_views import HistoryLog, ManualList
from docversion.render.workflow_views import (
    RequestStatusView,
    RevisionTable,
    SignOffBlock,
    revision_table_markdown,
)
from docversion.store import LATEST, Store
from docversion.store.chronicle import manual_history
from docversion.store.control import ChangeControl
from docversion.store.requests import request_status
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
    history: RequestHistory | None
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
    """A store with versions 1 to 5 imported, version 6 published through change control (every
    role signed, one review with a comment), and an open request for version 7: submitted,
    reviewed, rejected by a second reviewer, then its sentences changed (so every sign-off so
    far is void or stale)."""
    store = Store.init(tmp_path_factory.mktemp("views") / "store.git", is_bare=True)
    for number in range(1, 6):
        store.record(version(number), author=AUTHOR, is_historical=True, has_ids=False)
    control = ChangeControl(store)

    def sign(name: str, role: str | None, meaning: Any, minute: int, decision: Any = "approved",
             comment: str = "", hour: int = 9) -> None:
        control.sign(CODE, name=name, role=role, meaning=meaning, decision=decision, comment=comment,
                     now=NOW.replace(hour=hour, minute=minute), author=AUTHOR)

    store.record(with_objective(version(5), 1, "Promover y divulgar los servicios en línea de la Institución."),
                 author=AUTHOR)
    control.propose(CODE, preparer="Clara Arce", label="Elaborado por",
                    sentences=("Actualización del objetivo del puesto Promotor de Servicios en Línea.",),
                    now=NOW.replace(hour=8), author=AUTHOR, in_force=date(2027, 1, 4), today=NOW.date())
    sign("Clara Arce", None, "prepared", 1, hour=8)
    for minute, (name, role) in enumerate(zip(("Gloria Gerente", "Pedro Plan", "Olga Org"), REVIEWERS, strict=True)):
        sign(name, role, "reviewed", 2 + minute, comment="Conforme." if minute == 1 else "", hour=8)
    sign("Pablo Presidente", AUTHORIZER, "authorized", 6, hour=8)
    control.publish(CODE, name="Clara Arce", now=NOW.replace(hour=8, minute=7), author=AUTHOR, today=NOW.date())
    store.record(with_objective(store.load(CODE, LATEST), 1, "Promover y divulgar los servicios en línea."),
                 author=AUTHOR)
    control.propose(CODE, preparer="Clara Arce", label="Elaborado por", sentences=(), now=NOW.replace(minute=4),
                    author=AUTHOR, in_force=date(2027, 6, 1), today=NOW.date())
    sign("Clara Arce", None, "prepared", 5)
    sign("Gloria Gerente", REVIEWERS[0], "reviewed", 6)
    sign("Pedro Plan", REVIEWERS[1], "reviewed", 7, "rejected", "Falta la fecha de vigencia [sic].")
    control.set_sentences(CODE, ("Actualización del objetivo del puesto Promotor de Servicios en Línea.",),
                          NOW.replace(minute=8), AUTHOR)
    statuses = [dataclasses.replace(s, head="ab" * 20) for s in store.manuals(date(2020, 1, 1))]
    found = request_status(control, CODE)
    assert found is not None
    entries, history = manual_history(store, CODE)
    return StoreViews(statuses, _fixed_log(entries), history, [found])


FRESH = RequestStatus(
    code=CODE, number=3, state="draft", preparer="Clara Arce", label="Elaborado por", digest=DIGEST, signoffs=(),
    to_sign=(ToSign("Elaborado por (Clara Arce)", "submit"), *(ToSign(r, "review") for r in REVIEWERS),
             ToSign(AUTHORIZER, "authorize")),
    sentences=("Actualización de las funciones de los puestos de trabajo.",), are_sentences_written=False,
    version=7, in_force=date(2027, 6, 1))
"""A request just proposed, built by hand: nobody has signed, its sentences come from the diff."""

AUTHORIZED = dataclasses.replace(
    FRESH, state="authorized", to_sign=(), are_sentences_written=True,
    signoffs=tuple((s, False) for s in [signoff("Clara Arce", "Elaborado por", "prepared", 0), SIGNOFFS[0],
                                        SIGNOFFS[1].model_copy(update={"comment": "Conforme con los cambios."}),
                                        *SIGNOFFS[2:]]))
"""A request every role signed, its sign-offs fresh (one with a comment)."""


WHERE = {"position_id": "asistente-de-soporte-de-servicios-en-linea",
         "title": "Asistente de Soporte de Servicios en Línea", "section": "III"}
SPLIT = ItemSplit(**WHERE, field="periodic_functions.daily", old_index=2, indexes=(2, 3),
                  old="Apoyar en la afiliación de empresas y clientes a los canales de servicios en línea y "
                      "brindarles asistencia técnica.",
                  new=("Apoyar en la afiliación de empresas y clientes a los canales de servicios en línea.",
                       "Brindar asistencia técnica a las empresas y clientes afiliados."))
MERGED = ItemMerged(**WHERE, field="periodic_functions.monthly", old_indexes=(1, 2), index=1,
                    old=("Elaborar informes de resultados.", "Elaborar informes de comportamiento de los servicios."),
                    new="Elaborar informes de resultados y comportamiento de los servicios en línea.")


def _split_and_merge() -> ChangeSet:
    """A change set built by hand, in document order: a term renamed in one place, a position
    renamed (the same term followed in two other places), an item split in two and two items
    merged into one."""
    return ChangeSet(changes=(
        TermRenamed(old="Auxiliar de Servicios en Línea", new="Asistente de Soporte de Servicios en Línea",
                    places=("positions.asistente-de-soporte-de-servicios-en-linea.title",
                            "positions.jefe-area-de-servicios-en-linea.direct_reports.1",
                            "positions.promotor-de-servicios-en-linea.reports_to")),
        TermRenamed(old="Centro de Contactos", new="Centro de Contacto",
                    places=("positions.asistente-de-soporte-de-servicios-en-linea.periodic_functions.weekly.0",)),
        PositionRenamed(position_id="asistente-de-soporte-de-servicios-en-linea", old="Auxiliar de Servicios en Línea",
                        new="Asistente de Soporte de Servicios en Línea"),
        SPLIT, MERGED,
    ), sentences=("Actualización de las funciones de los puestos de trabajo.",))


def _split_positions() -> tuple[Any, Any, tuple[Any, ...]]:
    """Version 5's Asistente before and after the split and the merge of ``_split_and_merge``."""
    before = version(5).positions[2]
    daily, monthly = list(before.periodic_functions.daily), list(before.periodic_functions.monthly)

    def with_lists(daily: list[str], monthly: list[str]) -> Any:
        periodic = before.periodic_functions.model_copy(update={"daily": tuple(daily), "monthly": tuple(monthly)})
        return before.model_copy(update={"periodic_functions": periodic})

    old = with_lists([*daily[:2], SPLIT.old, *daily[2:]], [monthly[0], *MERGED.old, *monthly[2:]])
    new = with_lists([*daily[:2], *SPLIT.new, *daily[2:]], [monthly[0], MERGED.new, *monthly[2:]])
    return old, new, (SPLIT, MERGED)


def _manual_with_brackets() -> Manual:
    """Version 5 whose area and first position's title hold the bracketed "[sic]" and a link-like span."""
    data = version(5).model_dump()
    data["cover"]["area"] = "ÁREA DE SERVICIOS EN LÍNEA [sic]"
    data["positions"][0]["title"] = "Jefe [bold]Área[/bold] de Servicios en Línea [N/A.](#)"
    return Manual.model_validate(data)


VIEWS: dict[str, Callable[[StoreViews], Any]] = {
    "diff-v1-v2": lambda s: DiffView(changes(1, 2), title=f"{CODE} 1 -> 2"),
    "diff-v2-v3": lambda s: DiffView(changes(2, 3), title=f"{CODE} 2 -> 3"),
    "diff-v4-v5": lambda s: DiffView(changes(4, 5), title=f"{CODE} 4 -> 5", hidden_hint="--all shows them"),
    "diff-v4-v5-all": lambda s: DiffView(changes(4, 5), title=f"{CODE} 4 -> 5", is_showing_all=True),
    "diff-split-merge": lambda s: DiffView(_split_and_merge(), title=f"{CODE} split and merge"),
    "side-by-side-auxiliar": lambda s: PositionSideBySide(version(4).positions[2], version(5).positions[2]),
    "side-by-side-unchanged": lambda s: PositionSideBySide(version(5).positions[0], version(5).positions[0]),
    "side-by-side-split-merge": lambda s: PositionSideBySide(*_split_positions()),
    "manual-view-v5": lambda s: ManualView(version(5)),
    "manual-summary-v5": lambda s: ManualSummary(version(5)),
    "revision-table-v5": lambda s: RevisionTable(version(5).revisions),
    "signoff-block-v5-imported": lambda s: SignOffBlock(version(5), [], True),
    "signoff-block-v5-unsigned": lambda s: SignOffBlock(version(5), [], False),
    "signoff-block-v5-signed": lambda s: SignOffBlock(version(5), SIGNOFFS, False),
    "signoff-block-v5-unproven": lambda s: SignOffBlock(version(5), SIGNOFFS, False, is_proven=False),
    "request-status": lambda s: RequestStatusView(s.requests),
    "request-status-fresh": lambda s: RequestStatusView([FRESH]),
    "request-status-authorized": lambda s: RequestStatusView([AUTHORIZED]),
    "request-status-none": lambda s: RequestStatusView([]),
    "manual-list": lambda s: ManualList(s.statuses),
    "manual-list-empty": lambda s: ManualList([]),
    "history-log": lambda s: HistoryLog(CODE, s.entries, s.history),
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
        """Without its escape codes, the colour rendering is the plain one minus the [- -] {+ +} markers."""
        view = DiffView(changes(1, 2))
        coloured = ANSI.sub("", render(view, width, "color"))
        plain = re.sub(r"\[-|-\]|\{\+|\+\}", "", render(view, width))
        assert coloured.split() == plain.split()


def tokens(output: str) -> set[str]:
    """The words of a rendering: runs of characters between spaces and table borders."""
    return set(re.split(r"[\s" + BORDERS + "]+", ANSI.sub("", output))) - {""}


BORDERS = "│┃┏┓┗┛┡┩└┘┌┐├┤┬┴┼╇╈━─┳┻╋"


NARROW_HEADINGS = {"manual-summary-v5": {"(funciones", "periódicas)", "(id)"}}
"""Words of headings a view changes where it takes another layout at 80 columns (the summary's
positions become two tables: "Puestos" and "Funciones claves y periódicas")."""


class TestNoWordIsBroken:
    """At 80 columns lines fold at spaces only: no word of the text and no id is ever cut in two."""

    @pytest.mark.parametrize("mode", MODES)
    @pytest.mark.parametrize("name", sorted(VIEWS))
    def test_every_word_of_the_wide_rendering_is_whole_at_80(self, name: str, mode: str,
                                                              request: pytest.FixtureRequest) -> None:
        """Each word a view shows with room to spare (400 columns) is on one line at 80."""
        view = make(name, request)
        broken = tokens(render(view, 400, mode)) - tokens(render(view, 80, mode))
        assert broken - NARROW_HEADINGS.get(name, set()) == set()

    def test_every_word_and_id_of_the_changes_is_on_one_line(self) -> None:
        """Each word of the texts a diff shows (items, titles, ids, sentences) appears whole at 80."""
        changeset = changes(4, 5)
        texts = list(changeset.sentences)
        for change in changeset.changes:
            texts += [value for name in ("old", "new", "item", "title", "position_id")
                      if isinstance(value := getattr(change, name, None), str)]
        # A word's own punctuation may follow a marker ("[-modernos-] {+clientes+}."): compare the words alone.
        words = {word.strip(".,;:") for text in texts for word in text.split()} - {""}
        lines = [re.sub(r"\[-|-\]|\{\+|\+\}", "", line) for line in render(DiffView(changeset), 80).splitlines()]
        assert {"asistente-de-soporte-de-servicios-en-linea", "(CRM-Customer"} <= words
        assert [word for word in sorted(words) if not any(word in line for line in lines)] == []

    @pytest.mark.parametrize("name", ["history-log", "manual-summary-v5", "request-status"])
    def test_ids_commits_and_names_are_whole(self, name: str, request: pytest.FixtureRequest) -> None:
        lines = render(make(name, request), 80).splitlines()
        wanted = {"manual-summary-v5": [p.id for p in version(5).positions],
                  "history-log": ["commit", "Esmeralda", "Organizacional", "Elaborado/actualizado"],
                  "request-status": ["Organizacional", "Planificación", "[sic]."]}[name]
        assert [word for word in wanted if not any(word in line for line in lines)] == []


# What a person sees ------------------------------------------------------------------------------

def _sgr_before(output: str, word: str) -> set[str]:
    """The SGR parameters in force right before each occurrence of ``word`` in ``output``."""
    found: set[str] = set()
    for match in re.finditer(r"\x1b\[([0-9;]*)m" + re.escape(word), output):
        found.update(match.group(1).split(";"))
    return found


def _manual_change(field: str) -> Any:
    return ManualFieldChanged(field=field, old=1, new=2)


def _edit(position: str, index: int) -> Any:
    return ItemEdited(position_id=position, title=position.title(), section="III", field="periodic_functions.daily",
                      old_index=index, index=index, old=f"Hacer {index}.", new=f"Hacer bien {index}.",
                      words=(WordOp(op="equal", old="Hacer", new="Hacer"), WordOp(op="insert", new="bien"),
                             WordOp(op="equal", old=f"{index}.", new=f"{index}.")))


class TestDiffView:
    """The reviewer's view: the header counts changes, edits read as a redline, in document order."""

    def test_plain_redline_markers(self) -> None:
        """A deletion and the insertion that replaces it are apart by a space: "[-x-] {+y+}"."""
        output = render(DiffView(changes(4, 5)), 120)
        assert "Renamed: [-Auxiliar-] {+Asistente de Soporte+} de Servicios en Línea" in output
        assert "Elaborar el plan de trabajo [-anual-] {+y el presupuesto+} del área." in output
        assert "> III. Trimestral -> Mensual: Elaborar propuestas de temas diversos" in output
        assert "-]{+" not in output

    def test_colour_keeps_deleted_and_inserted_words_apart(self) -> None:
        """Where strikethrough does not show, "Auxiliar" and "Asistente" still read as two words."""
        output = ANSI.sub("", render(DiffView(changes(4, 5)), 120, "color"))
        assert "Renamed: Auxiliar Asistente de Soporte de Servicios en Línea" in output
        assert "Elaborar el plan de trabajo anual y el presupuesto del área." in output

    def test_colour_strikes_deletions_and_underlines_insertions(self) -> None:
        output = render(DiffView(changes(4, 5)), 120, "color")
        assert "[-" not in output and "{+" not in output
        assert {"9", "31"} <= _sgr_before(output, "Auxiliar"), "a deleted word is struck through in red"
        assert {"4", "32"} <= _sgr_before(output, "Asistente de Soporte"), "an inserted word is underlined in green"
        assert re.search(r"\x1b\[(?:\d+;)*9(?:;\d+)*m", output) and re.search(r"\x1b\[(?:\d+;)*4(?:;\d+)*m", output)

    def test_header_counts_each_kind(self) -> None:
        """Two terms of 1 -> 2 are the positions' renames followed elsewhere: counted with them."""
        header = " ".join(render(DiffView(changes(1, 2), title="900-0935 1 -> 2"), 120).splitlines()[:1])
        assert header == "900-0935 1 -> 2: 1 term renamed everywhere, 3 cover and table changes, 2 positions renamed"

    def test_wrapped_lines_hang_under_their_text(self) -> None:
        """A change's second line starts under its text (column 4), never at column 0."""
        lines = render(DiffView(changes(4, 5)), 80).splitlines()
        start = next(n for n, line in enumerate(lines) if line.startswith("  + VI. Educación, formación y otros "
                                                                          "conocimientos 4:"))
        assert lines[start + 1].startswith("    para la atención") and lines[start + 2].startswith("    Management")
        body = lines[2:lines.index(next(line for line in lines if line.startswith("Descripción")))]
        assert [line for line in body if not line.startswith((" ", "──", "Cover", "Renamed", "("))] == []

    def test_cosmetic_changes_are_hidden_and_counted(self) -> None:
        hidden = render(DiffView(changes(4, 5), hidden_hint="--all shows them"), 120)
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
        assert re.findall(r"\b1 (?:places|items|positions|fields|reorders|merges)\b", output) == []

    def test_revision_marks_read_as_text_not_python_reprs(self) -> None:
        """--all shows the revision marks as the document's words, never as Python dicts."""
        output = render(DiffView(changes(4, 5), is_showing_all=True), 120)
        assert "Marcas de revisión" in output
        assert "{'path':" not in output and "'start':" not in output

    def test_cover_and_table_come_before_the_positions(self) -> None:
        output = render(DiffView(changes(4, 5)), 120)
        assert output.index("Cover and revision table") < output.index("── Jefe Área de Servicios en Línea")
        assert output.index("Cover and revision table") < output.index("Descripción de la modificación")

    def test_changes_keep_the_order_they_are_given(self) -> None:
        """The view never sorts: positions in the order listed; a position listed again gets its heading again."""
        given = ChangeSet(changes=(_edit("promotor", 2), _edit("jefe", 1), _edit("jefe", 3), _edit("promotor", 1),
                                   _manual_change("cover.version")))
        lines = render(DiffView(given), 120).splitlines()
        headings = [line.split()[1] for line in lines if line.startswith("──")]
        assert headings == ["Promotor", "Jefe", "Promotor"]
        edits = [line.split(":")[0].strip() for line in lines if line.startswith("  ~")]
        assert edits == ["~ III. Diaria 3", "~ III. Diaria 2", "~ III. Diaria 4", "~ III. Diaria 2"]
        assert lines.index(next(line for line in lines if "Versión" in line)) < lines.index(
            next(line for line in lines if line.startswith("──"))), "the cover block before the positions"


class TestRenamesOnce:
    """A rename is told once: a term the position's own rename explains is on the position's line."""

    def test_no_single_place_in_renamed_everywhere(self) -> None:
        for old, new in ((1, 2), (2, 3), (4, 5)):
            output = render(DiffView(changes(old, new)), 200)
            assert "(1 place)" not in output and "(1 places)" not in output
            block = output.split("Renamed everywhere", 1)[1].split("──", 2)[1] if "Renamed everywhere" in output else ""
            assert all("place" in line for line in block.splitlines()[1:] if line.strip())

    def test_position_rename_says_where_else_it_was_followed(self) -> None:
        assert "Renamed everywhere" not in render(DiffView(changes(4, 5)), 200)
        output = render(DiffView(_split_and_merge()), 200)
        assert "Renamed: [-Auxiliar-] {+Asistente de Soporte+} de Servicios en Línea (and in 2 other places)" in output
        assert "Auxiliar de Servicios en Línea" not in output.split("Renamed:")[0], "not repeated as a term"

    def test_a_term_equal_to_a_position_rename_is_not_repeated(self) -> None:
        output = render(DiffView(changes(1, 2)), 200)
        block = output[output.index("Renamed everywhere"):output.index("Cover and revision table")]
        assert "Promotor" not in block and "Jefe" not in block
        assert "[-Agencia Virtual-] {+Área de Servicios en Línea+}  (3 places)" in block
        assert ("Renamed: [-Analista-] {+Promotor+} de [-Agencia Virtual-] {+Servicios en Línea+} (and in 2 other "
                "places)") in output

    def test_a_term_of_one_place_alone_is_named_with_its_place(self) -> None:
        output = render(DiffView(_split_and_merge()), 200)
        assert "Renamed everywhere" not in output
        assert "Renamed in one place" in output
        assert "Centro de [-Contactos-] {+Contacto+}  (at Semanal 1 [asistente-de-soporte-de-servicios-en-linea])" \
            in output
        assert output.splitlines()[0].endswith("1 term renamed in one place, 1 position renamed, 1 item split, 1 merge")


class TestSplitAndMerge:
    """An item split in several, or several merged into one, reads as one change with its pieces."""

    def test_split_shows_the_old_item_then_each_piece(self) -> None:
        lines = render(DiffView(_split_and_merge()), 200).splitlines()
        at = next(n for n, line in enumerate(lines) if line.startswith("  ÷ III. Diaria 3 -> 3, 4: Apoyar"))
        assert lines[at + 1] == f"      3: {SPLIT.new[0]}" and lines[at + 2] == f"      4: {SPLIT.new[1]}"

    def test_merge_shows_the_new_item_then_what_it_was(self) -> None:
        lines = render(DiffView(_split_and_merge()), 200).splitlines()
        at = next(n for n, line in enumerate(lines) if line.startswith(f"  & III. Mensual 2, 3 -> 2: {MERGED.new}"))
        assert lines[at + 1] == f"      was 2: {MERGED.old[0]}" and lines[at + 2] == f"      was 3: {MERGED.old[1]}"

    def test_counts_read_in_the_singular_and_plural(self) -> None:
        assert counted(1, "item_split") == "1 item split" and counted(2, "item_split") == "2 items split"
        assert counted(1, "item_merged") == "1 merge" and counted(3, "item_merged") == "3 merges"

    def test_side_by_side_names_the_pieces(self) -> None:
        rows = [line.split("│") for line in render(PositionSideBySide(*_split_positions()), 200).splitlines()
                if line.count("│") == 4]
        before, after = (" ".join(" ".join(row[column] for row in rows).split()) for column in (2, 3))
        assert "3. [-Apoyar en la afiliación" in before and "asistencia técnica.-] (÷ -> 3, 4)" in before
        assert after.count("(÷ from 3)") == 2 and "4. {+Brindar asistencia técnica" in after
        assert before.count("(& -> 2)") == 2 and "servicios en línea.+} (& from 2, 3)" in after


class TestPositionSideBySide:
    """One position in two columns, only the fields that differ."""

    def test_title_and_redline_columns(self) -> None:
        output = render(PositionSideBySide(version(4).positions[2], version(5).positions[2]), 120)
        assert output.splitlines()[0].rstrip() == \
            "Auxiliar de Servicios en Línea -> Asistente de Soporte de Servicios en Línea"
        assert re.search(r"│ Puesto genérico\s+│ \[-Auxiliar-\] de Oficina", output)
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

    def test_ids_keep_their_line_at_80_columns(self) -> None:
        """Where an id and the counts do not fit one line, titles and ids and the counts are two tables."""
        output = render(ManualSummary(version(5)), 80)
        assert re.search(r"│ 3 │ Asistente de Soporte de\s+│ asistente-de-soporte-de-servicios-en-linea │", output)
        assert re.search(r"│ 3 │ 2 \(50, 30\)\s+│\s+7 │\s+2 │\s+8 │", output)

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

    def test_request_status_flags_void_and_stale_signoffs(self, store_views: StoreViews) -> None:
        output = render(RequestStatusView(store_views.requests), 120)
        lines = output.splitlines()
        assert lines[0] == "900-0935: change request 2 · draft · version 7, in force from 2027-06-01"
        assert "  Prepared by Clara Arce (Elaborado por)" in lines
        assert "  Returned to draft: Falta la fecha de vigencia [sic]." in lines
        assert "    Actualización del objetivo del puesto Promotor de Servicios en Línea." in lines
        assert "void: a rejection ended its round" in output  # the round the rejection ended: they sign again
        assert re.search(r"^    void   2024-03-04 09:07  rejected by Pedro Plan as Gerente de Planificación: "
                         r"Falta la fecha de vigencia \[sic\]\.$", output, re.MULTILINE)

    def test_request_status_lists_each_role_still_to_sign(self, store_views: StoreViews) -> None:
        lines = render(RequestStatusView(store_views.requests), 120).splitlines()
        at = lines.index("  Still to sign:")
        assert lines[at + 1:at + 6] == ["    Elaborado por (Clara Arce): submit the draft",
                                        *(f"    {role}: review" for role in REVIEWERS),
                                        f"    {AUTHORIZER}: authorize"]

    def test_a_request_nobody_signed_says_so_in_a_sentence(self) -> None:
        output = render(RequestStatusView([FRESH]), 80)
        assert "Nobody has signed yet" in output and "┏" not in output and "│" not in output
        assert "Changes (from the diff: the preparer wrote none):" in output

    def test_fresh_signoffs_with_their_comments(self) -> None:
        output = " ".join(render(RequestStatusView([AUTHORIZED]), 120).split())
        assert "fresh: bound to the draft as it stands, digest dddddddddddd" in output
        assert "fresh 2024-03-04 09:02 reviewed by Pedro Plan as Gerente de Planificación: Conforme con los cambios." \
            in output
        assert "stale" not in output and "Every sign-off is in" in output


class TestStoreViews:
    """The manual list and a manual's history."""

    def test_a_long_area_keeps_its_words_whole_at_80_columns(self, store_views: StoreViews) -> None:
        area = "UNIDAD DE ADQUISICIONES Y CONTRATACIONES INSTITUCIONAL"
        statuses = [dataclasses.replace(status, title=area) for status in store_views.statuses]
        output = render(ManualList(statuses), 80)
        cells = " ".join(line.split("│")[2].strip() for line in output.splitlines() if line.count("│") > 2)
        assert cells.split() == area.split()

    def test_manual_list(self, store_views: StoreViews) -> None:
        output = render(ManualList(store_views.statuses), 120)
        assert re.search(r"│ 900-0935 │ ÁREA DE SERVICIOS EN LÍNEA\s+│ v6 since 2027-01-04 │ v5 since 2018-01-02 │ open\s+│",
                         output)

    def test_empty_manual_list_says_how_to_start(self) -> None:
        assert "'docversion import FILE' records one." in " ".join(render(ManualList([]), 120).split())

    def test_history_log_newest_first(self, store_views: StoreViews) -> None:
        output = render(HistoryLog(CODE, store_views.entries, store_views.history), 120)
        headings = [line.split(" · ")[0].removeprefix("── ") for line in output.splitlines() if line.startswith("──")]
        # The open request, its proposed draft (the cover stating v7), the recorded draft, v6 and its two
        # drafts, then the five imported versions.
        assert headings == ["Open change request 2", "draft", "draft", "v6", "draft", "draft",
                            "v5", "v4", "v3", "v2", "v1"]

    def test_a_version_names_who_prepared_reviewed_and_authorized_it(self, store_views: StoreViews) -> None:
        output = render(HistoryLog(CODE, store_views.entries, store_views.history), 120)
        v6 = output[output.index("── v6"):output.index("── draft", output.index("── v6"))]
        assert "v6 · in force from 2027-01-04 · published 2024-03-04 by Clara Arce, change request 1" in v6
        assert re.search(r"Prepared\s+Clara Arce \(Elaborado por\), 2024-03-04", v6)
        for name, role in zip(("Gloria Gerente", "Pedro Plan", "Olga Org"), REVIEWERS, strict=True):
            assert f"{name} ({role}), 2024-03-04" in v6
        assert re.search(r"Authorized\s+Pablo Presidente \(Presidente y Director Ejecutivo\)", v6)
        assert re.search(r"Changes\s+Actualización del objetivo del puesto Promotor de Servicios en Línea\.", v6)
        assert "By" not in output and "Ana Analista" not in v6, "git's identity is no signer"

    def test_an_imported_version_tells_its_revision_row(self, store_views: StoreViews) -> None:
        output = render(HistoryLog(CODE, store_views.entries, store_views.history), 120)
        v3 = output[output.index("── v3"):output.index("── v2")]
        assert "v3 · in force from 2013-10-01 · imported" in v3
        assert re.search(r"Prepared\s+Esmeralda Najarro de Artiga \(Elaborado/actualizado por\)", v3)
        assert re.search(r"Authorized\s+Presidente y Director Ejecutivo \(signed on paper\)", v3)
        assert "Actualización de estándares." in v3

    def test_plain_lines_say_what_the_view_says_never_wrapped(self, store_views: StoreViews) -> None:
        """What a script gets from ``log`` (plain lines) is the view's text, line for line, as a
        console wide enough never to wrap prints it."""
        plain = list(history_lines(CODE, store_views.entries, store_views.history))
        wide = [line.rstrip() for line in render(HistoryLog(CODE, store_views.entries, store_views.history),
                                                 400).splitlines()]
        assert plain == wide
        assert len(plain) > 40 and any(line.startswith("── Open change request 2") for line in plain)

    def test_the_open_requests_events_newest_first(self, store_views: StoreViews) -> None:
        lines = render(HistoryLog(CODE, store_views.entries, store_views.history), 120).splitlines()
        events = [line.split("  ", 3)[-1] for line in lines if re.match(r"^     2024-03-04 \d\d:\d\d  ", line)]
        assert events == [
            "sentences set: Actualización del objetivo del puesto Promotor de Servicios en Línea.",
            "rejected by Pedro Plan as Gerente de Planificación: Falta la fecha de vigencia [sic].",
            "reviewed by Gloria Gerente as Gerente Servicio al Cliente",
            "submitted by Clara Arce (Elaborado por)",
            "proposed by Clara Arce (Elaborado por)"]
