"""A second manual, 310 0120 version 03, written by hand in the seed's text format.

The procurement unit's manual (Unidad de Adquisiciones y Contrataciones Institucional) carries
the same kinds of quirks as the seed, spread over four positions, and must read correctly with
no code written for it. Every expected value below is transcribed from the document as written,
not produced by the reader.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from docversion.files import read_manual_dir
from docversion.formats.text.reader import ReadResult, read_seed_text
from docversion.model import Manual, Position, resolve_path

from .conftest import FIXTURES, REPO

MANUAL_PATH = FIXTURES / "manual-310-0120-v03.txt"
CANONICAL_DIR = REPO / "manuals" / "310-0120"

JEFE = "jefe-de-la-unidad-de-adquisiciones-y-contrataciones"
ANALISTA = "analista-de-compras"
TECNICO = "tecnico-de-contratos"
AUXILIAR = "auxiliar-administrativo"
PERIODS = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "eventual")

UNIT = "Unidad de Adquisiciones y Contrataciones Institucional"
JEFE_TITLE = "Jefe de la Unidad de Adquisiciones y Contrataciones"
LAST_DAILY = ("Desarrollar todas las funciones conforme a la normativa aplicable al puesto y otras "
              "actividades asignadas por el jefe inmediato.")
QUALITY = ("Atender actividades relacionadas con el Sistema de Gestión de la Calidad, como: mejora "
           "continua del(os) proceso(s), reuniones de trabajo, seguimientos, auditorías, "
           "capacitaciones entre otros.")
ASSETS = ("Conforme a lo asignado en el inventario de activo fijo.",)
MEDIUM = ("Media, de acuerdo a la responsabilidad asignada por el jefe inmediato.",)
OFFICE = "Manejo de paquetes utilitarios de Microsoft Office u otros."
INTEGRATION = ("Integración en todas las actividades que promueve la Institución.",)


@pytest.fixture(scope="module")
def result() -> ReadResult:
    return read_seed_text(MANUAL_PATH.read_bytes(), str(MANUAL_PATH))


@pytest.fixture(scope="module")
def manual(result: ReadResult) -> Manual:
    return result.manual


# ----------------------------------------------------------------------------------------------
# Expected content, position by position.

IDENTIFICATION: dict[str, dict[str, Any]] = {
    JEFE: {
        "title": JEFE_TITLE,
        "generic_title": "Jefe de Unidad",
        "department": "Presidencia",
        "unit": UNIT,
        "reports_to": "Presidente y Director Ejecutivo",
        "direct_reports_count": 3,
        "direct_reports": ("Analista de Compras", "Técnico de Contratos", "Auxiliar Administrativo"),
        "objective": "Planificar, dirigir y controlar los procesos de adquisición y contratación de obras, "
                     "bienes y servicios de la Institución, conforme a la Ley de Adquisiciones y "
                     "Contrataciones de la Administración Pública, su Reglamento y los lineamientos "
                     "emitidos por la UNAC.",
    },
    ANALISTA: {
        "title": "Analista de Compras",
        "generic_title": "Analista",
        "department": "Presidencia",
        "unit": UNIT,
        "reports_to": JEFE_TITLE,
        "direct_reports_count": 0,
        "direct_reports": (),
        "objective": "Gestionar los procesos de compra por libre gestión y apoyar los procesos de "
                     "licitación y concurso, desde la recepción de la solicitud hasta la emisión de la "
                     "orden de compra, garantizando transparencia, economía y oportunidad.",
    },
    TECNICO: {
        "title": "Técnico de Contratos",
        "generic_title": "Técnico Administrativo",
        "department": "Presidencia",
        "unit": UNIT,
        "reports_to": JEFE_TITLE,
        "direct_reports_count": 0,
        "direct_reports": (),
        "objective": "Elaborar, registrar y dar seguimiento a los contratos y sus modificaciones, "
                     "verificando que las garantías, plazos y obligaciones de los contratistas se "
                     "cumplan conforme a la normativa vigente.",
    },
    AUXILIAR: {
        "title": "Auxiliar Administrativo",
        "generic_title": "Auxiliar",
        "department": "Presidencia",
        "unit": UNIT,
        "reports_to": JEFE_TITLE,
        "direct_reports_count": 0,
        "direct_reports": (),
        "objective": "Brindar apoyo administrativo a la Unidad en la recepción, registro y archivo de la "
                     "documentación de los procesos de adquisición, así como en la atención de "
                     "proveedores.",
    },
}

# (text, percent, expected result) for each key function.
KEY_FUNCTIONS: dict[str, list[tuple[str, int, str]]] = {
    JEFE: [  # plain sentences in one <ul>, no bullets: the three percentages tell how many
        ("Planificar, dirigir y controlar la ejecución del Plan Anual de Adquisiciones y "
         "Contrataciones Institucional.", 40, "Plan ejecutado en los plazos establecidos."),
        ("Supervisar que los procesos de licitación, concurso, libre gestión y contratación directa se "
         "realicen conforme a la LACAP y su Reglamento.", 35,
         "Procesos adjudicados sin observaciones de auditoría."),
        ("Asesorar a las unidades solicitantes y a la Presidencia en materia de adquisiciones y "
         "contrataciones.", 15, "Consultas atendidas oportunamente."),
    ],
    ANALISTA: [  # • bullets, <p style="margin: 0;"> percentages
        ("Gestionar los procesos de libre gestión solicitados por las unidades de la Institución.", 50,
         "Compras realizadas en el plazo requerido."),
        ("Elaborar y publicar las bases de licitación y concurso en COMPRASAL.", 30,
         "Bases publicadas sin observaciones."),
        ("Mantener actualizado el banco de proveedores.", 10, "Banco de proveedores actualizado."),
    ],
    TECNICO: [  # • bullets, one item wholly underlined
        ("Elaborar los contratos y sus modificativas en coordinación con la Gerencia Legal.", 60,
         "Contratos firmados en el plazo legal."),
        ("Controlar la vigencia de las garantías de buena inversión de anticipo, cumplimiento de "
         "contrato y buena obra.", 25, "Garantías vigentes y resguardadas."),
    ],
    AUXILIAR: [  # plain sentences again, two of them
        ("Recibir, registrar y distribuir la correspondencia, solicitudes de compra y ofertas "
         "presentadas a la Unidad.", 70, "Documentación registrada y distribuida oportunamente."),
        ("Organizar, foliar y custodiar los expedientes de los procesos de adquisición hasta su "
         "remisión al archivo institucional.", 20, "Expedientes completos, foliados y resguardados."),
    ],
}

PERIODIC: dict[str, dict[str, tuple[str, ...]]] = {
    JEFE: {  # tab rows with inline <ol>; monthly continued on later lines across a page header
        "daily": (
            "Dirigir y supervisar las actividades del personal de la Unidad de Adquisiciones y "
            "Contrataciones Institucional.",
            "Revisar y firmar las bases de licitación, términos de referencia y especificaciones técnicas "
            "antes de su publicación en COMPRASAL.",
            "Atender consultas de proveedores, ofertantes y unidades solicitantes sobre los procesos en "
            "curso.",
            "Verificar que cada proceso de libre gestión cuente con un mínimo de 3 cotizaciones cuando el "
            "mercado lo permita.",
            "Autorizar las órdenes de compra y remitirlas a la Gerencia Financiera para su compromiso "
            "presupuestario.",
            LAST_DAILY,
        ),
        "weekly": (
            "Presidir las reuniones de seguimiento de los procesos de adquisición con el personal de la "
            "Unidad.",
            "Informar a la Presidencia sobre el estado de los procesos de licitación y concurso.",
        ),
        "monthly": (
            "Elaborar y presentar el informe mensual de adquisiciones y contrataciones a la Presidencia.",
            "Dar seguimiento a la ejecución del Plan Anual de Adquisiciones y Contrataciones e informar "
            "de sus modificaciones.",
            "Verificar que los administradores de contrato cumplan sus atribuciones conforme al Art. 82 "
            "Bis de la LACAP.",
            "Coordinar con la Gerencia Financiera la programación de pagos a proveedores como: anticipos, "
            "pagos parciales y liquidaciones.",
            "Revisar los expedientes de los procesos finalizados para su archivo.",
            "Evaluar el desempeño de los proveedores y contratistas y remitir los resultados a la UNAC.",
            QUALITY,
            "Presentar a la Gerencia Legal los casos de incumplimiento contractual para el inicio de los "
            "procesos sancionatorios correspondientes.",
        ),
        "quarterly": (),  # N/A
        "semiannual": (
            "Elaborar el informe semestral de las contrataciones realizadas con micro y pequeñas "
            "empresas.",
        ),
        "annual": (
            "Elaborar el Plan Anual de Adquisiciones y Contrataciones Institucional (PAAC) con base en las "
            "necesidades remitidas por las unidades solicitantes.",
            "Proponer al Presidente y Director Ejecutivo la actualización de los procedimientos internos "
            "de adquisiciones.",
        ),
        "eventual": (
            "Integrar las Comisiones de Evaluación de Ofertas cuando sea designado.",
            "Atender los requerimientos de la Corte de Cuentas de la República y de auditoría interna.",
        ),
    },
    ANALISTA: {  # every periodicity in ONE cell: <p>Diaria.</p> <ol> 1. … <p>Semanal. N/A</p> …
        "daily": (
            "Recibir y revisar las solicitudes de compra y verificar que cuenten con disponibilidad "
            "presupuestaria.",
            "Solicitar cotizaciones a proveedores inscritos en el banco de proveedores y en COMPRASAL.",
            "Elaborar cuadros comparativos de ofertas y recomendar la adjudicación al Jefe de la Unidad.",
            "Elaborar órdenes de compra y notificarlas a los proveedores adjudicados.",
            LAST_DAILY,
        ),
        "weekly": (),  # <p>Semanal. N/A</p>
        "monthly": (
            "Actualizar el banco de proveedores con la información de desempeño reportada.",
            "Elaborar el reporte de compras por libre gestión del mes.",
            "Publicar en COMPRASAL las adjudicaciones, órdenes de compra y contratos del período.",
            QUALITY,
        ),
        "quarterly": (
            "Dar seguimiento con los administradores de contrato a la entrega de bienes y servicios "
            "pendientes.",
        ),
        "semiannual": (),  # <p>Semestral. N/A.</p>
        "annual": (
            "Apoyar en la consolidación de las necesidades de compra para el Plan Anual de Adquisiciones "
            "y Contrataciones.",
        ),
        "eventual": (),  # <p>Eventual. N/A.</p>
    },
    TECNICO: {
        "daily": (
            "Elaborar los contratos, resoluciones modificativas y prórrogas de los procesos adjudicados.",
            "Revisar que las garantías presentadas por los contratistas cumplan con los montos, plazos y "
            "condiciones establecidos en las bases.",
            "Registrar los contratos en COMPRASAL dentro de los plazos establecidos.",
            LAST_DAILY,
        ),
        "weekly": (
            "Remitir a los administradores de contrato las copias de los contratos y órdenes de inicio.",
            "Actualizar el control de vencimiento de garantías.",
        ),
        "monthly": (
            "Elaborar el reporte de contratos vigentes, finalizados y en proceso de liquidación.",
            "Solicitar a los administradores de contrato los informes de avance y las actas de recepción.",
            QUALITY,
        ),
        "quarterly": (
            "Conciliar con la Gerencia Financiera el registro de garantías en custodia (fianzas y cheques "
            "certificados).",
        ),
        "semiannual": (),  # [N/A.](#)
        "annual": (),  # N/A.
        "eventual": (
            "Gestionar ante la Gerencia Legal el cobro de garantías por incumplimiento de los "
            "contratistas.",
            "Apoyar en la atención de requerimientos de la Corte de Cuentas de la República.",
        ),
    },
    AUXILIAR: {  # tab rows first, then label lines with blank lines between
        "daily": (
            "Recibir, registrar y distribuir la correspondencia de la Unidad.",
            "Recibir las ofertas en la fecha y hora señaladas en las bases y levantar el acta de recepción "
            "correspondiente.",
            "Entregar bases de licitación y concurso a los ofertantes interesados y llevar el control de "
            "retiro.",
            "Atender llamadas telefónicas y visitas de proveedores.",
            "Foliar y ordenar los documentos de cada expediente de compra.",
            LAST_DAILY,
        ),
        "weekly": (),  # N/A in a tab row
        "monthly": (
            "Elaborar el inventario de expedientes en custodia de la Unidad.",
            "Solicitar y controlar los insumos de oficina de la Unidad.",
        ),
        "quarterly": (),
        "semiannual": (),
        "annual": (
            "Remitir al archivo institucional los expedientes de los procesos finalizados con más de 5 "
            "años de antigüedad, conforme a la normativa de archivo.",
        ),
        "eventual": (
            "Apoyar en la logística de los actos de apertura de ofertas.",
            QUALITY,
            "Reproducir y certificar copias de documentos de los expedientes a solicitud de la Corte de "
            "Cuentas de la República.",
        ),
    },
}

PERIODIC_COUNTS = {
    JEFE: [6, 2, 8, 0, 1, 2, 2],
    ANALISTA: [5, 0, 4, 1, 0, 1, 0],
    TECNICO: [4, 2, 3, 1, 0, 0, 2],
    AUXILIAR: [6, 0, 2, 0, 0, 1, 3],
}

# Sections IV to VII, field by field.
REST: dict[str, dict[str, Any]] = {
    JEFE: {
        "relations": {
            "with_whom": (
                "Todas las unidades organizativas de la Institución.",
                "Unidad Normativa de Adquisiciones y Contrataciones de la Administración Pública (UNAC).",
                "Proveedores, ofertantes y contratistas.",
            ),
            "purposes": (
                "Coordinar las necesidades de adquisición y el avance de los procesos. Diariamente.",
                "Atender lineamientos, capacitaciones y consultas normativas. Mensualmente.",
                "Aclarar consultas sobre bases, ofertas y contratos. Eventualmente.",
            ),
        },
        "values": (),
        "assets": ASSETS,
        "decision_making": ("Alta, sobre la recomendación de adjudicación y la gestión de los procesos "
                            "de compra de la Institución.",),
        "key_authorizations": ('Conforme al Instructivo de Firmas Institucionales: Firma Clase "B".',
                               "Órdenes de compra de libre gestión."),
        "inputs_and_resources": ("Oficina privada, acceso a Internet, sistema COMPRASAL, sistemas de "
                                 "apoyo administrativo, correo electrónico (Sí aplican).",),
        "security_measures": ("Custodia de las ofertas recibidas hasta su apertura pública.",),
        "education": (
            "Título universitario en Licenciatura en Administración de Empresas, Ciencias Jurídicas, "
            "Ingeniería Industrial o carreras afines.",
            "Acreditación vigente de la UNAC en materia de adquisiciones y contrataciones públicas.",
            "Conocimiento de la LACAP, su Reglamento y el uso del sistema COMPRASAL.",
            OFFICE,
        ),
        "experience": ("Mínima de 5 años en puestos similares, de los cuales al menos 2 en jefaturas de "
                       "unidades de adquisiciones.",),
        "skills": ("Liderazgo.", "Negociación.", "Toma de decisiones.", "Integridad."),
        "competencies": {
            "technical": ("Dominio de la normativa de adquisiciones y contrataciones públicas.",),
            "methodological": ("Planeación, organización, ejecución, control y análisis.",),
            "social": ("Comunicación efectiva.", "Habilidad en el manejo de personal bajo su cargo."),
            "participative": ("Habilidad para estimular y promover con su ejemplo la participación del "
                              "personal bajo su cargo en las distintas actividades que promueve la "
                              "Institución.",),
        },
    },
    ANALISTA: {
        "relations": {
            "with_whom": ("Unidades solicitantes de la Institución.", "Proveedores y ofertantes.",
                          "Gerencia Financiera."),
            "purposes": (
                "Recibir solicitudes de compra y aclarar especificaciones técnicas. Diariamente.",
                "Solicitar cotizaciones y notificar adjudicaciones. Diariamente.",
                "Verificar la disponibilidad presupuestaria y el trámite de pago. Semanalmente.",
            ),
        },
        "values": (),  # - N/A
        "assets": ASSETS,
        "decision_making": MEDIUM,
        "key_authorizations": (),
        "inputs_and_resources": ("Acceso a sistemas de apoyo administrativo, COMPRASAL, correo "
                                 "electrónico e internet.",),
        "security_measures": ("Mantener la confidencialidad de las ofertas y cotizaciones recibidas.",),
        "education": (
            "Estudiante universitario a nivel de 3er año en Licenciatura en Administración de Empresas, "
            "Contaduría Pública o carreras afines.",
            "Conocimiento de la LACAP y su Reglamento.",
            OFFICE,
        ),
        "experience": ("Mínima de 2 años en puestos similares en unidades de adquisiciones del sector "
                       "público.",),
        "skills": ("Análisis.", "Trabajo en equipo.", "Orientación a resultados."),
        "competencies": {
            "technical": ("Conocimiento del mercado de proveedores y de los procedimientos de compra.",),
            "methodological": ("Orden y organización.",),
            "social": ("Comunicación efectiva.",),
            "participative": INTEGRATION,
        },
    },
    TECNICO: {
        "relations": {
            "with_whom": ("Gerencia Legal.", "Administradores de contrato.", "Contratistas."),
            "purposes": (
                "Revisar contratos y garantías. Diariamente.",
                "Dar seguimiento a la ejecución de los contratos. Semanalmente.",
                "Notificar contratos, órdenes de inicio y requerimientos. Eventualmente.",
            ),
        },
        "values": ("Custodia temporal de garantías de contratos (fianzas y cheques certificados).",),
        "assets": ASSETS,
        "decision_making": MEDIUM,
        "key_authorizations": (),
        "inputs_and_resources": ("Acceso a COMPRASAL, sistemas de apoyo administrativo, correo "
                                 "electrónico e internet.",),
        "security_measures": ("Resguardo de las garantías en archivo con llave.",),
        "education": (  # a page header interrupts this list
            "Estudiante universitario a nivel de 4to año en Ciencias Jurídicas o Técnico en "
            "Administración de Empresas.",
            "Conocimiento de la Ley de Adquisiciones y Contrataciones de la Administración Pública (LACAP) "
            "y su Reglamento.",
            OFFICE,
        ),
        "experience": ("Mínima de 2 años en puestos similares en instituciones del sector público.",),
        "skills": ("Redacción.", "Orden.", "Atención al detalle."),  # after the glued heading
        "competencies": {
            "technical": ("Conocimiento de los tipos de contrato, garantías y plazos que establece la "
                          "normativa.",),
            "methodological": ("Orden y organización.",),
            "social": ("Comunicación efectiva.", "Adaptación al cambio."),
            "participative": INTEGRATION,
        },
    },
    AUXILIAR: {
        "relations": {
            "with_whom": ("Personal de la Unidad de Adquisiciones y Contrataciones Institucional.",
                          "Proveedores y ofertantes."),
            "purposes": (
                "Entregar documentación y recibir instrucciones. Diariamente.",
                "Recibir ofertas, entregar bases y atender consultas. Eventualmente.",
            ),
        },
        "values": (),
        "assets": ASSETS,
        "decision_making": ("Baja, sobre la organización de su trabajo diario.",),
        "key_authorizations": (),
        "inputs_and_resources": ("Acceso a sistemas de apoyo administrativo, correo electrónico, "
                                 "fotocopiadora y archivo (Sí aplican).",),
        "security_measures": ("Mantener la confidencialidad de la documentación de los procesos de "
                              "adquisición.",),
        "education": (
            "Bachillerato en Comercio y Administración u opción afín.",
            "Conocimientos básicos de archivo y gestión documental.",
            OFFICE,
        ),
        "experience": ("Mínima de 1 año en puestos similares.",),
        "skills": ("Orden.", "Servicio al cliente.", "Trabajo en equipo.", "Discreción."),
        "competencies": {
            "technical": ("Manejo de archivo y control de correspondencia.",),
            "methodological": ("Orden y organización.",),
            "social": ("Comunicación efectiva.", "Amabilidad en la atención de proveedores."),
            "participative": INTEGRATION,
        },
    },
}

# (path, start, text) of every marked span: <u>…</u> and […](#) in the document.
MARKS: dict[str, set[tuple[str, int | None, str]]] = {
    JEFE: {
        ("key_functions.1.text", 67, "y contratación directa"),
        ("key_functions.2.expected_result", 10, "atendidas"),
        ("periodic_functions.monthly.5", 0,
         "Evaluar el desempeño de los proveedores y contratistas y remitir los resultados a la UNAC."),
        ("periodic_functions.annual.0", 78,
         "con base en las necesidades remitidas por las unidades solicitantes."),
    },
    ANALISTA: {
        ("key_functions.1.text", 9, "y publicar"),
        ("periodic_functions.monthly.2", 0, "Publicar"),
    },
    TECNICO: {
        ("title", 0, "Técnico"),
        ("generic_title", 0, "Técnico"),
        ("key_functions.0.text", 0,
         "Elaborar los contratos y sus modificativas en coordinación con la Gerencia Legal."),
        ("key_functions.1.text", 42, "buena inversión de anticipo,"),
        ("key_functions.0.expected_result", 10, "firmados"),
        ("periodic_functions.weekly.0", 0,
         "Remitir a los administradores de contrato las copias de los contratos y órdenes de inicio."),
        ("periodic_functions.weekly.1", 0, "Actualizar el control de vencimiento de garantías."),
        ("periodic_functions.semiannual", None, "N/A."),
        ("periodic_functions.eventual.0", 0,
         "Gestionar ante la Gerencia Legal el cobro de garantías por incumplimiento de los contratistas."),
        ("education.1", 0,
         "Conocimiento de la Ley de Adquisiciones y Contrataciones de la Administración Pública (LACAP) "
         "y su Reglamento."),
        ("experience.0", 38, "en instituciones del sector público"),
    },
    AUXILIAR: {
        ("title", 0, "Auxiliar Administrativo"),  # the mark held the full stop the name loses
        ("skills.3", 0, "Discreción."),
    },
}

REVISIONS = [
    (1, date(2012, 3, 14), date(2012, 4, 2), ("Creación.",), "Analista", "Mario Ernesto Guardado Ruiz"),
    (2, None, date(2015, 11, 3), (
        "Actualización de estándares.",
        "Incorporación de las reformas a la Ley de Adquisiciones y Contrataciones de la Administración "
        "Pública (LACAP) en las funciones de los puestos.",
    ), "Elaborado por", "Karla Beatriz Menjívar"),
    (3, None, date(2019, 8, 1), (
        "Renombramiento del puesto Auxiliar de Contratos por Técnico de Contratos.",
        "Creación del puesto Auxiliar Administrativo.",
        "Actualización de las funciones de los puestos de trabajo conforme al uso del sistema COMPRASAL.",
    ), "Elaborado/actualizado por", "José Antonio Portillo"),
]

ALL_IDS = [JEFE, ANALISTA, TECNICO, AUXILIAR]


def periodic_counts(position: Position) -> list[int]:
    return [len(getattr(position.periodic_functions, name)) for name in PERIODS]


def all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() if key not in ("marked", "id") for s in all_strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in all_strings(item)]
    return []


# ----------------------------------------------------------------------------------------------


class TestCover:
    def test_cover_fields(self, manual: Manual) -> None:
        cover = manual.cover
        assert cover.code == "310 0120"
        assert cover.title == "MANUAL DE DESCRIPCIÓN DE PUESTOS"
        assert cover.area == "UNIDAD DE ADQUISICIONES Y CONTRATACIONES INSTITUCIONAL"
        assert cover.version == 3
        assert cover.created == date(2012, 4, 2)
        assert cover.in_force == date(2019, 8, 1)
        assert cover.authorized_by == "Presidente y Director Ejecutivo"
        assert cover.reviewed_by == (
            "Gerente Legal",
            "Gerente de Planificación",
            "Jefe Área de Desarrollo Organizacional",
        )
        assert cover.process_owner == JEFE_TITLE
        assert cover.conformity_statement == "Este documento es conforme al original firmado"


class TestPositions:
    def test_four_positions_in_document_order(self, manual: Manual) -> None:
        assert [p.id for p in manual.positions] == ALL_IDS
        assert [p.title for p in manual.positions] == [
            JEFE_TITLE, "Analista de Compras", "Técnico de Contratos", "Auxiliar Administrativo",
        ]

    @pytest.mark.parametrize("position_id", ALL_IDS)
    def test_identification(self, manual: Manual, position_id: str) -> None:
        position = manual.position(position_id)
        for name, expected in IDENTIFICATION[position_id].items():
            assert getattr(position, name) == expected, name

    @pytest.mark.parametrize("position_id", ALL_IDS)
    def test_key_functions(self, manual: Manual, position_id: str) -> None:
        found = [(f.text, f.percent, f.expected_result)
                 for f in manual.position(position_id).key_functions]
        assert found == KEY_FUNCTIONS[position_id]

    @pytest.mark.parametrize("position_id", ALL_IDS)
    def test_periodicity_counts(self, manual: Manual, position_id: str) -> None:
        assert periodic_counts(manual.position(position_id)) == PERIODIC_COUNTS[position_id]

    @pytest.mark.parametrize("position_id", ALL_IDS)
    @pytest.mark.parametrize("period", PERIODS)
    def test_periodic_items(self, manual: Manual, position_id: str, period: str) -> None:
        found = getattr(manual.position(position_id).periodic_functions, period)
        assert found == PERIODIC[position_id][period]

    @pytest.mark.parametrize("position_id", ALL_IDS)
    def test_sections_four_to_seven(self, manual: Manual, position_id: str) -> None:
        dumped = manual.position(position_id).model_dump()
        for name, expected in REST[position_id].items():
            assert dumped[name] == expected, name


class TestTraps:
    """The seed's kinds of quirks, as they appear in this manual, read as a person reads them."""

    def test_numbered_list_continued_across_a_page_header(self, manual: Manual) -> None:
        monthly = manual.position(JEFE).periodic_functions.monthly
        assert len(monthly) == 8
        assert monthly[5].startswith("Evaluar el desempeño")
        assert monthly[6] == QUALITY
        assert monthly[7].startswith("Presentar a la Gerencia Legal")

    def test_numbers_inside_items_do_not_split_lists(self, manual: Manual) -> None:
        jefe = manual.position(JEFE).periodic_functions
        assert "un mínimo de 3 cotizaciones" in jefe.daily[3]
        assert jefe.monthly[2].endswith("conforme al Art. 82 Bis de la LACAP.")
        assert "con más de 5 años de antigüedad" in manual.position(AUXILIAR).periodic_functions.annual[0]
        assert manual.position(ANALISTA).education[0].startswith("Estudiante universitario a nivel de 3er año")

    def test_colons_inside_items(self, manual: Manual) -> None:
        assert "como: anticipos, pagos parciales y liquidaciones." in (
            manual.position(JEFE).periodic_functions.monthly[3])
        assert manual.position(JEFE).key_authorizations[0].startswith(
            "Conforme al Instructivo de Firmas Institucionales: Firma")

    def test_parentheses_kept_and_escapes_resolved(self, manual: Manual) -> None:
        tecnico = manual.position(TECNICO)
        assert "del(os) proceso(s)," in tecnico.periodic_functions.monthly[2]
        assert tecnico.periodic_functions.quarterly[0].endswith("(fianzas y cheques certificados).")
        assert "(LACAP)" in tecnico.education[1]
        assert "(PAAC)" in manual.position(JEFE).periodic_functions.annual[0]

    def test_glued_bold_label_after_heading(self, manual: Manual) -> None:
        assert manual.position(TECNICO).skills == ("Redacción.", "Orden.", "Atención al detalle.")

    def test_page_header_inside_a_dashed_list(self, manual: Manual) -> None:
        assert manual.position(TECNICO).education[-1] == OFFICE

    def test_direct_reports_in_a_second_cell(self, manual: Manual) -> None:
        jefe = manual.position(JEFE)
        assert jefe.direct_reports_count == 3
        assert jefe.direct_reports == ("Analista de Compras", "Técnico de Contratos", "Auxiliar Administrativo")

    def test_no_page_header_or_markup_leaks(self, manual: Manual) -> None:
        texts = all_strings(manual.model_dump(mode="json"))
        assert texts
        for text in texts:
            assert not re.search(r"<[a-z/]|\]\(#\)|\[|\\|\*\*|•|\t|\ufdd0|\ufdd1|list-style", text), text
            assert "310 0120" not in text or text == "310 0120", text
            assert "MANUAL DE DESCRIPCIÓN" not in text or text == "MANUAL DE DESCRIPCIÓN DE PUESTOS", text
            assert not re.match(r"\d+\.\s", text), text  # no list numbering left at the start
            assert text == text.strip() and "  " not in text, text


