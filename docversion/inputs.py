"""What people type, read the way they mean it: dates, manual codes and roles.

Dates as ISO (``2027-01-02``), day first (``02/01/2027``, ``2-1-2027``) or as the institution
writes them (``02 de enero de 2027``). Codes as printed on the document (``900 0935``), with any
separator or none when that names one manual only. Roles and names without regard to case
and accents, and a known variant of a role (a "de" more or less) when only one role fits; the
spelling kept is always the one the record has. What cannot be decided is an error that says
what was meant, never a guess. Pure: no store, no printing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from docversion.errors import DocversionError, InvalidInputError
from docversion.formats.spanish_dates import SpanishDateError, date_fault, parse_spanish_date
from docversion.i18n import N_, _

DATE_FORMS = N_("2027-01-02, 02/01/2027 (day first) or '02 de enero de 2027'")
"""The date forms accepted, as a hint names them (marked for the catalogue: shown with ``_``)."""
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SEPARATORS = re.compile(r"[\s._-]+")
_TYPED_CODE = re.compile(r"^[0-9A-Za-z]+(?:(?: +|[._-])[0-9A-Za-z]+)*$")  # groups: one separator, or spaces
_LINKING = frozenset({"de", "del", "la", "las", "el", "los", "y", "e"})


def parse_date(text: str, *, field: str = "date") -> date:
    """The day ``text`` names in one of the accepted forms; InvalidInputError naming ``field``
    and the forms when it names none."""
    stripped = " ".join(text.split())
    found = _ISO.match(stripped)
    day_first = _DAY_FIRST.match(stripped)
    try:
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
        if day_first:
            return date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
        if " de " in f" {stripped.casefold()} ":
            return parse_spanish_date(stripped)
    except (ValueError, SpanishDateError) as exc:
        reason = str(exc) if isinstance(exc, SpanishDateError) else date_fault(exc)
        raise InvalidInputError(_("{text!r} is not a real date ({reason})").format(text=text, reason=reason),
                                field=field, hint=_date_hint()) from exc
    raise InvalidInputError(_("{text!r} is not a date").format(text=text), field=field, hint=_date_hint())


def _date_hint() -> str:
    return _("write the date as {forms}").format(forms=_(DATE_FORMS))


def fold(text: str) -> str:
    """``text`` compared as people read it: no case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _bare(text: str) -> str:
    return "".join(_SEPARATORS.split(fold(text)))


def code_as_typed(text: str) -> str:
    """The store's spelling of a code as printed: groups joined by ``-`` (``900 0935`` -> ``900-0935``)."""
    return "-".join(part for part in _SEPARATORS.split(text.strip()) if part)


def resolve_code(text: str, known: Iterable[str]) -> str:
    """The manual of ``known`` that ``text`` names: as stored, as printed, or without separators
    when only one manual reads so. A code that could be several is InvalidInputError (exit 5);
    one that names no manual is DocversionError (exit 1), naming the nearest codes."""
    if not _TYPED_CODE.match(text.strip()):
        from docversion.store.refs import validate_code

        validate_code(text)  # raises the code error, naming the field and the form (exit 5)
    codes = sorted(set(known))
    typed = code_as_typed(text)
    if typed in codes:
        return typed
    by_bare = [code for code in codes if _bare(code) == _bare(text)]
    if len(by_bare) == 1:
        return by_bare[0]
    if len(by_bare) > 1:
        raise InvalidInputError(_("{text!r} could be any of {codes}").format(text=text, codes=", ".join(by_bare)),
                                field="code", hint=_("write the code with its separators, as the store lists it"))
    near = nearest(text, codes)
    if near:
        raise DocversionError(_("the store has no manual {code}; did you mean {codes}?").format(
            code=text, codes=_(" or ").join(near)))
    raise DocversionError(_("the store has no manual {code}; 'docversion list' shows those it has").format(code=text))


def nearest(text: str, choices: Sequence[str], *, cutoff: float = 75.0, limit: int = 3) -> list[str]:
    """Up to ``limit`` of ``choices`` that read like ``text`` (separators, case and accents aside)."""
    from rapidfuzz import fuzz, process

    folded = {choice: _bare(choice) for choice in choices}
    found = process.extract(_bare(text), folded, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
    return [choice for _, _, choice in found]


def _words(text: str) -> tuple[str, ...]:
    return tuple(word for word in re.split(r"[^\w]+", fold(text)) if word and word not in _LINKING)


def matching_roles(text: str, roles: Iterable[str]) -> list[str]:
    """The roles of ``roles`` that ``text`` may name: the same without regard to case, accents and
    spacing; if none, those whose words, linking words ("de", "la", "y"…) aside, are ``text``'s."""
    known = list(dict.fromkeys(roles))
    same = [role for role in known if fold(role) == fold(text)]
    return same or [role for role in known if _words(role) == _words(text)]


def resolve_role(text: str, roles: Iterable[str], *, field: str = "--role") -> str:
    """The role of ``roles`` that ``text`` names, in the record's spelling.

    The same role without regard to case, accents and spacing; else the one role whose words,
    linking words ("de", "la", "y"…) aside, are those of ``text``. None fits, or several do:
    InvalidInputError listing the roles.
    """
    known = list(dict.fromkeys(roles))
    same = matching_roles(text, known)
    if len(same) == 1:
        return same[0]
    listed = "; ".join(known) or _("none")
    if same:
        raise InvalidInputError(_("{text!r} could be any of: {roles}").format(text=text, roles="; ".join(same)),
                                field=field, hint=_("write the role as the cover spells it"))
    raise InvalidInputError(_("{text!r} is none of the roles of this manual").format(text=text), field=field,
                            hint=_("the roles are: {roles}").format(roles=listed))


def resolve_name(text: str, names: Iterable[str]) -> str | None:
    """The name of ``names`` that ``text`` is without regard to case and accents, if one is."""
    same = [name for name in dict.fromkeys(names) if fold(name) == fold(text)]
    return same[0] if len(same) == 1 else None
