"""The readers speak Spanish: errors and warnings of text, Word and canonical YAML, read with
``use("es")``, name the place and the field as the document does, and English stays the default."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from docversion import i18n
from docversion.errors import (
    CanonicalFormError,
    DocumentStructureError,
    EncodingError,
    InvalidInputError,
    ModelValidationError,
    UnsupportedFormatError,
)
from docversion.files import read_document, write_manual_dir
from docversion.formats.blocks import Where
from docversion.formats.docx.reader import read_docx
from docversion.formats.docx.writer import write_docx
from docversion.formats.text.reader import read_seed_text
from docversion.inputs import parse_date, resolve_role
from docversion.lint import Finding
from docversion.model import Manual

COVER_DATES = b"Fecha de vigencia: 02 de enero de 2018"
JEFE = "positions/jefe-area-de-servicios-en-linea.yaml"


@pytest.fixture
def spanish() -> Iterator[None]:
    """Messages in Spanish for the test, English again after it."""
    i18n.use("es")
    yield
    i18n.use("en")


@pytest.fixture
def manual_dir(tmp_path: Path, seed_manual: Manual) -> Path:
    """The seed's canonical directory, to be spoilt by the test."""
    target = tmp_path / "900-0935"
    write_manual_dir(seed_manual, target)
    return target


def _refusal(data: bytes, error: type[InvalidInputError] = InvalidInputError) -> str:
    with pytest.raises(error) as caught:
        read_seed_text(data, "manual.txt")
    return str(caught.value)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _dir_refusal(directory: Path, error: type[InvalidInputError]) -> str:
    with pytest.raises(error) as caught:
        read_document(directory)
    return str(caught.value)


@pytest.mark.usefixtures("spanish")
class TestTextDocuments:
    """The seed's text format, spoilt one way at a time, read in Spanish."""

    def test_an_impossible_date_names_the_field_by_its_label(self, seed_bytes: bytes) -> None:
        bad = seed_bytes.replace(COVER_DATES, b"Fecha de vigencia: 30 de febrero de 2018", 1)
        message = _refusal(bad, ModelValidationError)
        assert message == ("manual.txt:17: '30 de febrero de 2018' no es una fecha real (el día está fuera del "
                           "rango del mes) (campo Fecha de vigencia). Sugerencia: revise el día: ese mes no "
                           "tiene ese día")

    def test_an_unknown_periodicity_lists_the_known_ones(self, seed_bytes: bytes) -> None:
        lines = seed_bytes.split(b"\n")
        at = next(n for n, line in enumerate(lines) if line.startswith(b"Semanal."))
        lines[at] = lines[at].replace(b"Semanal.", b"Quincenal.")
        message = _refusal(b"\n".join(lines), DocumentStructureError)
        assert message.startswith(f"manual.txt:{at + 1}: periodicidad desconocida: Quincenal.")
        assert message.endswith("Sugerencia: use Diaria, Semanal, Mensual, Trimestral, Semestral, Anual o Eventual")

    def test_more_than_a_date_after_its_label(self, seed_bytes: bytes) -> None:
        bad = seed_bytes.replace(COVER_DATES, COVER_DATES + b" aprox", 1)
        assert "contiene algo más que la fecha (Fecha de vigencia). Sugerencia: deje solo la fecha" in \
            _refusal(bad, DocumentStructureError)

    def test_a_latin_1_file_is_refused_with_the_fix(self, seed_bytes: bytes) -> None:
        bad = seed_bytes.decode("utf-8").encode("latin-1", errors="replace")
        message = _refusal(bad, EncodingError)
        assert "no es UTF-8 (el archivo parece estar en Latin-1 o Windows-1252)" in message
        assert message.endswith("Sugerencia: guarde el archivo como UTF-8")

    def test_a_warning_names_the_line_in_spanish(self, seed_bytes: bytes) -> None:
        ahead = seed_bytes.replace("Versión: 05".encode(), "Versión: 06".encode(), 1)
        warnings = [str(w) for w in read_seed_text(ahead, "manual.txt").warnings]
        assert any(w.startswith("manual.txt:17: la versión de la portada (6) no es la de la última fila de la "
                                "tabla de modificaciones (5, línea ") for w in warnings), warnings

    def test_text_the_reader_cannot_place_is_refused_or_with_lenient_a_warning(self, seed_bytes: bytes) -> None:
        lines = seed_bytes.split(b"\n")
        at = next(n for n, line in enumerate(lines) if line.startswith(b"Diaria."))
        lines.insert(at, b"Texto suelto sin etiqueta")
        loose = b"\n".join(lines)
        where = "en FUNCIONES PERIÓDICAS antes de la primera periodicidad (Diaria., Semanal. …)"
        assert _refusal(loose, DocumentStructureError) == (
            f"manual.txt:{at + 1}: no se puede ubicar 'Texto suelto sin etiqueta' {where}. Sugerencia: mueva el "
            "texto bajo la etiqueta a la que pertenece, o use --lenient")
        warnings = [str(w) for w in read_seed_text(loose, "manual.txt", is_lenient=True).warnings]
        assert f"manual.txt:{at + 1}: no se puede ubicar 'Texto suelto sin etiqueta' {where}" in warnings


