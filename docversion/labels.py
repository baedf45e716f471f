"""The manual's own words for its sections, fields and periodicities, for every view and message."""

from __future__ import annotations

from docversion.model import SECTIONS

FIELD_LABELS = {
    "title": "Puesto funcional", "generic_title": "Puesto genérico", "department": "Dependencia",
    "unit": "Unidad/Área", "reports_to": "Reporta a", "direct_reports_count": "Puestos bajo su cargo (número)",
    "direct_reports": "Puestos directamente bajo su cargo", "objective": "Objetivo del puesto",
    "key_functions": "Funciones claves", "relations.with_whom": "Relaciones: con",
    "relations.purposes": "Relaciones: para / frecuencia", "values": "Valores", "assets": "Bienes",
    "decision_making": "Toma de decisiones", "key_authorizations": "Autorizaciones claves para",
    "inputs_and_resources": "Insumos y recursos", "security_measures": "Medidas de seguridad requeridas",
    "education": "Educación, formación y otros conocimientos", "experience": "Experiencia laboral",
    "skills": "Habilidades", "competencies.technical": "Competencias técnicas",
    "competencies.methodological": "Competencias metodológicas", "competencies.social": "Competencias sociales",
    "competencies.participative": "Competencias participativas", "marked": "Marcas de revisión",
    "periodic_functions.daily": "Diaria", "periodic_functions.weekly": "Semanal",
    "periodic_functions.monthly": "Mensual", "periodic_functions.quarterly": "Trimestral",
    "periodic_functions.semiannual": "Semestral", "periodic_functions.annual": "Anual",
    "periodic_functions.eventual": "Eventual",
    "cover.title": "Título", "cover.area": "Área", "cover.version": "Versión", "cover.created": "Fecha de creación",
    "cover.in_force": "Fecha de vigencia", "cover.authorized_by": "Autorizado", "cover.reviewed_by": "Revisado",
    "cover.process_owner": "Responsable de Proceso", "cover.conformity_statement": "Declaración de conformidad",
    "cover.code": "Código", "revisions": "Modificaciones realizadas", "positions": "Puestos",
}

SECTION_TITLES = {numeral: title for numeral, title, _ in SECTIONS}


def field_label(field: str) -> str:
    """The label of a model field as the manual prints it (the field's own name when it has none)."""
    return FIELD_LABELS.get(field, field)


def field_name(path: str) -> str:
    """A field as a message names it: in Spanish by the document's own label ("Semanal 4" for
    ``periodic_functions.weekly.3``, "Reporta a" for ``reports_to``), in English by its path."""
    from docversion.i18n import current

    return document_label(path) if current() == "es" else path


def document_label(path: str) -> str:
    """A field by the document's own label and number, in every language ("Semanal 4" for
    ``periodic_functions.weekly.3``); a path the document has no label for stays as it is."""
    parts = path.split(".")
    if parts[:1] == ["positions"] and len(parts) > 2:
        parts = parts[2:]
    for end in range(len(parts), 0, -1):
        label = FIELD_LABELS.get(".".join(parts[:end]))
        if label is not None:
            rest = parts[end:]
            number = f" {int(rest[0]) + 1}" if rest and rest[0].isdigit() else ""
            return label + number
    return path
