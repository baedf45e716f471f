"""Reading the seed manual (900 0935, version 05) gives exactly what DOMAIN.md states."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from typing import Any

import pytest

from docversion.files import read_manual_dir
from docversion.formats.spanish_dates import format_spanish_date
from docversion.formats.text.reader import read_seed_text
from docversion.model import Manual, Position

from .conftest import REPO, SEED_PATH

JEFE = "jefe-area-de-servicios-en-linea"
PROMOTOR = "promotor-de-servicios-en-linea"
ASISTENTE = "asistente-de-soporte-de-servicios-en-linea"

# DOMAIN.md: key functions' percentages and the length of each periodicity list.
COUNTS = {
    JEFE: ([30, 30, 20], [10, 0, 7, 0, 0, 2, 1]),
    PROMOTOR: ([60, 20], [6, 0, 4, 0, 0, 1, 0]),
    ASISTENTE: ([50, 30], [7, 2, 8, 1, 0, 1, 2]),
}
PERIODS = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "eventual")


def periodic_counts(position: Position) -> list[int]:
    return [len(getattr(position.periodic_functions, name)) for name in PERIODS]


class TestCounts:
    """The counts DOMAIN.md lists for the seed."""

    def test_three_positions_in_document_order(self, seed_manual: Manual) -> None:
        assert [p.id for p in seed_manual.positions] == [JEFE, PROMOTOR, ASISTENTE]
        assert [p.title for p in seed_manual.positions] == [
            "Jefe Área de Servicios en Línea",
            "Promotor de Servicios en Línea",
            "Asistente de Soporte de Servicios en Línea",
        ]

    @pytest.mark.parametrize("position_id", list(COUNTS))
    def test_key_function_percentages(self, seed_manual: Manual, position_id: str) -> None:
        position = seed_manual.position(position_id)
        assert [f.percent for f in position.key_functions] == COUNTS[position_id][0]

    @pytest.mark.parametrize("position_id", list(COUNTS))
    def test_every_periodicity_list(self, seed_manual: Manual, position_id: str) -> None:
        assert periodic_counts(seed_manual.position(position_id)) == COUNTS[position_id][1]


class TestCover:
    """The cover's code, title, area, roles, dates and version."""

    def test_cover_fields(self, seed_manual: Manual) -> None:
        cover = seed_manual.cover
        assert cover.code == "900 0935"
        assert cover.title == "MANUAL DE DESCRIPCIÓN DE PUESTOS"
        assert cover.area == "ÁREA DE SERVICIOS EN LÍNEA"
        assert cover.version == 5
        assert cover.created == date(2011, 7, 29)
        assert cover.in_force == date(2018, 1, 2)
        assert cover.authorized_by == "Presidente y Director Ejecutivo"
        assert cover.reviewed_by == (
            "Gerente Servicio al Cliente",
            "Gerente de Planificación",
            "Jefe Área de Desarrollo Organizacional",
        )
        assert cover.process_owner == "Jefe Área de Servicios en Línea"
        assert cover.conformity_statement == "Este documento es conforme al original firmado"


REVISIONS = [
    (1, date(2011, 7, 29), date(2011, 7, 29), ("Creación.",), "Analista", "Esmeralda Najarro de Artiga"),
    (2, date(2011, 9, 1), date(2011, 9, 1), (
        "Se renombró Agencia Virtual por Área de Servicios en Línea.",
        "Se renombró Analista de Agencia Virtual por Promotor de Servicios en Línea.",
    ), "Analista", "Esmeralda Najarro de Artiga"),
    (3, None, date(2013, 10, 1), (
        "Actualización de estándares.",
        "Renombramiento de Gerencia Comercial por Gerencia de Servicio al Cliente, Gerente Comercial "
        "por Gerente de Servicio al Cliente, actualización de descriptores de puestos y creación del "
        "puesto Auxiliar de Servicios en Línea conforme a estructura organizativa vigente.",
    ), "Elaborado/actualizado por", "Esmeralda Najarro de Artiga"),
    (4, None, date(2016, 3, 1), (
        "Revisión y actualización anual de estándares y/o mejoras al instrumento normativo.",
    ), "Elaborado por", "Roxana Villalobos"),
    (5, None, date(2018, 1, 2), (
        "Renombramiento del puesto Auxiliar de Servicios en Línea por Asistente de Soporte de "
        "Servicios en Línea.",
        "Actualización de las funciones de los puestos de trabajo.",
    ), "Elaborado por", "Clara Arce"),
]


