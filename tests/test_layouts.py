"""Manuals as a person writes them round trip through every layout docversion reads.

:func:`tests.strategies.realistic_manuals` builds manuals whose texts are what a person writes
(Spanish HR words, functions with full stops, names without, whole percentages, N/A lists);
:mod:`tests.layouts` writes them in the seed's text format and pasted into Word, one paragraph a
line. Each reading must give back exactly the manual, with no warning: the reader does not get
to guess about text nobody would call ambiguous.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docversion.files import read_manual_dir
from docversion.formats.docx.reader import read_docx
from docversion.formats.docx.writer import write_docx
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual

from .conftest import REPO
from .layouts import seed_lines, to_docx_paragraphs, to_seed_text
from .strategies import realistic_manuals

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _unmarked(manual: Manual) -> Manual:
    positions = tuple(position.model_copy(update={"marked": ()}) for position in manual.positions)
    return manual.model_copy(update={"marked": (), "positions": positions})


@pytest.fixture(scope="module")
def seed_canonical() -> Manual:
    """The seed's canonical reading with its revision marks cleared."""
    return _unmarked(read_manual_dir(REPO / "manuals" / "900-0935"))


@pytest.mark.slow
class TestGeneratedLayouts:
    @SETTINGS
    @given(realistic_manuals(), st.booleans())
    def test_seed_text(self, manual: Manual, one_row_per_function: bool) -> None:
        result = read_seed_text(to_seed_text(manual, one_row_per_function=one_row_per_function), "manual.txt")
        assert result.manual == manual
        assert result.warnings == ()

    @SETTINGS
    @given(realistic_manuals(), st.booleans())
    def test_text_pasted_into_word(self, manual: Manual, one_row_per_function: bool) -> None:
        result = read_docx(to_docx_paragraphs(manual, one_row_per_function=one_row_per_function), "manual.docx")
        assert result.has_ids is False
        assert result.manual == manual
        assert result.warnings == ()

    @SETTINGS
    @given(realistic_manuals())
    def test_docversion_word_layout(self, manual: Manual) -> None:
        result = read_docx(write_docx(manual), "manual.docx")
        assert result.manual == manual
        assert result.warnings == ()


class TestSeedLayout:
    @pytest.mark.parametrize("one_row_per_function", [False, True])
    def test_seed_round_trips_through_text(self, seed_canonical: Manual, one_row_per_function: bool) -> None:
        result = read_seed_text(to_seed_text(seed_canonical, one_row_per_function=one_row_per_function), "seed.txt")
        assert result.manual == seed_canonical
        assert result.warnings == ()

    def test_seed_round_trips_through_pasted_word(self, seed_canonical: Manual) -> None:
        result = read_docx(to_docx_paragraphs(seed_canonical), "seed.docx")
        assert result.manual == seed_canonical
        assert result.warnings == ()

    def test_the_layout_is_the_seeds(self, seed_canonical: Manual) -> None:
        """The writer's shapes are the seed's own: these lines appear in the seed as written."""
        seed = Path(REPO / "tests" / "fixtures" / "seed-900-0935-v05.txt").read_text(encoding="utf-8").splitlines()
        written = seed_lines(seed_canonical)
        for line in ("CÓDIGO 900 0935", "Autorizado:\tPresidente y Director Ejecutivo",
                     "\tGerente de Planificación", "ÍNDICE", "Jefe Área de Servicios en Línea.....3",
                     "REPORTA A: Gerente Servicio al Cliente.\t\t",
                     "II. FUNCIONES CLAVES\t% TIEMPO ASIGNADO\tRESULTADOS ESPERADOS", "Diaria.\t\t", "Trimestral.",
                     "PARA / FRECUENCIA:", "- Técnica.", "MODIFICACIONES REALIZADAS",
                     "Referencia de autorización\tVersión\tDescripción de la modificación"):
            assert line in seed
            assert line in written
