"""Which old item became which new item: growth is closeness, pairs are chosen over the whole
group, one function may become two (or two one), and the changes come in document order."""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from docversion.diff import apply, diff
from docversion.diff.assignment import assign
from docversion.diff.changes import ChangeSet, ItemMerged, ItemSplit
from docversion.diff.match import item_score
from docversion.diff.words import plain
from docversion.model import Manual
from tests.test_diff import edit, history


def kinds(changes: ChangeSet, position_id: str, field: str) -> list[tuple[str, Any, Any]]:
    """(kind, old place, new place) of one list's changes."""
    found = []
    for change in changes.changes:
        if getattr(change, "position_id", None) == position_id and getattr(change, "field", None) == field:
            old = getattr(change, "old_index", getattr(change, "old_indexes", None))
            new = getattr(change, "indexes", getattr(change, "index", None))
            if change.kind in ("item_added", "item_removed"):
                old, new = (change.index, None) if change.kind == "item_removed" else (None, change.index)
            found.append((change.kind, old, new))
    return found


def unmarked(manual: Manual) -> Manual:
    return edit(manual, lambda d: (d.update(marked=[]), [p.update(marked=[]) for p in d["positions"]]))


def daily(manual: Manual, position: int, items: list[str]) -> Manual:
    def change(data: dict[str, Any]) -> None:
        data["positions"][position]["periodic_functions"]["daily"] = items
    return edit(manual, change)


class TestGrowthIsCloseness:
    def test_the_v4_to_v5_history_reads_as_an_edit_and_an_addition(self) -> None:
        changes = diff(history(4), history(5))
        assert kinds(changes, history(5).positions[2].id, "periodic_functions.daily") == [
            ("item_edited", 0, 0), ("item_added", None, 2), ("item_edited", 3, 4), ("item_edited", 4, 5)]
        assert not [c for c in changes.changes if c.kind == "items_reordered"]

    def test_an_item_tripled_with_a_new_one_sharing_its_first_words_before_it(self, seed_manual: Manual) -> None:
        old = unmarked(seed_manual)
        items = list(old.positions[1].periodic_functions.daily)
        grown = (items[1].rstrip(".") + ", de acuerdo a la normativa vigente y a los procedimientos internos de la"
                 " Institución, informando al jefe inmediato de los casos que requieran atención especial y "
                 "registrando cada gestión en el sistema de atención al cliente.")
        newcomer = " ".join(items[1].split()[:4]) + " de los proveedores externos de la Gerencia."
        new = daily(old, 1, [items[0], newcomer, grown, *items[2:]])
        found = kinds(diff(old, new), old.positions[1].id, "periodic_functions.daily")
        assert found == [("item_added", None, 1), ("item_edited", 1, 2)]
        assert apply(diff(old, new), old) == new

    def test_containment_scores_above_letter_likeness_for_a_grown_item(self) -> None:
        old = "Brindar asistencia técnica a las empresas y clientes afiliados a los canales de servicios en línea."
        grown = (old.rstrip(".") + ", Centro de Contactos Telefónico, sistema de atención al cliente CRM y/o "
                 "herramientas electrónicas.")
        other = "Apoyar en la afiliación de empresas y clientes a los canales de servicios en línea de la Institución."

        def score(a: str, b: str) -> float:
            return item_score(plain(a).split(), plain(b).split(), plain(a), plain(b))

        assert score(old, grown) > 80 > score(old, other)

    def test_a_short_item_counts_as_contained_only_when_all_its_words_are(self) -> None:
        long = "dominio del idioma inglés a nivel avanzado"
        assert item_score(["empatía"], ["empatía", "y", "pro", "actividad"], "empatía", "empatía y pro actividad") > 80
        assert item_score(["inglés", "técnico"], long.split(), "inglés técnico", long) < 60