class TestRevisionTable:
    """The five rows of MODIFICACIONES REALIZADAS, cell by cell."""

    @pytest.mark.parametrize("row", REVISIONS, ids=[f"v{r[0]}" for r in REVISIONS])
    def test_row(self, seed_manual: Manual, row: tuple[Any, ...]) -> None:
        version, modified, in_force, changes, label, name = row
        found = seed_manual.revisions[version - 1]
        assert found.version == version
        assert found.authorized_by == "Presidente y Director Ejecutivo"
        assert found.last_modified == modified
        assert found.in_force == in_force
        assert found.changes == changes
        assert found.prepared_by_label == label
        assert found.prepared_by == name


class TestTraps:
    """Each trap DOMAIN.md names in the seed's text is read as a person would read it."""

    def test_unbulleted_key_functions_split_by_their_percentages(self, seed_manual: Manual) -> None:
        functions = seed_manual.position(JEFE).key_functions
        assert [f.text for f in functions] == [
            "Ejecutar la modernización y mejora continua de los canales de servicios en línea.",
            "Definir, desarrollar e implementar proyectos asignados por la Gerencia.",
            "Planificar, coordinar, supervisar y dar seguimiento a las actividades relacionadas "
            "con los canales de servicios en línea.",
        ]
        assert [f.expected_result for f in functions] == [
            "Atención oportuna y eficiente.",
            "Proyectos ejecutados y/o implementados.",
            "Planes elaborados, ejecutados y metas cumplidas.",
        ]

    def test_periodic_functions_in_one_cell(self, seed_manual: Manual) -> None:
        periodic = seed_manual.position(PROMOTOR).periodic_functions
        assert periodic.daily[0] == "Apoyar la divulgación de los canales de servicios en línea."
        assert periodic.daily[-1] == ("Desarrollar todas las funciones conforme a la normativa "
                                      "aplicable al puesto y otras actividades asignadas por el jefe inmediato.")
        assert periodic.weekly == ()
        assert periodic.annual == ("Elaborar los requerimientos funcionales para el desarrollo e "
                                   "implementación de sistemas de información en línea de acuerdo a "
                                   "los planes de trabajo.",)
        assert periodic.eventual == ()

    def test_numbered_list_continued_on_later_lines(self, seed_manual: Manual) -> None:
        monthly = seed_manual.position(JEFE).periodic_functions.monthly
        assert monthly[4].startswith("Apoyar en la definición, desarrollo e implementación")
        assert monthly[5] == "Elaborar propuestas de temas diversos de otras unidades organizativas de la Gerencia."
        assert monthly[6].endswith("auditorías, capacitaciones entre otros.")

    def test_parentheses_kept_and_escapes_resolved(self, seed_manual: Manual) -> None:
        asistente = seed_manual.position(ASISTENTE)
        assert "mejora continua del(os) proceso(s)," in asistente.periodic_functions.monthly[7]
        assert asistente.periodic_functions.quarterly[0].endswith("en el portal (SharePoint) que le corresponde.")
        assert asistente.education[3] == ("Manejo de herramientas para la atención/relación hacia los "
                                          "clientes (CRM-Customer Relation Management).")

    def test_page_header_inside_a_list_is_dropped(self, seed_manual: Manual) -> None:
        competencies = seed_manual.position(PROMOTOR).competencies
        assert competencies.methodological == ("Orden y organización.",)
        assert competencies.social == ("Comunicación efectiva.", "Adaptación al cambio.")
        assert competencies.participative == ("Integración en todas las actividades que promueve la Institución.",)

    def test_glued_bold_label_after_heading(self, seed_manual: Manual) -> None:
        assert seed_manual.position(ASISTENTE).skills == (
            "Eficiencia.", "Trabajo en equipo.", "Comprensión.", "Servicio al cliente.")

    def test_not_applicable_spellings_are_empty_lists(self, seed_manual: Manual) -> None:
        jefe = seed_manual.position(JEFE)
        assert jefe.periodic_functions.weekly == ()  # N/A
        assert jefe.periodic_functions.quarterly == ()  # [N/A.](#)
        assert jefe.periodic_functions.semiannual == ()  # N/A.
        assert jefe.values == () and jefe.security_measures == ()

    def test_direct_reports_count_and_list(self, seed_manual: Manual) -> None:
        jefe = seed_manual.position(JEFE)
        assert jefe.direct_reports_count == 2
        assert jefe.direct_reports == ("Promotor de Servicios en Línea",
                                       "Asistente de Soporte de Servicios en Línea")
        assert seed_manual.position(PROMOTOR).direct_reports_count == 0

    def test_identification_fields(self, seed_manual: Manual) -> None:
        asistente = seed_manual.position(ASISTENTE)
        assert asistente.generic_title == "Asistente de Oficina"
        assert asistente.department == "Gerencia de Servicio al Cliente"
        assert asistente.unit == "Área de Servicios en Línea"
        assert asistente.reports_to == "Jefe Área de Servicios en Línea"
        assert asistente.objective.startswith("Proponer, desarrollar, implementar, brindar asistencia técnica")

    def test_relations_keep_their_frequency(self, seed_manual: Manual) -> None:
        relations = seed_manual.position(JEFE).relations
        assert relations.with_whom == ("Todas las unidades organizativas de la Institución.", "Clientes, empresas.")
        assert relations.purposes[0].endswith(". Diariamente.")


