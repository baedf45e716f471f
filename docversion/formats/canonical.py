"""The canonical form of a manual: a directory of YAML files that diffs well in git.

    manual.yaml            format marker, cover, position ids in document order, revision table
    positions/<id>.yaml    one file per position, named by its stable id (a rename edits one file)

Equal manuals give byte-identical files, and ``load_manual(dump_manual(m)) == m``. The
functions here take and return bytes; reading and writing directories is :mod:`docversion.files`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from docversion.errors import CanonicalFormError, EncodingError, InvalidInputError, ModelValidationError
from docversion.i18n import _
from docversion.model import Cover, Manual, MarkedSpan, Position, RevisionRow, describe_error, plain_data

if TYPE_CHECKING:  # YAML is imported only when a canonical file is read or written
    from docversion.formats.yamlio import Lines

FORMAT = "docversion-manual/1"
MANUAL_FILE = "manual.yaml"
POSITIONS_DIR = "positions"


def position_file(position_id: str) -> str:
    """The relative path of a position's file inside a manual directory."""
    return f"{POSITIONS_DIR}/{position_id}.yaml"


def dump_manual(manual: Manual) -> dict[str, bytes]:
    """Render a manual as its canonical files: relative path -> UTF-8 bytes."""
    head = {
        "format": FORMAT,
        "cover": plain_data(manual.cover.model_dump()),
        "positions": [position.id for position in manual.positions],
        "revisions": plain_data([row.model_dump() for row in manual.revisions]),
        "marked": plain_data([mark.model_dump() for mark in manual.marked]),
    }
    from docversion.formats.yamlio import dump_yaml

    files = {MANUAL_FILE: dump_yaml(head).encode("utf-8")}
    for position in manual.positions:
        body = plain_data(position.model_dump(exclude={"id"}))
        files[position_file(position.id)] = dump_yaml(body).encode("utf-8")
    return files


def _decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingError(
            _("byte 0x{byte:02x} is not UTF-8").format(byte=data[exc.start]),
            source=source,
            line=line,
            hint=_("save the file as UTF-8"),
        ) from exc


def _field_error(
    exc: ValidationError, source: str, lines: Lines, prefix: tuple[Any, ...] = ()
) -> InvalidInputError:
    loc, message, is_rule = describe_error(exc, prefix)
    path = (*prefix, *loc)
    line = next((lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in lines), None)
    field = ".".join(str(part) for part in path) or None
    if is_rule:
        return ModelValidationError(message, source=source, line=line, field=field,
                                    hint=_("correct the value"))
    hint = _("correct the value's type")
    kind = exc.errors()[0]["type"]
    if kind == "extra_forbidden":
        message, hint = _("unknown key"), _("remove it or correct its spelling")
    elif kind == "missing":
        message, hint = _("required key is missing"), _("add it")
    return CanonicalFormError(message, source=source, line=line, field=field, hint=hint)


def _validate(
    model: type[BaseModel], data: Any, source: str, lines: Lines, prefix: tuple[Any, ...] = ()
) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _field_error(exc, source, lines, prefix) from None


def _load_head(text: str, source: str) -> tuple[dict[str, Any], Lines]:
    from docversion.formats.yamlio import load_yaml

    data, lines = load_yaml(text, source)
    if not isinstance(data, dict):
        raise CanonicalFormError(_("the file must hold a mapping"), source=source, line=1,
                                 hint=_("start from a file written by 'docversion convert'"))
    expected = {"format", "cover", "positions", "revisions", "marked"}
    for key in data:
        if key not in expected:
            raise CanonicalFormError(_("unknown key"), source=source, line=lines.get((key,)), field=key,
                                     hint=_("the keys are {keys}").format(keys=", ".join(sorted(expected))))
    if data.get("format") != FORMAT:
        raise CanonicalFormError(
            _("format is {found!r}, expected {expected!r}").format(found=data.get("format"), expected=FORMAT),
            source=source, line=lines.get(("format",), 1), field="format",
            hint=_("write 'format: {format}'").format(format=FORMAT),
        )
    ids = data.get("positions")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise CanonicalFormError(_("positions must be a list of position ids"), source=source,
                                 line=lines.get(("positions",)), field="positions",
                                 hint=_("list the ids of the files under positions/"))
    return data, lines


class Head(BaseModel):
    """manual.yaml as read: the cover, the position ids in document order, the revision table
    and the cover's marks. Its JSON is what the store's parse cache keeps of the file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cover: Cover
    positions: tuple[str, ...]
    revisions: tuple[RevisionRow, ...] = ()
    marked: tuple[MarkedSpan, ...] = ()

    @classmethod
    def of(cls, manual: Manual) -> Head:
        """The head of ``manual``, as reading its manual.yaml gives it."""
        return cls(cover=manual.cover, positions=tuple(p.id for p in manual.positions),
                   revisions=manual.revisions, marked=manual.marked)


Parsed = dict[str, "Head | Position"]
"""A manual's files already read, by name (``manual.yaml``, ``positions/<id>.yaml``)."""


