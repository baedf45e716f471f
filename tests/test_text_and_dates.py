"""Text normalisation, id slugs, Spanish dates and the inline markup of the seed's format."""

from __future__ import annotations

import sys
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from docversion.formats.blocks import Para, Where
from docversion.formats.markup import MARK_CLOSE, MARK_OPEN, finish
from docversion.formats.spanish_dates import (
    SpanishDateError,
    format_spanish_date,
    format_spanish_datetime,
    parse_spanish_date,
)
from docversion.formats.structure.lists import list_items, sentences
from docversion.model import Manual
from docversion.text import find_forbidden_character, is_clean_json, is_plain_text, normalize_text, slugify


class TestSlugs:
    """Ids are ASCII slugs of the title."""

    @pytest.mark.parametrize(("title", "slug"), [
        ("Jefe Área de Servicios en Línea", "jefe-area-de-servicios-en-linea"),
        ("Técnico  (Nivel II) / Soporte", "tecnico-nivel-ii-soporte"),
        ("¿Año?", "ano"),
        ("—", "position"),
    ])
    def test_slug(self, title: str, slug: str) -> None:
        assert slugify(title) == slug

    def test_long_titles_are_cut_on_a_word(self) -> None:
        slug = slugify("Asistente " * 20)
        assert len(slug) <= 60 and not slug.endswith("-")

    @given(st.text())
    def test_always_a_valid_id(self, title: str) -> None:
        import re

        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slugify(title))


