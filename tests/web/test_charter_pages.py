"""고객헌장 pages: the public charter and versions, and the staff flow draft → approve → publish."""

from __future__ import annotations

import pytest

from charters.models import Charter
from core.extensions import db
from tests.helpers import csrf_token_from, login, parse, post_form, text_of


def test_public_charter_page_shows_the_published_version(demo):
    client = demo.test_client()
    page = parse(client.get("/charter"))
    assert page.h1.get_text(strip=True) == "한빛시 고객헌장"
    record = text_of(page, ".charter-record")
    assert "제1판" in record and "SHA-256" in record
    headings = [h.get_text(" ", strip=True) for h in page.select(".charter-document h2")]
    assert headings == ["헌장 전문", "Ⅰ. 기본 임무", "Ⅱ. 제공하는 서비스의 내용과 바람직한 서비스의 수준",
                        "Ⅲ. 불만처리, 시정 절차 및 배상 등의 책임", "Ⅳ. 서비스 향상을 위한 노력 및 계획", "고객 연락처"]
    assert page.select_one("a[href='/charter.pdf']") is not None
    summary = text_of(page, ".charter-summary")
    assert "약속을 지켰습니까?" in summary and "해당 민원 없음" in summary
    assert "민원 만족도" in summary and "전화 응대" not in summary  # descriptive standards are not measured


def test_public_pages_without_a_charter(client):
    assert "아직 게시된 고객헌장이 없습니다" in parse(client.get("/charter")).get_text()
    assert client.get("/charter.pdf").status_code == 404
    assert client.get("/charter/versions/1.pdf").status_code == 404
    assert "아직 게시된 판이 없습니다" in parse(client.get("/charter/versions")).get_text()


def test_drafts_are_never_public(demo):
    client = demo.test_client()
    login(client, "admin")
    response = post_form(client, "/staff/charters/new", {"title": "개정안", "copy_from": "1"})
    assert response.status_code == 303
    with demo.app_context():
        draft = db.session.query(Charter).filter_by(status="draft").one()
        assert draft.version_no is None
    anonymous = demo.test_client()
    assert anonymous.get("/charter/versions/2").status_code == 404
    assert anonymous.get("/charter/versions/2.pdf").status_code == 404
    assert anonymous.get(f"/staff/charters/{draft.id}/preview.pdf").status_code == 302


def _edit_form(client, charter_id: int) -> dict:
    """Every field of the edit form as the browser would send it back."""
    page = parse(client.get(f"/staff/charters/{charter_id}/edit"))
    form = page.select_one("form.charter-form")
    data = {}
    for control in form.select("input, textarea, select"):
        name = control.get("name")
        if not name or control.get("type") == "submit":
            continue
        if control.name == "textarea":
            data[name] = control.get_text().lstrip("\r\n")
        elif control.name == "select":
            chosen = control.select_one("option[selected]") or control.select_one("option")
            data[name] = chosen.get("value", "")
        elif control.get("type") == "checkbox":
            if control.has_attr("checked"):
                data[name] = control.get("value", "y")
        else:
            data[name] = control.get("value", "")
    return data


