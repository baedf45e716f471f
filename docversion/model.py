"""The typed model of a job-description manual: cover, positions, revision table, marks.

Every model is frozen and refuses unknown fields; every string is normalised (NFC, single
spaces) by :data:`Text`. Field names follow DOMAIN.md; :data:`SECTIONS` maps the document's
seven sections to the position fields they hold.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from docversion.i18n import _
from docversion.text import is_plain_text, normalize_text

CLEAN_TEXT: Mapping[str, bool] = MappingProxyType({"clean_text": True})
"""Validation context for JSON whose every text is known to pass :data:`Text`'s rules: the store's
parse cache, written from validated models and checked as a whole by
:func:`docversion.text.is_clean_json` before it is validated. Shape, types and every other rule
are still checked; only the per-string check, a Python call per text, is skipped."""


def _non_empty_text(value: str, info: ValidationInfo) -> str:
    if info.context is CLEAN_TEXT or is_plain_text(value):  # the common cases: nothing to clean
        return value
    cleaned = normalize_text(value)
    if not cleaned:
        raise ValueError(_("text must not be empty"))
    return cleaned


Text = Annotated[str, AfterValidator(_non_empty_text)]
"""A non-empty string, NFC-normalised, white space collapsed, control characters refused."""

Items = tuple[Text, ...]
"""A list of items; an empty tuple is what the document writes as "N/A"."""

PositionId = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)
]
"""A position's stable id: a lower-case ASCII slug, fixed when the position is first read."""

ManualCode = Annotated[
    str,
    AfterValidator(normalize_text),
    StringConstraints(pattern=r"^[0-9A-Za-z]+(?:[ ._-][0-9A-Za-z]+)*$", max_length=40),
]
"""A manual's document code, such as ``900 0935``: letters and digits in groups."""

Percent = Annotated[int, Field(ge=0, le=100)]


class RuleError(ValueError):
    """A broken cross-field rule, with the path (relative to the model) of the field at fault.

    Pydantic reports a model validator's error at the model itself; readers find this
    exception in the error's context and use ``path`` to name the field and its line.
    """

    def __init__(self, message: str, *path: str | int) -> None:
        super().__init__(message)
        self.path = path


