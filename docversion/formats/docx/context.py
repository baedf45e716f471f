"""What reading a Word body needs besides the body: the judge, the notes, the styles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docversion.formats.markup import Judge

NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFF = ("0", "false", "none", "off")


def is_on(element: Any) -> bool:
    """A Word on/off property (``<w:b/>``, ``<w:u w:val="single"/>``) that is set and not off."""
    return element is not None and element.get(f"{NS}val") not in OFF


@dataclass(frozen=True)
class RunStyle:
    """The character properties a style gives a run, resolved through its ``basedOn`` chain."""

    is_hidden: bool = False
    is_underlined: bool = False
    is_struck: bool = False


@dataclass
class Context:
    """The judge of the reading, comment and note texts by id, character styles by id."""

    judge: Judge
    comments: dict[str, str] = field(default_factory=dict)
    footnotes: dict[str, str] = field(default_factory=dict)
    endnotes: dict[str, str] = field(default_factory=dict)
    styles: dict[str, RunStyle] = field(default_factory=dict)
    default: RunStyle = RunStyle()
    heading_styles: frozenset[str] = frozenset()


def note_texts(part_xml: Any, tag: str) -> dict[str, str]:
    """Each comment's (or footnote's, endnote's) text by id, from its part's XML element."""
    found: dict[str, str] = {}
    for note in part_xml.iter(f"{NS}{tag}"):
        author = note.get(f"{NS}author") or ""
        words = " ".join("".join(t.text or "" for t in p.iter(f"{NS}t")) for p in note.iter(f"{NS}p"))
        found[str(note.get(f"{NS}id"))] = f"{author}: {' '.join(words.split())}" if author else " ".join(words.split())
    return found


def heading_styles(styles_xml: Any) -> frozenset[str]:
    """The ids of the paragraph styles that make a heading: an outline level (other than body
    text) of their own or through ``basedOn``, or Word's built-in heading names ("heading 1",
    which Word shows as "Título 1" in Spanish)."""
    raw: dict[str, tuple[bool, str | None]] = {}
    for style in styles_xml.iter(f"{NS}style"):
        if style.get(f"{NS}type") not in (None, "paragraph"):
            continue
        name = style.find(f"{NS}name")
        outline = style.find(f"{NS}pPr/{NS}outlineLvl")
        is_named = name is not None and str(name.get(f"{NS}val", "")).lower().startswith("heading ")
        is_outlined = outline is not None and str(outline.get(f"{NS}val")) != "9"
        based = style.find(f"{NS}basedOn")
        raw[str(style.get(f"{NS}styleId"))] = (is_named or is_outlined, based.get(f"{NS}val") if based is not None
                                               else None)

    def is_heading(style_id: str, depth: int = 0) -> bool:
        own, based = raw.get(style_id, (False, None))
        return own or (based is not None and depth < 20 and is_heading(based, depth + 1))

    return frozenset(style_id for style_id in raw if is_heading(style_id))


def run_styles(styles_xml: Any) -> tuple[dict[str, RunStyle], RunStyle]:
    """Every style's character properties (hidden, underlined, struck), resolved through ``basedOn``;
    and the document defaults. The Hyperlink styles' underline is the link's look, no revision mark."""
    raw: dict[str, tuple[Any, str | None]] = {}
    for style in styles_xml.iter(f"{NS}style"):
        based = style.find(f"{NS}basedOn")
        raw[str(style.get(f"{NS}styleId"))] = (style.find(f"{NS}rPr"), based.get(f"{NS}val") if based is not None
                                               else None)
    defaults = styles_xml.find(f"{NS}docDefaults/{NS}rPrDefault/{NS}rPr")
    default = _flags(defaults, RunStyle())
    resolved: dict[str, RunStyle] = {}

    def resolve(style_id: str, depth: int = 0) -> RunStyle:
        if style_id in resolved:
            return resolved[style_id]
        properties, based = raw.get(style_id, (None, None))
        parent = resolve(based, depth + 1) if based and based in raw and depth < 20 else default
        flags = _flags(properties, parent)
        if style_id in ("Hyperlink", "FollowedHyperlink"):
            flags = RunStyle(flags.is_hidden, False, flags.is_struck)
        resolved[style_id] = flags
        return flags

    for style_id in raw:
        resolve(style_id)
    return resolved, default


def _flags(properties: Any, parent: RunStyle) -> RunStyle:
    if properties is None:
        return parent
    hidden, underline = properties.find(f"{NS}vanish"), properties.find(f"{NS}u")
    strike, double = properties.find(f"{NS}strike"), properties.find(f"{NS}dstrike")
    return RunStyle(
        is_on(hidden) if hidden is not None else parent.is_hidden,
        is_on(underline) if underline is not None else parent.is_underlined,
        (is_on(strike) if strike is not None else parent.is_struck) or (double is not None and is_on(double)),
    )