def test_staff_revise_approve_and_publish_a_new_version(demo):
    client = demo.test_client()
    login(client, "admin")
    assert post_form(client, "/staff/charters/new", {"title": "한빛시 고객헌장", "copy_from": "1"}).status_code == 303
    with demo.app_context():
        draft_id = db.session.query(Charter.id).filter_by(status="draft").scalar()
    data = _edit_form(client, draft_id)
    assert data["standards-0-service"] == "도로 파손 신고" and data["standards-14-service"] == ""
    data["standards-0-promise"] = "도로 파손 신고는 접수 후 2일 이내에 보수에 착수합니다."
    data["standards-3-promise_spec"] = "10d"  # longer than the 7 days of the law
    data["mission"] = "고친 임무 **강조**"
    response = client.post(f"/staff/charters/{draft_id}/edit", data={**data, "action": "save"})
    assert response.status_code == 400
    page = parse(response)
    assert "법정 기간과 같거나 더 짧게만" in text_of(page, "#error-summary")
    assert page.select_one("#standards-3-promise_spec")["value"] == "10d"  # the input is kept
    assert page.select_one("#mission").get_text().lstrip("\r\n") == "고친 임무 **강조**"
    with demo.app_context():
        assert "고친 임무" not in db.session.get(Charter, draft_id).mission_source  # nothing half-saved

    data["standards-3-promise_spec"] = "4d"
    data["standards-13-remove"] = "y"
    response = client.post(f"/staff/charters/{draft_id}/edit", data={**data, "action": "save"})
    assert response.status_code == 303
    with demo.app_context():
        draft = db.session.get(Charter, draft_id)
        assert draft.mission_html == "<p>고친 임무 <strong>강조</strong></p>"
        assert len(draft.standards) == 13 and draft.standards[3].promise_spec == "4d"

    officer = demo.test_client()
    login(officer, "officer")
    assert officer.post(f"/staff/charters/{draft_id}/approve",
                        data={"csrf_token": csrf_token_from(officer.get("/staff/"))}).status_code == 403
    token = csrf_token_from(client.get(f"/staff/charters/{draft_id}"))
    assert client.post(f"/staff/charters/{draft_id}/approve", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/staff/charters/{draft_id}/edit").status_code == 303  # approved: no editing
    assert client.post(f"/staff/charters/{draft_id}/publish", data={"csrf_token": token}).status_code == 303
    page = parse(client.get("/charter"))
    assert "제2판" in text_of(page, ".charter-record")
    assert "고친 임무" in page.get_text()
    versions = parse(client.get("/charter/versions")).get_text()
    assert "제2판" in versions and "제1판" in versions and "대체됨" in versions
    assert "대체된 제1판" in parse(client.get("/charter/versions/1")).get_text()


def test_adding_a_row_keeps_what_was_typed_and_saves_nothing(demo):
    client = demo.test_client()
    login(client, "head")
    post_form(client, "/staff/charters/new", {"title": "빈 초안", "copy_from": ""})
    with demo.app_context():
        draft_id = db.session.query(Charter.id).filter_by(status="draft").scalar()
    data = _edit_form(client, draft_id)
    data.update({"mission": "입력 중인 임무", "channels-0-name": "콜센터", "channels-0-value": "031-000-1100",
                 "action": "add_channel"})
    page = parse(client.post(f"/staff/charters/{draft_id}/edit", data=data))
    assert page.select_one("#mission").get_text().lstrip("\r\n") == "입력 중인 임무"
    assert page.select_one("#channels-0-name")["value"] == "콜센터"
    assert page.select_one("#channels-1-name") is not None
    with demo.app_context():
        assert db.session.get(Charter, draft_id).mission_source == ""


def test_a_half_filled_row_is_refused_with_its_field_named(demo):
    client = demo.test_client()
    login(client, "head")
    post_form(client, "/staff/charters/new", {"title": "빈 초안", "copy_from": ""})
    with demo.app_context():
        draft_id = db.session.query(Charter.id).filter_by(status="draft").scalar()
    data = _edit_form(client, draft_id)
    data.update({"compensations-0-condition": "재방문한 경우", "compensations-0-amount_won": "오천"})
    page = parse(client.post(f"/staff/charters/{draft_id}/edit", data={**data, "action": "save"}))
    summary = text_of(page, "#error-summary")
    assert "보상 기준 1 · 보상 방법" in summary and "보상 기준 1 · 금액(원)" in summary
    assert page.select_one("#compensations-0-condition").get_text().lstrip("\r\n") == "재방문한 경우"


@pytest.mark.parametrize(("account", "status"), [("officer", 403), ("auditor", 403), ("head", 200), ("admin", 200)])
def test_per_object_staff_pages_by_role(demo, account, status):
    with demo.app_context():
        charter_id = db.session.query(Charter.id).scalar()
    client = demo.test_client()
    login(client, account)
    assert client.get(f"/staff/charters/{charter_id}").status_code == status
    assert client.get(f"/staff/charters/{charter_id}/preview.pdf").status_code == status
    assert client.get(f"/staff/charters/{charter_id}/edit").status_code == (303 if status == 200 else 403)
    token = csrf_token_from(client.get("/staff/"))
    for action in ("approve", "publish", "discard"):
        response = client.post(f"/staff/charters/{charter_id}/{action}", data={"csrf_token": token})
        assert response.status_code == (303 if status == 200 else 403), action
    assert client.get("/staff/charters/999/edit").status_code == (404 if status == 200 else 403)
    with demo.app_context():
        assert db.session.get(Charter, charter_id).status == "published"  # a published version stays as it is


def test_english_interface_keeps_the_korean_document(demo):
    client = demo.test_client()
    post_form(client, "/language", {"lang": "en"}, form_page="/")
    page = parse(client.get("/charter"))
    assert "Basic mission" in page.get_text() and "한빛시 고객헌장" in page.get_text()
    assert "기본 임무" in __import__("tests.pdf.test_charter_pdf", fromlist=["_text"])._text(
        client.get("/charter.pdf").data)
