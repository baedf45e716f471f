"""The pure half of the search (docversion/search/): folding and phrases, the FTS5 query they make,
the fields by name and label, and hits as version ranges."""

from __future__ import annotations

import sqlite3
import unicodedata
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docversion.errors import InvalidInputError
from docversion.i18n import use
from docversion.search import phrase as phrase_module
from docversion.search.fields import field_choices, hit_label, key, named, resolve_field
from docversion.search.hits import hits_of
from docversion.search.phrase import Phrase, fold, word_spans, words
from docversion.search.records import Occurrence
from docversion.search.units import FIELDS, head_units, position_units

# Letters with accents composed and decomposed, letters whose folding is longer (ß, ﬁ, ½) or empty
# (a lone combining mark), other scripts, digits, punctuation and FTS5's own syntax.
ALPHABET = st.sampled_from(list("aeiouAEIOUnNsScC019 ") + list("áéíóúñÁÉÍÓÚÑüÜçÇ") + ["e\u0301", "n\u0303"]
                           + list("ßẞﬁ½²ΣσςİıΩ€") + ["\u034f", "\u0301", "\u200b", "\u00a0", "🙂"]
                           + list("\"'*:^(){}[]-+.,;¿?¡!/\\_&%#@"))
TEXTS = st.lists(ALPHABET, max_size=25).map("".join)


class TestFolding:
    """No case, no accents; each character folds alone, so offsets are found again."""

    def test_examples(self) -> None:
        assert fold("Gestión de TRÁMITES") == "gestion de tramites"
        assert words("del(os) proceso(s)") == ["del", "os", "proceso", "s"]
        assert words("Straße ﬁnal ½") == ["strasse", "final", "1", "2"]
        assert words("Gestio\u0301n") == ["gestion"]

    def test_the_latin_marks_removed_at_once_are_all_combining(self) -> None:
        marks = [chr(code) for code in range(0x300, 0x370) if phrase_module._LATIN_MARKS.fullmatch(chr(code))]
        assert len(marks) == 0x70 - 1 and all(unicodedata.combining(mark) for mark in marks)
        assert unicodedata.combining("\u034f") == 0 and not phrase_module._LATIN_MARKS.match("\u034f")

    @given(TEXTS)
    def test_folding_by_characters_is_folding_the_whole(self, text: str) -> None:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c))
        assert fold(text) == "".join(fold(char) for char in text)

    @given(TEXTS)
    def test_word_spans_are_the_words_placed(self, text: str) -> None:
        spans = word_spans(text)
        assert [word for word, _, _ in spans] == words(text)
        for word, start, end in spans:
            assert 0 <= start < end <= len(text)
            assert word in "".join(words(text[start:end]))


class TestPhrase:
    """What the user typed is words, never query syntax."""

    def test_empty_or_wordless_text_is_refused(self) -> None:
        for typed in ("", "  \t", '"', "* -- !"):
            with pytest.raises(InvalidInputError):
                Phrase.of(typed)

    def test_the_fts_query_is_one_quoted_string_of_words(self) -> None:
        assert Phrase.of('gestión" OR "CRM*').fts_query() == '"gestion or crm"'
        assert Phrase.of("NEAR(a b)").fts_query() == '"near a b"'
        assert Phrase.of("  Gestión   de trámites ").text == "Gestión de trámites"

    def test_spans_mark_the_original_text_left_to_right(self) -> None:
        text = "Gestión de trámites y GESTION DE TRAMITES, gestión de trámites."
        phrase = Phrase.of("gestion de tramites")
        assert [text[a:b] for a, b in phrase.spans(text)] == ["Gestión de trámites", "GESTION DE TRAMITES",
                                                               "gestión de trámites"]
        assert Phrase.of("a a").spans("a a a") == ((0, 3),)  # never overlapping
        assert Phrase.of("strasse").spans("Die Straße.") == ((4, 10),)

    def test_whole_words_only(self) -> None:
        phrase = Phrase.of("de trámites")
        assert phrase.is_in("gestión de trámites") and not phrase.is_in("gestión de trámitesx")
        assert not phrase.is_in("de, otros trámites")
        assert phrase.is_in("de: trámites")  # punctuation between words does not count

    @settings(max_examples=300, deadline=None)
    @given(texts=st.lists(TEXTS, min_size=1, max_size=6), typed=TEXTS)
    def test_fts5_finds_exactly_the_texts_the_phrase_is_in(self, texts: list[str], typed: str) -> None:
        """The index's claim: with the ascii tokenizer over the words joined by spaces, FTS5's tokens
        are the search's words, so its phrase query and :meth:`Phrase.is_in` agree on every text."""
        if not words(typed):
            return
        phrase = Phrase.of(typed)
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE words USING fts5 (folded, content = '', tokenize = 'ascii')")
        db.executemany("INSERT INTO words (rowid, folded) VALUES (?, ?)",
                       [(number, " ".join(words(text))) for number, text in enumerate(texts, start=1)])
        found = {rowid for (rowid,) in db.execute("SELECT rowid FROM words WHERE words MATCH ?",
                                                  (phrase.fts_query(),))}
        assert found == {number for number, text in enumerate(texts, start=1) if phrase.is_in(text)}


