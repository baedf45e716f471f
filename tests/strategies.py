"""Hypothesis strategies that build valid manuals with awkward text."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from docversion.model import (
    Competencies,
    Cover,
    KeyFunction,
    Manual,
    MarkedSpan,
    PeriodicFunctions,
    Position,
    Relations,
    RevisionRow,
)
from docversion.text import find_forbidden_character, normalize_text, slugify

# Strings YAML would read as something other than text if written bare.
TRICKY = [
    "NO", "no", "Yes", "on", "OFF", "null", "~", "1.10", "1e3", "0x1F", "0o17", "012", "2024-01-01",
    "2024-01-01 10:00:00", "- item", ": colon", "a: b", "#comment", "a #b", "'quoted'", '"double"',
    "&anchor", "*alias", "!tag", "%directive", "@at", "`tick`", "|", ">", "? key", "[a, b]", "{a: b}",
    "Área de Servicios en Línea", "ñandú", "del(os) proceso(s)", "N/A", "“Este documento”", "🙂 emoji",
    "=", "<<", ".inf", "-.5", "+12", "Diaria.",
]
_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list("áéíóúñÁÉÍÓÚÑüÜ¿¡“”«»‘’–—…°º·•") + list(" \t\n\u00a0\u2003") + list(":#-'\"/\\()[]{}.,;!?%&*@`|>=+~")
    + ["\u0301", "\u0303"]  # combining accents: after a letter, the model composes them (NFC)
)


def _usable(value: str) -> bool:
    return find_forbidden_character(value) is None and normalize_text(value) != ""


texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(_ALPHABET, min_size=1, max_size=30),
    st.text(_ALPHABET, min_size=1, max_size=30).map(lambda s: s * 25),  # long text, cheaply
).filter(_usable)
items = st.lists(texts, max_size=3).map(tuple)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
position_ids = st.from_regex(r"[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@st.composite
def positions(draw: st.DrawFn, position_id: str | None = None) -> Position:
    """A valid position: shares add up to at most 100, reports counted, one mark on the title."""
    percents = draw(st.lists(st.integers(0, 33), max_size=3))
    reports = draw(items)
    title = draw(texts)
    marked_length = draw(st.integers(0, len(normalize_text(title))))
    marks = []
    if marked_length and normalize_text(normalize_text(title)[:marked_length]):
        mark_text = normalize_text(normalize_text(title)[:marked_length])
        marks.append(MarkedSpan(path="title", start=0, text=mark_text))
    fields: dict[str, Any] = {
        "id": position_id or draw(position_ids),
        "title": title, "generic_title": draw(texts), "department": draw(texts),
        "unit": draw(texts), "reports_to": draw(texts),
        "direct_reports_count": len(reports), "direct_reports": reports, "objective": draw(texts),
        "key_functions": tuple(KeyFunction(text=draw(texts), percent=p, expected_result=draw(texts))
                               for p in percents),
        "periodic_functions": PeriodicFunctions(**{name: draw(items) for name in PeriodicFunctions.model_fields}),
        "relations": Relations(with_whom=draw(items), purposes=draw(items)),
        "competencies": Competencies(**{name: draw(items) for name in Competencies.model_fields}),
        "marked": tuple(marks),
    }
    for name in ("values", "assets", "decision_making", "key_authorizations", "inputs_and_resources",
                 "security_measures", "education", "experience", "skills"):
        fields[name] = draw(items)
    return Position(**fields)


@st.composite
def manuals(draw: st.DrawFn, max_positions: int = 3) -> Manual:
    """A valid manual with up to ``max_positions`` positions and an increasing revision table."""
    ids = draw(st.lists(position_ids, max_size=max_positions, unique=True))
    versions = sorted(draw(st.lists(st.integers(1, 40), max_size=4, unique=True)))
    created = draw(dates)
    rows = tuple(
        RevisionRow(version=v, authorized_by=draw(texts), last_modified=draw(st.none() | dates),
                    in_force=draw(dates), changes=tuple(draw(st.lists(texts, min_size=1, max_size=3))),
                    prepared_by_label=draw(texts), prepared_by=draw(texts))
        for v in versions
    )
    cover = Cover(
        code=draw(st.from_regex(r"[0-9A-Z]{1,5}(?: [0-9]{1,5})?", fullmatch=True)),
        title=draw(texts), area=draw(texts),
        version=max([1, *versions]) + draw(st.integers(0, 1)),
        created=created, in_force=draw(st.dates(min_value=created, max_value=date(2100, 12, 31))),
        authorized_by=draw(texts), reviewed_by=draw(items), process_owner=draw(texts),
        conformity_statement=draw(st.none() | texts),
    )
    return Manual(cover=cover, positions=tuple(draw(positions(i)) for i in ids), revisions=rows)


# --- Realistic manuals: what a person writes in a job-description manual -------------------------
#
# Texts are sampled from a vocabulary of real HR words, so a failing example shrinks fast and every
# text reads as the seed's text does: capitalised, functions ending in a full stop, names without
# one, whole percentages, N/A lists as empty tuples. Nothing here reads as document structure: no
# leading list markers, no lone N/A, no words ending in a colon, no periodicity alone, no section
# names, no page footers, no abbreviation before a full stop, no digits where a list could be cut.

_ROLES = ("Jefe", "Técnico", "Asistente", "Promotor", "Auxiliar", "Coordinador", "Especialista",
          "Supervisor", "Encargado", "Colaborador")
_TOPICS = ("Recursos Humanos", "Servicios en Línea", "Compras", "Presupuesto", "Archivo Institucional",
           "Capacitación", "Atención al Cliente", "Soporte Técnico", "Nómina", "Contabilidad",
           "Tesorería", "Desarrollo Organizacional", "Gestión Documental", "Cobros")
_DEPARTMENTS = ("Gerencia de Servicio al Cliente", "Gerencia de Planificación", "Gerencia Financiera",
                "Gerencia Administrativa", "Gerencia Legal", "Gerencia de Créditos")
_SIGNERS = ("Presidente y Director Ejecutivo", "Gerente Servicio al Cliente", "Gerente de Planificación",
            "Jefe Área de Desarrollo Organizacional", "Gerente Administrativo", "Gerente Financiero",
            "Jefe Área de Recursos Humanos")
_PEOPLE = ("Esmeralda Najarro de Artiga", "Roxana Villalobos", "Clara Arce", "José Antonio Martínez",
           "María Elena Guzmán", "Carlos Ernesto Rivas", "Ana Lucía Hernández")
_VERBS = ("Coordinar", "Elaborar", "Supervisar", "Revisar", "Apoyar", "Gestionar", "Planificar", "Ejecutar",
          "Controlar", "Atender", "Preparar", "Registrar", "Analizar", "Proponer", "Actualizar", "Verificar",
          "Dar seguimiento a", "Mantener")
_OBJECTS = ("los informes de gestión", "los planes de trabajo", "los expedientes del personal",
            "las solicitudes de los clientes", "el presupuesto del área", "los contratos de servicios",
            "los procesos administrativos", "las actividades de capacitación", "los reportes mensuales",
            "la correspondencia recibida", "los requerimientos de las unidades organizativas",
            "el inventario de activo fijo", "los canales de servicios en línea", "la documentación de soporte",
            "la mejora continua del(os) proceso(s)", "el sistema de atención de clientes (CRM)",
            "el centro de contacto “Call center”", "la divulgación y/o promoción de los servicios")
_COMPLEMENTS = ("", " del área", " de la Institución", " conforme a la normativa vigente",
                " en los plazos establecidos", " con las unidades organizativas relacionadas",
                " de acuerdo a los planes de trabajo", " asignados por el jefe inmediato")
_RESULTS = ("Atención oportuna y eficiente.", "Proyectos ejecutados y/o implementados.",
            "Planes elaborados, ejecutados y metas cumplidas.", "Informes presentados en los plazos establecidos.",
            "Expedientes actualizados y completos.", "Actividades realizadas oportunamente y con calidad.",
            "Clientes atendidos con calidad.", "Procesos controlados y documentados.",
            "Presupuesto ejecutado conforme a lo planificado.")
_FREQUENCIES = ("Diariamente.", "Semanalmente.", "Mensualmente.", "Eventualmente.", "Cuando se requiera.")
_COUNTERPARTS = ("Todas las unidades organizativas de la Institución.", "Clientes y empresas.",
                 "Proveedores de servicios.", "Instituciones financieras.", "Gerencia de Planificación.",
                 "Personal del área.")
_ASSETS = ("Conforme a lo asignado en el inventario de activo fijo.", "Equipo de cómputo asignado.",
           "Mobiliario y equipo de oficina.")
_DECISIONS = ("Alta, sobre el manejo de información y uso de recursos del área.",
              "Media, de acuerdo a la responsabilidad asignada por el jefe inmediato.",
              "Baja, sobre la organización de su propio trabajo.")
_AUTHORIZATIONS = ("Conforme al Instructivo de Firmas Institucionales.", "Solicitudes de compra del área.",
                   "Permisos del personal bajo su cargo.")
_RESOURCES = ("Acceso a sistemas de apoyo administrativo, correo electrónico e internet.",
              "Oficina privada, acceso a internet y correo electrónico.", "Equipo de cómputo y papelería.")
_SECURITY = ("Mantener políticas de privacidad y confidencialidad.", "Resguardar la información a su cargo.",
             "Cumplir las normas de seguridad ocupacional.")
_STUDIES = ("Título universitario en Licenciatura en Administración de Empresas o carreras afines.",
            "Estudiante universitario de Ingeniería en Sistemas o carreras afines.",
            "Bachiller con conocimientos de archivo y gestión documental.",
            "Manejo de paquetes utilitarios de Microsoft Office u otros.",
            "Conocimiento de la normativa institucional aplicable.")
_SKILLS = ("Liderazgo.", "Comunicación efectiva.", "Trabajo en equipo.", "Toma de decisiones.", "Eficiencia.",
           "Servicio al cliente.", "Pro actividad.", "Comprensión.", "Orden y organización.")
_COMPETENCY_TEXTS = ("Conocimientos y experiencia en los puestos de trabajo bajo su cargo.",
                     "Planeación, organización, ejecución, control y análisis.", "Adaptación al cambio.",
                     "Habilidad en el manejo de personal bajo su cargo.",
                     "Integración en todas las actividades que promueve la Institución.",
                     "Dominio de las herramientas necesarias para la realización de sus funciones.")
_FIXED_CHANGES = ("Creación.", "Actualización de estándares.",
                  "Actualización de las funciones de los puestos de trabajo.",
                  "Revisión y actualización anual de estándares y/o mejoras al instrumento normativo.")
PREPARED_BY_LABELS = ("Elaborado por", "Analista", "Elaborado/actualizado por")

_titles = st.one_of(
    st.builds(lambda role, topic: f"{role} de {topic}", st.sampled_from(_ROLES), st.sampled_from(_TOPICS)),
    st.sampled_from(_TOPICS).map(lambda topic: f"Jefe Área de {topic}"),
)
_units = st.sampled_from(_TOPICS).map(lambda topic: f"Área de {topic}")
_functions = st.builds(lambda verb, obj, complement: f"{verb} {obj}{complement}.",
                       st.sampled_from(_VERBS), st.sampled_from(_OBJECTS), st.sampled_from(_COMPLEMENTS))
_purposes = st.builds(lambda function, frequency: f"{function} {frequency}", _functions,
                      st.sampled_from(_FREQUENCIES))
_experience = st.builds(lambda years, extra: f"Mínima de {years} años en puestos similares{extra}.",
                        st.integers(1, 9), st.sampled_from(("", ", preferentemente en instituciones bancarias")))
_changes = st.one_of(
    st.sampled_from(_FIXED_CHANGES),
    st.builds(lambda a, b: f"Se renombró {a} por {b}.", _titles, _titles),
    st.builds(lambda a, b: f"Renombramiento del puesto {a} por {b}.", _titles, _titles),
    st.builds(lambda a: f"Creación del puesto {a}.", _titles),
)


def _some(strategy: st.SearchStrategy[str], max_size: int = 3, min_size: int = 0) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size, unique=True).map(tuple)


def realistic_ids(titles: list[str]) -> list[str]:
    """Ids as a reader gives them to a document without ids: each title's slug, made unique."""
    used: set[str] = set()
    found = []
    for title in titles:
        base = slugify(title)
        candidate, suffix = base, 2
        while candidate in used:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        used.add(candidate)
        found.append(candidate)
    return found