class Frozen(BaseModel):
    """Base of every model: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class MarkedSpan(Frozen):
    """Text the source marks as changed in this version (underlined or ``[…](#)``).

    ``path`` is the dotted model path of the value (``periodic_functions.monthly.5``);
    ``start`` is the offset of ``text`` in that string, or None when the whole value was
    marked (a date, a version number, an empty list the source wrote as "N/A").
    """

    path: Annotated[str, StringConstraints(pattern=r"^[a-z_]+(?:\.(?:[a-z_]+|\d+))*$")]
    start: Annotated[int, Field(ge=0)] | None
    text: Text


class Cover(Frozen):
    """The first page: what the manual is, who signs it, and which version is this."""

    code: ManualCode
    title: Text
    area: Text
    version: Annotated[int, Field(ge=1)]
    created: date
    in_force: date
    authorized_by: Text
    reviewed_by: Items
    process_owner: Text
    conformity_statement: Text | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Cover:
        if self.in_force < self.created:
            raise RuleError(_("in_force {in_force} is before created {created}").format(
                in_force=self.in_force, created=self.created), "in_force")
        return self


class KeyFunction(Frozen):
    """One row of FUNCIONES CLAVES: the function, its share of time, its expected result."""

    text: Text
    percent: Percent
    expected_result: Text


class PeriodicFunctions(Frozen):
    """FUNCIONES PERIÓDICAS, one list per periodicity."""

    daily: Items = ()
    weekly: Items = ()
    monthly: Items = ()
    quarterly: Items = ()
    semiannual: Items = ()
    annual: Items = ()
    eventual: Items = ()


class Relations(Frozen):
    """RELACIONES DEL PUESTO: with whom (CON) and what for, with its frequency (PARA / FRECUENCIA)."""

    with_whom: Items = ()
    purposes: Items = ()


class Competencies(Frozen):
    """COMPETENCIAS by kind: Técnica, Metodológica, Social, Participativa."""

    technical: Items = ()
    methodological: Items = ()
    social: Items = ()
    participative: Items = ()


class Position(Frozen):
    """One position ("puesto") with its seven sections; ``id`` never changes after first read."""

    id: PositionId
    # I. IDENTIFICACIÓN
    title: Text
    generic_title: Text
    department: Text
    unit: Text
    reports_to: Text
    direct_reports_count: Annotated[int, Field(ge=0)]
    direct_reports: Items = ()
    objective: Text
    # II. FUNCIONES CLAVES
    key_functions: tuple[KeyFunction, ...] = ()
    # III. FUNCIONES PERIÓDICAS
    periodic_functions: PeriodicFunctions = PeriodicFunctions()
    # IV. RELACIONES DEL PUESTO
    relations: Relations = Relations()
    # V. RESPONSABILIDADES, INSUMOS Y RECURSOS
    values: Items = ()
    assets: Items = ()
    decision_making: Items = ()
    key_authorizations: Items = ()
    inputs_and_resources: Items = ()
    security_measures: Items = ()
    # VI. PERFIL REQUERIDO
    education: Items = ()
    experience: Items = ()
    # VII. HABILIDADES Y COMPETENCIAS
    skills: Items = ()
    competencies: Competencies = Competencies()
    # Revision marks of this version, paths relative to the position.
    marked: tuple[MarkedSpan, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Position:
        if self.direct_reports_count != len(self.direct_reports):
            raise RuleError(
                _("direct_reports_count is {count} but direct_reports lists {listed}").format(
                    count=self.direct_reports_count, listed=len(self.direct_reports)), "direct_reports_count"
            )
        total = sum(f.percent for f in self.key_functions)
        if total > 100:
            raise RuleError(_("key function percentages add up to {total}, over 100").format(total=total),
                            "key_functions")
        check_marks(self, self.marked)
        return self


class RevisionRow(Frozen):
    """One row of MODIFICACIONES REALIZADAS."""

    version: Annotated[int, Field(ge=1)]
    authorized_by: Text
    last_modified: date | None = None
    in_force: date
    changes: Annotated[Items, Field(min_length=1)]
    prepared_by_label: Text
    prepared_by: Text


class Manual(Frozen):
    """A whole manual: cover, positions in document order, revision table, cover-level marks."""

    cover: Cover
    positions: tuple[Position, ...]
    revisions: tuple[RevisionRow, ...] = ()
    marked: tuple[MarkedSpan, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Manual:
        seen: set[str] = set()
        for index, position in enumerate(self.positions):
            if position.id in seen:
                raise RuleError(_("position id {id!r} is used twice").format(id=position.id), "positions", index)
            seen.add(position.id)
        versions = [row.version for row in self.revisions]
        for index, (earlier, later) in enumerate(itertools.pairwise(versions), start=1):
            if later <= earlier:
                raise RuleError(_("revision versions must increase: {later} follows {earlier}").format(
                    later=later, earlier=earlier), "revisions", index, "version")
        if versions and versions[-1] > self.cover.version:
            raise RuleError(
                _("the revision table records version {recorded} but the cover states version {stated}").format(
                    recorded=versions[-1], stated=self.cover.version), "revisions", len(versions) - 1, "version"
            )
        check_marks(self, self.marked)
        return self

    def position(self, position_id: str) -> Position:
        """The position with this id; ``KeyError`` when there is none."""
        for candidate in self.positions:
            if candidate.id == position_id:
                return candidate
        raise KeyError(position_id)


def plain_data(value: Any) -> Any:
    """Turn a model dump into plain, changeable data: tuples to lists, dates stay dates."""
    if isinstance(value, dict):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(item) for item in value]
    return value


SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("I", "IDENTIFICACIÓN", ("title", "generic_title", "department", "unit", "reports_to",
                             "direct_reports_count", "direct_reports", "objective")),
    ("II", "FUNCIONES CLAVES", ("key_functions",)),
    ("III", "FUNCIONES PERIÓDICAS", ("periodic_functions",)),
    ("IV", "RELACIONES DEL PUESTO", ("relations",)),
    ("V", "RESPONSABILIDADES, INSUMOS Y RECURSOS", ("values", "assets", "decision_making",
                                                    "key_authorizations", "inputs_and_resources",
                                                    "security_measures")),
    ("VI", "PERFIL REQUERIDO", ("education", "experience")),
    ("VII", "HABILIDADES Y COMPETENCIAS", ("skills", "competencies")),
)
"""The seven sections of a position: numeral, heading as printed, and the fields they hold."""


def resolve_path(root: BaseModel, path: str) -> Any:
    """Follow a dotted model path (``periodic_functions.monthly.5``) from ``root``."""
    value: Any = root
    for part in path.split("."):
        if isinstance(value, BaseModel):
            if part not in type(value).model_fields:
                raise KeyError(path)
            value = getattr(value, part)
        elif isinstance(value, tuple) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise KeyError(path)
    return value


def check_marks(root: BaseModel, marks: tuple[MarkedSpan, ...]) -> None:
    """Raise :class:`RuleError` unless every mark points at the text it claims to mark."""
    for index, mark in enumerate(marks):
        try:
            value = resolve_path(root, mark.path)
        except KeyError:
            raise RuleError(_("marked span path {path!r} does not exist").format(path=mark.path),
                            "marked", index) from None
        if mark.start is None:
            continue  # the whole value was marked (a date, a number, an empty list)
        if not isinstance(value, str):
            raise RuleError(_("marked span at {path!r} has an offset but marks no text").format(path=mark.path),
                            "marked", index)
        if value[mark.start : mark.start + len(mark.text)] != mark.text:
            from docversion.labels import field_name

            raise RuleError(
                _("marked span {text!r} is not at offset {start} of {path}").format(
                    text=mark.text, start=mark.start, path=field_name(mark.path)), "marked", index
            )


_FORM_ERRORS = frozenset({"missing", "extra_forbidden", "model_type", "model_attributes_type"})

def describe_error(exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> tuple[
        tuple[str | int, ...], str, bool]:
    """The field path, message, and whether it broke a rule of the model, of the first error.

    Type, missing and unknown-field errors are errors of form (``is_rule`` False); range
    checks, text rules and cross-field rules (:class:`RuleError`) are rules of the model.
    The message is in the current language (:mod:`docversion.formats.validation`); ``prefix`` is
    where the validated model sits in the manual (``("cover",)`` for a cover read on its own),
    so that the message names the field as the manual knows it; the path returned is the model's.
    """
    from docversion.formats.validation import error_message  # it names fields by labels, which import this

    error = exc.errors()[0]
    loc = tuple(error["loc"])
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, RuleError):
        return (*loc, *cause.path), str(cause), True
    kind = error["type"]
    is_form = kind in _FORM_ERRORS or kind.endswith(("_type", "_parsing"))
    return loc, error_message(error, (*prefix, *loc)), not is_form
