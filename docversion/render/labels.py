"""The manual's own words for its sections, fields and periodicities, for every view."""

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
