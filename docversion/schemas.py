"""JSON Schemas (draft 2020-12) of every command's ``--json`` output: the command line's contract.

``docversion schema --for COMMAND`` prints them; the command-line tests validate every
``--json`` document against them. Written by hand from what a script may rely on, not
generated from the code, so a change of the output that breaks a reader breaks a test. Every
document carries ``"schema_version": 1``; objects refuse keys they do not list
(``additionalProperties: false``) so that new keys are added here on purpose. ``SCHEMAS`` maps
a command's name to its schema; ``ERROR`` is the document of any command that fails with
``--json``.
"""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"

STRING = {"type": "string"}
TEXT = {"type": "string", "minLength": 1}
STRINGS = {"type": "array", "items": STRING}
TEXTS = {"type": "array", "items": TEXT}
BOOLEAN = {"type": "boolean"}
COUNT = {"type": "integer", "minimum": 0}
VERSION_NUMBER = {"type": "integer", "minimum": 1}
MONTHS = {"type": "integer", "minimum": 1, "maximum": 120}  # a review interval
COMMIT = {"type": "string", "pattern": "^[0-9a-f]{40}$"}
DIGEST = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATETIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$"}
STORE_CODE = {"type": "string", "pattern": r"^[0-9A-Za-z]+(?:[-._][0-9A-Za-z]+)*$"}
DOCUMENT_CODE = {"type": "string", "pattern": r"^[0-9A-Za-z]+(?:[ ._-][0-9A-Za-z]+)*$"}
POSITION_ID = {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"}
REVISION = {"type": "string", "minLength": 1}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null."""
    return {"anyOf": [schema, {"type": "null"}]}


def record(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object: every property required except ``optional``, no others allowed."""
    return {"type": "object", "properties": properties,
            "required": [name for name in properties if name not in optional], "additionalProperties": False}


def document(properties: dict[str, Any], defs: dict[str, Any] | None = None) -> dict[str, Any]:
    """A command's one JSON document: ``schema_version`` 1 and ``properties``."""
    schema = {"$schema": DIALECT, **record({"schema_version": {"const": 1}, **properties})}
    if defs:
        schema["$defs"] = defs
    return schema


def done(**properties: Any) -> dict[str, Any]:
    """The document of a command that changed something: ``ok`` true and ``properties``."""
    return document({"ok": {"const": True}, **properties})


# The manual ---------------------------------------------------------------------------------

MARKED = record({"path": {"type": "string", "pattern": r"^[a-z_]+(?:\.(?:[a-z_]+|\d+))*$"},
                 "start": nullable(COUNT), "text": TEXT})
COVER = record({
    "code": DOCUMENT_CODE, "title": TEXT, "area": TEXT, "version": VERSION_NUMBER, "created": DATE,
    "in_force": DATE, "authorized_by": TEXT, "reviewed_by": TEXTS, "process_owner": TEXT,
    "conformity_statement": nullable(TEXT),
})
KEY_FUNCTION = record({"text": TEXT, "percent": {"type": "integer", "minimum": 0, "maximum": 100},
                       "expected_result": TEXT})
PERIODS = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "eventual")
POSITION = record({
    "id": POSITION_ID, "title": TEXT, "generic_title": TEXT, "department": TEXT, "unit": TEXT, "reports_to": TEXT,
    "direct_reports_count": COUNT, "direct_reports": TEXTS, "objective": TEXT,
    "key_functions": {"type": "array", "items": KEY_FUNCTION},
    "periodic_functions": record(dict.fromkeys(PERIODS, TEXTS)),
    "relations": record({"with_whom": TEXTS, "purposes": TEXTS}),
    **dict.fromkeys(("values", "assets", "decision_making", "key_authorizations", "inputs_and_resources",
                     "security_measures", "education", "experience", "skills"), TEXTS),
    "competencies": record(dict.fromkeys(("technical", "methodological", "social", "participative"), TEXTS)),
    "marked": {"type": "array", "items": MARKED},
})
REVISION_ROW = record({
    "version": VERSION_NUMBER, "authorized_by": TEXT, "last_modified": nullable(DATE), "in_force": DATE,
    "changes": {"type": "array", "items": TEXT, "minItems": 1}, "prepared_by_label": TEXT, "prepared_by": TEXT,
})
MANUAL = record({
    "cover": COVER, "positions": {"type": "array", "items": POSITION, "minItems": 1},
    "revisions": {"type": "array", "items": REVISION_ROW}, "marked": {"type": "array", "items": MARKED},
})

