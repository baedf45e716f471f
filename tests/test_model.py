"""The model's rules: normalised text, frozen values, and the validation of a manual."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from docversion.model import (
    SECTIONS,
    Cover,
    KeyFunction,
    Manual,
    MarkedSpan,
    Position,
    RevisionRow,
)


def position(**changes: Any) -> Position:
    fields: dict[str, Any] = {
        "id": "analista", "title": "Analista", "generic_title": "Analista", "department": "Gerencia",
        "unit": "Área", "reports_to": "Jefe", "direct_reports_count": 0, "objective": "Analizar.",
    }
    fields.update(changes)
    return Position(**fields)


def cover(**changes: Any) -> Cover:
    fields: dict[str, Any] = {
        "code": "900 0935", "title": "MANUAL", "area": "ÁREA", "version": 2,
        "created": date(2011, 7, 29), "in_force": date(2018, 1, 2), "authorized_by": "Presidente",
        "reviewed_by": ("Gerente",), "process_owner": "Jefe",
    }
    fields.update(changes)
    return Cover(**fields)


def row(version: int, **changes: Any) -> RevisionRow:
    fields: dict[str, Any] = {
        "version": version, "authorized_by": "Presidente", "in_force": date(2018, 1, 2),
        "changes": ("Creación.",), "prepared_by_label": "Analista", "prepared_by": "Clara Arce",
    }
    fields.update(changes)
    return RevisionRow(**fields)


class TestText:
    """Every string is NFC, single-spaced and free of control characters."""

    def test_nfd_becomes_nfc(self) -> None:
        assert position(title="Te\u0301cnico").title == "Técnico"

    def test_white_space_collapses(self) -> None:
        assert position(objective="  Analizar\t y\u00a0\n  revisar.  ").objective == "Analizar y revisar."

    @pytest.mark.parametrize("value", ["a\x00b", "a\x07b", "a\x1bb", "a\ufdd0b", "a\ud800b"])
    def test_control_characters_refused(self, value: str) -> None:
        with pytest.raises(ValidationError, match="control character"):
            position(title=value)

    def test_empty_text_refused(self) -> None:
        with pytest.raises(ValidationError, match="must not be empty"):
            position(title=" \t ")


class TestValues:
    """Models are frozen and refuse unknown fields."""

    def test_frozen(self) -> None:
        with pytest.raises(ValidationError):
            position().title = "Otro"  # type: ignore[misc]

    def test_unknown_field_refused(self) -> None:
        with pytest.raises(ValidationError, match="Extra inputs"):
            position(salary=100)

    def test_id_must_be_a_slug(self) -> None:
        with pytest.raises(ValidationError):
            position(id="Analista Senior")
        with pytest.raises(ValidationError):
            position(id="../escape")


class TestPositionRules:
    """Percentages and direct reports."""

    def test_percent_range(self) -> None:
        with pytest.raises(ValidationError):
            KeyFunction(text="x", percent=101, expected_result="y")
        with pytest.raises(ValidationError):
            KeyFunction(text="x", percent=-1, expected_result="y")

    def test_percent_sum_at_most_100(self) -> None:
        functions = tuple(KeyFunction(text="x", percent=p, expected_result="y") for p in (60, 41))
        with pytest.raises(ValidationError, match="add up to 101"):
            position(key_functions=functions)
        exactly = tuple(KeyFunction(text="x", percent=p, expected_result="y") for p in (60, 40))
        assert len(position(key_functions=exactly).key_functions) == 2

    def test_direct_reports_count_agrees(self) -> None:
        with pytest.raises(ValidationError, match="direct_reports_count is 2"):
            position(direct_reports_count=2, direct_reports=("Auxiliar",))

    def test_marks_must_point_at_their_text(self) -> None:
        assert position(marked=(MarkedSpan(path="title", start=0, text="Anal"),)).marked
        with pytest.raises(ValidationError, match="not at offset"):
            position(marked=(MarkedSpan(path="title", start=1, text="Anal"),))
        with pytest.raises(ValidationError, match="does not exist"):
            position(marked=(MarkedSpan(path="nowhere", start=None, text="x"),))


class TestManualRules:
    """Revision versions increase; dates are real and in order; ids are unique."""

    def test_versions_increase(self) -> None:
        with pytest.raises(ValidationError, match="must increase"):
            Manual(cover=cover(), positions=(), revisions=(row(2), row(1)))
        with pytest.raises(ValidationError, match="must increase"):
            Manual(cover=cover(), positions=(), revisions=(row(1), row(1)))

    def test_table_not_ahead_of_cover(self) -> None:
        with pytest.raises(ValidationError, match="cover states version 2"):
            Manual(cover=cover(), positions=(), revisions=(row(1), row(3)))

    def test_real_dates(self) -> None:
        with pytest.raises(ValidationError):
            cover(created="2018-02-30")

    def test_in_force_not_before_created(self) -> None:
        with pytest.raises(ValidationError, match="before created"):
            cover(in_force=date(2010, 1, 1))

    def test_unique_ids(self) -> None:
        with pytest.raises(ValidationError, match="used twice"):
            Manual(cover=cover(), positions=(position(), position()))

    def test_position_lookup(self) -> None:
        manual = Manual(cover=cover(), positions=(position(),))
        assert manual.position("analista").title == "Analista"
        with pytest.raises(KeyError):
            manual.position("nadie")


class TestSections:
    """The seven sections cover every field of a position, once."""

    def test_sections_cover_all_fields(self) -> None:
        listed = [name for _, _, names in SECTIONS for name in names]
        assert sorted(listed) == sorted(set(Position.model_fields) - {"id", "marked"})
        assert [numeral for numeral, _, _ in SECTIONS] == ["I", "II", "III", "IV", "V", "VI", "VII"]
