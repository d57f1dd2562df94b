"""Internal requests in the staff API: /api/v1/service-catalog and /api/v1/service-requests (list, one, new) with
the staff API's bearer keys, the pages' permission rules and the 민원 API's error format."""

from __future__ import annotations

import pytest

from core.clock import now_utc
from core.extensions import db
from tests.web.test_api_v1 import API, _assert_error, _auth, _key

PC = {"service_code": "IT-PC-REPAIR", "title": "프린터 고장", "answers": {"symptom": "용지가 걸립니다."}}
VEHICLE = {"service_code": "GA-VEHICLE", "title": "현장 조사 차량", "priority": "urgent",
           "answers": {"use_date": "2026-12-20", "destination": "한빛대로 12", "passengers": "3"}}


@pytest.fixture
def keys(demo):
    return {login_id: _auth(_key(demo, login_id))
            for login_id in ("officer", "head", "itstaff", "general", "auditor", "admin")}


def test_without_a_valid_staff_key_everything_is_401(demo):
    from civil_complaints.api.clients import issue_client

    with demo.app_context():
        _client, open311_key = issue_client(name="app", scope="open311", user=None, now=now_utc())
        db.session.commit()
    client = demo.test_client()
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}, _auth(open311_key)):
        for method, path in (("get", "/service-catalog"), ("get", "/service-requests"),
                             ("post", "/service-requests"), ("get", "/service-requests/IR-2612-000001")):
            response = getattr(client, method)(f"{API}{path}", headers=headers, json=PC)
            _assert_error(response, 401, "unauthorized")
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_catalog_lists_active_services_with_their_forms(demo, keys):
    client = demo.test_client()
    items = client.get(f"{API}/service-catalog", headers=keys["officer"]).get_json()["items"]
    assert [s["code"] for s in items] == ["GA-FACILITY", "GA-VEHICLE", "IT-ACCOUNT", "IT-OUTAGE", "IT-PC-REPAIR",
                                          "LEGAL-REVIEW"]
    account = next(s for s in items if s["code"] == "IT-ACCOUNT")
    assert account["department"] == {"code": "HB-IT", "name": "정보통신과"}
    assert account["targets"]["normal"] == {"response": "4h", "resolution": "2d"}
    assert account["fields"][0]["choices"][0] == {"value": "saeol", "label": "새올행정시스템"}
    it = client.get(f"{API}/service-catalog?category=it", headers=keys["auditor"]).get_json()["items"]
    assert {s["code"] for s in it} == {"IT-ACCOUNT", "IT-OUTAGE", "IT-PC-REPAIR"}
    _assert_error(client.get(f"{API}/service-catalog?category=cars", headers=keys["officer"]), 400, "invalid")
    _assert_error(client.get(f"{API}/service-catalog", headers=keys["admin"]), 403, "forbidden")


def test_a_post_makes_the_request_of_the_keys_user(demo, keys):
    client = demo.test_client()
    made = client.post(f"{API}/service-requests", json=PC, headers=keys["officer"])
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["status"] == "received" and body["requester_department"]["code"] == "HB-ROADS"
    assert body["provider_department"]["code"] == "HB-IT" and body["response_due_at"]
    assert made.headers["Location"].endswith(f"/api/v1/service-requests/{body['number']}")
    record = client.get(made.headers["Location"], headers=keys["officer"]).get_json()
    assert record["requester"] == "김담당" and record["answers"] == {"symptom": "용지가 걸립니다."}
    assert record["handler"] == "오정보" and record["events"][0]["action"] == "create"
    vehicle = client.post(f"{API}/service-requests", json=VEHICLE, headers=keys["officer"]).get_json()
    assert vehicle["status"] == "pending_approval" and vehicle["resolution_due_at"] is None
    _assert_error(client.post(f"{API}/service-requests", json=PC, headers=keys["auditor"]), 403, "forbidden")
    _assert_error(client.post(f"{API}/service-requests", json=PC, headers=keys["admin"]), 403, "forbidden")


