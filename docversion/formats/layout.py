"""The printed layout's labels, shared by every writer and reader of the institution's document
(.docx, Markdown, HTML): the words the manual itself prints, in its order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

IDENTIFICATION = (
    ("title", "PUESTO FUNCIONAL"), ("generic_title", "PUESTO GENÉRICO"), ("department", "DEPENDENCIA"),
    ("unit", "UNIDAD/ÁREA"), ("reports_to", "REPORTA A"),
    ("direct_reports", "PUESTOS DIRECTAMENTE BAJO SU CARGO"),
    ("objective", "BREVE DESCRIPCIÓN GENERAL DEL OBJETIVO DEL PUESTO"),
)
KEY_FUNCTION_HEADERS = ("FUNCIONES CLAVES", "% TIEMPO ASIGNADO", "RESULTADOS ESPERADOS")
PERIODS = (("daily", "Diaria"), ("weekly", "Semanal"), ("monthly", "Mensual"), ("quarterly", "Trimestral"),
           ("semiannual", "Semestral"), ("annual", "Anual"), ("eventual", "Eventual"))
RELATION_HEADERS = (("with_whom", "CON"), ("purposes", "PARA / FRECUENCIA"))
LABELLED_LISTS = {
    "V": (("values", "VALORES"), ("assets", "BIENES"), ("decision_making", "TOMA DE DECISIONES"),
          ("key_authorizations", "AUTORIZACIONES CLAVES PARA"), ("inputs_and_resources", "INSUMOS Y RECURSOS"),
          ("security_measures", "MEDIDAS DE SEGURIDAD REQUERIDAS")),
    "VI": (("education", "EDUCACIÓN, FORMACIÓN Y OTROS CONOCIMIENTOS"), ("experience", "EXPERIENCIA LABORAL")),
    "VII": (("skills", "HABILIDADES"), ("competencies.technical", "COMPETENCIAS TÉCNICA"),
            ("competencies.methodological", "COMPETENCIAS METODOLÓGICA"),
            ("competencies.social", "COMPETENCIAS SOCIAL"),
            ("competencies.participative", "COMPETENCIAS PARTICIPATIVA")),
}
REVISION_HEADERS = ("Referencia de autorización", "Versión", "Descripción de la modificación")
NOT_APPLICABLE = "N/A"
PAPERS = {"a4": (210, 297), "letter": (215.9, 279.4)}
"""The papers a printed copy is laid out for: width and height in millimetres."""


Marks = Mapping[str, Sequence[tuple[int | None, str]]]
"""Spans to underline by value path, as :func:`docversion.diff.redline` gives them: (start, text)."""


def marked_pieces(text: str, spans: Sequence[tuple[int | None, str]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_marked), the marked spans underlined as the institution prints them.

    A whole-value mark (start None) replaces the text by the mark's own text, as the source wrote
    it ("N/A.", "02 de enero de 2018."); a span that no longer fits the text is left out.
    """
    ordered = sorted(spans, key=lambda span: -1 if span[0] is None else span[0])
    whole = next((marked for start, marked in ordered if start is None), None)
    if whole is not None:
        return [(whole, True)]
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, marked in ordered:
        if start is None or start < at or text[start:start + len(marked)] != marked:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((marked, True))
        at = start + len(marked)
    if at < len(text) or not text:
        pieces.append((text[at:], False))
    return pieces
