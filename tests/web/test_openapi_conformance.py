"""Issue 14.9: the OpenAPI document of /api/v1 says what the server accepts. Each parameter and body property
is probed at the edges its schema draws (bounds, lengths, blanks, nulls, types, enums, formats); the document
(validated with jsonschema, formats included) decides whether a value is allowed, and the server must agree:
allowed → success with a body of the documented schema, refused → 400 with the documented error body.

Values the document allows but the server refuses for what they name (a type code that does not exist, a time
in the future) are semantic refusals, not the document's business: candidates avoid them."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from core.clock import KST, now_utc
from tests.complaint_helpers import filed_receipt_no
from tests.web.test_api_v1 import API, _auth, _key

BLANKS = ["", " ", "\t\n", "\u3000"]
WRONG_TYPES = [0, 1.5, True, [], {}]
INTEGER_QUERY_TEXTS = ["-1", "abc", "", "1.5", "²", "٣", "+1", " 1", "1 ", "007", "99999999999999999999"]


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def date_time(value) -> bool:
        return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None

    return checker


class Document:
    """The served document, with validators for its schemas."""

    def __init__(self, document: dict) -> None:
        self.document = document
        self.registry = Registry().with_resource("urn:api", DRAFT202012.create_resource(document))

    def validator(self, schema: dict) -> Draft202012Validator:
        return Draft202012Validator(schema, registry=self.registry, format_checker=_format_checker())

    def named(self, name: str) -> Draft202012Validator:
        return self.validator({"$ref": f"urn:api#/components/schemas/{name}"})

    def schema(self, name: str) -> dict:
        return self.document["components"]["schemas"][name]

    def parameters(self, path: str, method: str) -> list[dict]:
        return self.document["paths"][path][method]["parameters"]


@pytest.fixture
def doc(demo) -> Document:
    response = demo.test_client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return Document(response.get_json())


def _query_allowed(parameter: dict, text: str, doc: Document) -> bool:
    """Whether the document allows `text` as this query parameter's value (OpenAPI form style)."""
    schema = parameter["schema"]
    if text == "":
        return bool(parameter.get("allowEmptyValue"))
    if schema["type"] == "integer":
        if not re.fullmatch(r"-?[0-9]+", text):
            return False
        return doc.validator(schema).is_valid(int(text))
    return doc.validator(schema).is_valid(text)


def _query_candidates(parameter: dict) -> list[str]:
    schema = parameter["schema"]
    if schema["type"] == "integer":
        low, high = schema["minimum"], schema["maximum"]
        return [str(low - 1), str(low), str(high), str(high + 1), *INTEGER_QUERY_TEXTS]
    return [*schema["enum"], "", "RECEIVED", " received", "received ", "nope"]


def test_list_parameters_accept_exactly_what_the_document_allows(demo, doc):
    client = demo.test_client()
    headers = _auth(_key(demo, "auditor"))
    filed_receipt_no(demo.test_client())
    page_schema = doc.named("ComplaintList")
    error_schema = doc.named("Error")
    checked = 0
    for parameter in doc.parameters("/complaints", "get"):
        assert "maximum" in parameter["schema"] or "enum" in parameter["schema"], parameter  # bounds documented
        for text in _query_candidates(parameter):
            response = client.get(f"{API}/complaints", query_string={parameter["name"]: text}, headers=headers)
            allowed = _query_allowed(parameter, text, doc)
            assert response.status_code == (200 if allowed else 400), (parameter["name"], text,
                                                                        response.get_data(as_text=True))
            (page_schema if allowed else error_schema).validate(response.get_json())
            checked += 1
    assert checked >= 40


