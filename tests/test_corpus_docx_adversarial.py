"""Word constructs an adversarial pass found read in silence, each with its exact expectation.

Every file is docversion's export of manual 900 0935 with one construct added (see the README
beside the files). ``same`` means exactly the seed's reading; ``daily`` what the Jefe's second
daily function reads as then (the one the construct was added to); ``removed``/``changed`` the
paths that differ because Word shows the document so; an error names where and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docversion.errors import DocumentStructureError
from docversion.files import read_manual_dir
from docversion.formats.docx.reader import read_docx

from .conftest import REPO

FILES = Path(__file__).parent / "corpus" / "docx" / "adversarial"
ITEM = "Coordinar la afiliación de empresas y clientes a los canales de servicios en línea que la Institución ofrezca."
EXPECTED: dict[str, dict[str, Any]] = {
    # Content controls, custom XML, smart tags, bookmarks, hyperlinks: looked into, read.
    "sdt_body": {}, "sdt_body_table": {}, "sdt_cell": {}, "sdt_row": {}, "sdt_run": {}, "customxml_body": {},
    "smarttag_bookmark_lrpb": {}, "hyperlink_run": {}, "style_numbering_localized": {}, "caps_item": {},
    "caps_label": {},
    # A list style with no numbering, or numbering switched off: no list item.
    "listpara_label": {}, "numId0_label": {},
    # Not printed, or not part of the manual's text: not read, and reported.
    "vanish_style": {"warnings": ["hidden_text"]}, "footnote_real": {"warnings": ["footnote"]},
    "textbox_in_para": {"warnings": ["text_box"]}, "altcontent_in_para": {"warnings": ["text_box"]},
    "textbox_body_para": {"warnings": ["text_box"]}, "altcontent_in_cell": {"warnings": ["text_box"]},
    "fldsimple_page_in_item": {"warnings": ["page_furniture"]},
    # Read, and reported.
    "strike": {"warnings": ["struck_text"]}, "dstrike": {"warnings": ["struck_text"]},
    "vmerge_text": {"warnings": ["merged_cell"]},
    "ilvl1_subitem": {"warnings": ["list_level"], "daily_count": 11},
    # Fields: the outermost result is text; a nested field's result is not.
    "fld_nested": {"daily": ITEM + " Estado: vigente."}, "fld_ref_complex": {"daily": ITEM + " Ver Anexo 1."},
    "fldsimple_ref": {"daily": ITEM + " (ver Anexo)"}, "webHidden": {"daily": ITEM + " web"},
    "ruby": {"daily": ITEM + " Fin"}, "ptab": {},
    "sym_in_text": {"warnings": ["symbol"], "daily": ITEM + " resultado"},
    # An underline from a character style is a revision mark; a hyperlink's is not.
    "underline_style": {"marked": True}, "fld_hyperlink_complex": {"daily_endswith": "www.x.gob", "marked": False},
    # Tracked changes: refused, or accepted as Word accepts them.
    "del_para_mark": {"accept": True, "daily": ITEM + "Coordinar capacitación funcional a empresas afiliadas sobre "
                      "los canales de servicios en línea de información, consulta y transacción institucional."},
    "del_para_whole": {"accept": True, "daily_count": 9}, "ins_para": {"accept": True, "daily_count": 11},
    "del_row": {"accept": True, "key_functions": 2}, "del_row_only_trpr": {"accept": True, "key_functions": 2},
    "pPrChange_numbering": {"accept": True}, "rPrChange_underline": {"accept": True, "marked": True},
    "cellDel": {"accept": True, "error": "found 2"},
    # What cannot be read is an error naming the table and cell.
    "nested_table": {"error": "table 4, row 3, cell 3: the cell holds a table of its own"},
    "nested_table_relations": {"error": "table 5, row 2, cell 1: the cell holds a table of its own"},
    "list_across_table": {"error": "table 5, row 1, cell 1: cannot place 'Canal'"},
    "gridBefore": {"error": "found 2"},
}


@pytest.fixture(scope="module")
def seed_reading() -> Any:
    return read_manual_dir(REPO / "manuals" / "900-0935")


def test_every_file_has_an_expectation() -> None:
    assert sorted(p.stem for p in FILES.glob("*.docx")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reading(name: str, seed_reading: Any) -> None:
    expect = EXPECTED[name]
    data = (FILES / f"{name}.docx").read_bytes()
    if expect.get("accept"):
        with pytest.raises(DocumentStructureError, match="tracked change"):
            read_docx(data, f"{name}.docx")
    if "error" in expect:
        with pytest.raises(DocumentStructureError, match=expect["error"]):
            read_docx(data, f"{name}.docx", is_accepting_changes=bool(expect.get("accept")))
        return
    result = read_docx(data, f"{name}.docx", is_accepting_changes=bool(expect.get("accept")))
    assert [w.kind for w in result.warnings] == expect.get("warnings", [])
    jefe, seed_jefe = result.manual.positions[0], seed_reading.positions[0]
    daily = jefe.periodic_functions.daily
    if "daily" in expect:
        assert daily[1] == expect["daily"]
    if "daily_endswith" in expect:
        assert daily[1].endswith(expect["daily_endswith"])
    if "daily_count" in expect:
        assert len(daily) == expect["daily_count"]
    if "key_functions" in expect:
        assert len(jefe.key_functions) == expect["key_functions"]
    if "marked" in expect:
        marked_daily = [m for m in jefe.marked if m.path.startswith("periodic_functions.daily.1")]
        assert bool(marked_daily) is expect["marked"]
    changed = {"daily", "daily_endswith", "daily_count", "key_functions", "marked"} & set(expect)
    if not changed:
        assert result.manual == seed_reading
    else:  # everything but the Jefe is the seed's
        assert result.manual.positions[1:] == seed_reading.positions[1:]
        assert result.manual.cover == seed_reading.cover and result.manual.revisions == seed_reading.revisions
        assert jefe.title == seed_jefe.title and jefe.relations == seed_jefe.relations
