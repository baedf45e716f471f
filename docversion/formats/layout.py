"""The printed layout's labels, shared by every writer and reader of the institution's document
(.docx, Markdown, HTML): the words the manual itself prints, in its order."""

from __future__ import annotations

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