class TestSplitAndMerge:
    def test_a_function_cut_in_two_is_one_split(self, seed_manual: Manual) -> None:
        old = unmarked(seed_manual)
        items = list(old.positions[2].periodic_functions.daily)
        head, tail = items[5].split(", ", 1)
        new = daily(old, 2, [*items[:5], head + ".", tail[0].upper() + tail[1:], *items[6:]])
        changes = diff(old, new)
        splits = [c for c in changes.changes if isinstance(c, ItemSplit)]
        assert [(s.old_index, s.indexes) for s in splits] == [(5, (5, 6))]
        assert kinds(changes, old.positions[2].id, "periodic_functions.daily") == [("item_split", 5, (5, 6))]
        assert apply(changes, old) == new
        assert "Actualización de las funciones del puesto Asistente de Soporte de Servicios en Línea." in (
            changes.sentences)

    def test_two_neighbours_joined_are_one_merge(self, seed_manual: Manual) -> None:
        old = unmarked(seed_manual)
        items = list(old.positions[2].periodic_functions.daily)
        joined = items[0].rstrip(".") + " y " + items[1][0].lower() + items[1][1:]
        new = daily(old, 2, [joined, *items[2:]])
        changes = diff(old, new)
        merges = [c for c in changes.changes if isinstance(c, ItemMerged)]
        assert [(m.old_indexes, m.index) for m in merges] == [((0, 1), 0)]
        assert apply(changes, old) == new

    def test_an_item_added_beside_its_unchanged_neighbour_is_no_split(self, seed_manual: Manual) -> None:
        old = unmarked(seed_manual)
        items = list(old.positions[2].periodic_functions.daily)
        beside = " ".join(items[3].split()[:3]) + " el inventario de equipos de las agencias."
        new = daily(old, 2, [*items[:4], beside, *items[4:]])
        assert kinds(diff(old, new), old.positions[2].id, "periodic_functions.daily") == [("item_added", None, 4)]

    def test_split_and_merge_round_trip_through_json(self, seed_manual: Manual) -> None:
        old = unmarked(seed_manual)
        items = list(old.positions[2].periodic_functions.daily)
        head, tail = items[5].split(", ", 1)
        joined = items[0].rstrip(".") + " y " + items[1][0].lower() + items[1][1:]
        new = daily(old, 2, [joined, *items[2:5], head + ".", tail[0].upper() + tail[1:], *items[6:]])
        changes = diff(old, new)
        assert {c.kind for c in changes.changes} >= {"item_split", "item_merged"}
        assert ChangeSet.model_validate(json.loads(changes.model_dump_json())) == changes


class TestDocumentOrder:
    def test_changes_run_from_the_cover_through_each_position_and_section(self) -> None:
        changes = diff(history(4), history(5))
        order = [c.kind for c in changes.changes]
        first_position = next(i for i, c in enumerate(changes.changes) if getattr(c, "position_id", None))
        assert all(kind in ("term_renamed", "manual_field_changed") for kind in order[:first_position])
        new_ids = [p.id for p in history(5).positions]
        places = [(new_ids.index(c.position_id), c.section) for c in changes.changes[first_position:]
                  if getattr(c, "section", None)]
        numerals = ["I", "II", "III", "IV", "V", "VI", "VII"]
        keys = [(place, numerals.index(section)) for place, section in places]
        assert keys == sorted(keys)

    def test_a_title_renamed_in_one_other_place_is_no_rename_everywhere(self) -> None:
        changes = diff(history(4), history(5))
        assert not [c for c in changes.changes if c.kind == "term_renamed"]
        assert [c.kind for c in changes.changes if c.kind == "position_renamed"] == ["position_renamed"]
        assert not any("Puestos directamente" in s or "identificación del puesto Jefe" in s
                       for s in changes.sentences)

    def test_a_removed_position_stands_where_it_stood(self, seed_manual: Manual) -> None:
        old = unmarked(seed_manual)
        new = edit(old, lambda d: (d["positions"].pop(1), d["positions"][1].update(objective="Objetivo nuevo.")))
        changes = diff(old, new)
        assert [c.kind for c in changes.changes] == ["position_removed", "field_changed"]


weights = st.integers(0, 5).flatmap(lambda rows: st.integers(0, 5).flatmap(lambda columns: st.lists(
    st.lists(st.sampled_from([0.0, 0.0, 1.0, 2.5, 4.0, 7.0, 9.0]), min_size=columns, max_size=columns),
    min_size=rows, max_size=rows)))


@settings(max_examples=300, deadline=None)
@given(weights)
def test_the_assignment_has_the_greatest_total_weight(matrix: list[list[float]]) -> None:
    pairs = assign(matrix)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(matrix[i][j] > 0 for i, j in pairs)
    rows, columns = len(matrix), len(matrix[0]) if matrix else 0
    best = 0.0
    for chosen in itertools.permutations(range(max(rows, columns)), min(rows, columns)):
        cells = zip(range(rows), chosen, strict=False) if rows <= columns else zip(chosen, range(columns),
                                                                                     strict=False)
        best = max(best, sum(max(matrix[i][j], 0.0) for i, j in cells))
    assert sum(matrix[i][j] for i, j in pairs) == best


class TestSentencesNameNoModelField:
    def test_an_area_renamed_on_the_cover_reads_like_the_seeds_row(self, seed_manual: Manual) -> None:
        cover = seed_manual.cover.model_copy(update={"area": "ÁREA DE CANALES DIGITALES"})
        changes = diff(seed_manual, seed_manual.model_copy(update={"cover": cover}))
        assert changes.sentences == ("Se renombró Área de Servicios en Línea por Área de Canales Digitales.",)

    def test_any_other_cover_field_is_named_by_its_label(self, seed_manual: Manual) -> None:
        cover = seed_manual.cover.model_copy(update={"code": "900 0936"})
        sentences = diff(seed_manual, seed_manual.model_copy(update={"cover": cover})).sentences
        assert sentences == ("Actualización del campo Código de la portada.",)
        assert not any("_" in sentence or "cover." in sentence for sentence in sentences)

    def test_an_area_renamed_everywhere_is_told_once(self) -> None:
        changes = diff(history(1), history(2))
        assert sum("Agencia Virtual por Área de Servicios en Línea" in s for s in changes.sentences) == 1
