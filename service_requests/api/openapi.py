"""The OpenAPI description of /api/v1/service-catalog and /api/v1/service-requests, added to the document of
/api/v1 (civil_complaints/api/openapi.py) through the slot the app fills (civil_complaints/hooks.py): the 민원
package never imports this one. Its Error schema and E4xx responses are reused; names here start with "Service"
or "SR" so they never clash."""

from __future__ import annotations

from service_requests.domain.workflow import RequestStatus
from service_requests.models import CATEGORIES, FIELD_KINDS, PRIORITIES

DATETIME = {"type": "string", "format": "date-time", "description": "ISO 8601 with offset, shown in KST (+09:00)"}
NULLABLE_DATETIME = {**DATETIME, "type": ["string", "null"]}
STATUSES = [status.value for status in RequestStatus]
NUMBER = {"name": "number", "in": "path", "required": True,
          "schema": {"type": "string", "pattern": r"^IR-\d{4}-\d{6}$"}, "description": "요청번호, e.g. IR-2612-000123"}
NOT_BLANK = r"\S"
#: the longest answer of one form field (a long text; service_requests/domain/form_fields.py)
MAX_ANSWER = 4000


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    return {str(code): {"$ref": f"#/components/responses/{'SR404' if code == 404 else f'E{code}'}"}
            for code in codes}


_DEPARTMENT = {"$ref": "#/components/schemas/Department"}
_TARGETS = {"type": "object", "required": ["response", "resolution"],
            "properties": {"response": {"type": "string", "description": "Nh working hours or Nd working days"},
                           "resolution": {"type": "string"}}}

SCHEMAS: dict = {
    "ServiceField": {
        "type": "object", "required": ["key", "label", "kind", "required"],
        "properties": {"key": {"type": "string"}, "label": {"type": "string"},
                       "kind": {"type": "string", "enum": list(FIELD_KINDS),
                                "description": "file fields are filled on the web form only"},
                       "required": {"type": "boolean"},
                       "choices": {"type": "array", "items": {
                           "type": "object", "required": ["value", "label"],
                           "properties": {"value": {"type": "string"}, "label": {"type": "string"}}}}},
    },
    "Service": {
        "type": "object",
        "required": ["code", "name", "category", "department", "needs_approval", "may_link_complaint", "targets",
                     "fields"],
        "properties": {
            "code": {"type": "string"}, "name": {"type": "string"}, "name_en": {"type": "string"},
            "description": {"type": "string"}, "category": {"type": "string", "enum": list(CATEGORIES)},
            "department": _DEPARTMENT, "needs_approval": {"type": "boolean"},
            "may_link_complaint": {"type": "boolean"},
            "targets": {"type": "object", "required": list(PRIORITIES),
                        "properties": {p: _TARGETS for p in PRIORITIES}},
            "fields": {"type": "array", "items": _ref("ServiceField")},
        },
    },
    "ServiceCatalog": {"type": "object", "required": ["items"],
                       "properties": {"items": {"type": "array", "items": _ref("Service")}}},
    "ServiceRequestSummary": {
        "type": "object",
        "required": ["number", "service_code", "title", "status", "priority", "requester_department",
                     "provider_department", "created_at", "response_due_at", "resolution_due_at", "resolved_at",
                     "overdue"],
        "properties": {
            "number": {"type": "string"}, "service_code": {"type": "string"}, "title": {"type": "string"},
            "status": {"type": "string", "enum": STATUSES}, "priority": {"type": "string", "enum": list(PRIORITIES)},
            "requester_department": _DEPARTMENT, "provider_department": _DEPARTMENT, "created_at": DATETIME,
            "response_due_at": NULLABLE_DATETIME, "resolution_due_at": NULLABLE_DATETIME,
            "resolved_at": NULLABLE_DATETIME,
            "overdue": {"type": "boolean", "description": "open (not paused) after its resolution due"},
        },
    },
    "ServiceRequestRecord": {
        "allOf": [_ref("ServiceRequestSummary"), {
            "type": "object", "required": ["description", "answers", "requester", "handler", "events"],
            "properties": {
                "description": {"type": "string"},
                "answers": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
                "requester": {"type": "string"}, "handler": {"type": ["string", "null"]},
                "complaint_receipt_no": {"type": ["string", "null"],
                                         "description": "the linked 민원, when the user may see it"},
                "responded_at": NULLABLE_DATETIME, "closed_at": NULLABLE_DATETIME,
                "events": {"type": "array", "items": {
                    "type": "object", "required": ["at", "action"],
                    "properties": {"at": DATETIME, "action": {"type": "string"},
                                   "from_status": {"type": ["string", "null"]},
                                   "to_status": {"type": ["string", "null"]}}}},
            },
        }],
    },
    "ServiceRequestList": {
        "type": "object", "required": ["items", "page", "per_page", "total"],
        "properties": {"items": {"type": "array", "items": _ref("ServiceRequestSummary")},
                       "page": {"type": "integer", "minimum": 1},
                       "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
                       "total": {"type": "integer", "minimum": 0}},
    },
    "ServiceRequestNew": {
        "type": "object", "required": ["service_code", "title", "answers"],
        "description": "A request of the client's user and their department, as on the web form. answers holds "
                       "one string per form field of the service (see GET /service-catalog); a 400 error names "
                       "the refused fields in error.fields ({field: code}: required, too_long, number, date, "
                       "choice, not_found, no_link, inactive).",
        "properties": {
            "service_code": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": NOT_BLANK},
            "title": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": NOT_BLANK},
            "description": {"type": ["string", "null"], "maxLength": 4000},
            "priority": {"type": ["string", "null"], "enum": [*PRIORITIES, None],
                         "description": "defaults to normal"},
            "answers": {"type": "object", "additionalProperties": {"type": "string", "maxLength": MAX_ANSWER}},
            "complaint_receipt_no": {"type": ["string", "null"], "maxLength": 30,
                                     "description": "a 민원 the user handles, when the service may be linked"},
        },
    },
}