class TestSpanishDates:
    """Dates as the manual writes them."""

    @pytest.mark.parametrize(("text", "expected"), [
        ("02 de enero de 2018", date(2018, 1, 2)),
        ("Fecha de vigencia: 29 de julio de 2011.", date(2011, 7, 29)),
        ("1° de Septiembre del 2011", date(2011, 9, 1)),
        ("1 de setiembre de 2011", date(2011, 9, 1)),
        ("15 DE MARZO DE 2016", date(2016, 3, 15)),
    ])
    def test_parse(self, text: str, expected: date) -> None:
        assert parse_spanish_date(text) == expected

    @pytest.mark.parametrize("text", ["31 de febrero de 2018", "3 de brumario de 2018", "2018-01-02"])
    def test_refused(self, text: str) -> None:
        with pytest.raises(SpanishDateError):
            parse_spanish_date(text)

    @given(st.dates())
    def test_format_parse_round_trip(self, value: date) -> None:
        if value.year >= 1000:
            assert parse_spanish_date(format_spanish_date(value)) == value

    @pytest.mark.parametrize(("moment", "text"), [
        (datetime(2024, 3, 4, 9, 5, tzinfo=timezone(timedelta(hours=-6))), "04 de marzo de 2024, 09:05 (UTC-06:00)"),
        (datetime(2027, 1, 2, 23, 59, tzinfo=UTC), "02 de enero de 2027, 23:59 (UTC+00:00)"),
        (datetime(2018, 12, 31, 0, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
         "31 de diciembre de 2018, 00:00 (UTC+05:30)"),
        (datetime(2011, 7, 29, 14, 0, tzinfo=timezone(-timedelta(hours=3, minutes=30))),
         "29 de julio de 2011, 14:00 (UTC-03:30)"),
        (datetime(2016, 3, 1, 8, 15), "01 de marzo de 2016, 08:15"),  # naive: it names no zone
    ])
    def test_a_moment_as_the_sign_off_page_writes_it(self, moment: datetime, text: str) -> None:
        """The day in the moment's own zone, the 24-hour time, the zone as an offset from UTC."""
        assert format_spanish_datetime(moment) == text


class TestMarkup:
    """Marks survive cleaning as spans aligned with the cleaned text."""

    def test_spans_follow_collapsed_white_space(self) -> None:
        text, spans = finish(f"Apoyar   {MARK_OPEN}en{MARK_CLOSE}  la divulgación")
        assert text == "Apoyar en la divulgación"
        assert spans == [(7, 9)]

    def test_escapes_and_entities(self) -> None:
        assert finish(r"portal \(SharePoint\) &amp; más")[0] == "portal (SharePoint) & más"

    def test_unbalanced_marks_reach_the_ends(self) -> None:
        assert finish(f"a {MARK_OPEN}b c")[1] == [(2, 5)]
        assert finish(f"a b{MARK_CLOSE} c")[1] == [(0, 3)]

    @given(st.text(alphabet=st.sampled_from([*list("ab .\t"), MARK_OPEN, MARK_CLOSE])))
    def test_spans_always_inside_text(self, raw: str) -> None:
        text, spans = finish(raw)
        assert text == normalize_text(text)
        for start, end in spans:
            assert 0 <= start < end <= len(text)
            assert text[start] != " " and text[end - 1] != " "


def _items(*texts: str) -> tuple[list[str], list[str]]:
    """The items ``list_items`` reads from paragraphs of ``texts``, and its judgements."""
    judged: list[str] = []
    paras = [Para(text, Where(line=n)) for n, text in enumerate(texts, start=1)]
    items = list_items(paras, lambda where, kind, message: judged.append(f"{where.line}:{kind}"))
    return [finish(item.text)[0] for item in items], judged


class TestListSplitting:
    """Each marker starts an item; numbers inside sentences stay text; numbering faults are reported."""

    def test_numbers_inside_items_do_not_split(self) -> None:
        text = "1. Estudiante de 3er año. 2. Ver artículo 5. del reglamento. 3. Fin."
        assert _items(text) == (["Estudiante de 3er año.", "Ver artículo 5. del reglamento.", "Fin."], [])

    def test_a_number_that_does_not_continue_the_list_is_text(self) -> None:
        text = "1. Autorizar pagos con Firma Clase 5. Nivel de riesgo alto. 2. Firmar."
        assert _items(text)[0] == ["Autorizar pagos con Firma Clase 5. Nivel de riesgo alto.", "Firmar."]

    def test_numbering_that_skips_splits_and_is_reported(self) -> None:
        assert _items("1. Uno.", "2. Dos.", "4. Cuatro.") == (["Uno.", "Dos.", "Cuatro."], ["3:list_numbering"])
        assert _items("1. Uno. 2. Dos. 4. Cuatro.") == (["Uno.", "Dos.", "Cuatro."], ["1:list_numbering"])

    def test_numbering_that_repeats_or_restarts(self) -> None:
        assert _items("1. Uno.", "2. Dos.", "2. Otro.") == (["Uno.", "Dos.", "Otro."], ["3:list_numbering"])
        assert _items("1. Uno.", "2. Dos.", "1. Tres.") == (["Uno.", "Dos.", "Tres."], ["3:list_numbering"])

    @pytest.mark.parametrize("marker", ["1.", "1)", "1.-", "a.", "a)", "i.", "•", "-", "*", "–", "o", "▪"])
    def test_every_marker_starts_an_item(self, marker: str) -> None:
        assert _items(f"{marker} Primera función.")[0] == ["Primera función."]

    def test_lines_without_a_marker_continue_the_item(self) -> None:
        assert _items("- Coordinar la", "atención al cliente.", "- Elaborar informes.")[0] == [
            "Coordinar la atención al cliente.", "Elaborar informes."]

    def test_paragraphs_without_markers_are_one_item_each(self) -> None:
        assert _items("Coordinar.", "Elaborar.")[0] == ["Coordinar.", "Elaborar."]

    def test_sentences(self) -> None:
        para = Para("Creación. Se renombró A por B. del(os) proceso(s) sigue.", Where(line=1))
        assert [finish(p.text)[0] for p in sentences(para)] == [
            "Creación.", "Se renombró A por B. del(os) proceso(s) sigue."]

    @pytest.mark.parametrize("abbreviation", ["Ref.", "Art.", "No.", "Lic.", "Ing.", "Sr.", "Sra.", "Dr."])
    def test_abbreviations_never_end_a_sentence(self, abbreviation: str) -> None:
        para = Para(f"Actualización según {abbreviation} García 045. Creación del puesto.", Where(line=1))
        assert [finish(p.text)[0] for p in sentences(para)] == [
            f"Actualización según {abbreviation} García 045.", "Creación del puesto."]


class TestForbiddenCharacters:
    """The precompiled class refuses exactly what the rule, stated with unicodedata, refuses."""

    @staticmethod
    def _is_refused_by_rule(char: str) -> bool:
        if char.isspace():
            return False
        return unicodedata.category(char) in ("Cc", "Cs", "Co") or 0xFDD0 <= ord(char) <= 0xFDEF

    def test_every_code_point_agrees_with_the_rule(self) -> None:
        disagree = [
            f"U+{code:04X}" for code in range(sys.maxunicode + 1)
            if (find_forbidden_character(chr(code)) is not None) != self._is_refused_by_rule(chr(code))
        ]
        assert disagree == []

    def test_offset_and_name_of_the_first(self) -> None:
        assert find_forbidden_character("ab\tc\x00d\x07") == (4, "U+0000")
        assert find_forbidden_character("Línea\u00a0\u2003uno") is None


def _normalize_by_rule(value: str) -> str:
    """normalize_text as the rule states it, with no fast path."""
    if find_forbidden_character(value) is not None:
        raise ValueError("forbidden")
    return " ".join(unicodedata.normalize("NFC", value).split())


class TestPlainTextFastPath:
    """Text that needs no cleaning is given back untouched without the slow path; the shortcut
    never lets through what the rule would change or refuse."""

    def test_the_other_space_class_is_every_space_but_the_plain_one(self) -> None:
        from docversion.text import _NOT_PLAIN

        spaces = [code for code in range(sys.maxunicode + 1) if chr(code).isspace() and code != 0x20]
        assert [f"U+{code:04X}" for code in spaces if _NOT_PLAIN.fullmatch(chr(code)) is None] == []

    @pytest.mark.parametrize("value", ["", " ", "a ", " a", "a  b", "a\tb", "a\u00a0b", "e\u0301", "a\x00",
                                       "Área\u2003de", "\u3000"])
    def test_not_plain(self, value: str) -> None:
        assert not is_plain_text(value)

    @pytest.mark.parametrize("value", ["a", "Jefe Área de Servicios en Línea", "«¿Qué?» — 100 %", "ñ"])
    def test_plain(self, value: str) -> None:
        assert is_plain_text(value) and normalize_text(value) == value

    @given(st.text(alphabet=st.sampled_from("ab á\u0301\u00a0\t\n\u2003\x00\x07\ufdd0é"), max_size=12) | st.text())
    def test_same_as_the_rule(self, value: str) -> None:
        try:
            expected = _normalize_by_rule(value)
        except ValueError:
            with pytest.raises(ValueError, match="control character"):
                normalize_text(value)
            return
        assert normalize_text(value) == expected
        if is_plain_text(value):
            assert expected == value != ""


class _Texts(BaseModel):
    items: list[str]
    more: dict[str, str] = {}


_ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=10)
_TRICKY = st.text(alphabet=st.sampled_from('ab "\\\\\t\n\x1b\x7f\u00a0\u0301é:,[]{}ntbfru0'), max_size=8)


