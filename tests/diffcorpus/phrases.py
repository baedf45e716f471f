"""Spanish wording the edits draw on: clauses an analyst adds, synonyms an analyst swaps in,
new names for organisational terms, and values for the identification fields.

Plain data. Replacement words are lower case (a capitalised replacement seen twice would be an
organisation-wide rename, which only the term edit makes); names are capitalised.
"""

from __future__ import annotations

from types import MappingProxyType

FUNCTION_WORDS = frozenset({
    "a", "al", "ante", "bajo", "cada", "como", "con", "conforme", "cuando", "de", "del", "desde", "e", "el", "en",
    "entre", "es", "esta", "este", "hasta", "la", "las", "le", "les", "lo", "los", "mediante", "o", "otra",
    "otras", "otro", "otros", "para", "por", "que", "se", "según", "sin", "sobre", "su", "sus", "toda", "todas",
    "todo", "todos", "u", "un", "una", "unas", "uno", "unos", "y",
})
"""Articles, prepositions, conjunctions and pronouns: never replaced, never the end of a kept part."""

TAIL_STARTS = frozenset({"a", "al", "ante", "con", "conforme", "de", "del", "en", "mediante", "para", "por",
                         "según", "sobre"})
"""Words a clause taken from another item may start with, to open a new item after a verb and
its object ("Brindar asistencia técnica" + "a las unidades solicitantes ...")."""

APPENDED_STARTS = frozenset({"con", "conforme", "mediante", "para", "por", "según"})
"""Words a clause appended to the end of an item may start with: those that read as an adverbial
("..., para su compromiso presupuestario"), not as the complement of the last noun."""

CLAUSES = (
    ", de acuerdo a la normativa vigente",
    " y/o herramientas electrónicas",
    " por requerimiento de la jefatura",
    ", según los lineamientos institucionales",
    " en coordinación con las unidades involucradas",
    ", cuando sea requerido",
    " de manera oportuna",
    " y demás instancias relacionadas",
    ", en los plazos establecidos",
    " conforme a los procedimientos internos",
    " y dar seguimiento a su cumplimiento",
    " con el fin de garantizar la calidad del servicio",
    " y elaborar los informes correspondientes",
    ", a fin de mantener actualizados los registros",
    " a nivel institucional",
    " y sus respectivos anexos",
)
"""Clauses appended to an item (before its final period), each with its leading separator."""

NOUN_CLAUSES = (
    ", entre otros",
    " y afines",
    " a nivel avanzado",
    " y su normativa aplicable",
    " de preferencia en el sector público",
    " en el ámbito institucional",
    " y herramientas de ofimática",
    ", según el puesto",
)
"""Clauses appended to an item of a list of nouns (education, skills, assets, relations ...)."""

INNER_PHRASES = ("y soporte", "o soporte", "y/o herramientas electrónicas", "y seguimiento", "y control",
                 "o apoyo", "de forma oportuna", "y registro")
"""Short phrases inserted after a word inside an item ("asistencia técnica y soporte a ...")."""

ADVERBS = ("oportunamente", "periódicamente", "debidamente", "formalmente", "conjuntamente", "previamente",
           "sistemáticamente", "puntualmente", "adecuadamente", "detalladamente")
"""Words a small rewording inserts after another word."""

