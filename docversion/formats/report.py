"""What a reading tells besides the manual: every paragraph accounted for, every judgement.

Each paragraph a source gave is *placed* in a field, recognised as *furniture* (page headers
and footers, the index, column headers, table rules, the conformity line), or *unplaced*.
Unplaced text is an error naming where it is, or with ``is_lenient`` a warning; every
judgement made on the user's behalf (a list split where its numbering skips, a footer cut
from a line, invisible characters removed) is a warning with its location.
"""

from __future__ import annotations

from dataclasses import dataclass

from docversion.errors import DocumentStructureError, ModelValidationError
from docversion.formats.blocks import Block, Para, Where, paras_of
from docversion.formats.markup import strip_marks
from docversion.i18n import _
from docversion.model import Manual


@dataclass(frozen=True)
class ReadWarning:
    """A judgement the reader made, or (lenient) text it could not place, with where it was."""

    source: str
    where: Where
    message: str
    kind: str = "unplaced"

    @property
    def line(self) -> int | None:
        """The 1-based line of a text document (None for Word)."""
        return self.where.line

    def __str__(self) -> str:
        if self.where.line is not None:
            return f"{self.source}:{self.where.line}: {self.message}"
        return f"{self.source}: {self.where}: {self.message}"


def _located(where: Where | None, message: str) -> str:
    """``message`` led by the paragraph or cell of a Word document (a line travels apart, as ``line``)."""
    if where is not None and where.line is None and where != Where():
        return f"{where}: {message}"
    return message


@dataclass(frozen=True)
class ReadingCounts:
    """How many paragraphs (and characters) were placed, furniture, or unplaced."""

    placed: int = 0
    furniture: int = 0
    unplaced: int = 0
    placed_chars: int = 0
    furniture_chars: int = 0
    unplaced_chars: int = 0


class Report:
    """Collects a reading's warnings and accounts for its paragraphs."""

    def __init__(self, source: str, *, is_lenient: bool = False) -> None:
        self.source = source
        self.is_lenient = is_lenient
        self.warnings: list[ReadWarning] = []
        self._placed: dict[int, int] = {}
        self._furniture: dict[int, int] = {}
        self._unplaced: dict[int, int] = {}

    def fail(self, where: Where | None, message: str, hint: str,
             field: str | None = None) -> DocumentStructureError:
        """An error naming the document and where in it, for the caller to raise."""
        return DocumentStructureError(_located(where, message), source=self.source,
                                      line=where.line if where is not None else None, field=field, hint=hint)

    def invalid(self, where: Where | None, message: str, field: str | None, hint: str) -> ModelValidationError:
        """A value that breaks a rule of the model (an impossible date), for the caller to raise."""
        return ModelValidationError(_located(where, message), source=self.source,
                                    line=where.line if where is not None else None, field=field, hint=hint)

    def judge(self, where: Where, kind: str, message: str) -> None:
        """Record a judgement made on the user's behalf."""
        self.warnings.append(ReadWarning(self.source, where, message, kind))

    def place(self, *paras: Para) -> None:
        """These paragraphs went into fields of the manual."""
        for para in paras:
            self._placed[para.number] = len(para.text)

    def furnish(self, *paras: Para) -> None:
        """These paragraphs are layout: headers, footers, the index, column headers."""
        for para in paras:
            self._furniture[para.number] = len(para.text)

    def unplaced(self, para: Para, where_text: str) -> None:
        """Text with no place in the model: an error, or a warning in lenient mode."""
        whole = " ".join(strip_marks(para.text).split())
        if not self.is_lenient:
            snippet = whole if len(whole) <= 60 else whole[:57] + "..."
            # TRANSLATORS: {where} is a place in the document, such as "in section IV before its first label".
            raise self.fail(para.where, _("cannot place {text!r} {where}").format(text=snippet, where=where_text),
                            _("move the text under the label it belongs to, or use --lenient"))
        self._unplaced[para.number] = len(para.text)
        # With --lenient the text is in no field of the manual: the warning keeps all of it.
        self.warnings.append(ReadWarning(self.source, para.where,
                                         _("cannot place {text!r} {where}").format(text=whole, where=where_text)))

    def check_accounted(self, blocks: list[Block]) -> None:
        """Every paragraph given must have been placed, furniture or unplaced; each is counted once,
        by the text the source gave (a paragraph cut into items or joined to another counts once)."""
        lengths: dict[int, int] = {}
        for para in paras_of(blocks):
            number = para.number
            lengths[number] = len(para.text)
            if number not in self._placed and number not in self._furniture and number not in self._unplaced:
                self.unplaced(para, _("(the reader found no field for it)"))
        for found in (self._unplaced, self._furniture, self._placed):
            for number in found:
                found[number] = lengths.get(number, found[number])
        for number in self._unplaced:
            self._furniture.pop(number, None)
            self._placed.pop(number, None)
        for number in self._furniture:
            self._placed.pop(number, None)

    def counts(self) -> ReadingCounts:
        """The accounting of the reading."""
        return ReadingCounts(len(self._placed), len(self._furniture), len(self._unplaced),
                             sum(self._placed.values()), sum(self._furniture.values()),
                             sum(self._unplaced.values()))


@dataclass(frozen=True)
class ReadResult:
    """A manual read from a document, with the reading's warnings and its accounting."""

    manual: Manual
    warnings: tuple[ReadWarning, ...] = ()
    has_ids: bool = False
    """True when the document carries its positions' ids (canonical form, docversion's Word)."""
    counts: ReadingCounts | None = None
    """How much of the document was placed, furniture or unplaced (None for the canonical form)."""
