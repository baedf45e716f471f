"""Hypothesis strategies that build valid manuals with awkward text."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from docversion.model import (
    Competencies,
    Cover,
    KeyFunction,
    Manual,
    MarkedSpan,
    PeriodicFunctions,
    Position,
    Relations,
    RevisionRow,
)
from docversion.text import find_forbidden_character, normalize_text

# Strings YAML would read as something other than text if written bare.
TRICKY = [
    "NO", "no", "Yes", "on", "OFF", "null", "~", "1.10", "1e3", "0x1F", "0o17", "012", "2024-01-01",
    "2024-01-01 10:00:00", "- item", ": colon", "a: b", "#comment", "a #b", "'quoted'", '"double"',
    "&anchor", "*alias", "!tag", "%directive", "@at", "`tick`", "|", ">", "? key", "[a, b]", "{a: b}",
    "Área de Servicios en Línea", "ñandú", "del(os) proceso(s)", "N/A", "“Este documento”", "🙂 emoji",
    "=", "<<", ".inf", "-.5", "+12", "Diaria.",
]
_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list("áéíóúñÁÉÍÓÚÑüÜ¿¡“”«»‘’–—…°º·•") + list(" \t\n\u00a0\u2003") + list(":#-'\"/\\()[]{}.,;!?%&*@`|>=+~")
    + ["\u0301", "\u0303"]  # combining accents: after a letter, the model composes them (NFC)
)


def _usable(value: str) -> bool:
    return find_forbidden_character(value) is None and normalize_text(value) != ""


texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(_ALPHABET, min_size=1, max_size=30),
    st.text(_ALPHABET, min_size=1, max_size=30).map(lambda s: s * 25),  # long text, cheaply
).filter(_usable)
items = st.lists(texts, max_size=3).map(tuple)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
position_ids = st.from_regex(r"[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@st.composite
def positions(draw: st.DrawFn, position_id: str | None = None) -> Position:
    """A valid position: shares add up to at most 100, reports counted, one mark on the title."""
    percents = draw(st.lists(st.integers(0, 33), max_size=3))
    reports = draw(items)
    title = draw(texts)
    marked_length = draw(st.integers(0, len(normalize_text(title))))
    marks = []
    if marked_length and normalize_text(normalize_text(title)[:marked_length]):
        mark_text = normalize_text(normalize_text(title)[:marked_length])
        marks.append(MarkedSpan(path="title", start=0, text=mark_text))
    fields: dict[str, Any] = {
        "id": position_id or draw(position_ids),
        "title": title, "generic_title": draw(texts), "department": draw(texts),
        "unit": draw(texts), "reports_to": draw(texts),
        "direct_reports_count": len(reports), "direct_reports": reports, "objective": draw(texts),
        "key_functions": tuple(KeyFunction(text=draw(texts), percent=p, expected_result=draw(texts))
                               for p in percents),
        "periodic_functions": PeriodicFunctions(**{name: draw(items) for name in PeriodicFunctions.model_fields}),
        "relations": Relations(with_whom=draw(items), purposes=draw(items)),
        "competencies": Competencies(**{name: draw(items) for name in Competencies.model_fields}),
        "marked": tuple(marks),
    }
    for name in ("values", "assets", "decision_making", "key_authorizations", "inputs_and_resources",
                 "security_measures", "education", "experience", "skills"):
        fields[name] = draw(items)
    return Position(**fields)


@st.composite
def manuals(draw: st.DrawFn, max_positions: int = 3) -> Manual:
    """A valid manual with up to ``max_positions`` positions and an increasing revision table."""
    ids = draw(st.lists(position_ids, max_size=max_positions, unique=True))
    versions = sorted(draw(st.lists(st.integers(1, 40), max_size=4, unique=True)))
    created = draw(dates)
    rows = tuple(
        RevisionRow(version=v, authorized_by=draw(texts), last_modified=draw(st.none() | dates),
                    in_force=draw(dates), changes=tuple(draw(st.lists(texts, min_size=1, max_size=3))),
                    prepared_by_label=draw(texts), prepared_by=draw(texts))
        for v in versions
    )
    cover = Cover(
        code=draw(st.from_regex(r"[0-9A-Z]{1,5}(?: [0-9]{1,5})?", fullmatch=True)),
        title=draw(texts), area=draw(texts),
        version=max([1, *versions]) + draw(st.integers(0, 1)),
        created=created, in_force=draw(st.dates(min_value=created, max_value=date(2100, 12, 31))),
        authorized_by=draw(texts), reviewed_by=draw(items), process_owner=draw(texts),
        conformity_statement=draw(st.none() | texts),
    )
    return Manual(cover=cover, positions=tuple(draw(positions(i)) for i in ids), revisions=rows)
