"""The readings the reader's issue found silently wrong, end to end: a v6 whose list skips a number,
a page footer alone on a line, and Word files with no recognisable position."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docversion.cli import cli
from docversion.diff import diff
from docversion.errors import DocumentStructureError
from docversion.formats.blocks import Para, Row, Where
from docversion.formats.docx.reader import read_docx
from docversion.formats.markup import finish
from docversion.formats.report import ReadResult
from docversion.formats.structure.lists import list_items
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual

from .conftest import SEED_PATH
from .test_docx import _blank_docx

SKIPPING = ("7. Atender actividades relacionadas con el Sistema de Gestión de la Calidad",
            "8. Atender actividades relacionadas con el Sistema de Gestión de la Calidad")


def _line_of(text: str, snippet: str) -> int:
    return text[: text.index(snippet)].count("\n") + 1


class TestListThatSkipsANumber:
    """A v6 of 900 0935 whose monthly list runs 6, 8 reads every function, and says where it split."""

    def test_the_reading_is_the_seed_with_one_warning(self, seed_manual: Manual) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace(*SKIPPING, 1)
        result = read_seed_text(text.encode("utf-8"), "v6.txt")
        assert result.manual == seed_manual
        assert [(w.line, w.kind) for w in result.warnings] == [(_line_of(text, SKIPPING[1]), "list_numbering")]
        assert "skips from 6 to 8" in result.warnings[0].message

    def test_the_diff_reports_no_removal(self, seed_manual: Manual, tmp_path: Path) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace(*SKIPPING, 1)
        assert diff(seed_manual, read_seed_text(text.encode("utf-8"), "v6.txt").manual).is_empty
        v6 = tmp_path / "v6.txt"
        v6.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["diff", str(SEED_PATH), str(v6), "--json"])
        assert result.exit_code == 0, result.output
        assert '"changes": []' in result.stdout
        assert f"v6.txt:{_line_of(text, SKIPPING[1])}: the numbering skips from 6 to 8" in result.stderr


class TestPageFurniture:
    """A footer alone on its line is layout; glued to an item it is cut, with a warning."""

    def test_a_footer_alone_is_layout(self, seed_manual: Manual) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace("Trimestral.\n", "Página 4 de 15\n\nTrimestral.\n", 1)
        result = read_seed_text(text.encode("utf-8"), "x.txt")
        assert result.manual == seed_manual and result.warnings == ()
        assert result.counts is not None and result.counts.unplaced == 0

    def test_a_footer_glued_to_an_item_is_cut_and_reported(self, seed_manual: Manual) -> None:
        line = "2. Proponer e implementar estrategias de atención para que el cliente no tenga la necesidad " \
               "de desplazarse físicamente a la Institución."
        text = SEED_PATH.read_text(encoding="utf-8").replace(line, line + " Página 4 de 15", 1)
        result = read_seed_text(text.encode("utf-8"), "x.txt")
        assert result.manual == seed_manual
        assert [(w.line, w.kind) for w in result.warnings] == [(_line_of(text, line), "page_furniture")]


class TestNoPositionIsAnError:
    """A document with no recognisable position is refused, never read as a manual of no positions."""

    def test_word_with_unrecognisable_headings(self) -> None:
        data = _blank_docx(("CÓDIGO: 900 0935", "MANUAL DE DESCRIPCIÓN DE PUESTOS", "ÁREA DE SERVICIOS EN LÍNEA",
                     "ÍNDICE", "PUESTO FUNCIONAL: Jefe.", "MODIFICACIONES REALIZADAS"))
        with pytest.raises(DocumentStructureError, match="no position found") as caught:
            read_docx(data, "m.docx")
        assert "paragraph 6" in str(caught.value)  # where the positions should have been

    def test_validate_exits_5_and_import_records_nothing(self, tmp_path: Path) -> None:
        document = tmp_path / "m.docx"
        document.write_bytes(_blank_docx(("CÓDIGO: 900 0935", "MANUAL", "ÁREA", "ÍNDICE", "MODIFICACIONES REALIZADAS")))
        runner = CliRunner()
        assert runner.invoke(cli, ["validate", str(document)]).exit_code == 5
        store = tmp_path / "s.git"
        assert runner.invoke(cli, ["init", "--bare", str(store)]).exit_code == 0
        result = runner.invoke(cli, ["--store", str(store), "import", str(document)])
        assert result.exit_code == 5
        assert runner.invoke(cli, ["--store", str(store), "list", "--json"]).stdout.count('"code"') == 0


ITEM_7 = "7. Atender actividades relacionadas con el Sistema de Gestión de la Calidad"
HEADER = "900 0935 MANUAL DE DESCRIPCIÓN DE PUESTOS"
FURNITURE = {
    # name: (old, new, snippets of the lines that must carry one page_furniture warning)
    "header-inside-an-inline-list": ("en ejecución. 4. Coordinar", f"en ejecución. {HEADER} 4. Coordinar",
                                     ["en ejecución."]),
    "footer-inside-an-inline-list": ("en ejecución. 4. Coordinar", "en ejecución. Página 4 de 15 4. Coordinar",
                                     ["en ejecución."]),
    "header-glued-to-the-start": (ITEM_7, f"{HEADER} {ITEM_7}", [HEADER]),
    "header-as-a-row-of-cells": (ITEM_7, f"900 0935\tMANUAL DE DESCRIPCIÓN DE PUESTOS\tPágina 4 de 15\n{ITEM_7}", []),
    "footer-with-no-space-before-it": ("auditorías, capacitaciones entre otros.\n\nTrimestral.",
                                       "auditorías, capacitaciones entre otros.Página 4 de 15\n\nTrimestral.",
                                       ["otros.Página"]),
    "header-of-another-manual": (ITEM_7, f"900 0936 MANUAL DE DESCRIPCIÓN DE PUESTOS\n{ITEM_7}", ["900 0936"]),
    "a-page-number-alone": (ITEM_7, f"\n4\n\n{ITEM_7}", ["\n4\n"]),
}


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_page_furniture_anywhere_is_cut_and_reported(name: str, seed_manual: Manual) -> None:
    """Headers, footers and page numbers inside a list never become part of an item (found by the
    adversarial pass); each cut is a warning on its line, a header alone is plain layout."""
    old, new, snippets = FURNITURE[name]
    text = SEED_PATH.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    text = text.replace(old, new, 1)
    result = read_seed_text(text.encode("utf-8"), "x.txt")
    assert result.manual == seed_manual
    lines = [_line_of(text, s) + (1 if s.startswith("\n") else 0) for s in snippets]
    assert [(w.line, w.kind) for w in result.warnings] == [(line, "page_furniture") for line in lines]


def _read_edit(old: str, new: str) -> tuple[str, ReadResult]:
    text = SEED_PATH.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    return text, read_seed_text(text.encode("utf-8"), "x.txt")


class TestFoundByTheAdversarialPass:
    """Each of these read wrongly without a word before; each now reads right, warns, or is refused."""

    def test_a_count_written_in_words(self, seed_manual: Manual) -> None:
        _, result = _read_edit("PUESTOS DIRECTAMENTE BAJO SU CARGO: 2\t", "PUESTOS DIRECTAMENTE BAJO SU CARGO: Dos\t")
        assert result.manual == seed_manual

    def test_a_line_in_capitals_inside_a_list_is_refused(self) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace(ITEM_7, f"ÁREA DE SERVICIOS EN LÍNEA\n{ITEM_7}", 1)
        with pytest.raises(DocumentStructureError, match="line in capitals") as caught:
            read_seed_text(text.encode("utf-8"), "x.txt")
        assert caught.value.line == _line_of(text, "ÁREA DE SERVICIOS EN LÍNEA\n7.")

    def test_word_hyphens_in_a_text_export(self, seed_manual: Manual) -> None:
        _, result = _read_edit("Impulsar la divulgación", "Impulsar la di\x1fvulgación")
        assert result.manual == seed_manual
        assert [w.kind for w in result.warnings] == ["invisible_character"]
        _, result = _read_edit("Impulsar la divulgación", "Impulsar la di\x1evulgación")
        jefe = result.manual.positions[0]
        assert jefe.periodic_functions.daily[0].startswith("Impulsar la di-vulgación")

    def test_a_line_break_inside_a_table_row(self, seed_manual: Manual) -> None:
        _, result = _read_edit("Ejecutar la modernización y mejora", "Ejecutar la modernización\x0by mejora")
        assert result.manual == seed_manual

    @pytest.mark.parametrize(("old", "new"), [
        ("Elaborado por: Clara Arce", "Elaborado por: Clara Arce M."),
        ("REPORTA A: Gerente Servicio al Cliente.", "REPORTA A: Gerente Servicio al Cliente S.A."),
    ])
    def test_a_full_stop_that_belongs_to_the_name_is_kept(self, old: str, new: str) -> None:
        _, result = _read_edit(old, new)
        manual = result.manual
        names = [manual.revisions[-1].prepared_by, manual.positions[0].reports_to]
        assert new.split(": ")[1] in names

    def test_inline_o_bullets_are_split(self) -> None:
        _, result = _read_edit("- Liderazgo.\n- Comunicación.", "o Liderazgo o mando. o Comunicación.")
        assert result.manual.positions[0].skills[:2] == ("Liderazgo o mando.", "Comunicación.")

    def test_a_periodicity_twice_names_both_lines(self) -> None:
        item = "2. Proponer e implementar estrategias de atención"
        text = SEED_PATH.read_text(encoding="utf-8").replace(item, "Eventual. Proponer e implementar estrategias", 1)
        with pytest.raises(DocumentStructureError, match=r"appears twice \(first at line \d+\)") as caught:
            read_seed_text(text.encode("utf-8"), "x.txt")
        assert f"line {_line_of(text, 'Eventual. Proponer')}" in str(caught.value)

    def test_the_accounting_counts_each_paragraph_once(self, seed_bytes: bytes) -> None:
        result = read_seed_text(seed_bytes, "seed.txt")
        assert result.counts is not None
        plain = read_seed_text(seed_bytes.replace(b"Apoyar la divulgaci", b"Apoyar\x0b la divulgaci", 1), "x.txt")
        assert plain.counts is not None
        assert (plain.counts.placed, plain.counts.placed_chars) == (result.counts.placed, result.counts.placed_chars + 1)


def _word_paragraph_xml(inner: str) -> bytes:
    """The seed as docversion writes it, with one daily function's paragraph given extra runs."""
    from docversion.files import read_manual_dir
    from docversion.formats.docx.writer import write_docx

    from .conftest import REPO
    manual = read_manual_dir(REPO / "manuals" / "900-0935")
    document = Document(io.BytesIO(write_docx(manual)))
    target = next(p for p in document.paragraphs if p.text.startswith("Impulsar la divulgación"))
    from docx.oxml import parse_xml
    target._p.append(parse_xml(f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                               f'{inner}</w:r>') if not inner.startswith("<w:fld") else parse_xml(
        inner.replace("<w:fldSimple", '<w:fldSimple xmlns:w="http://schemas.openxmlformats.org/'
                      'wordprocessingml/2006/main"', 1)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class TestWordRunsThatDoNotPrintAsText:
    """Page-number fields, hidden text and symbols: layout, or reported, never glued into an item."""

    @pytest.mark.parametrize(("inner", "kind"), [
        ('<w:fldSimple w:instr=" PAGE "><w:r><w:t>4</w:t></w:r></w:fldSimple>', "page_furniture"),
        ("<w:rPr><w:vanish/></w:rPr><w:t> TEXTO OCULTO</w:t>", "hidden_text"),
        ('<w:sym w:font="Wingdings" w:char="F0E0"/>', "symbol"),
    ])
    def test_not_read_into_the_item(self, inner: str, kind: str) -> None:
        from docversion.files import read_manual_dir

        from .conftest import REPO
        expected = read_manual_dir(REPO / "manuals" / "900-0935")
        result = read_docx(_word_paragraph_xml(inner), "m.docx")
        assert result.manual.positions[0].periodic_functions.daily[0] == \
            expected.positions[0].periodic_functions.daily[0]
        assert [w.kind for w in result.warnings] == [kind]

    def test_a_non_breaking_hyphen_is_a_hyphen(self) -> None:
        result = read_docx(_word_paragraph_xml("<w:t>e</w:t><w:noBreakHyphen/><w:t>mail</w:t>"), "m.docx")
        assert result.manual.positions[0].periodic_functions.daily[0].endswith("e-mail")


def test_show_says_when_a_word_file_carries_no_ids(tmp_path: Path) -> None:
    """A .docx whose ids variable another word processor dropped: show says where the ids come from."""
    from docversion.files import read_manual_dir
    from docversion.formats.docx.writer import IDS_VARIABLE, write_docx

    from .conftest import REPO
    data = write_docx(read_manual_dir(REPO / "manuals" / "900-0935"))
    document = Document(io.BytesIO(data))
    for variable in document.settings.element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
                                                   "docVar"):
        if IDS_VARIABLE in str(variable.values()):
            variable.getparent().remove(variable)
    out = io.BytesIO()
    document.save(out)
    (tmp_path / "sin-ids.docx").write_bytes(out.getvalue())
    (tmp_path / "con-ids.docx").write_bytes(data)
    runner = CliRunner()
    without = runner.invoke(cli, ["show", str(tmp_path / "sin-ids.docx")])
    assert without.exit_code == 0 and "carries no position ids" in without.stderr
    with_ids = runner.invoke(cli, ["show", str(tmp_path / "con-ids.docx")])
    assert with_ids.exit_code == 0 and "carries no position ids" not in with_ids.stderr


def test_lenient_keeps_all_of_the_unplaced_text_in_sight(tmp_path: Path, seed_manual: Manual) -> None:
    """With --lenient, text with no place is a warning that shows all of it, and validate counts it."""
    stray = "Texto suelto que no pertenece a ninguna sección y que es más largo que sesenta caracteres, a propósito."
    text = SEED_PATH.read_text(encoding="utf-8").replace("I. IDENTIFICACIÓN", f"I. IDENTIFICACIÓN\n{stray}", 1)
    with pytest.raises(DocumentStructureError, match="cannot place"):
        read_seed_text(text.encode("utf-8"), "x.txt")
    result = read_seed_text(text.encode("utf-8"), "x.txt", is_lenient=True)
    assert result.manual == seed_manual
    assert [(w.kind, stray in w.message) for w in result.warnings] == [("unplaced", True)]
    assert result.counts is not None and result.counts.unplaced == 1
    document = tmp_path / "x.txt"
    document.write_text(text, encoding="utf-8")
    run = CliRunner().invoke(cli, ["validate", "--lenient", str(document)])
    assert run.exit_code == 0
    assert "1 unplaced" in run.stdout and stray in run.stderr


CORPUS = Path(__file__).parent / "corpus" / "text"
PREPARED = "mejoras al instrumento normativo. Elaborado por: Héctor Daniel Cornejo"


def _corpus_edit(old: str, new: str) -> tuple[str, ReadResult | DocumentStructureError]:
    """Manual 420-0210 of the corpus with one edit, and its reading (or the error)."""
    text = (CORPUS / "420-0210.txt").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    try:
        return text, read_seed_text(text.encode("utf-8"), "m.txt")
    except DocumentStructureError as error:
        return text, error


@pytest.fixture(scope="module")
def corpus_manual() -> Manual:
    from docversion.files import read_manual_dir

    return read_manual_dir(CORPUS / "expected" / "420-0210")


class TestFoundByTheSecondAdversarialPass:
    """Revision rows, marks, competencies and numbering that read wrongly without a word before."""

    def test_two_preparers_in_one_row_are_refused(self) -> None:
        text, error = _corpus_edit(PREPARED, PREPARED + ". Elaborado por: Claudia Ivette Rosales")
        assert isinstance(error, DocumentStructureError)
        assert "2 preparers" in str(error) and error.line == _line_of(text, PREPARED)

    @pytest.mark.parametrize("after", ["Revisado por: Claudia Ivette Rosales", "Mejoras al instrumento normativo."])
    def test_text_after_the_preparers_name_is_refused(self, after: str) -> None:
        text, error = _corpus_edit(PREPARED, f"{PREPARED}. {after}")
        assert isinstance(error, DocumentStructureError)
        assert "after the preparer's name" in str(error) and error.line == _line_of(text, PREPARED)

    @pytest.mark.parametrize("abbreviation", ["Gte.", "Gral.", "Adm.", "Lcda.", "Mtra."])
    def test_more_abbreviations_never_end_a_change(self, abbreviation: str, corpus_manual: Manual) -> None:
        old = "Se renombró Colector por Cajero General."
        _, result = _corpus_edit(old, f"Se renombró Colector por Cajero General según nota del {abbreviation} "
                                      "Financiero.")
        assert isinstance(result, ReadResult)
        assert result.manual.revisions[1].changes[1] == (f"Se renombró Colector por Cajero General según nota del "
                                                          f"{abbreviation} Financiero.")

    def test_a_semicolon_does_not_cut_a_change(self) -> None:
        old = "Se renombró Colector por Cajero General."
        _, result = _corpus_edit(old, "Se renombró Colector por Cajero General; Auxiliar de Caja por Técnico.")
        assert isinstance(result, ReadResult)
        assert result.manual.revisions[1].changes[1] == "Se renombró Colector por Cajero General; Auxiliar de Caja " \
                                                        "por Técnico."

    def test_a_mark_across_two_lines_marks_both_items(self) -> None:
        first = "1. [Actualizar el registro de cheques emitidos, entregados y pendientes de cobro.](#)"
        _, result = _corpus_edit(first, first.replace("](#)", "") + "\n2. Dato del registro.](#)")
        assert isinstance(result, ReadResult) and result.warnings == ()
        payments = result.manual.positions[2]
        assert payments.periodic_functions.weekly == (
            "Actualizar el registro de cheques emitidos, entregados y pendientes de cobro.", "Dato del registro.")
        assert [(m.path, m.start) for m in payments.marked if "weekly" in m.path] == [
            ("periodic_functions.weekly.0", 0), ("periodic_functions.weekly.1", 0)]

    def test_an_unclosed_underline_is_reported(self) -> None:
        line = "4. Notificar a los proveedores y contratistas la ejecución de sus pagos."
        text, result = _corpus_edit(line, line.replace("4. ", "4. <u>"))
        assert isinstance(result, ReadResult)
        assert [(w.line, w.kind) for w in result.warnings] == [(_line_of(text, "4. <u>Notificar"), "unclosed_mark")]

    def test_a_competency_twice_is_refused(self) -> None:
        old = "- Participativa.\n - Habilidad para estimular"
        text, error = _corpus_edit(old, "- Social.\n - Trabajo en equipo.\n" + old)
        assert isinstance(error, DocumentStructureError) and "given twice" in str(error)
        assert error.line == _line_of(text, "- Social.\n - Trabajo en equipo.")

    def test_an_indented_item_is_never_a_competency_kind(self, corpus_manual: Manual) -> None:
        old = " - Comunicación efectiva.\n - Habilidad en el manejo de personal bajo su cargo.\n- Participativa."
        assert (CORPUS / "420-0210.txt").read_text(encoding="utf-8").count(old) == 1
        _, result = _corpus_edit(old, " - Comunicación efectiva.\n - Metodológica.\n - Habilidad en el manejo de "
                                      "personal bajo su cargo.\n- Participativa.")
        assert isinstance(result, ReadResult)
        assert "Metodológica." in result.manual.positions[0].competencies.social

    def test_typed_numbers_inside_li_tags_are_markers(self) -> None:
        para = Para("1. Elaborar el informe.", Where(line=1), is_item=True)
        assert [finish(p.text)[0] for p in list_items([para], lambda *_: None)] == ["Elaborar el informe."]

    def test_an_escaped_dash_is_a_marker(self) -> None:
        para = Para("\\- Pagos del fondo circulante.", Where(line=1))
        assert [finish(p.text)[0] for p in list_items([para], lambda *_: None)] == ["Pagos del fondo circulante."]

    def test_a_list_that_starts_at_3_is_reported(self) -> None:
        judged: list[str] = []
        paras = [Para(f"{n}. Función {n}.", Where(line=n)) for n in (3, 4, 5)]
        list_items(paras, lambda where, kind, message: judged.append(f"{where.line}:{kind}:{message}"))
        assert judged == ["3:list_numbering:the numbering starts at 3: are items 1 to 2 missing?"]

    def test_a_cover_that_contradicts_the_table_is_reported(self) -> None:
        text, result = _corpus_edit("Versión: 04", "Versión: 05")
        assert isinstance(result, ReadResult)
        assert [(w.line, w.kind) for w in result.warnings] == [(_line_of(text, "Versión: 05"), "cover_and_table")]


class TestPercentages:
    """A full stop after a percentage is harmless; a share written in words is refused with the fix."""

    def test_a_full_stop_after_the_percentage(self, seed_manual: Manual) -> None:
        _, result = _read_edit("<p>20%</p>", "<p>20%.</p>")
        assert result.manual == seed_manual

    def test_a_share_in_words(self) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace("<p>20%</p>", "<p>veinte por ciento</p>", 1)
        with pytest.raises(DocumentStructureError, match="no percentage") as caught:
            read_seed_text(text.encode("utf-8"), "x.txt")
        assert "in digits" in str(caught.value) and caught.value.line == _line_of(text, "veinte por ciento")


def test_a_description_continued_after_a_tab_goes_to_the_description(corpus_manual: Manual) -> None:
    """A line ``<TAB>text`` after the last row continues its description, not its version."""
    last = "Actualización de las funciones de los puestos de trabajo. Elaborado por: Claudia Ivette Rosales"
    _, result = _corpus_edit(last, "Actualización de las funciones de los puestos de trabajo.\n\tElaborado por: "
                                   "Claudia Ivette Rosales")
    assert isinstance(result, ReadResult), result
    assert result.manual.revisions == corpus_manual.revisions


def test_reports_to_naming_two_roles_is_reported() -> None:
    text, result = _read_edit("REPORTA A: Gerente Servicio al Cliente.",
                              "REPORTA A: Gerente Servicio al Cliente. Presidente y Director Ejecutivo.")
    assert [(w.line, w.kind) for w in result.warnings] == [(_line_of(text, "REPORTA A: Gerente Servicio al "
                                                                            "Cliente. Presidente"), "several_roles")]


def test_a_table_among_the_items_of_section_v_is_refused() -> None:
    """Two cells side by side where section V lists items are no item: an error naming the line."""
    item = "- Conforme a lo asignado en el inventario de activo fijo."
    text = SEED_PATH.read_text(encoding="utf-8").replace(item, f"{item}\nEscritorio\tComputadora", 1)
    with pytest.raises(DocumentStructureError, match="a table row among the items") as caught:
        read_seed_text(text.encode("utf-8"), "x.txt")
    assert caught.value.line == _line_of(text, "Escritorio\tComputadora")


class TestFoundByTheReview:
    """Paragraphs a review found lost before the accounting could see them."""

    def test_items_in_a_column_headers_cell_are_kept(self) -> None:
        from docversion.formats.report import Report
        from docversion.formats.structure.labels import RELATION_LABELS
        from docversion.formats.structure.sections import Section, group_labelled

        heading = Para("IV. RELACIONES DEL PUESTO", Where(line=1), number=1)
        header = Row(((Para("CON:", Where(line=2), number=2), Para("Clientes.", Where(line=2), number=3)),
                      (Para("PARA / FRECUENCIA:", Where(line=2), number=4),)), Where(line=2))
        fields = group_labelled(Section("IV", heading, body=[header]), RELATION_LABELS, Report("x"))
        assert [p.text for p in fields["with_whom"]] == ["Clientes."]

    def test_a_cover_label_twice_is_refused(self) -> None:
        text = SEED_PATH.read_text(encoding="utf-8").replace(
            "Autorizado:\tPresidente y Director Ejecutivo", "Autorizado:\tPresidente y Director Ejecutivo\t"
            "Autorizado: Gerente General", 1)
        with pytest.raises(DocumentStructureError, match="gives Autorizado twice"):
            read_seed_text(text.encode("utf-8"), "x.txt")

    def test_a_nested_fields_result_inside_a_shown_result_is_read(self) -> None:
        from docx.oxml import parse_xml

        from docversion.files import read_manual_dir
        from docversion.formats.docx.writer import write_docx

        from .conftest import REPO
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        runs = [f'<w:r {w}><w:fldChar w:fldCharType="{kind}"/></w:r>' if kind else f'<w:r {w}>{body}</w:r>'
                for kind, body in [("begin", ""), ("", '<w:instrText> HYPERLINK "x" </w:instrText>'),
                                   ("separate", ""), ("", '<w:t xml:space="preserve"> ver </w:t>'), ("begin", ""),
                                   ("", "<w:instrText> REF anexo </w:instrText>"), ("separate", ""),
                                   ("", "<w:t>Anexo 1</w:t>"), ("end", ""), ("end", "")]]
        document = Document(io.BytesIO(write_docx(read_manual_dir(REPO / "manuals" / "900-0935"))))
        target = next(p for p in document.paragraphs if p.text.startswith("Impulsar la divulgación"))
        for run in runs:
            target._p.append(parse_xml(run))
        out = io.BytesIO()
        document.save(out)
        daily = read_docx(out.getvalue(), "m.docx").manual.positions[0].periodic_functions.daily
        assert daily[0].endswith(" ver Anexo 1")