class TestMarks:
    """Underlined and [..](#) text is clean in the model and recorded as marked spans."""

    def test_marks_in_the_title_and_functions(self, seed_manual: Manual) -> None:
        marks = {(m.path, m.start, m.text) for m in seed_manual.position(ASISTENTE).marked}
        assert ("title", 0, "Asistente de Soporte") in marks
        assert ("generic_title", 0, "Asistente") in marks
        assert ("key_functions.1.text", 9, "otras") in marks
        assert ("periodic_functions.daily.0", 7, "en") in marks
        assert ("experience.0", 38, "preferentemente en instituciones bancarias") in marks

    def test_marked_not_applicable(self, seed_manual: Manual) -> None:
        marks = {(m.path, m.start, m.text) for m in seed_manual.position(JEFE).marked}
        assert ("periodic_functions.quarterly", None, "N/A.") in marks

    def test_marks_on_the_revision_table(self, seed_manual: Manual) -> None:
        paths = {m.path for m in seed_manual.marked}
        assert paths == {"revisions.4.authorized_by", "revisions.4.in_force",
                         "revisions.4.changes.0", "revisions.4.changes.1"}

    def test_every_mark_points_at_its_text(self, seed_manual: Manual) -> None:
        from docversion.model import resolve_path

        for position in seed_manual.positions:
            for mark in position.marked:
                value = resolve_path(position, mark.path)
                if mark.start is not None:
                    assert value[mark.start : mark.start + len(mark.text)] == mark.text

    def test_no_markup_leaks_into_text(self, seed_manual: Manual) -> None:
        for text in all_strings(seed_manual.model_dump(mode="json")):
            assert not re.search(r"<[a-z/]|\]\(#\)|\\[()]|\*\*|\t|\ufdd0|\ufdd1", text), text
            assert "MANUAL DE DESCRIPCIÓN DE PUESTOS" not in text or text.isupper()


def all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() if key not in ("marked", "id") for s in all_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in all_strings(item)]
    return []


# Labels and markup of the seed: everything else must reach the model.
LABELS = [
    r"CÓDIGO", r"Autorizado:", r"Revisado:", r"Responsable de Proceso:", r"Fecha de creación:",
    r"Fecha de vigencia:", r"Fecha de última modificación:", r"Versión:", r"ÍNDICE", r"Página No\.",
    r"I\. IDENTIFICACIÓN", r"II\. FUNCIONES CLAVES", r"III\. FUNCIONES PERIÓDICAS", r"IV\. RELACIONES DEL PUESTO",
    r"V\. RESPONSABILIDADES, INSUMOS Y RECURSOS", r"VI\. PERFIL REQUERIDO", r"VII\. HABILIDADES Y COMPETENCIAS",
    r"PUESTO FUNCIONAL:", r"PUESTO GENÉRICO:", r"DEPENDENCIA:", r"UNIDAD/ÁREA:", r"REPORTA A:",
    r"PUESTOS DIRECTAMENTE BAJO SU CARGO:", r"BREVE DESCRIPCIÓN GENERAL DEL OBJETIVO DEL PUESTO:",
    r"% TIEMPO ASIGNADO", r"RESULTADOS ESPERADOS", r"\b(?:Diaria|Semanal|Mensual|Trimestral|Semestral|Anual|Eventual)\.",
    r"N/A\.?", r"CON:", r"PARA / FRECUENCIA:", r"VALORES:", r"BIENES:", r"TOMA DE DECISIONES:",
    r"AUTORIZACIONES CLAVES PARA:", r"INSUMOS Y RECURSOS:", r"MEDIDAS DE SEGURIDAD REQUERIDAS:",
    r"EDUCACIÓN, FORMACIÓN Y OTROS CONOCIMIENTOS:", r"EXPERIENCIA LABORAL:", r"HABILIDADES:",
    r"COMPETENCIAS:", r"- (?:Técnica|Metodológica|Social|Participativa)\.", r"MODIFICACIONES REALIZADAS",
    r"Referencia de autorización", r"\tVersión\t", r"Descripción de la modificación",
    r"(?m)^\d+\. ", r"\d+\. (?=[A-ZÁÉÍÓÚ\[<])",  # list numbering
]
MARKUP = r"<[^>]+>|\]\(#\)|\[|\\|\*\*|•|\.{3,}\d+"