# The store ----------------------------------------------------------------------------------

VERSION_INFO = record({"version": VERSION_NUMBER, "in_force": nullable(DATE), "imported": BOOLEAN,
                       "commit": COMMIT})
WHERE = {"code": STORE_CODE, "revision": REVISION, "commit": COMMIT, "version": nullable(VERSION_INFO)}

# Change sets ----------------------------------------------------------------------------------

WORD_OP = record({"op": {"enum": ["equal", "replace", "delete", "insert"]}, "old": STRING, "new": STRING})
WORDS = {"type": "array", "items": WORD_OP}
ITEM = {"anyOf": [TEXT, KEY_FUNCTION]}
IN_POSITION = {"position_id": POSITION_ID, "title": TEXT, "section": STRING}
ANY: dict[str, Any] = {}


def change(kind: str, **properties: Any) -> dict[str, Any]:
    """One change kind: its ``kind`` tag and its fields."""
    return record({"kind": {"const": kind}, **properties})


CHANGE_KINDS = {
    "term_renamed": change("term_renamed", old=TEXT, new=TEXT, places=STRINGS, remaining=STRINGS),
    "position_added": change("position_added", position_id=POSITION_ID, title=TEXT, index=COUNT, position=POSITION),
    "position_removed": change("position_removed", position_id=POSITION_ID, title=TEXT, index=COUNT,
                               position=POSITION),
    "position_renamed": change("position_renamed", position_id=POSITION_ID, old=TEXT, new=TEXT, words=WORDS),
    "field_changed": change("field_changed", **IN_POSITION, field=TEXT, old=ANY, new=ANY, words=WORDS,
                            is_cosmetic=BOOLEAN),
    "item_added": change("item_added", **IN_POSITION, field=TEXT, index=COUNT, item=ITEM),
    "item_removed": change("item_removed", **IN_POSITION, field=TEXT, index=COUNT, item=ITEM),
    "item_edited": change("item_edited", **IN_POSITION, field=TEXT, old_index=COUNT, index=COUNT, old=ITEM,
                          new=ITEM, words=WORDS, is_cosmetic=BOOLEAN),
    "item_moved": change("item_moved", **IN_POSITION, from_field=TEXT, field=TEXT, old_index=COUNT, index=COUNT,
                         old=ITEM, new=ITEM, words=WORDS),
    "item_split": change("item_split", **IN_POSITION, field=TEXT, old_index=COUNT,
                         indexes={"type": "array", "items": COUNT, "minItems": 2}, old=ITEM,
                         new={"type": "array", "items": ITEM, "minItems": 2}),
    "item_merged": change("item_merged", **IN_POSITION, field=TEXT,
                          old_indexes={"type": "array", "items": COUNT, "minItems": 2}, index=COUNT,
                          old={"type": "array", "items": ITEM, "minItems": 2}, new=ITEM),
    "items_reordered": change("items_reordered", position_id=nullable(POSITION_ID), title=nullable(TEXT),
                              section=nullable(STRING), field=TEXT, order={"type": "array", "items": COUNT},
                              moved={"type": "array", "items": COUNT}),
    "percent_changed": change("percent_changed", **IN_POSITION, field={"const": "key_functions"}, old_index=COUNT,
                              index=COUNT, text=TEXT, old={"type": "integer"}, new={"type": "integer"}),
    "manual_field_changed": change("manual_field_changed", field=TEXT, old=ANY, new=ANY, words=WORDS,
                                   is_cosmetic=BOOLEAN),
}
CHANGE = {"oneOf": [{"$ref": f"#/$defs/{kind}"} for kind in CHANGE_KINDS]}
ENDPOINT = record({"code": DOCUMENT_CODE, "version": VERSION_NUMBER})

# Change control ------------------------------------------------------------------------------

