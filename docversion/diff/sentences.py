"""The change sentences of a revision row, in the institution's own style.

"Renombramiento del puesto A por B.", "Se renombró A por B.", "Creación del puesto X.",
"Actualización de las funciones del puesto X." (or "de los puestos de trabajo" when several
changed). One sentence per meaningful group of changes, in a fixed order, so the same change
set always reads the same. Cosmetic edits and revision marks make no sentence. Pure.
"""

from __future__ import annotations

from docversion.diff.changes import (
    ChangeSet,
    FieldChanged,
    ItemAdded,
    ItemEdited,
    ItemMerged,
    ItemMoved,
    ItemRemoved,
    ItemSplit,
    ItemsReordered,
    ManualFieldChanged,
    PercentChanged,
    PositionAdded,
    PositionRemoved,
    PositionRenamed,
    TermRenamed,
)
from docversion.labels import FIELD_LABELS
from docversion.model import Manual

# What a section's update is called, by numeral: "Actualización de <this> del puesto X."
_TOPICS = (
    ("I", "la identificación"),
    ("II", "las funciones"),
    ("III", "las funciones"),
    ("IV", "las relaciones"),
    ("V", "las responsabilidades, insumos y recursos"),
    ("VI", "el perfil requerido"),
    ("VII", "las habilidades y competencias"),
)
_COVER_TOPICS = {"cover.reviewed_by": "Actualización de los responsables de revisión.",
                 "cover.authorized_by": "Actualización del responsable de autorización.",
                 "cover.process_owner": "Actualización del responsable de proceso."}
_QUIET_FIELDS = {"cover.version", "cover.in_force", "cover.created", "revisions", "marked",
                 "cover.conformity_statement"}


def sentences(changeset: ChangeSet, old: Manual, new: Manual) -> tuple[str, ...]:
    """The sentences for ``changeset`` from ``old`` to ``new``."""
    lines: list[str] = []
    titles = {(c.old, c.new) for c in changeset.changes if isinstance(c, PositionRenamed)}
    for change in changeset.changes:
        if isinstance(change, TermRenamed) and (change.old, change.new) not in titles:
            lines.append(f"Se renombró {change.old} por {change.new}.")
        elif isinstance(change, PositionRenamed):
            lines.append(f"Renombramiento del puesto {change.old} por {change.new}.")
    lines += [f"Creación del puesto {c.title}." for c in changeset.changes if isinstance(c, PositionAdded)]
    lines += [f"Supresión del puesto {c.title}." for c in changeset.changes if isinstance(c, PositionRemoved)]
    lines += _updates(changeset)
    for change in changeset.changes:
        if isinstance(change, ManualFieldChanged) and not change.is_cosmetic:
            if change.field in _COVER_TOPICS:
                lines.append(_COVER_TOPICS[change.field])
            elif change.field == "cover.area" and isinstance(change.old, str) and isinstance(change.new, str):
                if not _is_told(change.old, change.new, changeset):
                    lines.append(f"Se renombró {as_in_rows(change.old)} por {as_in_rows(change.new)}.")
            elif change.field not in _QUIET_FIELDS:
                label = FIELD_LABELS.get(change.field)
                lines.append(f"Actualización del campo {label} de la portada." if label
                             else "Actualización de la portada.")
    if any(isinstance(c, ItemsReordered) and c.field == "positions" for c in changeset.changes):
        lines.append("Reordenamiento de los puestos.")
    return tuple(dict.fromkeys(lines))


def _updates(changeset: ChangeSet) -> list[str]:
    """One sentence per section topic: naming the position, or "de los puestos de trabajo"."""
    touched: dict[str, list[str]] = {}
    created = {c.title for c in changeset.changes if isinstance(c, (PositionAdded, PositionRemoved))}
    renamed = {(c.old, c.new) for c in changeset.changes if isinstance(c, PositionRenamed)}
    for change in changeset.changes:
        if _is_consequence(change, created, renamed):
            continue
        is_quiet = isinstance(change, (FieldChanged, ItemEdited)) and (
            change.is_cosmetic or change.field == "marked")
        if is_quiet:
            continue
        if isinstance(change, (FieldChanged, ItemAdded, ItemRemoved, ItemEdited, ItemMoved, ItemSplit, ItemMerged,
                               PercentChanged, ItemsReordered)) and change.position_id and change.section:
            topic = dict(_TOPICS)[change.section]
            positions = touched.setdefault(topic, [])
            if change.title not in positions and change.title is not None:
                positions.append(change.title)
    lines = []
    for topic in dict.fromkeys(t for _, t in _TOPICS):
        titles = touched.get(topic, [])
        if len(titles) == 1:
            lines.append(_contract(f"Actualización de {topic} del puesto {titles[0]}."))
        elif titles:
            lines.append(_contract(f"Actualización de {topic} de los puestos de trabajo."))
    return lines


def _is_consequence(change: object, created: set[str], renamed: set[tuple[str, str]]) -> bool:
    """A change that follows from another: the count of direct reports, a report created,
    removed or renamed."""
    if isinstance(change, FieldChanged) and change.field == "direct_reports_count":
        return True
    if isinstance(change, ItemEdited) and change.field == "direct_reports":
        return (change.old, change.new) in renamed
    return isinstance(change, (ItemAdded, ItemRemoved)) and change.field == "direct_reports" and (
        change.item in created)


_LOWER = frozenset({"de", "del", "la", "las", "el", "los", "y", "e", "en", "a", "al", "por", "para", "con", "o"})


def as_in_rows(text: str) -> str:
    """A name as the revision rows write it: a cover's capitals ("ÁREA DE SERVICIOS EN LÍNEA") in
    the rows' case ("Área de Servicios en Línea"); any other text as it is."""
    if not text.isupper():
        return text
    words = text.lower().split(" ")
    return " ".join(word if at and word in _LOWER else word[:1].upper() + word[1:] for at, word in enumerate(words))


def _is_told(old: str, new: str, changeset: ChangeSet) -> bool:
    """True when a rename everywhere already tells this cover change (its phrases are the texts')."""
    return any(isinstance(c, TermRenamed) and c.old.casefold() in old.casefold() and c.new.casefold() in new.casefold()
               for c in changeset.changes)


def _contract(sentence: str) -> str:
    """Spanish contracts "de el" to "del"."""
    return sentence.replace(" de el ", " del ")