@st.composite
def realistic_positions(draw: st.DrawFn, title: str, position_id: str) -> Position:
    """A position as a person fills in the form, with the given title and id."""
    percents = draw(st.lists(st.integers(1, 12).map(lambda n: 5 * n), min_size=1, max_size=4)
                    .filter(lambda shares: sum(shares) <= 100))
    reports = draw(_some(_titles, 3))
    fields: dict[str, Any] = {
        "id": position_id, "title": title,
        "generic_title": draw(st.sampled_from(_ROLES).map(lambda role: f"{role} de Área")),
        "department": draw(st.sampled_from(_DEPARTMENTS)), "unit": draw(_units),
        "reports_to": draw(_titles | st.sampled_from(_SIGNERS)),
        "direct_reports_count": len(reports), "direct_reports": reports, "objective": draw(_functions),
        "key_functions": tuple(KeyFunction(text=draw(_functions), percent=p,
                                           expected_result=draw(st.sampled_from(_RESULTS))) for p in percents),
        "periodic_functions": PeriodicFunctions(**{name: draw(_some(_functions, 4))
                                                   for name in PeriodicFunctions.model_fields}),
        "relations": Relations(with_whom=draw(_some(st.sampled_from(_COUNTERPARTS), 3, 1)),
                               purposes=draw(_some(_purposes, 3, 1))),
        "values": draw(_some(st.sampled_from(("Custodia de documentos de valor.", "Manejo de fondos de caja chica.")), 1)),
        "assets": draw(_some(st.sampled_from(_ASSETS), 2)),
        "decision_making": draw(_some(st.sampled_from(_DECISIONS), 1, 1)),
        "key_authorizations": draw(_some(st.sampled_from(_AUTHORIZATIONS), 2)),
        "inputs_and_resources": draw(_some(st.sampled_from(_RESOURCES), 2, 1)),
        "security_measures": draw(_some(st.sampled_from(_SECURITY), 2)),
        "education": draw(_some(st.sampled_from(_STUDIES), 3, 1)),
        "experience": draw(_some(_experience, 1, 1)),
        "skills": draw(_some(st.sampled_from(_SKILLS), 4, 1)),
        "competencies": Competencies(**{name: draw(_some(st.sampled_from(_COMPETENCY_TEXTS), 2))
                                        for name in Competencies.model_fields}),
    }
    return Position(**fields)


