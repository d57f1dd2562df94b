"""A client written from the GeoReport v2 spec (tests/open311_client.py) against the real server over HTTP, in
XML (the spec's default) and in JSON: discovery, services, a service definition, POST, GET requests, GET one
request, tokens, errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from civil_complaints.complaint_models import Attachment, Complaint
from core.extensions import db
from tests.complaint_helpers import PNG
from tests.open311_client import Open311Client, Open311ClientError, required_inputs
from tests.web.test_open311 import _issue_key

FORMATS = ["xml", "json"]


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def live(demo) -> Iterator[str]:
    """The app served over real HTTP on a free loopback port, for the length of one test."""
    server = make_server("127.0.0.1", 0, demo, threaded=True, request_handler=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _user_input(code: str) -> str:
    """What the app's user types into the fields the service definition asks for."""
    return {"complainant_name": "김시민", "contact": "citizen@example.kr"}[code]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_client_from_the_spec_files_and_reads_requests(demo, live, fmt):
    key = _issue_key(demo)
    client, discovery = Open311Client.discover(f"{live}/open311/v2/discovery", fmt, api_key=key,
                                               jurisdiction_id="HB")
    assert discovery["changeset"] and discovery["contact"] and discovery["key_service"]
    assert client.endpoint == f"{live}/open311/v2"
    assert {"text/xml", "application/json"} <= set(discovery["endpoints"][0]["formats"])

    services = client.services()
    assert {s["service_code"] for s in services} == {"ROAD-DAMAGE", "STREETLIGHT", "ILLEGAL-DUMPING"}
    road = next(s for s in services if s["service_code"] == "ROAD-DAMAGE")
    assert road["metadata"] is True and road["type"] == "realtime" and road["service_name"] == "도로 파손 신고"

    definition = client.service_definition("ROAD-DAMAGE")
    assert definition["service_code"] == "ROAD-DAMAGE"
    assert required_inputs(definition) == ["complainant_name", "contact"]
    orders = [a["order"] for a in definition["attributes"]]
    assert len(set(orders)) == len(orders) and min(orders) == 1
    assert all(a["description"] for a in definition["attributes"])

    # A user fills in what the definition asks for; the app sends it as attribute[code] (no first_name etc.).
    attributes = {code: _user_input(code) for code in required_inputs(definition)}
    [created] = client.create_request("ROAD-DAMAGE", attributes=attributes, lat=37.56654, long=126.97797,
                                      address_string="한빛대로 12 앞", description="보도블록이 깨졌습니다.")
    number = created["service_request_id"]
    assert number.startswith("HB-") and created["service_notice"] == "3일 이내 보수 착수"
    assert created.get("account_id") is None and "token" not in created

    listed = client.requests(service_code="ROAD-DAMAGE", status="open")
    assert [r["service_request_id"] for r in listed] == [number]
    one = client.request(number)
    assert one == listed[0]
    assert one["status"] == "open" and one["service_code"] == "ROAD-DAMAGE" and one["address"] == "한빛대로"
    assert one["lat"] == 37.567 and one["long"] == 126.978  # rounded: ~100 m
    assert one["requested_datetime"].endswith("+09:00") and one["expected_datetime"]
    assert client.token(number) == [{"service_request_id": number, "token": number}]

    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=number).one()
        assert complaint.complainant_name == "김시민" and complaint.complainant_email == "citizen@example.kr"
        assert complaint.notify_channel == "email" and complaint.channel == "open311"


@pytest.mark.parametrize("fmt", FORMATS)
def test_errors_come_in_the_requested_format_and_language(demo, live, fmt):
    key = _issue_key(demo)
    client = Open311Client(f"{live}/open311/v2", fmt, api_key=key)
    with pytest.raises(Open311ClientError) as unknown:
        client.service_definition("NO-SUCH-SERVICE")
    assert unknown.value.status == 404 and unknown.value.errors[0]["code"] == 404
    assert "NO-SUCH-SERVICE" in unknown.value.errors[0]["description"]
    with pytest.raises(Open311ClientError) as filed_unknown:
        client.create_request("NO-SUCH-SERVICE", first_name="길동", last_name="홍", phone="010-1234-5678",
                              description="x", lat=37.5, long=127.0)
    assert filed_unknown.value.status == 404
    with pytest.raises(Open311ClientError) as bad_key:
        Open311Client(client.endpoint, fmt, api_key="nope").create_request(
            "ROAD-DAMAGE", first_name="길동", last_name="홍", phone="010-1234-5678", description="x", lat=37.5,
            long=127.0)
    assert bad_key.value.status == 403 and "api_key" in bad_key.value.errors[0]["description"]
    korean = Open311Client(client.endpoint, fmt, api_key=key)
    english = Open311Client(client.endpoint, fmt, api_key=key, language="en-US,en;q=0.9")
    for speaker, expected in ((korean, "필수입니다"), (english, "description is required")):
        with pytest.raises(Open311ClientError) as missing:
            speaker.create_request("ROAD-DAMAGE", first_name="길동", last_name="홍", phone="010-1234-5678",
                                   lat=37.5, long=127.0)
        assert missing.value.status == 400 and expected in missing.value.errors[0]["description"]
    assert Open311Client(client.endpoint, fmt, language="en").services()[0]["service_name"] == "Road damage"
    with demo.app_context():
        assert db.session.query(Complaint).count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_media_are_stored_as_attachments_or_refused(demo, live, fmt):
    client = Open311Client(f"{live}/open311/v2", fmt, api_key=_issue_key(demo))
    person = {"first_name": "길동", "last_name": "홍", "email": "hong@example.kr", "description": "가로등이 꺼졌어요",
              "address_string": "한빛대로 3"}
    [created] = client.create_request("STREETLIGHT", media=[("lamp.png", PNG)], key_in_query=True, **person)
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=created["service_request_id"]).one()
        [attachment] = complaint.attachments
        assert attachment.original_name == "lamp.png" and attachment.content_type == "image/png"
        assert attachment.size == len(PNG) and attachment.uploaded_by == "citizen"
    with pytest.raises(Open311ClientError) as refused:
        client.create_request("STREETLIGHT", media=[("lamp.png", b"MZ\x90\x00 not an image")], **person)
    assert refused.value.status == 400 and "lamp.png" in refused.value.errors[0]["description"]
    with demo.app_context():
        assert db.session.query(Complaint).count() == 1 and db.session.query(Attachment).count() == 1