class TestMarks:
    @pytest.mark.parametrize("position_id", ALL_IDS)
    def test_marked_spans(self, manual: Manual, position_id: str) -> None:
        marked = manual.position(position_id).marked
        found = [(m.path, m.start, m.text) for m in marked]
        assert len(found) == len(set(found))
        assert set(found) == MARKS[position_id]

    def test_every_mark_points_at_its_text(self, manual: Manual) -> None:
        for position in manual.positions:
            for mark in position.marked:
                value = resolve_path(position, mark.path)
                if mark.start is not None:
                    assert value[mark.start : mark.start + len(mark.text)] == mark.text

    def test_marks_on_the_revision_table(self, manual: Manual) -> None:
        assert {(m.path, m.start, m.text) for m in manual.marked} == {
            ("revisions.2.in_force", None, "01 de agosto de 2019."),
            ("revisions.2.changes.0", 0,
             "Renombramiento del puesto Auxiliar de Contratos por Técnico de Contratos."),
            ("revisions.2.changes.1", 0, "Creación del puesto Auxiliar Administrativo."),
        }


class TestRevisionTable:
    def test_three_rows(self, manual: Manual) -> None:
        assert [row.version for row in manual.revisions] == [1, 2, 3]

    @pytest.mark.parametrize("row", REVISIONS, ids=[f"v{r[0]}" for r in REVISIONS])
    def test_row(self, manual: Manual, row: tuple[Any, ...]) -> None:
        version, modified, in_force, changes, label, name = row
        found = manual.revisions[version - 1]
        assert found.version == version
        assert found.authorized_by == "Presidente y Director Ejecutivo"
        assert found.last_modified == modified
        assert found.in_force == in_force
        assert found.changes == changes
        assert found.prepared_by_label == label
        assert found.prepared_by == name


class TestWholeDocument:
    def test_no_warnings(self, result: ReadResult) -> None:
        assert result.warnings == ()
        lenient = read_seed_text(MANUAL_PATH.read_bytes(), str(MANUAL_PATH), is_lenient=True)
        assert lenient.warnings == ()
        assert lenient.manual == result.manual

    def test_canonical_directory_equals_the_text(self, manual: Manual) -> None:
        assert read_manual_dir(CANONICAL_DIR) == manual