SIGNOFF_FIELDS = {
    "request": VERSION_NUMBER, "name": TEXT, "role": TEXT, "meaning": {"enum": ["prepared", "reviewed", "authorized"]},
    "decision": {"enum": ["approved", "rejected"]}, "time": DATETIME, "comment": STRING, "digest": DIGEST,
    "commit": COMMIT, "key_id": nullable(TEXT), "trust": nullable(DIGEST), "signature": nullable(TEXT),
}
SIGNOFF = record(SIGNOFF_FIELDS)
KEY = record({"key_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"}, "person": TEXT, "roles": TEXTS,
              "public_key": TEXT, "since": nullable(DATETIME)})
POLICY = {"reviewers": {"type": "array", "items": TEXT, "minItems": 1}, "authorizer": TEXT,
          "is_one_person_many_roles": BOOLEAN}

SIGNER = record({"role": nullable(TEXT), "name": nullable(TEXT), "time": nullable(DATETIME), "comment": STRING})
"""A part in a version: the role (or the preparer's label; none for who published), the name when
the record knows it (a version signed on paper names only the authorizing role), when, and the
comment."""
VERSION_RECORD = record({
    "version": VERSION_NUMBER, "in_force": nullable(DATE), "imported": BOOLEAN, "sentences": TEXTS,
    "prepared": nullable(SIGNER), "reviewed": {"type": "array", "items": SIGNER}, "authorized": nullable(SIGNER),
    "published": nullable(SIGNER), "request": nullable(VERSION_NUMBER), "kept": {"type": "array", "items": SIGNER}})
REQUEST_EVENT = record({
    "seq": VERSION_NUMBER, "time": DATETIME,
    "action": {"enum": ["proposed", "sentences set", "submitted", "reviewed", "authorized", "rejected", "withdrawn",
                        "policy set"]},
    "name": nullable(TEXT), "role": nullable(TEXT), "comment": STRING, "sentences": TEXTS})
OPEN_REQUEST = record({
    "request": VERSION_NUMBER, "state": {"enum": ["draft", "in_review", "authorized"]}, "preparer": TEXT,
    "label": TEXT, "version": nullable(VERSION_NUMBER), "in_force": nullable(DATE), "sentences": TEXTS,
    "sentences_written": BOOLEAN, "events": {"type": "array", "items": REQUEST_EVENT, "minItems": 1}})

# One position through the versions -----------------------------------------------------------

STAMP = record({"version": nullable(VERSION_NUMBER), "in_force": nullable(DATE)})
"""A version as a position's history and blame name it; ``version`` null is the open draft."""
HOWS = ["created", "added", "renamed", "changed", "edited", "share", "moved", "split", "merged", "term"]
POSITION_CHANGE = record({
    "version": nullable(VERSION_NUMBER), "in_force": nullable(DATE), "commit": COMMIT,
    "event": {"enum": ["created", "changed", "removed"]}, "position_id": POSITION_ID, "title": TEXT,
    "former_title": nullable(TEXT),
    "kinds": {"type": "object", "propertyNames": {"enum": list(CHANGE_KINDS)}, "additionalProperties": COUNT},
    "sentences": TEXTS, "sentences_of_version": BOOLEAN, "record": nullable(VERSION_RECORD),
    "changes": {"type": "array", "items": CHANGE}})
BLAMED_PART = record({
    "path": {"type": "string", "pattern": r"^[a-z_]+(?:\.(?:[a-z_]+|\d+))*$"}, "field": TEXT, "index": nullable(COUNT),
    "section": {"enum": ["I", "II", "III", "IV", "V", "VI", "VII"]}, "label": TEXT,
    "value": {"anyOf": [TEXT, COUNT, KEY_FUNCTION]}, "introduced": STAMP, "changed": STAMP, "how": {"enum": HOWS},
    "moved_from": nullable(TEXT), "term": nullable(record({"old": TEXT, "new": TEXT}))})

# Consistency and the organisation --------------------------------------------------------------

