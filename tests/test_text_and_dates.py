"""Text normalisation, id slugs, Spanish dates and the inline markup of the seed's format."""

from __future__ import annotations

import sys
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from docversion.formats.markup import MARK_CLOSE, MARK_OPEN, finish
from docversion.formats.seed_items import numbered_spans, sentence_spans
from docversion.formats.spanish_dates import SpanishDateError, format_spanish_date, parse_spanish_date
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


class TestListSplitting:
    """Numbered lists split only on the next number in sequence."""

    def test_numbers_inside_items_do_not_split(self) -> None:
        text = "1. Estudiante de 3er año. 2. Ver artículo 5. del reglamento. 3. Fin."
        pieces = [text[a:b].strip() for a, b in numbered_spans(text) or []]
        assert pieces == ["Estudiante de 3er año.", "Ver artículo 5. del reglamento.", "Fin."]

    def test_not_numbered(self) -> None:
        assert numbered_spans("Sin número.") is None

    def test_sentences(self) -> None:
        text = "Creación. Se renombró A por B. del(os) proceso(s) sigue."
        assert [text[a:b] for a, b in sentence_spans(text)] == [
            "Creación.", "Se renombró A por B. del(os) proceso(s) sigue."]


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