SYNONYMS = MappingProxyType({
    "actividades": ("tareas", "labores", "acciones"), "personal": ("recurso humano", "equipo de trabajo"),
    "servicios": ("trámites", "productos"), "unidades": ("áreas", "dependencias"),
    "organización": ("institución", "entidad"), "gestión": ("administración", "tramitación"),
    "normativa": ("regulación", "legislación"), "expedientes": ("legajos", "archivos"),
    "procesos": ("procedimientos", "trámites"), "información": ("datos", "documentación"),
    "funciones": ("tareas", "atribuciones"), "pagos": ("abonos", "desembolsos"),
    "reuniones": ("sesiones", "juntas"), "canales": ("medios", "plataformas"),
    "proveedores": ("suministrantes", "contratistas"), "clientes": ("usuarios", "afiliados"),
    "atención": ("servicio", "asistencia"), "archivo": ("resguardo", "depósito"),
    "sistemas": ("aplicaciones", "plataformas"), "informe": ("reporte", "documento"),
    "apoyo": ("soporte", "ayuda"), "seguimiento": ("control", "monitoreo"),
    "consultas": ("solicitudes", "requerimientos"), "control": ("monitoreo", "supervisión"),
    "registro": ("asiento", "inscripción"), "documentos": ("escritos", "expedientes"),
    "capacitación": ("formación", "instrucción"), "equipo": ("grupo", "conjunto"),
    "recepción": ("recibo", "ingreso"), "actualización": ("revisión", "modernización"),
    "resultados": ("logros", "productos"), "avance": ("progreso", "estado"),
    "herramientas": ("instrumentos", "aplicaciones"), "solicitudes": ("peticiones", "requerimientos"),
    "presentar": ("remitir", "entregar"), "verificar": ("comprobar", "revisar"),
    "controlar": ("supervisar", "vigilar"), "necesidades": ("requerimientos", "demandas"),
    "documentación": ("documentos", "papelería"), "general": ("global", "integral"),
    "evaluación": ("valoración", "revisión"), "análisis": ("estudio", "examen"),
    "realizadas": ("efectuadas", "ejecutadas"), "relacionadas": ("vinculadas", "asociadas"),
    "asignadas": ("encomendadas", "delegadas"), "establecidos": ("definidos", "fijados"),
    "cumplimiento": ("observancia", "ejecución"), "elaboración": ("preparación", "redacción"),
    "ejecución": ("realización", "implementación"), "desarrollo": ("avance", "ejecución"),
    "vigente": ("actual", "aplicable"), "correspondiente": ("respectivo", "pertinente"),
    "recibidas": ("ingresadas", "presentadas"), "electrónico": ("digital",), "electrónica": ("digital",),
    "electrónicas": ("digitales",), "mejora": ("optimización", "perfeccionamiento"),
    "trabajo": ("labor", "gestión"), "contratos": ("convenios", "acuerdos"), "empresas": ("entidades", "patronos"),
    "cheques": ("pagos", "títulos"), "planillas": ("nóminas", "listados"), "correspondencia": ("comunicaciones",),
    "requerimientos": ("solicitudes", "pedidos"), "proyectos": ("iniciativas", "planes"),
    "plazos": ("términos", "tiempos"), "oportunamente": ("puntualmente", "a tiempo"),
    "presupuesto": ("asignación", "previsión"), "observaciones": ("hallazgos", "comentarios"),
    "lineamientos": ("directrices", "criterios"), "políticas": ("directrices", "normas"),
    "revisar": ("examinar", "verificar"), "elaborar": ("preparar", "redactar"), "remitir": ("enviar", "trasladar"),
    "coordinar": ("articular", "organizar"), "supervisar": ("vigilar", "controlar"), "atender": ("resolver", "gestionar"),
    "registrar": ("anotar", "consignar"), "mantener": ("conservar", "preservar"), "recibir": ("recoger", "acoger"),
    "necesarias": ("requeridas", "precisas"), "institucional": ("interno", "corporativo"),
    "mensual": ("periódico",), "técnica": ("especializada",), "interna": ("institucional",),
    "capacitaciones": ("formaciones", "jornadas de formación"), "continua": ("permanente", "constante"),
    "aplicable": ("vigente", "correspondiente"), "puesto": ("cargo", "plaza"), "inmediato": ("directo", "superior"),
    "seguimientos": ("monitoreos", "controles"), "auditorías": ("revisiones", "fiscalizaciones"),
    "organizativas": ("administrativas", "institucionales"), "documentales": ("de archivo", "archivísticas"),
    "sistema": ("aplicativo", "programa"), "plan": ("programa", "plan de trabajo"), "visitas": ("inspecciones",),
    "compra": ("adquisición",), "financieras": ("económicas",), "archivos": ("expedientes", "registros"),
    "asistencia": ("ayuda", "soporte"), "servicio": ("atención", "trámite"), "implementación": ("puesta en marcha",),
    "reporte": ("informe",), "transferencias": ("traslados", "remesas"), "constancias": ("certificaciones",),
    "programación": ("planificación", "calendarización"), "bases": ("términos", "condiciones"),
    "contrato": ("convenio", "acuerdo"), "desempeño": ("rendimiento",), "contratistas": ("proveedores",),
    "garantías": ("fianzas", "cauciones"), "ingresos": ("entradas", "percepciones"), "inversiones": ("colocaciones",),
    "bancarias": ("financieras",), "depósitos": ("abonos", "consignaciones"), "fondos": ("recursos", "montos"),
    "salarios": ("sueldos", "remuneraciones"), "conservación": ("preservación", "custodia"),
    "préstamo": ("facilitación", "entrega temporal"), "implementar": ("aplicar", "poner en marcha"),
    "ejecutar": ("realizar", "llevar a cabo"), "relacionados": ("vinculados", "asociados"), "planes": ("programas",),
    "cliente": ("usuario",), "propuesta": ("iniciativa", "sugerencia"), "órdenes": ("pedidos",),
    "ofertas": ("propuestas", "cotizaciones"), "cuentas": ("registros contables",), "pago": ("abono", "desembolso"),
    "prestaciones": ("beneficios",), "anual": ("del año", "de cada año"), "divulgación": ("difusión", "promoción"),
    "consulta": ("solicitud", "petición"), "trámites": ("gestiones", "diligencias"), "informes": ("reportes",),
    "propuestas": ("iniciativas", "sugerencias"), "gestiones": ("trámites", "diligencias"),
    "solicitantes": ("requirentes", "interesadas"), "firmar": ("suscribir", "autorizar"),
    "pendientes": ("por resolver", "en trámite"), "distribuir": ("repartir", "entregar"), "solicitud": ("petición",),
    "respaldo": ("soporte", "resguardo"), "descuentos": ("deducciones", "retenciones"), "usuarios": ("clientes",),
    "mejorar": ("optimizar", "fortalecer"), "bienes": ("activos", "recursos"), "recursos": ("medios", "insumos"),
    "estrategias": ("acciones", "iniciativas"), "mantenimiento": ("conservación", "cuidado"),
    "mejoras": ("optimizaciones", "innovaciones"), "verificación": ("comprobación", "revisión"),
    "estado": ("situación", "avance"), "casos": ("situaciones", "asuntos"), "correspondientes": ("respectivos",),
    "remitidas": ("enviadas", "trasladadas"), "solicitados": ("requeridos", "pedidos"),
    "entrega": ("remisión", "traslado"), "brindar": ("prestar", "ofrecer"),
})
"""Words of the manuals and what an analyst might write instead."""