@st.composite
def realistic_manuals(draw: st.DrawFn) -> Manual:
    """A valid manual a person could have written: 1–4 positions with unique titles, ids the
    slugs of their titles, 1–4 revision rows with increasing versions and dates, no marks."""
    titles = draw(st.lists(_titles, min_size=1, max_size=4, unique=True))
    ids = realistic_ids(titles)
    versions = sorted(draw(st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True)))
    days = sorted(draw(st.lists(st.integers(0, 9000), min_size=len(versions), max_size=len(versions), unique=True)))
    in_force = [date(2000, 1, 1) + timedelta(days=day) for day in days]
    rows = tuple(
        RevisionRow(version=version, authorized_by=draw(st.sampled_from(_SIGNERS)),
                    last_modified=draw(st.sampled_from((None, when))), in_force=when,
                    changes=draw(_some(_changes, 3, 1)),
                    prepared_by_label=draw(st.sampled_from(PREPARED_BY_LABELS)),
                    prepared_by=draw(st.sampled_from(_PEOPLE)))
        for version, when in zip(versions, in_force, strict=True)
    )
    topic = draw(st.sampled_from(_TOPICS))
    cover = Cover(
        code=draw(st.from_regex(r"[1-9][0-9]{2} [0-9]{4}", fullmatch=True)),
        title="MANUAL DE DESCRIPCIÓN DE PUESTOS", area=f"ÁREA DE {topic.upper()}",
        version=versions[-1], created=in_force[0], in_force=in_force[-1],
        authorized_by=draw(st.sampled_from(_SIGNERS)), reviewed_by=draw(_some(st.sampled_from(_SIGNERS), 3, 1)),
        process_owner=draw(_titles), conformity_statement=draw(
            st.sampled_from(("Este documento es conforme al original firmado", None))),
    )
    positions = tuple(draw(realistic_positions(title, position_id)) for title, position_id in zip(titles, ids, strict=True))
    return Manual(cover=cover, positions=positions, revisions=rows)
