"""Pydantic's validation errors as the user reads them: its own English, or a Spanish sentence.

Pydantic writes its messages in English ("Input should be greater than or equal to 1"). In
English docversion shows them as they are; in Spanish each kind of error (pydantic's ``type``:
``missing``, ``int_parsing``, ``greater_than_equal``...) has its sentence, which names the field
by the document's own label (:func:`docversion.labels.field_name`: «Versión», «Semanal 3») and
the bound it broke. :func:`docversion.model.describe_error` gives every reader (and the store's
merge) its message from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from docversion.i18n import N_, _, current, ngettext
from docversion.labels import field_name

# The bound a sentence names is a key of pydantic's ``ctx`` ({ge}, {pattern}, {expected}); a kind
# not listed here, or a context without its key, reads as the generic sentence of _INVALID.
_KIND_MESSAGES: Mapping[str, str] = MappingProxyType({
    "missing": N_("{field} is required and missing"),
    "extra_forbidden": N_("{field} is not a field of the manual"),
    "model_type": N_("{field} must be a mapping of keys and values"),
    "model_attributes_type": N_("{field} must be a mapping of keys and values"),
    "dict_type": N_("{field} must be a mapping of keys and values"),
    "string_type": N_("{field} must be text"),
    "string_unicode": N_("{field} must be valid Unicode text"),
    "string_pattern_mismatch": N_("{field} does not have the expected form (pattern {pattern})"),
    "int_type": N_("{field} must be a whole number"),
    "int_parsing": N_("{field} must be a whole number"),
    "int_from_float": N_("{field} must be a whole number, without decimals"),
    "int_parsing_size": N_("{field} is too large a number"),
    "float_type": N_("{field} must be a number"),
    "float_parsing": N_("{field} must be a number"),
    "bool_type": N_("{field} must be true or false"),
    "bool_parsing": N_("{field} must be true or false"),
    "none_required": N_("{field} must be empty"),
    "greater_than": N_("{field} must be greater than {gt}"),
    "greater_than_equal": N_("{field} must be greater than or equal to {ge}"),
    "less_than": N_("{field} must be less than {lt}"),
    "less_than_equal": N_("{field} must be less than or equal to {le}"),
    "list_type": N_("{field} must be a list"),
    "tuple_type": N_("{field} must be a list"),
    "iterable_type": N_("{field} must be a list"),
    "date_type": N_("{field} must be a date (YYYY-MM-DD)"),
    "date_parsing": N_("{field} must be a real date written YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("{field} must be a real date written YYYY-MM-DD"),
    "date_from_datetime_inexact": N_("{field} must be a date without a time of day"),
    "literal_error": N_("{field} must be one of {expected}"),
    "enum": N_("{field} must be one of {expected}"),
})
_LENGTH_KINDS = frozenset({"too_short", "too_long", "string_too_short", "string_too_long"})


def _length_message(kind: str, bound: int) -> str:
    """The Spanish sentence of a length error, in the plural form ``bound`` asks for."""
    if kind == "too_short":
        return ngettext("{field} must hold at least {min_length} item",
                        "{field} must hold at least {min_length} items", bound)
    if kind == "too_long":
        return ngettext("{field} must hold at most {max_length} item",
                        "{field} must hold at most {max_length} items", bound)
    if kind == "string_too_short":
        return ngettext("{field} must be at least {min_length} character long",
                        "{field} must be at least {min_length} characters long", bound)
    return ngettext("{field} must be at most {max_length} character long",
                    "{field} must be at most {max_length} characters long", bound)


_INVALID = N_("{field} does not hold a valid value")


def error_message(error: Mapping[str, Any], path: tuple[str | int, ...]) -> str:
    """The message of one of pydantic's errors at the model path ``path``: pydantic's own in
    English, a sentence naming the field by its label (:func:`docversion.labels.field_name`) in
    Spanish. A ``ValueError`` raised by a validator (text rules) carries its translated message."""
    kind = str(error["type"])
    context = dict(error.get("ctx") or {})
    if kind == "value_error" and "error" in context:
        return str(context["error"])
    if current() != "es":
        return str(error["msg"])
    dotted = ".".join(str(part) for part in path)
    named = {**{key: str(value) for key, value in context.items()},
             "field": f"«{field_name(dotted)}»" if dotted else _("the value")}
    if kind in _LENGTH_KINDS:
        bound = int(context.get("min_length") or context.get("max_length") or 0)
        return _length_message(kind, bound).format(**named)
    template = _(_KIND_MESSAGES.get(kind, _INVALID))
    try:
        return template.format(**named)
    except (KeyError, IndexError):  # a context pydantic did not give: the sentence without its bound
        return _(_INVALID).format(**named)