@pytest.mark.usefixtures("spanish")
class TestCanonicalFiles:
    """Pydantic's errors in a canonical directory: a Spanish sentence per kind, the field by its label."""

    def test_a_bound_broken(self, manual_dir: Path) -> None:
        _edit(manual_dir / "manual.yaml", "  version: 5", "  version: 0")
        assert _dir_refusal(manual_dir, ModelValidationError) == (
            f"{manual_dir}/manual.yaml:6: «Versión» debe ser mayor o igual que 1. Sugerencia: corrija el valor")

    def test_a_number_that_is_not_one(self, manual_dir: Path) -> None:
        _edit(manual_dir / "manual.yaml", "  version: 5", "  version: cinco")
        assert _dir_refusal(manual_dir, CanonicalFormError).endswith(
            "manual.yaml:6: «Versión» debe ser un número entero. Sugerencia: corrija el tipo del valor")

    def test_a_date_with_a_time(self, manual_dir: Path) -> None:
        _edit(manual_dir / "manual.yaml", "  created: 2011-07-29", "  created: 2011-07-29T10:00:00")
        assert "«Fecha de creación» debe ser una fecha sin hora" in _dir_refusal(manual_dir, ModelValidationError)

    def test_a_missing_key_names_its_label(self, manual_dir: Path) -> None:
        _edit(manual_dir / "manual.yaml", "  area:", "  zona:")
        assert _dir_refusal(manual_dir, CanonicalFormError).endswith(
            "falta una clave obligatoria (campo Área). Sugerencia: añádala")

    def test_a_rule_of_the_model(self, manual_dir: Path) -> None:
        _edit(manual_dir / JEFE, "direct_reports_count: 2", "direct_reports_count: 5")
        assert _dir_refusal(manual_dir, ModelValidationError).endswith(
            ":6: «Puestos bajo su cargo (número)» es 5, pero «Puestos directamente bajo su cargo» enumera 2. "
            "Sugerencia: corrija el valor")

    def test_a_list_item_by_its_number(self, manual_dir: Path) -> None:
        _edit(manual_dir / JEFE, "percent: ", "percent: 1")
        assert "«Funciones claves 1» debe ser menor o igual que 100" in _dir_refusal(manual_dir, ModelValidationError)

    def test_yaml_of_its_own_kind(self, manual_dir: Path) -> None:
        _edit(manual_dir / "manual.yaml", "  area:", "  title: Otro\n  area:")
        assert "clave duplicada 'title' (la primera en la línea 4). Sugerencia: conserve una de las dos entradas" \
            in _dir_refusal(manual_dir, CanonicalFormError)

    def test_a_directory_without_its_head(self, tmp_path: Path) -> None:
        assert _dir_refusal(tmp_path, UnsupportedFormatError).startswith(f"{tmp_path}: falta manual.yaml. Sugerencia")


@pytest.mark.usefixtures("spanish")
class TestWordDocuments:
    """A .docx: the container's refusals, and a judgement placed by table, row and cell."""

    def test_not_a_zip(self, tmp_path: Path) -> None:
        document = tmp_path / "manual.docx"
        document.write_bytes(b"no es un zip")
        assert _dir_refusal(document, EncodingError) == (
            f"{document}: no es un .docx: el archivo no es un archivo zip. Sugerencia: guarde el documento desde "
            "Word como .docx (Word 2007 o posterior)")

    def test_struck_text_is_a_warning_naming_its_cell(self, seed_manual: Manual) -> None:
        document = Document(io.BytesIO(write_docx(seed_manual)))
        cell = next(c for table in document.tables for row in table.rows for c in row.cells
                    if c.text.startswith("Jefe Área de Servicios"))
        cell.paragraphs[0].add_run(" tachado").font.strike = True
        buffer = io.BytesIO()
        document.save(buffer)
        warnings = [str(w) for w in read_docx(buffer.getvalue(), "manual.docx").warnings]
        assert any(w.startswith("manual.docx: tabla ") and ", fila " in w and
                   w.endswith(": el texto tachado 'tachado' se leyó como texto") for w in warnings), warnings

    def test_places_in_a_word_document(self) -> None:
        assert str(Where(table=2, row=3, cell=1)) == "tabla 2, fila 3, celda 1"
        assert str(Where(paragraph=7)) == "párrafo 7"
        assert str(Where()) == "el documento"


@pytest.mark.usefixtures("spanish")
class TestTypedInputAndLint:
    """What people type, and the consistency findings, in Spanish."""

    def test_an_impossible_date_typed(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            parse_date("31/02/2027", field="--in-force")
        assert str(caught.value) == ("'31/02/2027' no es una fecha real (el día está fuera del rango del mes) "
                                     "(campo --in-force). Sugerencia: escriba la fecha como 2027-01-02, "
                                     "02/01/2027 (primero el día) o '02 de enero de 2027'")

    def test_a_role_the_cover_does_not_have(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            resolve_role("Portero", ["Gerente"])
        assert str(caught.value) == ("'Portero' no es ninguno de los cargos de este manual (campo --role). "
                                     "Sugerencia: los cargos son: Gerente")

    def test_a_finding_names_the_position_and_the_label(self) -> None:
        finding = Finding("warning", "positions.jefe-area.reports_to", "reporta a \"Nadie\"")
        assert str(finding) == "advertencia: jefe-area, Reporta a: reporta a \"Nadie\""


def test_english_stays_the_default(seed_bytes: bytes) -> None:
    """Without use("es") the same refusal reads as it always has."""
    bad = seed_bytes.replace(COVER_DATES, b"Fecha de vigencia: 30 de febrero de 2018", 1)
    assert _refusal(bad, ModelValidationError) == (
        "manual.txt:17: '30 de febrero de 2018' is not a real date (day is out of range for month) "
        "(field cover.in_force). Fix: check the day: that month has no such day")
