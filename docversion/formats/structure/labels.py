"""The words a manual prints: labels, section headings, periodicities, placeholders.

Compared folded (no accents, no case, no marks, single spaces), so ``Trimestral:``,
``MENSUAL.`` and ``Diario`` are labels as much as ``Diaria.``; placeholders (``N/A``, ``NA``,
``N / A``, ``No aplica``, ``Ninguno``, ``Ninguna``) mean an empty list wherever they stand.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from docversion.formats.blocks import MARK_CLOSE, MARK_OPEN
from docversion.formats.layout import IDENTIFICATION, LABELLED_LISTS, RELATION_HEADERS
from docversion.formats.markup import finish, strip_marks
from docversion.model import SECTIONS


@lru_cache(maxsize=4096)
def _fold_cached(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def fold(text: str) -> str:
    """Compare form of a label: no marks, no accents, lower case, single spaces."""
    text = strip_marks(text)
    if len(text) > 200:
        return _fold_cached.__wrapped__(text)
    return _fold_cached(text)


def label_key(text: str) -> str:
    """A label's key: folded, without spaces or the trailing colon or full stop."""
    return fold(text).replace(" ", "").rstrip(":.")


_PLACEHOLDERS = frozenset({"n/a", "na", "n.a", "noaplica", "ninguno", "ninguna", "n/a.", "noaplica."})
_PLACEHOLDER_MAX = 40


def is_placeholder(raw: str) -> bool:
    """True for "N/A", "N/A.", "[N/A.](#)", "N / A", "No aplica", "Ninguno" and the like."""
    if len(raw) > _PLACEHOLDER_MAX:
        return False
    return _is_placeholder(raw)


@lru_cache(maxsize=4096)
def _is_placeholder(raw: str) -> bool:
    """See :func:`is_placeholder` (cached: it is asked of every short paragraph of a list, and the
    same few short texts, "N/A" and the labels, come back in every position)."""
    cleaned, _ = finish(raw)
    return fold(cleaned).strip(" .-:;").replace(" ", "") in _PLACEHOLDERS


NUMERALS = tuple(numeral for numeral, _, _ in SECTIONS)
SECTION_NAMES = {numeral: name for numeral, name, _ in SECTIONS}
_SECTION_BY_KEY = {label_key(name): numeral for numeral, name, _ in SECTIONS}
_HEADING = re.compile(r"^\s*(?:([IVXLivxl]{1,4})\s*[.)\-]?\s+)?(\S.*?)\s*[.:]?\s*$")
# The first word of every section's name (its accents come later): a cheap test before folding.
_MAY_BE_HEADING = re.compile(
    r"^[\s\ufdd0\ufdd1]*(?:[ivxl]{1,4}\s*[.)\-]?\s+)?[\ufdd0\ufdd1]*"
    r"(?:identificaci|funciones|relaciones|responsabilidades|perfil|habilidades)", re.IGNORECASE)
_UNKNOWN_HEADING = re.compile(r"^\s*([IVXL]{1,4})\.\s+([^a-z]{3,})$")


def section_heading(text: str) -> tuple[str | None, str] | None:
    """See :func:`_section_heading` (cached: every block is asked, most more than once)."""
    if len(text) > 80 or _MAY_BE_HEADING.match(text) is None:
        return None
    return _section_heading(text)


@lru_cache(maxsize=8192)
def _section_heading(text: str) -> tuple[str | None, str] | None:
    """``(numeral as written or None, numeral of the section)`` when ``text`` is a section heading
    (``III. FUNCIONES PERIÓDICAS``, ``VI. Perfil requerido``, ``PERFIL REQUERIDO``, ``iii. funciones
    periodicas``), else None."""
    plain = strip_marks(text)
    if len(plain) > 60:
        return None
    match = _HEADING.match(plain)
    if match is None:
        return None
    known = _SECTION_BY_KEY.get(label_key(match.group(2)))
    if known is None:
        whole = _SECTION_BY_KEY.get(label_key(plain))
        return (None, whole) if whole is not None else None
    written = match.group(1).upper() if match.group(1) else None
    return written, known


def unknown_heading(text: str) -> str | None:
    """The text of what looks like a section heading docversion does not know (``VIII. OTROS``)."""
    plain = strip_marks(text).strip()
    if plain[:1] not in ("I", "V", "X", "L"):
        return None  # the numeral comes first: most paragraphs fail here, before the pattern
    match = _UNKNOWN_HEADING.match(plain)
    if match is None or not any(c.isalpha() for c in match.group(2)):
        return None
    return plain


