"""A Word paragraph's runs as the text it prints: fields, hidden and struck text, symbols, text boxes.

Underlined runs (direct or through a style) become mark sentinels. A page-number field's result is
layout; of any other field only the outermost result is text. Hidden text is not printed and so
not read, and reported; struck-through text is read and reported (in a draft it often means
"delete this"). Text boxes and the fallback copy of Word's alternate content are not part of the
paragraph's flow: a text box is reported, never glued into the paragraph.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from docversion.formats.blocks import MARK_CLOSE, MARK_OPEN, Where
from docversion.formats.docx.context import NS, Context, RunStyle, is_on
from docversion.formats.markup import SYMBOL_BULLETS, offset_with_marks, translate_bullets
from docversion.i18n import _

_PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF")
# The index's page references docversion's export writes (PAGEREF to its own bookmarks): layout the
# reader knows, dropped without a word; any other page field is dropped and reported.
OWN_BOOKMARK_PREFIX = "docversion_"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OUT_OF_FLOW = (f"{NS}txbxContent", f"{_MC}Fallback", f"{NS}rt")


def paragraph_text(element: Any, where: Where, context: Context) -> tuple[str, int]:
    """The paragraph's text with underlined runs between mark sentinels, and the length of a bold
    label (ending in a colon) at its start."""
    _report_text_boxes(element, where, context)
    parts: list[str] = []
    is_open = False
    bold_text: list[str] = []
    is_leading = True
    is_struck_reported = False
    for run, style in _visible_runs(element, where, context):
        piece = "".join(_run_text(run, where, context))
        if not piece:
            continue
        properties = run.find(f"{NS}rPr")
        flag = _property(properties, "u", style.is_underlined) and not _is_link(properties)
        if flag != is_open:
            parts.append(MARK_OPEN if flag else MARK_CLOSE)
            is_open = flag
        parts.append(piece)
        if (_property(properties, "strike", style.is_struck) or _property(properties, "dstrike", False)) \
                and piece.strip() and not is_struck_reported:
            context.judge(where, "struck_text", _("struck-through text {text!r} was read as text").format(
                text=piece.strip()))
            is_struck_reported = True
        weight = properties.find(f"{NS}b") if properties is not None else None
        if is_leading and is_on(weight):
            bold_text.append(piece)
        elif piece.strip():
            is_leading = False
    if is_open:
        parts.append(MARK_CLOSE)
    text = unicodedata.normalize("NFC", "".join(parts))
    text = translate_bullets(text)
    bold = "".join(bold_text).rstrip()
    return text, offset_with_marks(text, len(bold)) if bold.endswith(":") else 0


def _is_own_page_reference(code: str) -> bool:
    """``PAGEREF docversion_… \\h``: the page of a position or of the revision table in the index
    of docversion's own export."""
    words = code.split()
    return words[:1] == ["PAGEREF"] and len(words) > 1 and words[1].startswith(OWN_BOOKMARK_PREFIX)


def _property(properties: Any, name: str, inherited: bool) -> bool:
    found = properties.find(f"{NS}{name}") if properties is not None else None
    return is_on(found) if found is not None else inherited


def _is_link(properties: Any) -> bool:
    """A run in a hyperlink's style: its underline is the link's look, not a revision mark."""
    style = properties.find(f"{NS}rStyle") if properties is not None else None
    return style is not None and style.get(f"{NS}val") in ("Hyperlink", "FollowedHyperlink")


def _in_flow(run: Any, paragraph: Any) -> bool:
    parent = run.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _OUT_OF_FLOW:
            return False
        parent = parent.getparent()
    return True


def _report_text_boxes(element: Any, where: Where, context: Context) -> None:
    for box in element.iter(f"{NS}txbxContent"):
        if not _in_flow(box, element):  # the fallback copy of a box already reported
            continue
        words = " ".join("".join(t.text or "" for t in p.iter(f"{NS}t")) for p in box.iter(f"{NS}p")).split()
        if words:
            context.judge(where, "text_box", _("a text box is not part of the manual's text and was not read: "
                                               "{text!r}").format(text=" ".join(words)))