RESPONSES = {"SR404": _json(_ref("Error"), "No request has this number")}

_PAGE = [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1}},
         {"name": "per_page", "in": "query",
          "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}]

PATHS: dict = {
    "/service-catalog": {
        "get": {
            "operationId": "listServices", "summary": "The active internal services and their request forms",
            "parameters": [{"name": "category", "in": "query", "allowEmptyValue": True,
                            "schema": {"type": "string", "enum": list(CATEGORIES)},
                            "description": "empty: every category"}],
            "responses": {"200": _json(_ref("ServiceCatalog"), "Services by code"), **_errors(400, 401, 403)},
        },
    },
    "/service-requests": {
        "get": {
            "operationId": "listServiceRequests",
            "summary": "Requests of the user's department, made or provided (every request for auditors)",
            "parameters": [
                {"name": "status", "in": "query", "allowEmptyValue": True,
                 "schema": {"type": "string", "enum": STATUSES}, "description": "empty: every status"},
                {"name": "side", "in": "query", "allowEmptyValue": True,
                 "schema": {"type": "string", "enum": ["requester", "provider"]},
                 "description": "requester: made by the user's department; provider: addressed to it"},
                *_PAGE,
            ],
            "responses": {"200": _json(_ref("ServiceRequestList"), "A page of requests, newest first"),
                          **_errors(400, 401, 403)},
        },
        "post": {
            "operationId": "createServiceRequest",
            "summary": "Ask for a service as the client's user (needs service_requests.use)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("ServiceRequestNew")}}},
            "responses": {"201": {**_json(_ref("ServiceRequestSummary"), "Made: sent, or waiting for approval"),
                                  "headers": {"Location": {"schema": {"type": "string"}}}},
                          **_errors(400, 401, 403)},
        },
    },
    "/service-requests/{number}": {
        "parameters": [NUMBER],
        "get": {
            "operationId": "getServiceRequest",
            "summary": "One request: both departments and auditors may read it",
            "responses": {"200": _json(_ref("ServiceRequestRecord"), "The request"), **_errors(401, 403, 404)},
        },
    },
}
