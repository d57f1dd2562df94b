"""The OpenAPI 3.1 description of /api/v1, kept next to the code (tests/web/test_api_v1.py checks both match)."""

from __future__ import annotations

import copy

from civil_complaints.domain.status import ComplaintStatus

DATETIME = {"type": "string", "format": "date-time", "description": "ISO 8601 with offset, shown in KST (+09:00)"}
NULLABLE_STRING = {"type": ["string", "null"]}
STATUSES = [status.value for status in ComplaintStatus]
#: a required text must hold a character other than white space (the server strips it; "  " is refused)
NOT_BLANK = r"\S"


def _text(max_length: int, description: str | None = None) -> dict:
    """Required free text: at most `max_length` characters as sent, at least one that is not white space."""
    schema = {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": NOT_BLANK}
    return {**schema, "description": description} if description else schema


def _optional_text(max_length: int) -> dict:
    """Optional text: null, empty or white space count as not given."""
    return {"type": ["string", "null"], "maxLength": max_length}


def _given(name: str) -> dict:
    """`name` is present and not blank."""
    return {"required": [name], "properties": {name: {"type": "string", "pattern": NOT_BLANK}}}


def _needs_when(name: str, value: str, needed: str | dict) -> dict:
    then = _given(needed) if isinstance(needed, str) else needed
    return {"if": {"required": [name], "properties": {name: {"const": value}}}, "then": then}


#: a Korean mobile number (civil_complaints/domain/contacts.py): 010 and 8 digits, or 011/016–019 and 7 or 8;
#: separators (space, hyphen, dot, brackets) anywhere; +82 or 0082 for the leading 0
_SEP = r"[\s\-().]*"
MOBILE = (rf"^{_SEP}(\+{_SEP}8{_SEP}2{_SEP}(0{_SEP})?|0{_SEP}0{_SEP}8{_SEP}2{_SEP}(0{_SEP})?|0{_SEP})1{_SEP}"
          rf"(0({_SEP}[0-9]){{8}}|[16789]({_SEP}[0-9]){{7,8}}){_SEP}$")
_MOBILE_PHONE = {"required": ["phone"], "properties": {"phone": {"type": "string", "pattern": MOBILE}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    return {str(code): {"$ref": f"#/components/responses/E{code}"} for code in codes}


RECEIPT_NO = {"name": "receipt_no", "in": "path", "required": True,
              "schema": {"type": "string", "pattern": r"^[A-Z]{2,8}-\d{4}-\d{6}$"},
              "description": "접수번호, e.g. HB-2611-000123"}

SCHEMAS: dict = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {
            "type": "object", "required": ["code", "message"],
            "properties": {
                "code": {"type": ["string", "integer"],
                         "description": "a stable code such as unauthorized, forbidden, not_found, invalid or a "
                                        "workflow refusal (answer_not_allowed); the HTTP status for routing errors"},
                "message": {"type": "string", "description": "Korean (or English) text for people"},
                "title": {"type": "string"},
            },
        }},
    },
    "Department": {"type": "object", "required": ["code", "name"],
                   "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
    "ComplaintSummary": {
        "type": "object",
        "required": ["receipt_no", "type_code", "title", "status", "channel", "department", "complainant_name",
                     "received_at", "due_at", "overdue"],
        "properties": {
            "receipt_no": {"type": "string"},
            "type_code": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "string", "enum": STATUSES},
            "channel": {"type": "string", "enum": ["web", "open311", "api", "visit", "phone", "letter", "fax",
                                                   "email"]},
            "department": _ref("Department"),
            "complainant_name": {"type": "string", "description": "masked (홍*동) except in ComplaintRecord"},
            "received_at": DATETIME,
            "due_at": {**DATETIME, "description": "처리기한 (statutory deadline)"},
            "overdue": {"type": "boolean"},
        },
    },
    "ComplaintRecord": {
        "allOf": [_ref("ComplaintSummary"), {
            "type": "object",
            "required": ["content", "complainant_phone", "complainant_email", "events"],
            "properties": {
                "complainant_name": {"type": "string", "description": "in full; the read is logged (접속기록)"},
                "complainant_phone": NULLABLE_STRING, "complainant_email": NULLABLE_STRING,
                "content": {"type": "string"}, "kind": {"type": "string"}, "address": NULLABLE_STRING,
                "lat": {"type": ["number", "null"]}, "long": {"type": ["number", "null"]},
                "arrived_at": DATETIME, "period_spec": {"type": "string"},
                "answer": {"oneOf": [{"type": "null"}, {
                    "type": "object", "required": ["text", "answered_at"],
                    "properties": {"text": {"type": "string"}, "answered_at": DATETIME,
                                   "answered_by": NULLABLE_STRING}}]},
                "events": {"type": "array", "items": {
                    "type": "object", "required": ["at", "action", "actor_kind"],
                    "properties": {"at": DATETIME, "action": {"type": "string"}, "actor_kind": {"type": "string"}}}},
                "attachments": {"type": "array", "items": {
                    "type": "object", "properties": {"name": {"type": "string"}, "content_type": {"type": "string"},
                                                     "size": {"type": "integer"}}}},
            },
        }],
    },
    "ComplaintList": {
        "type": "object", "required": ["items", "page", "per_page", "total"],
        "properties": {"items": {"type": "array", "items": _ref("ComplaintSummary")},
                       "page": {"type": "integer", "minimum": 1},
                       "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                       "total": {"type": "integer", "minimum": 0}},
    },
    "Registration": {
        "type": "object", "required": ["type_code", "title", "content", "name", "channel", "received_at"],
        "description": "An offline 민원 (visit, phone, letter, fax, e-mail) with its real receipt time. "
                       "Give what reaches the 민원인 (D14): an e-mail address, a mobile phone number, or a postal "
                       "address (a landline alone receives no notice). notify_channel email needs email, sms a "
                       "mobile phone, post a postal_address; notices cannot be switched off here.",
        "properties": {
            "type_code": _text(40, "an active complaint type's code"), "title": _text(200),
            "content": _text(10000), "name": _text(100),
            "phone": _optional_text(20), "email": _optional_text(254), "address": _optional_text(300),
            "channel": {"type": "string", "enum": ["visit", "phone", "letter", "fax", "email"]},
            "received_at": {**DATETIME, "description": "접수시각 with an offset; not in the future"},
            "arrived_at": {**DATETIME, "type": ["string", "null"],
                           "description": "도달 (defaults to received_at); not after received_at"},
            "postal_code": _optional_text(10), "postal_address": _optional_text(300),
            "notify_channel": {"type": ["string", "null"], "enum": ["email", "sms", "post", None],
                               "description": "defaults to email when email is given, else sms for a mobile "
                                              "phone, else post"},
            "consent": {"type": "boolean", "description": "the 민원인 agreed to the use of personal data"},
        },
        "anyOf": [_given("email"), _MOBILE_PHONE, _given("postal_address")],
        "allOf": [_needs_when("notify_channel", "email", "email"), _needs_when("notify_channel", "sms", _MOBILE_PHONE),
                  _needs_when("notify_channel", "post", "postal_address")],
    },
    "Answer": {"type": "object", "required": ["text"], "properties": {"text": _text(20000)}},
}

RESPONSES = {f"E{code}": _json(_ref("Error"), text) for code, text in (
    (400, "Invalid input"), (401, "Missing or invalid API key"), (403, "Not permitted for this user"),
    (404, "No complaint has this receipt number"), (409, "The workflow refuses this step now"))}

PATHS: dict = {
    "/complaints": {
        "get": {
            "operationId": "listComplaints", "summary": "민원 the user may see (own department; all for auditors)",
            "parameters": [
                {"name": "status", "in": "query", "allowEmptyValue": True,
                 "schema": {"type": "string", "enum": STATUSES}, "description": "empty: every status"},
                {"name": "page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1}},
                {"name": "per_page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
            ],
            "responses": {"200": _json(_ref("ComplaintList"), "A page of 민원, by due date, names masked"),
                          **_errors(400, 401, 403)},
        },
        "post": {
            "operationId": "registerComplaint", "summary": "Register an offline 민원 (needs complaints.register)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Registration")}}},
            "responses": {"201": {**_json(_ref("ComplaintSummary"), "Received; the deadline is computed"),
                                  "headers": {"Location": {"schema": {"type": "string"}}}},
                          **_errors(400, 401, 403)},
        },
    },
    "/complaints/{receipt_no}": {
        "parameters": [RECEIPT_NO],
        "get": {
            "operationId": "getComplaint", "summary": "The full record (logged as a personal-data view)",
            "responses": {"200": _json(_ref("ComplaintRecord"), "The 민원"), **_errors(401, 403, 404)},
        },
    },
    "/complaints/{receipt_no}/answer": {
        "parameters": [RECEIPT_NO],
        "post": {
            "operationId": "answerComplaint", "summary": "답변: only the responsible department's officers",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Answer")}}},
            "responses": {"200": _json(_ref("ComplaintSummary"), "Answered"), **_errors(400, 401, 403, 404, 409)},
        },
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi", "summary": "This document", "security": [],
            "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1 document")},
        },
    },
}

DOCUMENT: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "정책고객관리 staff API",
        "version": "1.0.0",
        "description": "민원 for staff systems. A client acts as one staff user (flask api-clients create "
                       "--scope staff --user LOGIN_ID) with that user's permissions. Times are ISO 8601 with "
                       "offset, shown in KST.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerKey": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearerKey": {"type": "http", "scheme": "bearer",
                                          "description": "the key printed once by flask api-clients create"}},
        "schemas": SCHEMAS,
        "responses": RESPONSES,
    },
}


def openapi_document(server_url: str | None = None, extension: dict | None = None) -> dict:
    """The document; `extension` ({"paths", "schemas", "responses"}) adds what other features registered
    (civil_complaints/hooks.py:register_openapi_extension), beside the 민원 paths."""
    document = copy.deepcopy(DOCUMENT)
    for part, target in (("paths", document["paths"]), ("schemas", document["components"]["schemas"]),
                         ("responses", document["components"]["responses"])):
        for name, value in (extension or {}).get(part, {}).items():
            if name in target:
                raise ValueError(f"OpenAPI {part} {name} is already described")
            target[name] = copy.deepcopy(value)
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document
