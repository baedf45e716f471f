"""The exceptions docversion raises, rooted at one class a caller can catch.

    DocversionError                 anything docversion refuses or cannot do (exit 1)
    ├── InvalidInputError           a document or value that does not validate (exit 5)
    │   ├── EncodingError           bytes that are not UTF-8 text, or binary data
    │   ├── DocumentStructureError  a document whose text cannot be placed in the model
    │   ├── CanonicalFormError      a canonical YAML file with bad syntax, keys or types
    │   ├── ModelValidationError    values that break a rule of the model
    │   └── UnsupportedFormatError  a file kind docversion does not read
    ├── ConflictError               another writer moved first (exit 3)
    ├── VerificationError           tampered content or a bad signature (exit 4)
    └── ExternalToolError           a program docversion runs (LibreOffice) failed or timed out (exit 1)
        └── ToolNotInstalledError   that program is not installed (exit 1)

Every error names where the fault is (file, line, field) and how to fix it, so the command
line can print it as it stands. The library raises; only ``cli.py`` prints and exits. A message
is made in the language current when the error is raised (:mod:`docversion.i18n`: English unless
Spanish is chosen); ``source``, ``line`` and ``field`` (a model path) are the same in every
language, as the command line's JSON gives them.
"""

from __future__ import annotations

from docversion.i18n import _, current


class DocversionError(Exception):
    """Root of every error docversion raises on purpose. Catch this to catch them all."""

    exit_code = 1


class InvalidInputError(DocversionError):
    """Input that does not validate. Nothing is written when one is raised.

    ``source`` is the file (or other origin) at fault, ``line`` its 1-based line when known,
    ``field`` the model path when known, and ``hint`` what the user should do about it. The
    message and the hint come translated; the text joining them (``line``, ``field``, ``Fix:``)
    is translated here, when the error is made, and the field is named as the user knows it
    (:func:`docversion.labels.field_name`: its label in Spanish, its path in English).
    """

    exit_code = 5

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else _("line {line}").format(line=self.line)
        text = f"{where}: {self.message}" if where else self.message
        if self.field:
            from docversion.labels import field_name

            name = field_name(self.field)
            # In Spanish the label often leads the message already ("«Versión» debe ser ..."): once is enough.
            if current() != "es" or name not in self.message:
                text += _(" (field {field})").format(field=name)
        if self.hint:
            text += _(". Fix: {hint}").format(hint=self.hint)
        return text


class EncodingError(InvalidInputError):
    """The bytes are not UTF-8 text (Latin-1, UTF-16, binary data, a NUL byte)."""


class DocumentStructureError(InvalidInputError):
    """A document's text could not be placed: a missing, unknown or misplaced section or label."""


class CanonicalFormError(InvalidInputError):
    """A canonical YAML file is malformed: syntax, duplicate or unknown keys, wrong types."""


class ModelValidationError(InvalidInputError):
    """Values that break a rule of the model (a percentage over 100, an impossible date)."""


class UnsupportedFormatError(InvalidInputError):
    """A file of a kind docversion does not read, or a path that is not a document."""


class ConflictError(DocversionError):
    """Another writer changed the same thing first; reload and try again."""

    exit_code = 3


class VerificationError(DocversionError):
    """Content or a signature does not match the record it claims to match."""

    exit_code = 4


class ExternalToolError(DocversionError):
    """A program docversion runs for a document (LibreOffice, for PDF) failed or timed out.

    The message quotes the program's own output. Exit 1, as any error the user's input did not
    cause: the store and the input are fine, the machine is not.
    """

    exit_code = 1


class ToolNotInstalledError(ExternalToolError):
    """The program is not installed; the message names the package that provides it and what
    to do without it. Catch this to fall back (a Word export instead of a PDF)."""
