"""Three-way merge of manual snapshots: both sides' work kept, clashes named by position and field."""

from __future__ import annotations

from typing import Any

from docversion.model import Manual
from docversion.store.merge import merge_manuals
from tests.conftest import with_objective


def edit(manual: Manual, change: Any) -> Manual:
    data = manual.model_dump()
    change(data)
    return Manual.model_validate(data)


class TestMerge:
    """Work on different positions or fields merges; one field changed two ways clashes."""

    def test_different_positions(self, seed_manual: Manual) -> None:
        ours = with_objective(seed_manual, 0, "Nuestro.")
        theirs = with_objective(seed_manual, 1, "Suyo.")
        merged, clashes = merge_manuals(seed_manual, ours, theirs)
        assert clashes == [] and merged is not None
        assert [p.objective for p in merged.positions[:2]] == ["Nuestro.", "Suyo."]

    def test_different_fields_of_one_position(self, seed_manual: Manual) -> None:
        ours = with_objective(seed_manual, 0, "Nuestro.")
        theirs = edit(seed_manual, lambda d: d["positions"][0].update(generic_title="Jefe Nuevo"))
        merged, clashes = merge_manuals(seed_manual, ours, theirs)
        assert clashes == [] and merged is not None
        assert (merged.positions[0].objective, merged.positions[0].generic_title) == ("Nuestro.", "Jefe Nuevo")

    def test_one_field_two_ways(self, seed_manual: Manual) -> None:
        ours = with_objective(seed_manual, 0, "Nuestro.")
        theirs = with_objective(seed_manual, 0, "Suyo.")
        merged, clashes = merge_manuals(seed_manual, ours, theirs)
        assert merged is None
        [clash] = clashes
        assert (clash.position, clash.field, clash.ours, clash.theirs) == (
            seed_manual.positions[0].id, "objective", "Nuestro.", "Suyo.")
        assert "900-0935: position jefe-area-de-servicios-en-linea: objective" in clash.describe("900-0935")
        for prefer, expected in (("ours", "Nuestro."), ("theirs", "Suyo.")):
            resolved, _ = merge_manuals(seed_manual, ours, theirs, prefer)  # type: ignore[arg-type]
            assert resolved is not None and resolved.positions[0].objective == expected

    def test_the_same_change_on_both_sides(self, seed_manual: Manual) -> None:
        ours = with_objective(seed_manual, 0, "Igual.")
        merged, clashes = merge_manuals(seed_manual, ours, with_objective(seed_manual, 0, "Igual."))
        assert clashes == [] and merged == ours

    def test_positions_added_on_both_sides_keep_their_places(self, seed_manual: Manual) -> None:
        def add(new_id: str, at: int) -> Any:
            def change(data: dict[str, Any]) -> None:
                copy = {**data["positions"][1], "id": new_id, "title": new_id.title(), "marked": []}
                data["positions"] = [*data["positions"][:at], copy, *data["positions"][at:]]
            return change
        ours = edit(seed_manual, add("nuevo-a", 1))
        theirs = edit(seed_manual, add("nuevo-b", 3))
        merged, clashes = merge_manuals(seed_manual, ours, theirs)
        assert clashes == [] and merged is not None
        ids = [p.id for p in seed_manual.positions]
        assert [p.id for p in merged.positions] == [ids[0], "nuevo-a", ids[1], ids[2], "nuevo-b"]

    def test_removed_on_one_side_edited_on_the_other(self, seed_manual: Manual) -> None:
        ours = edit(seed_manual, lambda d: d.update(positions=d["positions"][:2]))
        theirs = with_objective(seed_manual, 2, "Editado.")
        merged, clashes = merge_manuals(seed_manual, ours, theirs)
        assert merged is None and [c.position for c in clashes] == [seed_manual.positions[2].id]
        removed, clashes = merge_manuals(seed_manual, ours, seed_manual)
        assert clashes == [] and removed == ours

    def test_a_merge_that_breaks_a_rule_is_a_clash(self, seed_manual: Manual) -> None:
        """Each side is valid alone; together a mark points at an item the other side removed."""
        def drop_last_monthly(data: dict[str, Any]) -> None:
            periodic = data["positions"][1]["periodic_functions"]
            periodic["monthly"] = periodic["monthly"][:3]

        def mark_last_monthly(data: dict[str, Any]) -> None:
            position = data["positions"][1]
            mark = {"path": "periodic_functions.monthly.3", "start": 0, "text": "Atender"}
            position["marked"] = [*position["marked"], mark]

        merged, clashes = merge_manuals(seed_manual, edit(seed_manual, drop_last_monthly),
                                        edit(seed_manual, mark_last_monthly))
        assert merged is None
        assert clashes[-1].ours == "merged result invalid" and "monthly.3" in clashes[-1].theirs

    def test_no_common_base(self, seed_manual: Manual) -> None:
        merged, clashes = merge_manuals(None, seed_manual, seed_manual)
        assert merged == seed_manual and clashes == []
