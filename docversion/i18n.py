"""Messages in the user's language: English as the code writes them, Spanish from the catalogue.

Every message, help text, heading and error is written in English and passed through :func:`_`
(or :func:`ngettext`) where it is made; a constant made before the language is known is marked
with :func:`N_` and translated where it is shown. The catalogue is ``locale/es/LC_MESSAGES/
docversion.mo`` beside this module, compiled from its ``.po`` with Babel and shipped in the wheel;
reading it needs only the standard library. English is the default: a library user chooses
with :func:`use`, the command line with ``--lang``, ``DOCVERSION_LANG`` or the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``es_*`` is Spanish). The document's own Spanish (its
labels, sentences and dates) is never translated: it is the same in both.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "docversion"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "es")
_ENVIRONMENT = ("DOCVERSION_LANG", "LC_ALL", "LC_MESSAGES", "LANG")



class _Speaking:
    """The language messages are made in, and its catalogue (one per process)."""

    language = "en"
    catalogue: _gettext.NullTranslations = _gettext.NullTranslations()


_now = _Speaking()


def language_of(value: str) -> str | None:
    """The language a setting names (``es``, ``es_SV.UTF-8``, ``Spanish`` -> ``es``), None for
    what names neither language (``C``, ``POSIX``, an empty value)."""
    word = value.strip().split(".")[0].split("@")[0].replace("-", "_").casefold()
    if word in ("es", "spanish", "español", "espanol") or word.startswith("es_"):
        return "es"
    if word in ("en", "english") or word.startswith("en_"):
        return "en"
    return None


def chosen_language(option: str | None, environ: Mapping[str, str]) -> str:
    """``--lang`` when given, else the first of DOCVERSION_LANG, LC_ALL, LC_MESSAGES and LANG that
    is set (as POSIX orders them, LC_ALL over LC_MESSAGES over LANG); English otherwise."""
    if option:
        return language_of(option) or "en"
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            return language_of(value) or "en"
    return "en"


def use(language: str) -> None:
    """Make ``language`` (``en`` or ``es``) the language of every message made from now on."""
    code = language_of(language)
    if code is None:
        raise ValueError(_("docversion speaks en and es, not {value!r}").format(value=language))
    catalogue = (_gettext.NullTranslations() if code == "en"
                 else _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code]))
    _now.language, _now.catalogue = code, catalogue


def current() -> str:
    """The language messages are made in now."""
    return _now.language


def _(message: str) -> str:
    """``message`` in the current language."""
    return _now.catalogue.gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """The singular or plural form of a message for ``number``, in the current language."""
    return _now.catalogue.ngettext(singular, plural, number)


def N_(message: str) -> str:
    """``message`` as it is: marks a constant for the catalogue, translated where it is shown."""
    return message
