"""Open311 GeoReport v2: fields and error format of the spec, a normal 민원 behind it, no personal data out.

The client written from the spec, over HTTP and in both formats, is in test_open311_client.py; the property test
over every field a filer can type into, in test_open311_privacy.py."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from xml.etree import ElementTree as ET

import pytest

from civil_complaints.api.clients import api_clients_cli, hash_key
from civil_complaints.complaint_models import ApiClient, Complaint, ComplaintType
from core.clock import KST, now_utc
from core.extensions import db
from tests.complaint_helpers import PNG, filed_receipt_no
from tests.helpers import login

SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}
PERSONAL = ("홍길동", "길동", "010-9876-5432", "01098765432", "gildong@example.kr", "hong@example.kr", "010-1234-5678")
ATTRIBUTE_FIELDS = {"variable", "code", "datatype", "required", "datatype_description", "order", "description"}
BASE = "/open311/v2"


def _issue_key(app, scope: str = "open311", login_id: str | None = None) -> str:
    args = ["create", "--name", "한빛 앱", "--scope", scope] + (["--user", login_id] if login_id else [])
    result = app.test_cli_runner().invoke(api_clients_cli, args)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1].rsplit(" ", 1)[-1]


@pytest.fixture
def key(demo):
    return _issue_key(demo)


def _form(key: str | None, **overrides) -> dict:
    data = {"api_key": key, "service_code": "ROAD-DAMAGE", "lat": "37.56654", "long": "126.97797",
            "address_string": "한빛대로 12", "description": "한빛대로 12 앞 도로에 큰 구멍이 있습니다.",
            "first_name": "길동", "last_name": "홍", "phone": "010-9876-5432", "email": "gildong@example.kr",
            "media_url": "https://photos.example.org/p/1.jpg"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, key, **overrides):
    return client.post(f"{BASE}/requests.json", data=_form(key, **overrides))


def _assert_spec_error(response, status: int) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"code", "description"}
    assert body[0]["code"] == status and body[0]["description"]


def _kst(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    assert value.utcoffset() == timedelta(hours=9), text
    return value


def test_service_list_has_every_public_type_with_the_spec_fields(demo):
    response = demo.test_client().get(f"{BASE}/services.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    services = response.get_json()
    assert {s["service_code"] for s in services} == {"ROAD-DAMAGE", "STREETLIGHT", "ILLEGAL-DUMPING"}
    for service in services:
        assert set(service) == SERVICE_FIELDS
        assert service["metadata"] is True and service["type"] == "realtime"
    road = next(s for s in services if s["service_code"] == "ROAD-DAMAGE")
    assert road["service_name"] == "도로 파손 신고" and road["group"] == "도로과"


def test_service_definition_says_what_the_agency_requires_and_publishes(demo):
    client = demo.test_client()
    definition = client.get(f"{BASE}/services/ROAD-DAMAGE.json").get_json()
    assert definition["service_code"] == "ROAD-DAMAGE"
    by_code = {a["code"]: a for a in definition["attributes"]}
    assert {c for c, a in by_code.items() if a["variable"] and a["required"]} == {"complainant_name", "contact"}
    assert all(set(a) == ATTRIBUTE_FIELDS for a in definition["attributes"])
    assert "address_id" in by_code["requirements"]["description"]  # ROAD-DAMAGE asks for a location
    assert "이름" in by_code["public_notice"]["description"] and by_code["public_notice"]["variable"] is False
    _assert_spec_error(client.get(f"{BASE}/services/PARKING-LAW.json"), 404)  # not open311_public
    _assert_spec_error(client.get(f"{BASE}/services/NOPE.json"), 404)


def _xml(response) -> ET.Element:
    assert response.content_type == "text/xml; charset=utf-8", response.get_data(as_text=True)
    assert response.get_data().startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.get_data())  # noqa: S314 - our own answer


def test_every_resource_in_xml_by_default_and_errors_in_the_requested_format(demo):
    client = demo.test_client()
    for path in ("/services.xml", "/services", "/discovery", "/services/ROAD-DAMAGE", "/requests"):
        assert client.get(f"{BASE}{path}").status_code == 200, path
    services = _xml(client.get(f"{BASE}/services.xml"))
    assert services.tag == "services" and {e.findtext("service_code") for e in services} >= {"ROAD-DAMAGE"}
    assert services.find("service/metadata").text == "true"
    definition = _xml(client.get(f"{BASE}/services/ROAD-DAMAGE.xml"))
    assert definition.tag == "service_definition" and definition.find("attributes/attribute/order").text == "1"
    errors = _xml(client.get(f"{BASE}/services/NOPE.xml"))
    assert errors.tag == "errors" and errors.find("error/code").text == "404"
    assert client.get(f"{BASE}/services/NOPE").status_code == 404
    assert _xml(client.get(f"{BASE}/services/NOPE")).find("error/description").text
    for path in ("/services.csv", "/no-such-thing", "/no-such-thing.xml", "/requests/HB-2601-000001.csv"):
        response = client.get(f"{BASE}{path}")
        assert response.status_code == 404 and _xml(response).find("error/code").text == "404", path
    _assert_spec_error(client.get(f"{BASE}/no-such-thing.json"), 404)  # the app-wide handler, spec format
    method = client.delete(f"{BASE}/services.xml")
    assert method.status_code == 405 and _xml(method).find("error/code").text == "405"
    _assert_spec_error(client.delete(f"{BASE}/services.json"), 405)


def test_errors_in_english_when_asked(demo):
    client = demo.test_client()
    korean = client.get(f"{BASE}/services/NOPE.json").get_json()[0]["description"]
    for asked in ({"query_string": {"locale": "en"}}, {"query_string": {"lang": "en-US"}},
                  {"headers": {"Accept-Language": "en-GB,en;q=0.8"}}):
        english = client.get(f"{BASE}/services/NOPE.json", **asked).get_json()[0]["description"]
        assert english == "Unknown service_code NOPE." != korean, asked
    assert client.get(f"{BASE}/services.json", headers={"Accept-Language": "ko-KR,en;q=0.5"}).get_json()[0][
        "service_name"] == "도로 파손 신고"
    body = {**_form("nope"), "locale": "en"}
    assert client.post(f"{BASE}/requests.json", data=body).get_json()[0]["description"].startswith("A valid api_key")


def test_jurisdiction_id_is_the_agency_code_or_the_public_domain(demo, monkeypatch):
    monkeypatch.setitem(demo.config, "PUBLIC_BASE_URL", "https://www.hanbit.go.kr")
    client = demo.test_client()
    for jurisdiction in ("HB", "hb", "hanbit.go.kr", "www.hanbit.go.kr", ""):
        assert client.get(f"{BASE}/services.json?jurisdiction_id={jurisdiction}").status_code == 200, jurisdiction
    _assert_spec_error(client.get(f"{BASE}/services.json?jurisdiction_id=seoul.go.kr"), 404)
    discovery = client.get(f"{BASE}/discovery.json").get_json()
    assert discovery["endpoints"][0]["url"].endswith("/open311/v2")
    assert "hanbit.go.kr" in discovery["key_service"] and "hb" in discovery["key_service"]


def test_discovery_changeset_changes_when_the_catalog_changes(demo):
    client = demo.test_client()
    before = client.get(f"{BASE}/discovery.json").get_json()
    assert before["changeset"] == before["endpoints"][0]["changeset"]
    assert _kst(before["changeset"]) <= now_utc() + timedelta(seconds=1)
    assert client.get(f"{BASE}/discovery.json").get_json()["changeset"] == before["changeset"]
    with demo.app_context():
        ctype = db.session.query(ComplaintType).filter_by(code="STREETLIGHT").one()
        ctype.open311_public = False
        db.session.commit()
    after = client.get(f"{BASE}/discovery.json").get_json()["changeset"]
    assert after > before["changeset"]  # sortable (ISO 8601, one offset)
    assert "STREETLIGHT" not in {s["service_code"] for s in client.get(f"{BASE}/services.json").get_json()}


def test_public_reads_allow_any_origin_and_posts_do_not(demo, key):
    client = demo.test_client()
    for path in ("/services.json", "/requests.xml", "/discovery.json", "/services/NOPE.json"):
        response = client.get(f"{BASE}{path}", headers={"Origin": "https://app.example.org"})
        assert response.headers["Access-Control-Allow-Origin"] == "*", path
    preflight = client.options(f"{BASE}/requests.json", headers={
        "Origin": "https://app.example.org", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and "POST" not in preflight.headers["Access-Control-Allow-Methods"]
    posted = _post(client, key)
    assert posted.status_code == 200 and "Access-Control-Allow-Origin" not in posted.headers


def test_post_creates_a_normal_complaint_seen_by_the_responsible_officer(demo, key):
    client = demo.test_client()
    response = _post(client, key)
    assert response.status_code == 200, response.get_data(as_text=True)
    [created] = response.get_json()
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    assert created["service_notice"] == "3일 이내 보수 착수" and created["account_id"] is None
    number = created["service_request_id"]
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=number).one()
        client_row = db.session.query(ApiClient).one()
        assert complaint.channel == "open311" and complaint.open311_client_id == client_row.id
        assert complaint.complainant_name == "홍길동" and complaint.department.code == "HB-ROADS"
        assert complaint.due_at > complaint.received_at and complaint.latitude == pytest.approx(37.56654)
        assert "https://photos.example.org/p/1.jpg" in complaint.content
        due = complaint.due_at
    [row] = client.get(f"{BASE}/requests/{number}.json").get_json()
    assert set(row) == REQUEST_FIELDS
    assert row["status"] == "open" and row["service_code"] == "ROAD-DAMAGE" and row["agency_responsible"] == "도로과"
    # W3C datetimes carry whole seconds; a receipt inside working hours keeps its microseconds in due_at.
    assert _kst(row["expected_datetime"]) == due.replace(microsecond=0)
    assert _kst(row["requested_datetime"]) <= _kst(row["updated_datetime"])
    assert row["media_url"] is None  # kept for the officer, not published (photos may show people)
    assert row["description"] == "도로 파손 신고"  # the service: what the 민원인 wrote is not published
    assert row["address"] == "한빛대로" and row["lat"] == 37.567 and row["long"] == 126.978
    assert row["zipcode"] is None and row["address_id"] is None
    assert client.get(f"{BASE}/tokens/{number}.json").get_json() == [{"service_request_id": number,
                                                                       "token": number}]
    officer = demo.test_client()
    login(officer, "officer")
    assert officer.get(f"/staff/complaints/{number}").status_code == 200
    other = demo.test_client()
    login(other, "officer2")
    assert other.get(f"/staff/complaints/{number}").status_code == 403


def test_api_key_is_required_and_checked(demo, key):
    client = demo.test_client()
    _assert_spec_error(_post(client, None), 403)
    _assert_spec_error(_post(client, "not-a-key"), 403)
    staff_key = _issue_key(demo, "staff", "officer")
    _assert_spec_error(_post(client, staff_key), 403)  # a staff key is not an Open311 key
    with demo.app_context():
        row = db.session.query(ApiClient).filter_by(key_hash=hash_key(key)).one()
        assert row.key_hash != key and len(row.key_hash) == 64
        client_id = row.id
    result = demo.test_cli_runner().invoke(api_clients_cli, ["revoke", "--id", str(client_id)])
    assert result.exit_code == 0, result.output
    _assert_spec_error(_post(client, key), 403)
    listing = demo.test_cli_runner().invoke(api_clients_cli, ["list"]).output
    assert "revoked" in listing and key not in listing
    with demo.app_context():
        assert db.session.query(Complaint).count() == 0


@pytest.mark.parametrize(("overrides", "status"), [
    ({"service_code": None}, 400),
    ({"service_code": "NOPE"}, 404),  # the spec: 404 - service_code was not found
    ({"service_code": "PARKING-LAW"}, 404),  # exists, but not offered through Open311
    ({"description": None}, 400),
    ({"description": "가" * 4001}, 400),
    ({"lat": None, "long": None, "address_string": None}, 400),  # ROAD-DAMAGE asks for a location
    ({"lat": "91", "long": "127"}, 400),
    ({"lat": "abc"}, 400),
    ({"zipcode": "1234"}, 400),
    ({"address_id": "x" * 101}, 400),
    ({"media": "not a file"}, 400),
    ({"first_name": None, "last_name": None}, 400),
    ({"phone": None, "email": None}, 400),
    ({"email": "not-an-address"}, 400),
    ({"media_url": "javascript:alert(1)"}, 400),
])
def test_invalid_requests_get_spec_errors(demo, key, overrides, status):
    _assert_spec_error(_post(demo.test_client(), key, **overrides), status)
    with demo.app_context():
        assert db.session.query(Complaint).count() == 0


def test_api_key_may_come_in_the_query_string(demo, key):
    client = demo.test_client()
    response = client.post(f"{BASE}/requests.json?api_key={key}", data=_form(None))
    assert response.status_code == 200, response.get_data(as_text=True)
    _assert_spec_error(client.post(f"{BASE}/requests.json?api_key=wrong", data=_form(None)), 403)


def test_address_id_alone_is_a_location_and_zipcodes_are_kept(demo, key):
    client = demo.test_client()
    by_id = _post(client, key, lat=None, long=None, address_string=None, address_id="11140-1012345")
    given = _post(client, key, zipcode="04524")
    found = _post(client, key, lat=None, long=None, address_string="(04524) 서울특별시 중구 세종대로 110")
    numbers = [r.get_json()[0]["service_request_id"] for r in (by_id, given, found)]
    with demo.app_context():
        rows = {c.receipt_no: c for c in db.session.query(Complaint)}
        assert rows[numbers[0]].address_id == "11140-1012345" and rows[numbers[0]].address is None
        assert rows[numbers[1]].zipcode == "04524" and rows[numbers[2]].zipcode == "04524"
    published = [client.get(f"{BASE}/requests/{n}.json").get_json()[0] for n in numbers]
    assert [(r["address"], r["address_id"], r["zipcode"]) for r in published] == [
        (None, None, None), ("한빛대로", None, "04524"), ("서울특별시 중구 세종대로", None, "04524")]
    officer = demo.test_client()
    login(officer, "officer")
    case = officer.get(f"/staff/complaints/{numbers[0]}").get_data(as_text=True)
    assert "11140-1012345" in case and "주소 ID" in case  # the officer sees what the app sent
    assert "04524" in officer.get(f"/staff/complaints/{numbers[1]}").get_data(as_text=True)


def test_media_that_cannot_be_stored_refuse_the_request(demo, key, monkeypatch):
    """Never silently dropped: a file under another name, too many files, or a body too large is an error."""
    client = demo.test_client()

    def post(files, path="/requests.json"):
        data = {**_form(key), **{name: [(io.BytesIO(content), filename) for filename, content in entries]
                                 for name, entries in files.items()}}
        return client.post(BASE + path, data=data, content_type="multipart/form-data")

    _assert_spec_error(post({"photo": [("a.png", PNG)]}), 400)
    _assert_spec_error(post({"media": [(f"{i}.png", PNG) for i in range(6)]}), 400)
    monkeypatch.setitem(demo.config, "MAX_CONTENT_LENGTH", 2000)
    _assert_spec_error(post({"media": [("big.png", PNG + b"\x00" * 4000)]}), 413)
    too_large = post({"media": [("big.png", PNG + b"\x00" * 4000)]}, "/requests.xml")
    assert too_large.status_code == 413 and b"<code>413</code>" in too_large.get_data()
    with demo.app_context():
        assert db.session.query(Complaint).count() == 0


def test_address_alone_is_a_location_and_phone_alone_is_a_contact(demo, key):
    response = _post(demo.test_client(), key, lat=None, long=None, email=None)
    assert response.status_code == 200, response.get_data(as_text=True)
    with demo.app_context():
        complaint = db.session.query(Complaint).one()
        assert complaint.latitude is None and complaint.address == "한빛대로 12"
        assert complaint.notify_channel == "sms"


def test_get_requests_filters_and_never_leaks_personal_data(demo, key):
    client = demo.test_client()
    road = _post(client, key, description="연락은 010-9876-5432 또는 gildong@example.kr 로, 홍길동 드림",
                 media_url=None).get_json()[0]["service_request_id"]
    dumping = _post(client, key, service_code="ILLEGAL-DUMPING").get_json()[0]["service_request_id"]
    web = filed_receipt_no(demo.test_client())  # a ROAD-DAMAGE 민원 filed on the website: listed, text withheld
    private = filed_receipt_no(demo.test_client(), type_code="PARKING-LAW", address=None)
    bodies = []

    def get(query: str = "") -> list[dict]:
        response = client.get(f"{BASE}/requests.json{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        bodies.append(json.dumps(response.get_json(), ensure_ascii=False))  # Korean unescaped, to search it
        return response.get_json()

    everything = get()
    assert {r["service_request_id"] for r in everything} == {road, dumping, web}
    assert private not in bodies[-1] and "도로 파손 신고" in bodies[-1]
    assert {r["service_request_id"] for r in get("?service_code=ILLEGAL-DUMPING")} == {dumping}
    assert {r["service_request_id"] for r in get("?service_code=ROAD-DAMAGE,ILLEGAL-DUMPING")} == {road, dumping,
                                                                                                  web}
    assert [r["service_request_id"] for r in get(f"?service_request_id={dumping}&service_code=ROAD-DAMAGE")] == [
        dumping]
    assert {r["service_request_id"] for r in get(f"?service_request_id={road},{private}")} == {road}
    assert {r["service_request_id"] for r in get("?status=open")} == {road, dumping, web}
    assert get("?status=closed") == []
    from tests.complaint_helpers import staff_answer

    assert staff_answer(demo, dumping, account="head").status_code == 403  # 자원순환과's, not 도로과's
    assert staff_answer(demo, road).status_code == 303
    assert {r["service_request_id"] for r in get("?status=closed")} == {road}
    closed = next(r for r in get(f"?service_request_id={road}"))
    assert closed["status"] == "closed" and closed["status_notes"] == "답변 완료"
    tomorrow = (now_utc() + timedelta(days=1)).astimezone(KST)
    assert get(f"?start_date={tomorrow.isoformat().replace('+', '%2B')}") == []
    last_week = (now_utc() - timedelta(days=7)).astimezone(KST).isoformat(timespec="seconds")
    assert len(get(f"?start_date={last_week.replace('+', '%2B')}")) == 3
    assert len(get(f"?start_date={last_week}")) == 3  # an unencoded "+" arrives as a space
    web_row = next(r for r in everything if r["service_request_id"] == web)
    assert web_row["description"] == "도로 파손 신고" and web_row["media_url"] is None
    assert web_row["address"] == "한빛대로" and web_row["lat"] is None  # the web form asks for no position
    road_row = next(r for r in everything if r["service_request_id"] == road)
    assert road_row["description"] == "도로 파손 신고"
    for number in (road, dumping, web):
        bodies.append(json.dumps(client.get(f"{BASE}/requests/{number}.json").get_json(), ensure_ascii=False))
    for body in bodies:
        for secret in PERSONAL:
            assert secret not in body, secret


@pytest.mark.parametrize("query", ["?status=pending", "?start_date=yesterday",
                                   "?start_date=2025-01-01T00:00:00%2B09:00&end_date=2025-06-01T00:00:00%2B09:00",
                                   "?start_date=2025-02-01&end_date=2025-01-01"])
def test_bad_request_filters(demo, query):
    _assert_spec_error(demo.test_client().get(f"{BASE}/requests.json{query}"), 400)


def test_unknown_and_private_requests_are_404(demo):
    client = demo.test_client()
    private = filed_receipt_no(demo.test_client(), type_code="PARKING-LAW", address=None)
    for number in ("HB-2601-999999", "garbage", private):
        _assert_spec_error(client.get(f"{BASE}/requests/{number}.json"), 404)
        _assert_spec_error(client.get(f"{BASE}/tokens/{number}.json"), 404)


def test_post_is_rate_limited_per_key(demo, key, monkeypatch):
    monkeypatch.setitem(demo.config, "OPEN311_RATE_LIMIT", "2 per minute")
    client = demo.test_client()
    assert _post(client, key).status_code == 200
    assert _post(client, key).status_code == 200
    _assert_spec_error(_post(client, key), 429)
    assert _post(client, _issue_key(demo)).status_code == 200  # another client has its own budget


def test_unknown_keys_are_counted_per_client_address(demo, key, monkeypatch):
    """Trying keys does not buy a fresh budget per key: missing and unknown keys share their address's."""
    monkeypatch.setitem(demo.config, "OPEN311_UNKNOWN_KEY_RATE_LIMIT", "3 per minute")
    client = demo.test_client()
    guesser = {"REMOTE_ADDR": "198.51.100.7"}
    for guess in ("guess-1", "guess-2", None):
        _assert_spec_error(client.post(f"{BASE}/requests.json", data=_form(guess), environ_base=guesser), 403)
    for guess in ("guess-4", None, key + "x"):
        refused = client.post(f"{BASE}/requests.json", data=_form(guess), environ_base=guesser)
        _assert_spec_error(refused, 429)
        assert int(refused.headers["Retry-After"]) > 0
    refused = client.post(f"{BASE}/requests.xml?api_key=guess-5", data=_form(None), environ_base=guesser)
    assert refused.status_code == 429 and b"<code>429</code>" in refused.get_data()
    elsewhere = {"REMOTE_ADDR": "198.51.100.8"}
    _assert_spec_error(client.post(f"{BASE}/requests.json", data=_form("guess-6"), environ_base=elsewhere), 403)
    known = client.post(f"{BASE}/requests.json", data=_form(key), environ_base=guesser)
    assert known.status_code == 200  # a real client keeps its own budget, whatever its address
    with demo.app_context():
        assert db.session.query(Complaint).count() == 1


def test_staff_client_needs_a_user_and_open311_none(demo):
    runner = demo.test_cli_runner()
    assert runner.invoke(api_clients_cli, ["create", "--name", "x", "--scope", "staff"]).exit_code != 0
    assert runner.invoke(api_clients_cli, ["create", "--name", "x", "--scope", "open311", "--user",
                                           "officer"]).exit_code != 0
    assert runner.invoke(api_clients_cli, ["create", "--name", "x", "--scope", "staff", "--user",
                                           "nobody"]).exit_code != 0
    with demo.app_context():
        assert db.session.query(ApiClient).count() == 0
