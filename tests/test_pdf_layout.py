"""The printed manual, looked at page by page: the Word export of a stamped, signed copy printed by
LibreOffice (which updates its fields), then read back with pdftotext as a reader of the paper
would. Every page carries the header, the stamp and "Página X de Y"; the index's numbers are the
pages where the positions and the revision table begin; the cover, the index and each position
begin a page; the sign-off page comes last."""

from __future__ import annotations

import re
import shutil

import pytest

from docversion.formats.docx.writer import write_docx
from docversion.formats.pdf import docx_to_pdf
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual
from docversion.records import Printing
from tests.conftest import SEED_PATH
from tests.pdf_pages import PDFTOTEXT, flattened, pages_with, pdf_pages
from tests.test_docx_layout import SIGNED, SUPERSEDED

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,  # .ci/run installs both
                                 reason="LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")]
_INDEX_LINE = re.compile(r"^\s*(?P<title>\S.*?)\s*\.{3,}\s*(?P<page>\d+)\s*$")


@pytest.fixture(scope="module")
def pages(seed_manual_module: Manual) -> list[str]:
    """The seed's v5 as a superseded, signed copy: LibreOffice prints it once for the module."""
    return pdf_pages(docx_to_pdf(write_docx(seed_manual_module, None, Printing(stamp=SUPERSEDED, signatures=SIGNED))))


@pytest.fixture(scope="module")
def seed_manual_module() -> Manual:
    return read_seed_text(SEED_PATH.read_bytes(), str(SEED_PATH)).manual


def index_entries(pages: list[str]) -> dict[str, int]:
    """The index's lines, title to page number, as printed on its page."""
    [index_page] = pages_with(pages, "ÍNDICE")
    found = {}
    for line in pages[index_page - 1].splitlines():
        match = _INDEX_LINE.match(line)
        if match:
            found[flattened(match.group("title"))] = int(match.group("page"))
    return found


def body_lines(page: str) -> list[str]:
    """A page's lines of text without the header (its first lines, down to the stamp) and footer."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith(("900 0935 ·", "VERSIÓN NO VIGENTE", "Página "))]


def test_every_page_has_the_header_the_stamp_and_its_number(pages: list[str]) -> None:
    total = len(pages)
    assert total >= 6
    for number, page in enumerate(pages, start=1):
        assert "900 0935 · MANUAL DE DESCRIPCIÓN DE PUESTOS" in page and "Versión 05" in page, number
        assert SUPERSEDED.text in flattened(page), number
        assert flattened(page).endswith(f"Página {number} de {total}"), number


def test_the_cover_is_a_page_of_its_own(pages: list[str]) -> None:
    cover = flattened(pages[0])
    assert "CÓDIGO: 900 0935" in cover and "ÁREA DE SERVICIOS EN LÍNEA" in cover and "Versión: 05" in cover
    assert "ÍNDICE" not in cover
    assert pages_with(pages, "ÍNDICE") == [2]


def test_the_index_numbers_are_the_pages_where_each_part_begins(pages: list[str],
                                                               seed_manual_module: Manual) -> None:
    entries = index_entries(pages)
    titles = [position.title for position in seed_manual_module.positions]
    assert list(entries) == [*titles, "MODIFICACIONES REALIZADAS"]
    for title in titles:
        page = entries[title]
        assert body_lines(pages[page - 1])[0] == title, (title, page)  # its heading opens the page
        assert f"PUESTO FUNCIONAL: {title}" in flattened(pages[page - 1])
    table = entries["MODIFICACIONES REALIZADAS"]
    assert body_lines(pages[table - 1])[0] == "MODIFICACIONES REALIZADAS"
    assert "Referencia de" in pages[table - 1] and "Descripción de la" in pages[table - 1]  # its column headers


def test_each_position_begins_a_page_and_its_sections_follow_in_order(pages: list[str],
                                                                      seed_manual_module: Manual) -> None:
    starts = [index_entries(pages)[p.title] for p in seed_manual_module.positions]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for start, end in zip(starts, [*starts[1:], index_entries(pages)["MODIFICACIONES REALIZADAS"]], strict=True):
        text = flattened(" ".join(pages[start - 1:end - 1]))
        places = [text.find(heading) for heading in ("I. IDENTIFICACIÓN", "II. FUNCIONES CLAVES",
                                                     "III. FUNCIONES PERIÓDICAS", "IV. RELACIONES DEL PUESTO",
                                                     "VII. HABILIDADES Y COMPETENCIAS", "COMPETENCIAS:", "Técnica.",
                                                     "Participativa.")]
        assert -1 not in places and places == sorted(places)


def test_the_sign_off_page_comes_last(pages: list[str]) -> None:
    last = flattened(pages[-1])
    assert body_lines(pages[-1])[0] == "REGISTRO DE FIRMAS"
    rows = [line for line in pages[-1].splitlines() if line.strip().startswith(("Clara Arce", "Pablo Presidente"))]
    assert [row.split()[:2] for row in rows] == [["Clara", "Arce"], ["Pablo", "Presidente"]]
    assert "08:01" in last and "(UTC-06:00)" in last and "0f3a 9c2e" in last
    assert f"Huella del contenido firmado (SHA-256): {'ab' * 32}" in last
    assert "Este documento es conforme al original firmado electrónicamente" in last