def load_manual(files: Mapping[str, bytes], source: str = "", parsed: Parsed | None = None) -> Manual:
    """Read a manual from its canonical files (relative path -> bytes).

    ``source`` names the directory in error messages. Raises :class:`CanonicalFormError`
    or :class:`EncodingError` naming the file, line and field at fault. ``parsed`` holds files
    read before (by the store's parse cache, or for another version holding the same file):
    those are taken from it, not from ``files``, and every file read here is added to it.
    """
    def where(name: str) -> str:
        return f"{source}/{name}" if source else name

    parsed = parsed if parsed is not None else {}
    head_source = where(MANUAL_FILE)
    head, lines = parsed.get(MANUAL_FILE), None
    if not isinstance(head, Head):
        if MANUAL_FILE not in files:
            raise CanonicalFormError(_("{file} is missing").format(file=MANUAL_FILE), source=source or None,
                                     hint=_("point at a directory written by 'docversion convert'"))
        head, lines = _read_head(_decode(files[MANUAL_FILE], head_source), head_source)
        parsed[MANUAL_FILE] = head
    lines = lines if lines is not None else {}
    present = {name for name in (*files, *parsed) if name.startswith(f"{POSITIONS_DIR}/")}
    for name in sorted(present - {position_file(i) for i in head.positions}):
        raise CanonicalFormError(_("position file is not listed in manual.yaml"), source=where(name),
                                 hint=_("add its id to 'positions' in manual.yaml, or delete it"))
    positions = []
    for index, position_id in enumerate(head.positions):
        name = position_file(position_id)
        if not isinstance(parsed.get(name), Position):
            parsed[name] = _load_position(files, position_id, where, lines, index)
        positions.append(parsed[name])
    data = {"cover": head.cover, "positions": positions, "revisions": head.revisions, "marked": head.marked}
    manual: Manual = _validate(Manual, data, head_source, lines)
    return manual


def read_file(name: str, data: bytes, source: str) -> Head | Position:
    """One file of a manual read on its own: manual.yaml, or ``positions/<id>.yaml``."""
    if name == MANUAL_FILE:
        return _read_head(_decode(data, source), source)[0]
    position_id = name.removeprefix(f"{POSITIONS_DIR}/").removesuffix(".yaml")
    if position_file(position_id) != name:
        raise CanonicalFormError(_("not a file of a manual"), source=source,
                                 hint=_("a manual holds {head} and {positions}/<id>.yaml").format(
                                     head=MANUAL_FILE, positions=POSITIONS_DIR))
    return _load_position({name: data}, position_id, lambda _: source, {}, 0)


def _read_head(text: str, source: str) -> tuple[Head, Lines]:
    head, lines = _load_head(text, source)
    cover = _validate(Cover, head.get("cover"), source, lines, ("cover",))
    revisions = head.get("revisions") or []
    rows = [_validate(RevisionRow, row, source, lines, ("revisions", n))
            for n, row in enumerate(revisions if isinstance(revisions, list) else [revisions])]
    marks = head.get("marked") or []
    spans = [_validate(MarkedSpan, mark, source, lines, ("marked", n))
             for n, mark in enumerate(marks if isinstance(marks, list) else [marks])]
    ids = tuple(str(i) for i in head["positions"])
    return Head(cover=cover, positions=ids, revisions=tuple(rows), marked=tuple(spans)), lines


def _load_position(
    files: Mapping[str, bytes], position_id: str, where: Any, head_lines: Lines, index: int
) -> Position:
    name = position_file(position_id)
    if name not in files:
        raise CanonicalFormError(
            _("manual.yaml lists position {id!r} but {file} is missing").format(id=position_id, file=name),
            source=where(MANUAL_FILE), line=head_lines.get(("positions", index)),
            field=f"positions.{index}",
            hint=_("restore {file} or remove the id from the list").format(file=name),
        )
    source = where(name)
    from docversion.formats.yamlio import load_yaml

    data, lines = load_yaml(_decode(files[name], source), source)
    if not isinstance(data, dict):
        raise CanonicalFormError(_("the file must hold a mapping"), source=source, line=1,
                                 hint=_("start from a file written by 'docversion convert'"))
    if "id" in data:
        raise CanonicalFormError(_("unknown key"), source=source, line=lines.get(("id",)), field="id",
                                 hint=_("the id is the file's name; rename the file instead"))
    position: Position = _validate(Position, {"id": position_id, **data}, source, lines)
    return position