def _string_candidates(schema: dict) -> list:
    candidates = [None, *BLANKS, *WRONG_TYPES]
    for enum_value in [v for v in schema.get("enum", []) if v is not None]:
        candidates += [enum_value, enum_value.upper(), f" {enum_value}", f"{enum_value} "]
    if "maxLength" in schema and "enum" not in schema and "format" not in schema:
        most = schema["maxLength"]
        candidates += ["가" * most, "가" * (most + 1), " " + "가" * (most - 1), " " * (most + 1)]
    return candidates


def _registration_base() -> dict:
    received = (now_utc() - timedelta(hours=2)).astimezone(KST).replace(microsecond=0)
    return {"type_code": "CITY-PROPOSAL", "title": "버스 노선 건의", "content": "버스를 늘려 주세요.", "name": "김민원",
            "phone": "010-2222-3333", "channel": "letter", "received_at": received.isoformat()}


def _property_candidates(name: str, schema: dict, base: dict) -> list:
    """Values to try for one property; `...` means "leave it out"."""
    if name == "type_code":  # only the real code is both allowed and meaningful
        return [..., base[name], *[c for c in _string_candidates(schema) if not isinstance(c, str) or not c.strip()]]
    if schema.get("format") == "date-time":
        instant = datetime.fromisoformat(base["received_at"]) - (timedelta(hours=1) if name == "arrived_at"
                                                                  else timedelta(0))
        text = instant.isoformat()
        return [..., None, text, text.removesuffix("+09:00"), f" {text}", "2026-13-01T00:00:00+09:00", "", 0]
    if schema.get("type") == "boolean":
        return [..., True, False, None, "true", 1]
    return [..., *_string_candidates(schema)]


def test_registration_bodies_accepted_exactly_as_the_document_allows(demo, doc):
    client = demo.test_client()
    headers = _auth(_key(demo, "officer"))
    registration = doc.named("Registration")
    summary, error = doc.named("ComplaintSummary"), doc.named("Error")
    base = _registration_base()
    assert registration.is_valid(base)
    bodies = [[], "x", None, 5, {}]
    for name, schema in doc.schema("Registration")["properties"].items():
        for value in _property_candidates(name, schema, base):
            body = {k: v for k, v in base.items() if k != name}
            if value is not ...:
                body[name] = value
            bodies.append(body)
    bodies += [{**base, "phone": None, "email": "a@example.kr"}, {**base, "phone": " ", "email": None},
               {**base, "notify_channel": "email"}, {**base, "notify_channel": "sms", "phone": None,
                                                      "email": "a@example.kr"}]
    allowed_count = 0
    for body in bodies:
        allowed = registration.is_valid(body)
        response = client.post(f"{API}/complaints", json=body, headers=headers)
        assert response.status_code == (201 if allowed else 400), (json.dumps(body, ensure_ascii=False),
                                                                   response.get_json())
        (summary if allowed else error).validate(response.get_json())
        allowed_count += allowed
    assert 20 <= allowed_count < len(bodies) - 80


def test_answer_bodies_accepted_exactly_as_the_document_allows(demo, doc):
    client = demo.test_client()
    headers = _auth(_key(demo, "officer"))
    answer = doc.named("Answer")
    schema = doc.schema("Answer")["properties"]["text"]
    refused_on = filed_receipt_no(demo.test_client())
    for value in [..., *_string_candidates(schema), " 보수를 마쳤습니다. "]:
        body = {} if value is ... else {"text": value}
        allowed = answer.is_valid(body)
        number = filed_receipt_no(demo.test_client()) if allowed else refused_on  # an answer is given once
        response = client.post(f"{API}/complaints/{number}/answer", json=body, headers=headers)
        assert response.status_code == (200 if allowed else 400), (value, response.get_data(as_text=True))
        doc.named("ComplaintSummary" if allowed else "Error").validate(response.get_json())


# Internal requests (issue 18.9): the paths the app adds to the document through civil_complaints/hooks.py.

@pytest.mark.parametrize(("path", "page"), [("/service-requests", "ServiceRequestList"),
                                            ("/service-catalog", "ServiceCatalog")])
