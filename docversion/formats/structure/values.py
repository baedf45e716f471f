"""Turning paragraphs into model values, keeping their marks and where each field came from.

A :class:`Values` is made per part of the document (the manual's head, each position): it
cleans each fragment, records the spans marked as changed under the value's model path,
remembers where each field came from (for error messages), and tells the report which
paragraphs it placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docversion.formats.blocks import Para, Where
from docversion.formats.markup import finish, trim_spans
from docversion.formats.report import Report
from docversion.formats.structure.labels import is_placeholder
from docversion.formats.structure.lists import ABBREVIATIONS
from docversion.i18n import _
from docversion.labels import field_name
from docversion.model import MarkedSpan


def _is_form_full_stop(text: str) -> bool:
    """Whether a name's final full stop is the form's (``Jefe de Área.``), not an initial's
    (``Clara Arce M.``) or an abbreviation's (``S.A.``, ``Lic.``)."""
    core = text.rsplit(" ", 1)[-1][:-1]
    return not ((len(core) == 1 and core.isalpha()) or "." in core or core in ABBREVIATIONS)


@dataclass
class Values:
    """Cleans fragments into values for one part of the document."""

    report: Report
    marks: list[MarkedSpan] = field(default_factory=list)
    places: dict[str, Where] = field(default_factory=dict)

    def note(self, path: str, where: Where) -> None:
        """Remember that the value at ``path`` (and the fields holding it) starts at ``where``."""
        self.places.setdefault(path, where)

    def text(self, para: Para, path: str, *, is_name: bool = False, sources: tuple[Para, ...] = ()) -> str:
        """The clean text of a fragment; its marks are recorded under ``path``.

        Names (titles, units, roles) lose the full stop the form puts after them.
        """
        text, spans = finish(para.text)
        if is_name and (text.endswith(";") or (text.endswith(".") and _is_form_full_stop(text))):
            text = text[:-1].rstrip()
            spans = trim_spans(text, spans)
        if not text:
            raise self.report.fail(para.where, _("{field} is empty").format(field=field_name(path)),
                                   _("write the text after the label"), field=path)
        self.note(path, para.where)
        self.report.place(para, *sources)
        if spans:  # most text is unmarked
            self.marks.extend(MarkedSpan(path=path, start=start, text=text[start:end]) for start, end in spans)
        return text

    def whole(self, para: Para, path: str, *, sources: tuple[Para, ...] = ()) -> str:
        """The clean text of a fragment that becomes a non-text value (a date, a number, N/A).

        If any of it was marked, the whole value is recorded as marked.
        """
        text, spans = finish(para.text)
        self.note(path, para.where)
        self.report.place(para, *sources)
        if spans:
            self.marks.append(MarkedSpan(path=path, start=None, text=text))
        return text

    def items(self, items: list[Para], path: str, *, is_name: bool = False,
              sources: tuple[Para, ...] = ()) -> tuple[str, ...]:
        """Clean list items; a lone placeholder ("N/A") is the empty list (its mark is kept)."""
        self.report.place(*sources)
        if len(items) == 1 and not items[0].is_item and is_placeholder(items[0].text):
            self.whole(items[0], path)
            return ()
        for item in items:
            if not item.is_item and is_placeholder(item.text):
                raise self.report.fail(item.where, _("'N/A' stands among other items of {field}").format(
                    field=field_name(path)), _("delete the N/A or the other items"), field=path)
        if items:
            self.note(path, items[0].where)
        return tuple(self.text(item, f"{path}.{index}", is_name=is_name) for index, item in enumerate(items))

    def where_of(self, field_path: str, default: Where | None) -> Where | None:
        """Where the given field (or the nearest field holding it) came from."""
        parts = field_path.split(".")
        for length in range(len(parts), 0, -1):
            prefix = ".".join(parts[:length])
            found = self.places.get(prefix)
            if found is not None:
                return found
            inner = next((where for path, where in self.places.items() if path.startswith(prefix + ".")), None)
            if inner is not None:
                return inner
        return default