PERIODICITIES = {
    "diaria": "daily", "diario": "daily", "diariamente": "daily", "semanal": "weekly",
    "mensual": "monthly", "trimestral": "quarterly", "semestral": "semiannual", "anual": "annual",
    "eventual": "eventual", "eventuales": "eventual",
}
_PERIOD_LABEL = re.compile(
    rf"^[\s{MARK_OPEN}{MARK_CLOSE}]*([^\W\d_]+)[{MARK_OPEN}{MARK_CLOSE}]*\s*[.:]?[{MARK_OPEN}{MARK_CLOSE}]*(?=\s|$)"
)


def periodicity(text: str) -> tuple[str, str, str] | None:
    """``(field, word as written, rest)`` when ``text`` starts with a periodicity label."""
    match = _PERIOD_LABEL.match(text)
    if match is None:
        return None
    field = PERIODICITIES.get(fold(match.group(1)))
    if field is None:
        return None
    return field, match.group(1), text[match.end():]


def looks_like_period_label(text: str) -> bool:
    """A lone capitalised word with a full stop, such as ``Quincenal.``: a label of some kind."""
    match = _PERIOD_LABEL.match(text)
    return bool(match and not strip_marks(text[match.end():]).strip() and match.group(1)[0].isupper()
                and (text.rstrip().endswith((".", ":")) or match.group(1).isupper()))


COMPETENCY_KINDS = {
    "tecnica": "technical", "tecnicas": "technical", "metodologica": "methodological",
    "metodologicas": "methodological", "social": "social", "sociales": "social",
    "participativa": "participative", "participativas": "participative",
}
IDENTIFICATION_LABELS = {**{label: field for field, label in IDENTIFICATION},
                         "UNIDAD": "unit", "ÁREA": "unit", "PUESTO FUNCIONAL O NOMINAL": "title",
                         "OBJETIVO DEL PUESTO": "objective",
                         "BREVE DESCRIPCIÓN DEL OBJETIVO DEL PUESTO": "objective"}
RELATION_LABELS = {**{label: field for field, label in RELATION_HEADERS},
                   "PARA": "purposes", "PARA/FRECUENCIA": "purposes", "PARA / FRECUENCIA": "purposes"}
SECTION_LABELS = {
    "V": {label: field for field, label in LABELLED_LISTS["V"]},
    "VI": {label: field for field, label in LABELLED_LISTS["VI"]},
    "VII": {"HABILIDADES": "skills", "COMPETENCIAS": "competencies",
            **{label: field for field, label in LABELLED_LISTS["VII"][1:]}},
}


def split_label(text: str, labels: dict[str, str], *, needs_colon: bool = False) -> tuple[str, str, str] | None:
    """``(field, label as written, rest)`` when ``text`` starts with one of ``labels``.

    With a colon (``CON:``), any case; without one, the label must be written in capitals and
    be the whole paragraph or be followed by its value (``CÓDIGO 900 0935``).
    """
    keys = _keys(labels)
    colon = text.find(":")
    if colon > 0:
        found = keys.get(label_key(text[:colon]))
        if found is not None:
            return found, strip_marks(text[:colon]).strip(), text[colon + 1:]
    if needs_colon or len(text) > 80:
        return None  # a label without its colon is short: the whole paragraph
    plain = strip_marks(text).strip()
    if plain.upper() != plain and not plain.rstrip(".").isupper():
        return None
    found = keys.get(label_key(plain))
    if found is not None:
        return found, plain.rstrip("."), ""
    return None


_KEYS: dict[int, tuple[dict[str, str], dict[str, str]]] = {}


def _keys(labels: dict[str, str]) -> dict[str, str]:
    """The label keys of one table of labels, worked out once (the tables are module constants)."""
    if not labels:
        return {}
    found = _KEYS.get(id(labels))
    if found is None or found[0] is not labels:
        found = (labels, {label_key(printed): field for printed, field in labels.items()})
        _KEYS[id(labels)] = found
    return found[1]


def looks_like_label(text: str) -> str | None:
    """The label of a paragraph that starts like one (capitals and a colon) but is not known."""
    colon = text.find(":")
    if colon <= 0:
        return None
    words = strip_marks(text[:colon]).strip()
    if words and len(words) <= 60 and words.upper() == words and sum(c.isalpha() for c in words) >= 3:
        return words
    return None


def is_fold(text: str, *candidates: str) -> bool:
    """True when ``text`` folds (accents, case, marks, full stop) to one of ``candidates``."""
    return fold(text).strip(" .:“”\"'") in candidates