class TestCleanJson:
    """The parse cache checks a whole JSON document at once: it says clean exactly when every
    text in it passes the text rule."""

    @settings(max_examples=400)
    @given(st.lists(_ANY_TEXT | _TRICKY, max_size=4), st.dictionaries(st.sampled_from(["k", "text"]),
                                                                      _ANY_TEXT | _TRICKY, max_size=2))
    def test_clean_exactly_when_every_text_is_plain(self, items: list[str], more: dict[str, str]) -> None:
        document = _Texts(items=items, more=more).model_dump_json()
        assert is_clean_json(document) == all(is_plain_text(text) for text in [*items, *more.values()])

    @pytest.mark.parametrize("text", ["a  b", "a b", " a", "a ", "", "a\tb", "\\t", "\\\\n", 'x "y" z', '"', '\\"',
                                      "a\x1bb", "a\x7fb", "e\u0301", "\u0301", "a\u00a0b", "a\u2003b", "ß", "a\ue000"])
    def test_examples(self, text: str) -> None:
        for items in ([text], ["x", text], [text, "x"]):
            assert is_clean_json(_Texts(items=items).model_dump_json()) == is_plain_text(text), items

    def test_a_real_position_is_clean(self, seed_manual: Manual) -> None:
        assert all(is_clean_json(position.model_dump_json()) for position in seed_manual.positions)