@pytest.mark.parametrize(("change", "fields"), [
    ({"answers": {}}, {"answers.symptom": "required"}),
    ({"answers": {"symptom": "가" * 4001}}, None),
    ({"answers": {"symptom": 5}}, {"answers.symptom": "invalid"}),
    ({"answers": None}, None),
    ({"service_code": "NOPE"}, {"service_code": "not_found"}),
    ({"service_code": "IT-ACCOUNT", "answers": {"system": "unix", "user_name": "김"}}, {"answers.system": "choice"}),
    ({"service_code": "GA-VEHICLE", "answers": {**VEHICLE["answers"], "use_date": "2026-02-30"}},
     {"answers.use_date": "date"}),
    ({"title": "  "}, None), ({"title": "가" * 201}, None), ({"title": None}, None),
    ({"priority": "asap"}, None), ({"description": 7}, None),
    ({"complaint_receipt_no": "HB-2612-999999"}, {"complaint_receipt_no": "not_found"}),
])
def test_refused_input_answers_400_in_the_error_format_and_saves_nothing(demo, keys, change, fields):
    client = demo.test_client()
    response = client.post(f"{API}/service-requests", json={**PC, **change}, headers=keys["officer"])
    _assert_error(response, 400, "invalid")
    if fields:
        assert response.get_json()["error"]["fields"] == fields
    assert client.get(f"{API}/service-requests", headers=keys["officer"]).get_json()["total"] == 0
    _assert_error(client.post(f"{API}/service-requests", data="x", headers=keys["officer"]), 400, "invalid_json")


def test_lists_hold_the_departments_requests_with_filters_and_pages(demo, keys):
    client = demo.test_client()
    numbers = [client.post(f"{API}/service-requests", json=body, headers=keys["officer"]).get_json()["number"]
               for body in (PC, VEHICLE, {**PC, "title": "모니터 고장"})]
    def listed(who: str, query: str = "") -> list[str]:
        response = client.get(f"{API}/service-requests{query}", headers=keys[who])
        assert response.status_code == 200, response.get_json()
        return [item["number"] for item in response.get_json()["items"]]

    assert listed("officer") == numbers[::-1]  # newest first
    assert listed("head", "?side=provider") == []
    assert listed("itstaff") == [numbers[2], numbers[0]]
    assert listed("general") == []  # the vehicle request waits for 도로과's approval: not theirs yet
    assert listed("auditor") == numbers[::-1]
    assert listed("officer", "?status=pending_approval") == [numbers[1]]
    assert listed("officer", "?per_page=2&page=2") == [numbers[0]]
    page = client.get(f"{API}/service-requests?per_page=2", headers=keys["officer"]).get_json()
    assert page["total"] == 3 and page["per_page"] == 2 and page["page"] == 1
    for query in ("?per_page=101", "?page=0", "?status=lost", "?side=both"):
        _assert_error(client.get(f"{API}/service-requests{query}", headers=keys["officer"]), 400, "invalid")
    _assert_error(client.get(f"{API}/service-requests", headers=keys["admin"]), 403, "forbidden")


@pytest.mark.parametrize(("account", "status"), [
    ("officer", 200), ("head", 200), ("itstaff", 200), ("auditor", 200), ("general", 403), ("admin", 403)])
def test_one_request_is_read_by_both_departments_and_auditors(demo, keys, account, status):
    client = demo.test_client()
    number = client.post(f"{API}/service-requests", json=PC, headers=keys["officer"]).get_json()["number"]
    response = client.get(f"{API}/service-requests/{number}", headers=keys[account])
    assert response.status_code == status, response.get_json()
    if status == 403:
        _assert_error(response, 403, "forbidden")
    else:
        assert response.get_json()["number"] == number
    _assert_error(client.get(f"{API}/service-requests/IR-2601-999999", headers=keys[account]), 404, "not_found")
    _assert_error(client.get(f"{API}/service-requests/{'9' * 300}", headers=keys[account]), 404, "not_found")