def test_service_request_parameters_accept_exactly_what_the_document_allows(demo, doc, path, page):
    client = demo.test_client()
    headers = _auth(_key(demo, "officer"))
    assert client.post(f"{API}/service-requests", json=_service_request_base(), headers=headers).status_code == 201
    checked = 0
    for parameter in doc.parameters(path, "get"):
        assert "maximum" in parameter["schema"] or "enum" in parameter["schema"], parameter
        for text in _query_candidates(parameter) + [*parameter["schema"].get("enum", [])]:
            response = client.get(f"{API}{path}", query_string={parameter["name"]: text}, headers=headers)
            allowed = _query_allowed(parameter, text, doc)
            assert response.status_code == (200 if allowed else 400), (path, parameter["name"], text)
            doc.named(page if allowed else "Error").validate(response.get_json())
            checked += 1
    assert checked >= (60 if path == "/service-requests" else 9)


def _service_request_base() -> dict:
    return {"service_code": "IT-PC-REPAIR", "title": "프린터 고장", "answers": {"symptom": "용지가 걸립니다."}}


def _service_request_candidates(name: str, schema: dict, base: dict) -> list:
    """Values to try for one property of ServiceRequestNew; `...` means "leave it out". Only the real service
    code and answers that fill its form are both allowed and meaningful; a receipt number the document allows
    names a 민원 that does not exist (a semantic refusal), so only refused or blank ones are tried."""
    if name in ("service_code", "answers"):
        wrong = [c for c in [None, *BLANKS, *WRONG_TYPES, "가" * 41] if not doc_valid_for(name, c)]
        if name == "answers":
            wrong += [{"symptom": 5}, {"symptom": None}, {"symptom": "가" * 4001}]
        return [..., base[name], *wrong]
    if name == "complaint_receipt_no":
        return [..., None, *BLANKS, *WRONG_TYPES, "가" * 31, " " * 31]
    return [..., *_string_candidates(schema)]


def doc_valid_for(name: str, value) -> bool:
    """Whether `value` would be an allowed service_code or answers (those are tried only when refused)."""
    if name == "answers":
        return isinstance(value, dict) and not value
    return isinstance(value, str) and bool(value.strip()) and len(value) <= 40


def test_service_request_bodies_accepted_exactly_as_the_document_allows(demo, doc):
    client = demo.test_client()
    headers = _auth(_key(demo, "officer"))
    new = doc.named("ServiceRequestNew")
    base = _service_request_base()
    assert new.is_valid(base)
    bodies = [[], "x", None, 5, {}]
    for name, schema in doc.schema("ServiceRequestNew")["properties"].items():
        for value in _service_request_candidates(name, schema, base):
            body = {k: v for k, v in base.items() if k != name}
            if value is not ...:
                body[name] = value
            bodies.append(body)
    allowed_count = 0
    for body in bodies:
        allowed = new.is_valid(body)
        response = client.post(f"{API}/service-requests", json=body, headers=headers)
        assert response.status_code == (201 if allowed else 400), (json.dumps(body, ensure_ascii=False),
                                                                   response.get_json())
        doc.named("ServiceRequestSummary" if allowed else "Error").validate(response.get_json())
        allowed_count += allowed
    assert 20 <= allowed_count < len(bodies) - 40


def test_service_request_records_match_the_document(demo, doc):
    client = demo.test_client()
    headers = _auth(_key(demo, "officer"))
    made = client.post(f"{API}/service-requests", json=_service_request_base(), headers=headers)
    record = client.get(made.headers["Location"], headers=headers)
    doc.named("ServiceRequestRecord").validate(record.get_json())
    for status, path in ((404, "/service-requests/IR-2601-999999"), (401, "/service-catalog")):
        response = client.get(f"{API}{path}", headers=headers if status == 404 else {})
        assert response.status_code == status
        doc.named("Error").validate(response.get_json())
