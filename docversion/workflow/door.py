"""Text at the door: names, roles, labels, sentences, comments and reasons checked when given.

What a person types into a sign-off ends up in the record, the revision table and the printed
manual. A control character, a line break, a right-to-left override (which makes a name read
as another on screen) or a name of 100,000 characters is refused before anything is written,
naming the option that carried it. Pure.
"""

from __future__ import annotations

import re
import unicodedata

from docversion.errors import InvalidInputError
from docversion.i18n import N_, _

# The longest value of each kind a person would really type (a name with two surnames and a
# title; a role such as "Gerente de Servicio al Cliente"; a sentence of the revision table).
LIMITS = {"name": 120, "role": 120, "label": 60, "sentence": 1000, "comment": 2000, "reason": 2000}
# What to do about a value too long, or missing, by its kind (one sentence each).
_SHORTEN = {"name": N_("shorten the name"), "role": N_("shorten the role"), "label": N_("shorten the label"),
            "sentence": N_("shorten the sentence"), "comment": N_("shorten the comment"),
            "reason": N_("shorten the reason")}
_GIVE = {"name": N_("give the name"), "role": N_("give the role"), "label": N_("give the label"),
         "sentence": N_("give the sentence")}
# Control characters (line breaks and tabs included), and the bidirectional controls that
# reorder text on screen: LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM.
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029"
                      "\ufdd0-\ufdef\ufeff]")


def checked(value: str, kind: str, option: str) -> str:
    """``value`` NFC-normalised and trimmed; InvalidInputError (exit 5) naming ``option`` when it
    is empty, too long or holds a character that has no place in the record."""
    text = unicodedata.normalize("NFC", value).strip()
    found = _REFUSED.search(text)
    if found is not None:
        raise InvalidInputError(
            _("{option} holds the character U+{code:04X} at offset {offset} (a control character, line break or "
              "direction override)").format(option=option, code=ord(found.group()), offset=found.start()),
            field=option, hint=_("type the text on one line, without control characters"))
    if "  " in text:
        text = re.sub(" {2,}", " ", text)
    limit = LIMITS[kind]
    if len(text) > limit:
        raise InvalidInputError(_("{option} is {length} characters long; at most {limit} are kept in the "
                                  "record").format(option=option, length=len(text), limit=limit),
                                field=option, hint=_(_SHORTEN[kind]))
    if not text and kind not in ("comment", "reason"):
        raise InvalidInputError(_("{option} is empty").format(option=option), field=option, hint=_(_GIVE[kind]))
    return text


def checked_all(values: tuple[str, ...], kind: str, option: str) -> tuple[str, ...]:
    """Each of ``values`` checked, the option named with the value's place when there are several."""
    return tuple(checked(value, kind, option if len(values) == 1 else f"{option} #{index}")
                 for index, value in enumerate(values, start=1))