FINDING = record({
    "severity": {"enum": ["error", "warning"]},
    "kind": {"enum": ["stale_title", "stale_mention", "unknown_superior", "not_reporting_back", "ambiguous_superior",
                      "direct_reports_disagree", "title_used_twice"]},
    "path": TEXT, "position_id": nullable(POSITION_ID), "field": STRING, "label": STRING, "message": TEXT,
    "code": STORE_CODE}, optional=("code",))
"""A consistency finding: ``label`` names the field as the document does ("Reporta a"); ``code``, the
manual, is given where findings of several manuals come together (``lint --all``, ``org``)."""
SKIPPED = {"type": "array", "items": record({"code": STORE_CODE, "first_in_force": nullable(DATE)})}
FINDINGS = {"type": "array", "items": FINDING}
LINT = {"$schema": DIALECT, "oneOf": [
    record({"schema_version": {"const": 1}, "target": TEXT, "base": nullable(TEXT), "ok": BOOLEAN,
            "findings": FINDINGS}),
    record({"schema_version": {"const": 1}, "all": {"const": True}, "as_of": DATE, "ok": BOOLEAN,
            "manuals": {"type": "array", "minItems": 1, "items": record({
                "code": STORE_CODE, "version": VERSION_NUMBER, "base": nullable(TEXT), "errors": COUNT,
                "warnings": COUNT})},
            "skipped": SKIPPED, "findings": FINDINGS})]}
"""``lint TARGET`` or ``lint --all`` (every manual in force, and the findings across manuals)."""
ORG = document({
    "as_of": DATE, "skipped": SKIPPED, "findings": FINDINGS,
    "manuals": {"type": "array", "minItems": 1, "items": record({
        "code": STORE_CODE, "version": VERSION_NUMBER, "area": TEXT, "in_force": DATE,
        "units": {"type": "array", "items": record({"name": TEXT, "department": TEXT, "nodes": STRINGS})}})},
    "nodes": {"type": "array", "items": record({
        "id": TEXT, "kind": {"enum": ["position", "role"]}, "title": TEXT, "code": nullable(STORE_CODE),
        "position_id": nullable(POSITION_ID), "unit": nullable(TEXT), "department": nullable(TEXT)})},
    "edges": {"type": "array", "items": record({
        "from": TEXT, "to": nullable(TEXT), "kind": {"enum": ["position", "role", "dangling", "ambiguous"]},
        "reports_to": TEXT, "candidates": TEXTS})},
    "format": nullable({"enum": ["svg", "dot", "mermaid", "html", "text"]}), "output": nullable(TEXT)})
"""``org --json``: node ids are ``CODE/POSITION_ID`` for positions and ``role:SLUG`` for roles; an edge
goes from the position to its superior, ``to`` null when it is dangling or ambiguous (then
``candidates`` are the positions that hold the title)."""

# Search ----------------------------------------------------------------------------------------

SEARCH_HIT = record({
    "code": STORE_CODE, "area": TEXT, "position_id": nullable(POSITION_ID), "position_title": nullable(TEXT),
    "field": {"type": "string", "pattern": r"^[a-z_]+(?:\.(?:[a-z_]+|\d+))*$"}, "label": TEXT,
    "version": VERSION_NUMBER, "commit": COMMIT, "versions": record({"from": VERSION_NUMBER, "to": VERSION_NUMBER}),
    "text": TEXT, "matches": {"type": "array", "minItems": 1, "items": record({"start": COUNT, "end": COUNT})}})
"""One hit: where the phrase stands (the field by model path and by label), the version shown, the
versions its text stands in unchanged, and each match as offsets in the text."""

# Every command -------------------------------------------------------------------------------

