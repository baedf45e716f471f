"""The text units of a manual: every text a search reads, with its field path and its field.

A unit is one string of the model: a position's title, one item of a list, one key function's
text or its expected result, a cover field, a sentence of the revision table. Its *path* names
it in the model (``periodic_functions.weekly.3``, ``key_functions.0.text``, ``cover.area``,
``revisions.4.changes.0``); its *field* is the path without the numbers
(``periodic_functions.weekly``), what ``--field`` restricts to. Units come in the document's
order; a position's title is always its first unit, the cover's title the first of the head.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docversion.model import Cover, Position, RevisionRow

_IDENTIFICATION = ("title", "generic_title", "department", "unit", "reports_to")
_PERIODS = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "eventual")
_RELATIONS = ("with_whom", "purposes")
_LISTS = ("values", "assets", "decision_making", "key_authorizations", "inputs_and_resources", "security_measures",
          "education", "experience", "skills")
_COMPETENCIES = ("technical", "methodological", "social", "participative")

POSITION_FIELDS: tuple[str, ...] = (
    *_IDENTIFICATION, "direct_reports", "objective", "key_functions.text", "key_functions.expected_result",
    *(f"periodic_functions.{name}" for name in _PERIODS), *(f"relations.{name}" for name in _RELATIONS), *_LISTS,
    *(f"competencies.{name}" for name in _COMPETENCIES))
"""Every field of a position that holds text, in the document's order."""
COVER_FIELDS = ("cover.title", "cover.area", "cover.authorized_by", "cover.reviewed_by", "cover.process_owner",
                "cover.conformity_statement")
REVISION_FIELDS = ("revisions.changes", "revisions.prepared_by", "revisions.authorized_by")
FIELDS: tuple[str, ...] = POSITION_FIELDS + COVER_FIELDS + REVISION_FIELDS
"""Every field a search reads: the positions', the cover's and the revision table's."""


class TextUnit(NamedTuple):
    """One text of a manual, by its model path and its field (the path without numbers). A named
    tuple: a store's index is made of hundreds of thousands of them."""

    path: str
    field: str
    text: str


def _items(field: str, values: Sequence[str]) -> list[TextUnit]:
    return [TextUnit(f"{field}.{index}", field, value) for index, value in enumerate(values)]


def position_units(position: Position) -> tuple[TextUnit, ...]:
    """The position's texts in the document's order, its title first (the position's id is no text)."""
    units = [TextUnit(name, name, getattr(position, name)) for name in _IDENTIFICATION]
    units += _items("direct_reports", position.direct_reports)
    units.append(TextUnit("objective", "objective", position.objective))
    for index, function in enumerate(position.key_functions):
        units.append(TextUnit(f"key_functions.{index}.text", "key_functions.text", function.text))
        units.append(TextUnit(f"key_functions.{index}.expected_result", "key_functions.expected_result",
                              function.expected_result))
    for name in _PERIODS:
        units += _items(f"periodic_functions.{name}", getattr(position.periodic_functions, name))
    for name in _RELATIONS:
        units += _items(f"relations.{name}", getattr(position.relations, name))
    for name in _LISTS:
        units += _items(name, getattr(position, name))
    for name in _COMPETENCIES:
        units += _items(f"competencies.{name}", getattr(position.competencies, name))
    return tuple(units)


def head_units(cover: Cover, revisions: Sequence[RevisionRow]) -> tuple[TextUnit, ...]:
    """The cover's texts, then each row's change sentences, preparer and authorizing role."""
    units = [TextUnit(f"cover.{name}", f"cover.{name}", getattr(cover, name))
             for name in ("title", "area", "authorized_by")]
    units += _items("cover.reviewed_by", cover.reviewed_by)
    units.append(TextUnit("cover.process_owner", "cover.process_owner", cover.process_owner))
    if cover.conformity_statement is not None:
        units.append(TextUnit("cover.conformity_statement", "cover.conformity_statement", cover.conformity_statement))
    for index, row in enumerate(revisions):
        units += [TextUnit(f"revisions.{index}.changes.{number}", "revisions.changes", sentence)
                  for number, sentence in enumerate(row.changes)]
        units.append(TextUnit(f"revisions.{index}.prepared_by", "revisions.prepared_by", row.prepared_by))
        units.append(TextUnit(f"revisions.{index}.authorized_by", "revisions.authorized_by", row.authorized_by))
    return tuple(units)