REPLACEMENTS = tuple(sorted({word for key, values in SYNONYMS.items() for word in (key, *values) if " " not in word}))
"""Single words a heavy rewording may put in place of a word that has no synonym listed."""

NAME_SYNONYMS = MappingProxyType({
    "Servicio": "Atención", "Cliente": "Usuario", "Gestión": "Administración", "Calidad": "Excelencia",
    "Electrónico": "Digital", "Administración": "Gestión", "Empresas": "Negocios", "Contactos": "Llamadas",
    "Adquisiciones": "Compras", "Financiera": "de Finanzas", "Legal": "Jurídica", "Administrativa": "de Administración",
    "Tesorería": "Finanzas", "Contaduría": "Contabilidad", "Contabilidad": "Contaduría", "Talento": "Capital",
    "Comité": "Comisión", "Salud": "Higiene", "Interno": "Interior", "Ministerio": "Secretaría",
    "Central": "General", "Información": "Transparencia", "Selección": "Depuración", "Eliminación": "Destrucción",
    "Jurídicas": "Legales", "Archivo": "Acervo", "Documental": "Documentaria", "Plan": "Programa",
    "Institucional": "Corporativa", "Corte": "Tribunal", "Contrataciones": "Convenios", "Previsión": "Seguridad",
})
"""New names for a word of an organisational term ("Gerencia de Servicio al Cliente" ->
"Gerencia de Atención al Cliente")."""

GENERIC_TITLES = ("Jefe de Unidad", "Jefe de Área", "Técnico", "Analista", "Asistente", "Auxiliar", "Especialista",
                  "Coordinador", "Profesional")
SUPERIORS = ("Gerente de Planificación", "Gerente Administrativo", "Presidente y Director Ejecutivo",
             "Jefe de Departamento", "Gerente de Operaciones")
UNITS = ("Unidad de Servicios Digitales", "Área de Atención al Usuario", "Departamento de Operaciones",
         "Unidad de Gestión Administrativa", "Área de Innovación y Procesos")
DEPARTMENTS = ("Gerencia de Operaciones", "Gerencia de Atención al Usuario", "Gerencia de Planificación",
               "Presidencia", "Gerencia de Desarrollo Institucional")
FIELD_VALUES = MappingProxyType({"generic_title": GENERIC_TITLES, "reports_to": SUPERIORS, "unit": UNITS,
                                 "department": DEPARTMENTS})
"""Values an identification field may change to (``objective`` is reworded instead)."""

TITLE_WORDS = ("Principal", "Senior", "Regional", "Corporativo", "General", "Institucional")
TITLE_HEADS = MappingProxyType({"Jefe": "Coordinador", "Analista": "Especialista", "Técnico": "Especialista",
                                "Auxiliar": "Asistente", "Asistente": "Auxiliar", "Promotor": "Gestor",
                                "Encargado": "Responsable", "Gerente": "Director"})
"""A renamed title gets a word after its first (``TITLE_WORDS``) or a new head (``TITLE_HEADS``)."""
