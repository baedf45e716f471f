"""Turning fragments of the seed's text into model values, keeping marks, lines and warnings.

A :class:`Collector` is made per part of the document (the manual's head, each position):
it cleans each fragment, records the spans marked as changed under the value's model path,
remembers the line each field came from (for error messages), and either raises or, in
lenient mode, keeps a warning for text it cannot place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docversion.errors import DocumentStructureError, ModelValidationError
from docversion.formats.markup import Block, finish, strip_marks, trim_spans
from docversion.formats.seed_items import is_not_applicable
from docversion.model import MarkedSpan


@dataclass(frozen=True)
class ReadWarning:
    """Text a lenient read could not place, with where it was."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass
class Collector:
    """Cleans fragments into values for one part of the document."""

    source: str
    is_lenient: bool
    warnings: list[ReadWarning]
    marks: list[MarkedSpan] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def fail(self, line: int | None, message: str, hint: str,
             field: str | None = None) -> DocumentStructureError:
        """An error naming this document and line, for the caller to raise."""
        return DocumentStructureError(message, source=self.source, line=line, field=field, hint=hint)

    def invalid(self, line: int | None, message: str, field: str, hint: str) -> ModelValidationError:
        """A value that breaks a rule of the model (an impossible date), for the caller to raise."""
        return ModelValidationError(message, source=self.source, line=line, field=field, hint=hint)

    def note_line(self, path: str, line: int) -> None:
        """Remember that the value at ``path`` (and the fields holding it) starts on ``line``."""
        parts = path.split(".")
        for length in range(1, len(parts) + 1):
            self.lines.setdefault(".".join(parts[:length]), line)

    def unplaced(self, block: Block, where: str) -> None:
        """Text with no place in the model: an error, or a warning in lenient mode."""
        snippet = " ".join(strip_marks(block.text).split())
        if len(snippet) > 60:
            snippet = snippet[:57] + "..."
        message = f"cannot place {snippet!r} {where}"
        if not self.is_lenient:
            raise self.fail(block.line, message,
                            "move the text under the label it belongs to, or use --lenient")
        self.warnings.append(ReadWarning(self.source, block.line, message))

    def text(self, block: Block, path: str, *, is_name: bool = False) -> str:
        """The clean text of a fragment; its marks are recorded under ``path``.

        Names (titles, units, roles) lose the full stop the form puts after them.
        """
        text, spans = finish(block.text)
        if is_name and text.endswith("."):
            text = text[:-1].rstrip()
            spans = trim_spans(text, spans)
        if not text:
            raise self.fail(block.line, f"{path} is empty", "write the text after the label")
        self.note_line(path, block.line)
        self.marks.extend(
            MarkedSpan(path=path, start=start, text=text[start:end]) for start, end in spans
        )
        return text

    def whole(self, block: Block, path: str) -> str:
        """The clean text of a fragment that becomes a non-text value (a date, a number).

        If any of it was marked, the whole value is recorded as marked.
        """
        text, spans = finish(block.text)
        self.note_line(path, block.line)
        if spans:
            self.marks.append(MarkedSpan(path=path, start=None, text=text))
        return text

    def items(self, blocks: list[Block], path: str, *, is_name: bool = False) -> tuple[str, ...]:
        """Clean list items; a lone "N/A" is the empty list (its mark, if any, is kept)."""
        if len(blocks) == 1 and is_not_applicable(blocks[0].text):
            self.whole(blocks[0], path)
            return ()
        for block in blocks:
            if is_not_applicable(block.text):
                raise self.fail(block.line, f"'N/A' stands among other items of {path}",
                                "delete the N/A or the other items")
        return tuple(
            self.text(block, f"{path}.{index}", is_name=is_name)
            for index, block in enumerate(blocks)
        )

    def line_of(self, field_path: str, default: int | None) -> int | None:
        """The line the given field (or the nearest field holding it) came from."""
        parts = field_path.split(".")
        for length in range(len(parts), 0, -1):
            found = self.lines.get(".".join(parts[:length]))
            if found is not None:
                return found
        return default
