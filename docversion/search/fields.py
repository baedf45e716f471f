"""The fields a search can be restricted to, named as people name them, and the label of a hit.

A field is named by its model name (``periodic_functions.weekly``, ``reports_to``), by its label
in the document (``Semanal``, ``REPORTA A``, ``FUNCIONES CLAVES``), by a group of fields
(``periodic_functions``, ``competencies``, ``cover``) or by a section's heading (``PERFIL
REQUERIDO``), all without regard to case, accents, a closing colon or full stop.
"""

from __future__ import annotations

import re
from functools import cache

from docversion.errors import InvalidInputError
from docversion.formats.layout import (
    IDENTIFICATION,
    KEY_FUNCTION_HEADERS,
    LABELLED_LISTS,
    PERIODS,
    RELATION_HEADERS,
    REVISION_HEADERS,
)
from docversion.i18n import _
from docversion.labels import FIELD_LABELS, document_label
from docversion.model import SECTIONS
from docversion.search.phrase import fold
from docversion.search.units import COVER_FIELDS, FIELDS, POSITION_FIELDS, REVISION_FIELDS

# The document's words for the fields the labels of docversion.labels leave out or name as a group.
LABELS = {
    "key_functions.text": "Funciones claves", "key_functions.expected_result": "Resultados esperados",
    "revisions.changes": "Descripción de la modificación", "revisions.prepared_by": "Elaborado por",
    "revisions.authorized_by": "Referencia de autorización",
}
_SLASH = re.compile(r" ?/ ?")
_GROUPS = {"key_functions": ("key_functions.text", "key_functions.expected_result"), "cover": COVER_FIELDS,
           "revisions": REVISION_FIELDS}


def label_of(field: str) -> str:
    """A field's label as the document prints it (``Semanal``, ``Reporta a``)."""
    return LABELS.get(field) or FIELD_LABELS.get(field, field)


def key(name: str) -> str:
    """A name as names are compared: folded, ``_`` as a space, single spaces, none around ``/``, no
    closing colon or full stop (``REPORTA A:``, ``reports to``, ``Para/Frecuencia``)."""
    return _SLASH.sub("/", " ".join(fold(name).replace("_", " ").split())).rstrip(":. ")


def _families(name: str) -> tuple[str, ...]:
    """The fields a model name or group stands for (``periodic_functions`` -> its seven lists)."""
    if name in _GROUPS:
        return _GROUPS[name]
    return tuple(field for field in FIELDS if field == name or field.startswith(f"{name}."))


def named() -> list[tuple[str, frozenset[str]]]:
    """Every name of a field or group, with the fields it stands for: model names, the labels of
    docversion.labels and of the printed layout, groups and section headings."""
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for field in FIELDS:
        pairs.append((field, (field,)))
        if field != "key_functions.text":  # its label is the section's: FUNCIONES CLAVES names both columns
            pairs.append((label_of(field), (field,)))
    for group in ("key_functions", "periodic_functions", "relations", "competencies", "cover", "revisions"):
        pairs += [(group, _families(group)), (FIELD_LABELS.get(group, group), _families(group))]
    pairs.append(("COMPETENCIAS", _families("competencies")))
    layout = [*IDENTIFICATION, *((f"periodic_functions.{name}", label) for name, label in PERIODS),
              *((f"relations.{name}", label) for name, label in RELATION_HEADERS),
              *(pair for pairs in LABELLED_LISTS.values() for pair in pairs),
              ("key_functions", KEY_FUNCTION_HEADERS[0]), ("key_functions.expected_result", KEY_FUNCTION_HEADERS[2]),
              ("revisions.authorized_by", REVISION_HEADERS[0]), ("revisions.changes", REVISION_HEADERS[2])]
    pairs += [(label, _families(name)) for name, label in layout]
    for _numeral, heading, members in SECTIONS:
        pairs.append((heading, tuple(f for member in members for f in _families(member))))
    return [(name, frozenset(fields)) for name, fields in pairs]


@cache
def _names() -> dict[str, frozenset[str]]:
    """Every name folded, with its fields (tests/test_search_phrase.py checks that no two names that
    fold alike stand for different fields)."""
    return {key(name): fields for name, fields in reversed(named())}


def resolve_field(name: str) -> frozenset[str]:
    """The fields ``name`` stands for; InvalidInputError listing the choices when it names none."""
    found = _names().get(key(name))
    if not found:
        raise InvalidInputError(_("{name!r} is not a field a search can be restricted to").format(name=name),
                                field="--field", hint=_("give one of: {choices}").format(choices=", ".join(
                                    field_choices())))
    return found


def field_choices() -> list[str]:
    """The fields by model name and label: ``title (Puesto funcional)``, …, and the groups."""
    groups = ["key_functions", "periodic_functions", "relations", "competencies", "cover", "revisions"]
    return [f"{field} ({label_of(field)})" for field in (*POSITION_FIELDS, *COVER_FIELDS, *REVISION_FIELDS)] + groups


_REVISION_PATH = re.compile(r"^revisions\.(\d+)\.(changes|prepared_by|authorized_by)(?:\.\d+)?$")
_RESULT_PATH = re.compile(r"^key_functions\.(\d+)\.expected_result$")


def hit_label(path: str) -> str:
    """A hit's field by the document's label and number, in every language as the document is one
    ("Semanal 4", "Resultados esperados 2", "Descripción de la modificación 5"); JSON keeps the
    model path beside it."""
    for pattern, field in ((_RESULT_PATH, "key_functions.expected_result"), (_REVISION_PATH, None)):
        found = pattern.match(path)
        if found:
            return f"{label_of(field or f'revisions.{found[2]}')} {int(found[1]) + 1}"
    return document_label(path)