def _visible_runs(element: Any, where: Where, context: Context) -> Iterator[tuple[Any, RunStyle]]:
    """The runs that print as the paragraph's text, with the character style each has."""
    fields: list[list[str]] = []  # for each open field: its state ("code", "result", "page") and its code
    for math in element.iter("{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"):
        words = "".join(t.text or "" for t in math.iter("{http://schemas.openxmlformats.org/officeDocument/2006/math}t"))
        context.judge(where, "equation", _("an equation ({text!r}) has no text form and was not read").format(
            text=words.strip()))
    for run in element.iter(f"{NS}r"):
        if not _in_flow(run, element):
            continue
        simple = run.getparent()
        if simple is not None and simple.tag == f"{NS}fldSimple" and \
                str(simple.get(f"{NS}instr", "")).split()[:1] in ([f] for f in _PAGE_FIELDS):
            if not _is_own_page_reference(str(simple.get(f"{NS}instr", ""))):
                context.judge(where, "page_furniture", _("took a page-number field for layout"))
            continue
        mark = run.find(f"{NS}fldChar")
        if mark is not None:
            kind = mark.get(f"{NS}fldCharType")
            if kind == "begin":
                fields.append(["code", ""])
            elif kind == "separate" and fields:
                is_shown = all(state == "result" for state, _ in fields[:-1])
                is_page = fields[-1][1].split()[:1] in ([f] for f in _PAGE_FIELDS)
                if is_page and is_shown and not _is_own_page_reference(fields[-1][1]):
                    context.judge(where, "page_furniture", _("took a page-number field for layout"))
                fields[-1][0] = "page" if is_page else "result"
            elif kind == "end" and fields:
                fields.pop()
            continue
        if fields and fields[-1][0] == "code":
            fields[-1][1] += "".join(t.text or "" for t in run.iter(f"{NS}instrText"))
            continue
        if any(state != "result" for state, _ in fields):
            continue  # inside a field's code, or a page number
        style = _style_of(run, context)
        hidden = run.find(f"{NS}rPr/{NS}vanish")
        if (is_on(hidden) if hidden is not None else style.is_hidden):
            words = "".join(t.text or "" for t in run.iter(f"{NS}t")).strip()
            if words:
                context.judge(where, "hidden_text", _("hidden text {text!r} is not printed, so it was not read").format(
                    text=words))
            continue
        yield run, style


def _style_of(run: Any, context: Context) -> RunStyle:
    reference = run.find(f"{NS}rPr/{NS}rStyle")
    if reference is None:
        return context.default
    return context.styles.get(str(reference.get(f"{NS}val")), context.default)


def _run_text(run: Any, where: Where, context: Context) -> Iterator[str]:
    for part in run:
        if part.tag == f"{NS}t" and part.text:
            yield part.text
        elif part.tag == f"{NS}tab":
            yield "\t"
        elif part.tag in (f"{NS}br", f"{NS}cr", f"{NS}ptab"):
            yield " "
        elif part.tag == f"{NS}noBreakHyphen":
            yield "-"
        elif part.tag == f"{NS}sym":
            yield _symbol(part, where, context)
        elif part.tag in (f"{NS}footnoteReference", f"{NS}endnoteReference"):
            _report_note(part, where, context)


def _report_note(part: Any, where: Where, context: Context) -> None:
    is_foot = part.tag == f"{NS}footnoteReference"
    notes = context.footnotes if is_foot else context.endnotes
    text = notes.get(str(part.get(f"{NS}id")), "")
    kind = "footnote" if is_foot else "endnote"
    message = _("a footnote is not part of the manual's text and was not read: {text!r}") if is_foot else \
        _("an endnote is not part of the manual's text and was not read: {text!r}")
    context.judge(where, kind, message.format(text=text))


def _symbol(part: Any, where: Where, context: Context) -> str:
    """A ``w:sym`` character: a bullet when it is one of Word's, else reported and not read."""
    code = str(part.get(f"{NS}char", ""))
    try:
        char = chr(int(code, 16))
    except ValueError:
        char = ""
    bullet = char.translate(SYMBOL_BULLETS)
    if bullet and bullet != char:
        return bullet
    context.judge(where, "symbol", _("a symbol ({font} {code}) has no letter and was not read").format(
        font=part.get(f"{NS}font"), code=code))
    return ""

