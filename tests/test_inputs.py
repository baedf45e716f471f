"""What people type: dates, codes and roles read as meant, or refused naming what was meant."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docversion.errors import DocversionError, InvalidInputError
from docversion.formats.spanish_dates import format_spanish_date
from docversion.inputs import code_as_typed, parse_date, resolve_code, resolve_name, resolve_role

SEED_ROLES = ("Gerente Servicio al Cliente", "Gerente de Planificación", "Jefe Área de Desarrollo Organizacional",
              "Presidente y Director Ejecutivo")


@pytest.mark.parametrize("text", ["2027-01-02", "02/01/2027", "2/1/2027", "02-01-2027", "02.01.2027",
                                  "02 de enero de 2027", "2 de Enero del 2027", " 02  de enero de 2027 "])
def test_the_institutions_ways_of_writing_a_date(text: str) -> None:
    assert parse_date(text) == date(2027, 1, 2)


@pytest.mark.parametrize("text", ["31/02/2027", "2027-13-01", "enero 2027", "mañana", "02/01/27"])
def test_a_text_that_names_no_day_is_refused_with_the_forms(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_date(text, field="--in-force")
    assert caught.value.field == "--in-force"
    assert "02/01/2027" in (caught.value.hint or "")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_every_written_form_of_a_day_reads_back_as_that_day(day: date) -> None:
    for text in (day.isoformat(), day.strftime("%d/%m/%Y"), format_spanish_date(day)):
        assert parse_date(text) == day


class TestCodes:
    KNOWN = ("900-0935", "310-0120", "900-0936")

    @pytest.mark.parametrize("typed", ["900-0935", "900 0935", " 900  0935 ", "900.0935", "9000935"])
    def test_a_code_as_printed_or_without_separator(self, typed: str) -> None:
        assert resolve_code(typed, self.KNOWN) == "900-0935"

    def test_a_near_miss_says_what_was_meant(self) -> None:
        with pytest.raises(DocversionError, match="no manual 900-0953; did you mean 900-0935"):
            resolve_code("900-0953", self.KNOWN)

    def test_two_manuals_that_read_alike_without_separators_are_not_guessed(self) -> None:
        with pytest.raises(InvalidInputError, match="could be any of 90-00935, 900-0935"):
            resolve_code("9000935", ("900-0935", "90-00935"))

    def test_the_stores_spelling(self) -> None:
        assert code_as_typed(" 900 0935 ") == "900-0935"


class TestRoles:
    def test_case_and_accents_do_not_matter_and_the_covers_spelling_is_kept(self) -> None:
        assert resolve_role("gerente de planificacion", SEED_ROLES) == "Gerente de Planificación"

    def test_the_spelling_of_row_03_names_the_covers_role(self) -> None:
        assert resolve_role("Gerente de Servicio al Cliente", SEED_ROLES) == "Gerente Servicio al Cliente"

    def test_a_role_that_fits_none_lists_the_roles(self) -> None:
        with pytest.raises(InvalidInputError, match="none of the roles") as caught:
            resolve_role("Gerente General", SEED_ROLES)
        assert "Gerente de Planificación" in (caught.value.hint or "")

    def test_a_variant_that_fits_two_roles_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="could be any of"):
            resolve_role("Jefe Área Ventas", ("Jefe de Área Ventas", "Jefe Área de Ventas"))

    def test_names(self) -> None:
        assert resolve_name("clara arce", ["Clara Arce", "Rosa Méndez"]) == "Clara Arce"
        assert resolve_name("Rosa Mendez", ["Clara Arce", "Rosa Méndez"]) == "Rosa Méndez"
        assert resolve_name("Rosa", ["Clara Arce", "Rosa Méndez"]) is None