SCHEMAS: dict[str, dict[str, Any]] = {
    "init": done(store=TEXT, bare=BOOLEAN, trust_root=BOOLEAN),
    "import": done(recorded={"type": "array", "minItems": 1, "items": record({
        "document": TEXT, "code": STORE_CODE, "commit": COMMIT, "version": nullable(VERSION_NUMBER),
        "unchanged": BOOLEAN, "positions": {"type": "array", "items": POSITION_ID}, "warnings": STRINGS,
        "stale": STRINGS})}),
    "list": document({"manuals": {"type": "array", "items": record({
        "code": STORE_CODE, "area": TEXT, "latest": nullable(VERSION_INFO), "in_force": nullable(VERSION_INFO),
        "open_draft": BOOLEAN, "head": COMMIT})}}),
    "log": document({"code": STORE_CODE, "request": nullable(OPEN_REQUEST), "entries": {
        "type": "array", "minItems": 1, "items": record({
            "commit": COMMIT, "kind": {"enum": ["version", "draft", "merge"]}, "version": nullable(VERSION_INFO),
            "author": TEXT, "email": STRING, "authored": DATETIME, "committed": DATETIME, "summary": TEXT,
            "parents": {"type": "array", "items": COMMIT}, "record": nullable(VERSION_RECORD)})}}),
    "show": {**document({**WHERE, "manual": MANUAL, "warnings": STRINGS}),
             "required": ["schema_version", "manual", "warnings"]},  # a document on disk has no code or commit
    "search": document({
        "query": TEXT, "words": {"type": "array", "items": TEXT, "minItems": 1},
        "scope": record({"versions": {"enum": ["in_force", "as_of", "all"]}, "day": nullable(DATE),
                         "code": nullable(STORE_CODE),
                         "fields": nullable({"type": "array", "items": TEXT, "minItems": 1})}),
        "index": {"enum": ["fresh", "updated", "built", "unavailable"]},
        "manuals": {"type": "array", "items": record({"code": STORE_CODE, "versions": {
            "type": "array", "items": VERSION_NUMBER, "minItems": 1}})},
        "hits": {"type": "array", "items": SEARCH_HIT}}),
    "diff": document({"from": ENDPOINT, "to": ENDPOINT, "changes": {"type": "array", "items": CHANGE},
                      "matches": {"type": "array", "items": record({"old_id": POSITION_ID, "new_id": POSITION_ID})},
                      "sentences": TEXTS}, defs=CHANGE_KINDS),
    "propose": done(code=STORE_CODE, request=VERSION_NUMBER, version=VERSION_NUMBER, in_force=DATE,
                    warnings=STRINGS),
    "sentences": done(code=STORE_CODE, sentences={"type": "array", "items": TEXT, "minItems": 1}),
    "submit": done(signoff=SIGNOFF),
    "review": done(signoff=SIGNOFF),
    "authorize": done(signoff=SIGNOFF),
    "publish": done(code=STORE_CODE, version=VERSION_NUMBER, warnings=STRINGS),
    "withdraw": done(code=STORE_CODE),
    "status": document({"requests": {"type": "array", "items": record({
        "code": STORE_CODE, "request": VERSION_NUMBER, "state": {"enum": ["draft", "in_review", "authorized"]},
        "preparer": TEXT, "label": TEXT, "version": nullable(VERSION_NUMBER), "in_force": nullable(DATE),
        "reason": STRING, "sentences": TEXTS, "sentences_written": BOOLEAN, "digest": DIGEST, "missing": TEXTS,
        "to_sign": {"type": "array", "items": record({"role": TEXT,
                                                      "step": {"enum": ["submit", "review", "authorize"]}})},
        "identities_proven": BOOLEAN, "voided": {"type": "array", "items": SIGNOFF},
        "signoffs": {"type": "array", "items": record({**SIGNOFF_FIELDS, "stale": BOOLEAN})}})}}),
    "verify": document({"ok": BOOLEAN, "trust_root": BOOLEAN, "problems": {"type": "array", "items": record({
        "code": STORE_CODE, "version": nullable(VERSION_NUMBER), "message": TEXT})}}),
    "table": document({"code": STORE_CODE, "revision": REVISION,
                       "rows": {"type": "array", "items": REVISION_ROW}}),
    "signoffs": document({"code": STORE_CODE, "version": nullable(VERSION_NUMBER), "imported": BOOLEAN,
                          "identities_proven": BOOLEAN,
                          "request": nullable(VERSION_NUMBER), "cover": COVER,
                          "signoffs": {"type": "array", "items": SIGNOFF}}),
    "export": done(output=TEXT, format={"enum": ["yaml", "docx", "pdf", "md", "html"]}, code=STORE_CODE,
                   commit=COMMIT,
                   version=nullable(VERSION_INFO),
                   stamp=nullable({"enum": ["superseded", "draft", "pending", "uncontrolled"]})),
    "push": done(remote=TEXT, refs={"type": "array", "items": {"type": "string", "pattern": "^refs/"}}),
    "pull": document({"ok": BOOLEAN, "remote": TEXT, "updated": {"type": "object", "additionalProperties": STRING},
                      "versions": STRINGS, "version_clashes": STRINGS, "clashes": {"type": "array", "items": record({
                          "code": STORE_CODE, "position": STRING, "field": STRING, "ours": ANY, "theirs": ANY})}}),
    "doctor": document({"ok": BOOLEAN, "findings": {"type": "array", "items": record({
        "kind": TEXT, "path": STRING, "message": TEXT, "repaired": BOOLEAN, "damage": BOOLEAN})},
        "storage": record(dict.fromkeys(("store_bytes", "loose_objects", "loose_bytes", "packs", "pack_bytes",
                                         "parse_cache_bytes"), COUNT))}),
    "policy": document({"code": STORE_CODE, **POLICY, "review_months": MONTHS, "trust_root": BOOLEAN}),
    "due": document({"today": DATE, "within": nullable({"type": "integer", "minimum": 0}), "manuals": {
        "type": "array", "items": record({
            "code": STORE_CODE, "title": TEXT, "version": VERSION_INFO, "last_review": DATE,
            "reviewed_by": nullable(SIGNER), "process_owner": TEXT, "months": MONTHS, "due": DATE,
            "days_left": {"type": "integer"}, "overdue": BOOLEAN})}}),
    "reviewed": done(code=STORE_CODE, version=VERSION_NUMBER, verdict={"const": "keep"},
                     signoff=record({**SIGNOFF_FIELDS, "request": {"const": 0}, "meaning": {"const": "reviewed"}})),
    "keys add": done(key=KEY),
    "keys list": document({"trust_root": BOOLEAN, "keys": {"type": "array", "items": KEY},
                           "admins": {"type": "array", "items": record({"key_id": TEXT, "person": TEXT})}}),
    "convert": done(output=TEXT, code=DOCUMENT_CODE, positions={"type": "array", "items": POSITION_ID},
                    warnings=STRINGS),
    "validate": done(code=DOCUMENT_CODE, version=VERSION_NUMBER, positions=COUNT, revisions=COUNT,
                     reading=nullable(record(dict.fromkeys((
                         "placed", "furniture", "unplaced", "placed_characters", "furniture_characters",
                         "unplaced_characters"), COUNT))), warnings=STRINGS),
    "history": document({"code": STORE_CODE, "revision": REVISION, "position": record({
        "id": POSITION_ID, "title": TEXT, "titles": {"type": "array", "items": TEXT, "minItems": 1}}),
        "entries": {"type": "array", "items": POSITION_CHANGE, "minItems": 1}}, defs=CHANGE_KINDS),
    "blame": document({**WHERE, "position": record({"id": POSITION_ID, "title": TEXT}),
                       "parts": {"type": "array", "items": BLAMED_PART, "minItems": 1},
                       "versions": {"type": "array", "items": VERSION_RECORD}}),

    "lint": LINT,
    "org": ORG,
}
"""The schema of each command's ``--json`` document, by command name."""

ERROR = document({"ok": {"const": False}, "error": record({
    "type": {"type": "string", "pattern": "Error$"}, "message": TEXT, "exit_code": {"enum": [1, 3, 4, 5]},
    "source": nullable(STRING), "line": nullable({"type": "integer", "minimum": 1}), "field": nullable(STRING),
    "hint": nullable(STRING)}, optional=("source", "line", "field", "hint"))})
"""The document of a command that failed with --json (exit code 1, 3, 4 or 5)."""

INVALID_INPUT_ERROR = {**ERROR, "properties": {**ERROR["properties"], "error": {
    **ERROR["properties"]["error"], "required": ["type", "message", "exit_code", "source", "line", "field", "hint"],
    "properties": {**ERROR["properties"]["error"]["properties"], "exit_code": {"const": 5}}}}}
"""An invalid-input error (exit 5) always names where the fault is, as far as it is known."""
