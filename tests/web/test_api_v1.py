"""The staff API /api/v1: bearer keys acting as a user, the pages' permission rules, and its OpenAPI document."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from civil_complaints.api.clients import issue_client
from civil_complaints.complaint_models import Complaint
from core.clock import KST, now_utc
from core.extensions import db
from organization.access_log import PersonalDataAccess
from organization.models import User
from tests.complaint_helpers import filed_receipt_no

API = "/api/v1"


def _key(app, login_id: str) -> str:
    with app.app_context():
        user = db.session.query(User).filter_by(login_id=login_id).one()
        _client, key = issue_client(name=f"{login_id} system", scope="staff", user=user, now=now_utc())
        db.session.commit()
    return key


def _auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def _assert_error(response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["message"]
    if code:
        assert error["code"] == code


def _registration(**overrides) -> dict:
    body = {"type_code": "CITY-PROPOSAL", "title": "버스 노선 건의", "content": "한빛역까지 가는 버스를 늘려 주세요.",
            "name": "김민원", "phone": "010-2222-3333", "channel": "letter",
            "received_at": "2025-01-23T10:00:00+09:00", "arrived_at": "2025-01-22T16:00:00+09:00"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def test_requests_without_a_valid_staff_key_get_401(demo):
    client = demo.test_client()
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = client.get(f"{API}/complaints", headers=headers)
        _assert_error(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    with demo.app_context():
        _client, open311_key = issue_client(name="app", scope="open311", user=None, now=now_utc())
        db.session.commit()
    _assert_error(client.get(f"{API}/complaints", headers=_auth(open311_key)), 401)


def test_a_logged_in_session_is_not_enough(demo):
    from tests.helpers import login

    client = demo.test_client()
    login(client, "officer")
    _assert_error(client.get(f"{API}/complaints"), 401)


def test_revoked_key_and_disabled_user_stop_working(demo):
    key = _key(demo, "officer")
    client = demo.test_client()
    assert client.get(f"{API}/complaints", headers=_auth(key)).status_code == 200
    with demo.app_context():
        db.session.query(User).filter_by(login_id="officer").one().is_active_account = False
        db.session.commit()
    _assert_error(client.get(f"{API}/complaints", headers=_auth(key)), 401)


def test_list_shows_own_department_masked_and_everything_to_auditors(demo):
    road = filed_receipt_no(demo.test_client())
    clean = filed_receipt_no(demo.test_client(), type_code="ILLEGAL-DUMPING", name="남궁민수")
    client = demo.test_client()
    officer = client.get(f"{API}/complaints", headers=_auth(_key(demo, "officer"))).get_json()
    assert [c["receipt_no"] for c in officer["items"]] == [road] and officer["total"] == 1
    assert officer["items"][0]["complainant_name"] == "홍*동"
    assert "홍길동" not in str(officer) and "010-1234-5678" not in str(officer)  # str(): Korean unescaped
    auditor_key = _key(demo, "auditor")
    everything = client.get(f"{API}/complaints?per_page=1", headers=_auth(auditor_key)).get_json()
    assert everything["total"] == 2 and len(everything["items"]) == 1 and everything["per_page"] == 1
    page2 = client.get(f"{API}/complaints?per_page=1&page=2", headers=_auth(auditor_key)).get_json()
    assert {everything["items"][0]["receipt_no"], page2["items"][0]["receipt_no"]} == {road, clean}
    assert client.get(f"{API}/complaints?status=answered", headers=_auth(auditor_key)).get_json()["items"] == []
    for query in ("?per_page=101", "?page=0", "?status=lost"):
        _assert_error(client.get(f"{API}/complaints{query}", headers=_auth(auditor_key)), 400)
    _assert_error(client.get(f"{API}/complaints", headers=_auth(_key(demo, "admin"))), 403, "forbidden")


@pytest.mark.parametrize(("account", "view", "act"), [
    ("officer", 200, 200), ("head", 200, 200), ("auditor", 200, 403), ("officer2", 403, 403), ("admin", 403, 403)])
def test_each_role_on_one_complaint(demo, account, view, act):
    number = filed_receipt_no(demo.test_client())
    client = demo.test_client()
    key = _key(demo, account)
    response = client.get(f"{API}/complaints/{number}", headers=_auth(key))
    assert response.status_code == view
    if view == 200:
        record = response.get_json()
        assert record["complainant_name"] == "홍길동" and record["complainant_phone"] == "010-1234-5678"
        assert record["department"] == {"code": "HB-ROADS", "name": "도로과"}
    answered = client.post(f"{API}/complaints/{number}/answer", json={"text": "보수를 마쳤습니다."}, headers=_auth(key))
    assert answered.status_code == act, answered.get_data(as_text=True)
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=number).one()
        assert complaint.status == ("answered" if act == 200 else "received")
        logged = db.session.query(PersonalDataAccess).all()
        assert len(logged) == (1 if view == 200 else 0)
        if logged:
            assert logged[0].action == "view" and logged[0].user.login_id == account
            assert logged[0].subject == f"{number} 홍*동"
    if act == 200:
        assert answered.get_json()["status"] == "answered"
        again = client.post(f"{API}/complaints/{number}/answer", json={"text": "다시"}, headers=_auth(key))
        _assert_error(again, 409, "answer_not_allowed")


def test_answer_needs_text_and_unknown_numbers_are_404(demo):
    number = filed_receipt_no(demo.test_client())
    client = demo.test_client()
    key = _key(demo, "officer")
    _assert_error(client.post(f"{API}/complaints/{number}/answer", json={"text": "  "}, headers=_auth(key)), 400)
    _assert_error(client.post(f"{API}/complaints/{number}/answer", data="text", headers=_auth(key)), 400,
                  "invalid_json")
    _assert_error(client.get(f"{API}/complaints/HB-2601-999999", headers=_auth(key)), 404, "not_found")
    _assert_error(client.post(f"{API}/complaints/HB-2601-999999/answer", json={"text": "x"}, headers=_auth(key)),
                  404)


def test_officer_registers_a_letter_with_its_real_receipt_time(demo):
    """law.md E9: 건의 14일 received 2025-01-23 (목) → due 2025-02-17 (월)."""
    client = demo.test_client()
    response = client.post(f"{API}/complaints", json=_registration(), headers=_auth(_key(demo, "officer")))
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert created["receipt_no"].startswith("HB-2501-") and created["department"]["code"] == "HB-CIVIL"
    assert response.headers["Location"].endswith(f"/api/v1/complaints/{created['receipt_no']}")
    with demo.app_context():
        complaint = db.session.query(Complaint).one()
        assert complaint.channel == "letter" and complaint.due_date == date(2025, 2, 17)
        assert complaint.arrived_at < complaint.received_at
        assert complaint.registered_by_id == db.session.query(User).filter_by(login_id="officer").one().id


@pytest.mark.parametrize("overrides", [
    {"type_code": "NOPE"}, {"channel": "web"}, {"channel": "open311"}, {"title": None}, {"content": ""},
    {"name": None}, {"phone": None}, {"received_at": "2025-01-23T10:00:00"}, {"received_at": "yesterday"},
    {"received_at": (now_utc() + timedelta(hours=2)).astimezone(KST).isoformat()},
    {"arrived_at": "2025-01-24T10:00:00+09:00"}, {"title": 12}, {"consent": "yes"}, {"notify_channel": "fax"},
])
def test_registration_refuses_bad_input(demo, overrides):
    response = demo.test_client().post(f"{API}/complaints", json=_registration(**overrides),
                                       headers=_auth(_key(demo, "officer")))
    _assert_error(response, 400)
    with demo.app_context():
        assert db.session.query(Complaint).count() == 0


def test_auditor_cannot_register(demo):
    response = demo.test_client().post(f"{API}/complaints", json=_registration(), headers=_auth(_key(demo, "auditor")))
    _assert_error(response, 403, "forbidden")


def _document(demo) -> dict:
    response = demo.test_client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_openapi_document_is_valid(demo):
    from openapi_spec_validator import validate

    document = _document(demo)
    validate(document)
    assert document["servers"][0]["url"].endswith("/api/v1")


def test_openapi_document_matches_the_routes(app):
    """Every /api/v1 route is described, those other features register (internal requests) included."""
    from civil_complaints.api.openapi import openapi_document
    from civil_complaints.hooks import openapi_extension

    implemented: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API + "/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix(API))
            implemented.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    documented = {path: {m for m in item if m in {"get", "post", "put", "patch", "delete"}}
                  for path, item in openapi_document(extension=openapi_extension(app))["paths"].items()}
    assert implemented == documented
    assert {"/service-catalog", "/service-requests", "/service-requests/{number}"} <= set(documented)


def test_responses_match_the_documented_schemas(demo):
    """The bodies the API returns validate against the document's own schemas."""
    from jsonschema import Draft202012Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    document = _document(demo)
    registry = Registry().with_resource("urn:api", DRAFT202012.create_resource(document))

    def check(body, schema_name: str) -> None:
        schema = {"$ref": f"urn:api#/components/schemas/{schema_name}"}
        Draft202012Validator(schema, registry=registry).validate(body)

    number = filed_receipt_no(demo.test_client())
    client = demo.test_client()
    key = _key(demo, "officer")
    check(client.get(f"{API}/complaints", headers=_auth(key)).get_json(), "ComplaintList")
    check(client.get(f"{API}/complaints/{number}", headers=_auth(key)).get_json(), "ComplaintRecord")
    answered = client.post(f"{API}/complaints/{number}/answer", json={"text": "완료"}, headers=_auth(key))
    check(answered.get_json(), "ComplaintSummary")
    check(client.get(f"{API}/complaints/{number}", headers=_auth(key)).get_json(), "ComplaintRecord")
    check(client.get(f"{API}/complaints").get_json(), "Error")
    check(client.get(f"{API}/no-such-route").get_json(), "Error")