class TestFields:
    """A field by model name, label, group or section heading; labels of hits in each language."""

    def test_names_never_stand_for_two_things(self) -> None:
        meanings: dict[str, set[frozenset[str]]] = {}
        for name, fields in named():
            meanings.setdefault(key(name), set()).add(fields)
        assert len(meanings) > 90
        assert {name: found for name, found in meanings.items() if len(found) > 1} == {}

    @pytest.mark.parametrize(("name", "fields"), [
        ("Semanal", {"periodic_functions.weekly"}), ("periodic_functions.weekly", {"periodic_functions.weekly"}),
        ("REPORTA A:", {"reports_to"}), ("reports to", {"reports_to"}), ("Puesto funcional", {"title"}),
        ("FUNCIONES CLAVES", {"key_functions.text", "key_functions.expected_result"}),
        ("Resultados esperados", {"key_functions.expected_result"}), ("Título", {"cover.title"}),
        ("PARA/FRECUENCIA", {"relations.purposes"}), ("perfil requerido", {"education", "experience"}),
        ("MODIFICACIONES REALIZADAS", {"revisions.changes", "revisions.prepared_by", "revisions.authorized_by"}),
        ("COMPETENCIAS", {f"competencies.{kind}" for kind in ("technical", "methodological", "social",
                                                                 "participative")}),
    ])
    def test_resolve(self, name: str, fields: set[str]) -> None:
        assert resolve_field(name) == fields

    def test_every_field_has_a_name(self) -> None:
        assert all(resolve_field(field) == {field} for field in FIELDS)
        assert len(field_choices()) == len(FIELDS) + 6

    def test_an_unknown_field_names_the_choices(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            resolve_field("Quincenal")
        assert "periodic_functions.weekly (Semanal)" in (caught.value.hint or "")

    def test_hit_labels(self) -> None:
        paths = ["periodic_functions.weekly.3", "key_functions.0.text", "key_functions.1.expected_result",
                 "revisions.4.changes.0", "cover.reviewed_by.1", "reports_to"]
        labels = ["Semanal 4", "Funciones claves 1", "Resultados esperados 2", "Descripción de la modificación 5",
                  "Revisado 2", "Reporta a"]
        assert [hit_label(path) for path in paths] == labels  # the document's words, in either language
        use("es")
        try:
            assert [hit_label(path) for path in paths] == labels
        finally:
            use("en")

    def test_units_cover_every_field_in_order(self, seed_manual: object) -> None:
        from docversion.model import Manual

        assert isinstance(seed_manual, Manual)
        position = seed_manual.positions[2]
        units = position_units(position)
        assert units[0].path == "title" and units[0].text == position.title
        assert {unit.field for unit in units} <= set(FIELDS)
        assert [u.path for u in units if u.field == "periodic_functions.weekly"] == [
            "periodic_functions.weekly.0", "periodic_functions.weekly.1"]
        head = head_units(seed_manual.cover, seed_manual.revisions)
        assert head[0].path == "cover.title" and head[-1].path == "revisions.4.authorized_by"


def _found(version: int, text: str, *, path: str = "periodic_functions.daily.0", position: str | None = "jefe",
           order: int = 10, index: int = 0, code: str = "900-0935") -> Occurrence:
    field = ".".join(part for part in path.split(".") if not part.isdigit())
    return Occurrence(code, version, "0" * 40, "ÁREA", position, "Jefe" if position else None, index, path, field,
                      order, text)


class TestHits:
    """Occurrences become one hit per run of consecutive versions, in the document's order."""

    phrase = Phrase.of("crm")
    versions: ClassVar[dict[str, list[int]]] = {"900-0935": [1, 2, 3, 4, 5]}

    def test_a_run_and_a_gap(self) -> None:
        found = [_found(v, "Usar el CRM.") for v in (1, 2, 4, 5)]
        hits = hits_of(found, self.phrase, self.versions)
        assert [(h.first, h.last, h.version) for h in hits] == [(1, 2, 2), (4, 5, 5)]
        assert hits[0].matches == ((8, 11),)
        shown = hits_of(found, self.phrase, self.versions, {"900-0935": 4})
        assert [(h.first, h.last, h.version) for h in shown] == [(4, 5, 4)]
        assert hits_of(found, self.phrase, self.versions, {"900-0935": 3}) == []

    def test_an_item_that_moved_shows_its_place_in_the_version_shown(self) -> None:
        found = [_found(1, "CRM.", path="periodic_functions.daily.0"),
                 _found(2, "CRM.", path="periodic_functions.daily.1", order=11)]
        [hit] = hits_of(found, self.phrase, self.versions)
        assert (hit.first, hit.last, hit.path) == (1, 2, "periodic_functions.daily.1")
        [older] = hits_of(found, self.phrase, self.versions, {"900-0935": 1})
        assert older.path == "periodic_functions.daily.0"

    def test_equal_texts_in_one_field_are_told_apart(self) -> None:
        found = [_found(v, "CRM.", path=f"periodic_functions.daily.{n}", order=10 + n) for v in (1, 2) for n in (0, 3)]
        hits = hits_of(found, self.phrase, self.versions)
        assert [(h.path, h.first, h.last) for h in hits] == [("periodic_functions.daily.0", 1, 2),
                                                            ("periodic_functions.daily.3", 1, 2)]

    def test_the_cover_then_positions_then_the_revision_table(self) -> None:
        found = [_found(5, "CRM", path="revisions.4.changes.0", position=None, order=30, index=-1),
                 _found(5, "CRM", position="second", index=1), _found(5, "CRM", position="first", index=0),
                 _found(5, "CRM", path="cover.area", position=None, order=1, index=-1),
                 _found(5, "CRM", code="420-0210")]
        hits = hits_of(found, self.phrase, {**self.versions, "420-0210": [5]})
        assert [(h.code, h.position_id or h.path) for h in hits] == [
            ("420-0210", "jefe"), ("900-0935", "cover.area"), ("900-0935", "first"), ("900-0935", "second"),
            ("900-0935", "revisions.4.changes.0")]