def words(text: str) -> Counter[str]:
    tokens = re.findall(r"\w+", text)
    return Counter(str(int(t)) if t.isdigit() else t for t in tokens)


def model_words(manual: Manual) -> Counter[str]:
    counter: Counter[str] = Counter()
    for text in all_strings(manual.model_dump(mode="json")):
        counter.update(words(text))
    dates = [manual.cover.created, manual.cover.in_force]
    dates += [d for row in manual.revisions for d in (row.last_modified, row.in_force) if d]
    for value in dates:
        counter.update(words(format_spanish_date(value)))
    numbers = [manual.cover.version, *(row.version for row in manual.revisions)]
    for position in manual.positions:
        numbers += [f.percent for f in position.key_functions] + [position.direct_reports_count]
    counter.update(str(n) for n in numbers)
    return counter


def missing_words(seed_text: str, manual: Manual) -> Counter[str]:
    """Words of the seed, less labels, markup and the (derived) index, that the model lacks."""
    index_start, first_position = seed_text.index("ÍNDICE"), seed_text.index("I. IDENTIFICACIÓN")
    index = seed_text[index_start:first_position]
    body = seed_text[:index_start] + seed_text[first_position:]
    body = body.replace("900 0935 MANUAL DE DESCRIPCIÓN DE PUESTOS\n", "\n", 1)  # the page header
    for pattern in LABELS:
        body = re.sub(pattern, " ", body)
    body = re.sub(MARKUP, " ", body)
    missing = words(body) - model_words(manual)
    index_words = words(re.sub(MARKUP, " ", index))
    for label in ("ÍNDICE", "Página", "No", "MODIFICACIONES", "REALIZADAS", "3", "6", "9", "12"):
        index_words.pop(label, None)
    missing.update(word for word in index_words if word not in model_words(manual))
    return missing


class TestNothingLost:
    """Every word of the seed, less labels and markup, is in the model."""

    def test_every_word_lands_in_the_model(self, seed_bytes: bytes, seed_manual: Manual) -> None:
        assert missing_words(seed_bytes.decode("utf-8"), seed_manual) == Counter()

    def test_a_dropped_item_is_caught(self, seed_bytes: bytes, seed_manual: Manual) -> None:
        """The check can fail: a model missing one item misses that item's words."""
        jefe = seed_manual.position(JEFE)
        periodic = jefe.periodic_functions.model_copy(update={"eventual": ()})
        shorter = jefe.model_copy(update={"periodic_functions": periodic})
        manual = seed_manual.model_copy(update={"positions": (shorter, *seed_manual.positions[1:])})
        assert missing_words(seed_bytes.decode("utf-8"), manual)["presentaciones"] == 1


class TestEncodings:
    """NFD text, CRLF line ends and a byte-order mark read the same as the original."""

    @pytest.mark.parametrize("transform", [
        lambda t: unicodedata.normalize("NFD", t),
        lambda t: t.replace("\n", "\r\n"),
        lambda t: "\ufeff" + t,
        lambda t: "\ufeff" + unicodedata.normalize("NFD", t).replace("\n", "\r\n"),
    ], ids=["nfd", "crlf", "bom", "all-three"])
    def test_same_model(self, seed_bytes: bytes, seed_manual: Manual, transform: Any) -> None:
        data = transform(seed_bytes.decode("utf-8")).encode("utf-8")
        assert read_seed_text(data, "variant.txt").manual == seed_manual


class TestBundledManual:
    """manuals/900-0935 is the seed read by the reader, committed in canonical form."""

    def test_bundled_directory_equals_the_seed(self, seed_manual: Manual) -> None:
        assert read_manual_dir(REPO / "manuals" / "900-0935") == seed_manual

    def test_no_warnings_on_the_seed(self, seed_bytes: bytes) -> None:
        assert read_seed_text(seed_bytes, str(SEED_PATH), is_lenient=True).warnings == ()
