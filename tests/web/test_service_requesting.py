"""Asking for an internal service through the pages, on SQLite and PostgreSQL: every kind of form field and its
refusals (400, the error beside the field, the input kept), files checked by content as 민원 attachments are, the
민원 link and its warning before sending, the head's approval and refusal, the lists, and who may do what."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from core.clock import KST
from core.extensions import db
from service_requests.models import RequestFile, ServiceRequest
from tests.complaint_helpers import filed_receipt_no, staff_answer
from tests.helpers import csrf_token_from, parse
from tests.web.service_helpers import PDF, ask, client_of, requests_of

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=KST)  # a Wednesday


def _error(response, field: str) -> str:
    node = parse(response).select_one(f"#{field}-error")
    assert node is not None, f"no error beside {field}"
    return node.get_text(" ", strip=True)


def test_each_kind_of_field_is_checked_and_the_input_kept(demo, frozen):
    frozen(NOW)
    officer = client_of(demo, "officer")
    form = parse(officer.get("/staff/services/IT-ACCOUNT/request"))
    assert form.select_one("select#field_system") and form.select_one("input#field_start_date")["type"] == "date"
    assert "(필수)" in form.select_one('label[for="field_user_name"]').get_text()
    refused = ask(officer, "IT-ACCOUNT", {"title": "", "field_system": "mainframe", "field_user_name": "",
                                          "field_start_date": "2026-02-30", "priority": "urgent"})
    assert refused.status_code == 400
    assert "입력" in _error(refused, "title") and "입력" in _error(refused, "field_user_name")
    assert "선택" in _error(refused, "field_system") and "날짜" in _error(refused, "field_start_date")
    soup = parse(refused)
    assert soup.select_one("#field_start_date")["value"] == "2026-02-30"
    assert soup.select_one("#priority-0").has_attr("checked")  # 긴급 kept
    outage = ask(officer, "IT-OUTAGE", {"title": "새올 장애", "field_system_name": "새올",
                                        "field_users_affected": "열 명", "description": "x" * 4001})
    assert outage.status_code == 400 and "숫자" in _error(outage, "field_users_affected")
    assert "4000" in _error(outage, "description") or "4,000" in _error(outage, "description")
    assert parse(outage).select_one("#field_users_affected")["value"] == "열 명"
    long_text = ask(officer, "IT-PC-REPAIR", {"title": "프린터", "field_symptom": "가" * 4001})
    assert long_text.status_code == 400 and _error(long_text, "field_symptom")
    with demo.app_context():
        assert db.session.scalar(select(func.count(ServiceRequest.id))) == 0  # nothing half-saved

    sent = ask(officer, "IT-OUTAGE", {"title": "새올 장애", "field_system_name": "새올",
                                      "field_users_affected": "1,200", "priority": "urgent"})
    assert sent.status_code == 303
    with demo.app_context():
        request = requests_of("IT-OUTAGE")[0]
        assert request.number == "IR-2612-000001" and request.priority == "urgent"
        assert json.loads(request.answers) == {"system_name": "새올", "users_affected": "1200"}
        assert request.status == "received" and request.resolution_due_at == datetime(2026, 12, 9, 12, 0,
                                                                                       tzinfo=KST)
    assert ask(officer, "IT-ACCOUNT", {"title": "계정", "field_system": "crm", "field_user_name": "김담당",
                                       "field_start_date": "2026-12-14"}).status_code == 303


def _files_in(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def test_files_are_checked_by_content_like_complaint_attachments(demo, frozen):
    frozen(NOW)
    officer = client_of(demo, "officer")
    data = {"title": "점용허가 검토", "field_question": "도로법 제61조 해석"}
    upload_dir = Path(demo.config["UPLOAD_DIR"]) / "service_requests"
    before = _files_in(upload_dir)  # the folder is shared by the tests of this worker: other files may lie there
    fake = ask(officer, "LEGAL-REVIEW", data, files={"field_document": ("검토.pdf", b"MZ\x90\x00 not a pdf")})
    assert fake.status_code == 400 and "검토.pdf" in _error(fake, "field_document")
    assert parse(fake).select_one("#title")["value"] == "점용허가 검토"
    with demo.app_context():
        assert db.session.scalar(select(func.count(RequestFile.id))) == 0
    assert _files_in(upload_dir) == before  # nothing written for a refused request

    sent = ask(officer, "LEGAL-REVIEW", data, files={"field_document": ("검토\u202e.pdf", PDF),
                                                     "attachments": ("메모.txt", "참고 메모".encode())})
    assert sent.status_code == 303
    with demo.app_context():
        files = requests_of("LEGAL-REVIEW")[0].files
        assert sorted((f.field_key or "", f.filename, f.content_type) for f in files) == [
            ("", "메모.txt", "text/plain; charset=utf-8"), ("document", "검토.pdf", "application/pdf")]
        stored = next(f for f in files if f.field_key == "document")
        path = upload_dir / "2026" / "12" / stored.stored_name
        assert path.read_bytes() == PDF


def test_a_complaint_may_be_linked_only_by_one_who_handles_it_while_open(demo, frozen):
    frozen(NOW)
    receipt_no = filed_receipt_no(demo.test_client())  # 도로 파손 신고: 도로과, 3 days
    officer, officer2 = client_of(demo, "officer"), client_of(demo, "officer2")
    other = ask(officer2, "IT-PC-REPAIR", {"title": "PC", "field_symptom": "부팅 안 됨", "complaint": receipt_no})
    assert other.status_code == 400 and "민원" in _error(other, "complaint")  # 자원순환과 does not see it
    no_link = ask(officer, "IT-ACCOUNT", {"title": "계정", "field_system": "crm", "field_user_name": "김담당",
                                          "complaint": receipt_no})
    assert no_link.status_code == 400
    assert not parse(officer.get("/staff/services/IT-ACCOUNT/request")).select_one("#complaint")
    linked = ask(officer, "IT-PC-REPAIR", {"title": "PC", "field_symptom": "부팅 안 됨", "complaint": receipt_no})
    assert linked.status_code == 303
    with demo.app_context():
        assert requests_of("IT-PC-REPAIR")[0].complaint_id is not None
    assert staff_answer(demo, receipt_no).status_code in (302, 303)
    closed = ask(officer, "IT-PC-REPAIR", {"title": "PC", "field_symptom": "부팅 안 됨", "complaint": receipt_no})
    assert closed.status_code == 400 and "종결" in _error(closed, "complaint")


def test_the_requester_is_warned_before_sending_when_the_target_ends_after_the_complaint(demo, frozen):
    frozen(NOW)
    receipt_no = filed_receipt_no(demo.test_client())
    officer = client_of(demo, "officer")
    data = {"title": "점용허가 검토", "field_question": "도로법 제61조 해석", "complaint": receipt_no}
    first = ask(officer, "LEGAL-REVIEW", data)  # normal: 5 working days, after the 민원's 3 days
    assert first.status_code == 200
    soup = parse(first)
    warning = soup.select_one("#link-warning")
    assert warning is not None and receipt_no in warning.get_text() and "2026. 12. 16. 10:00" in warning.get_text()
    assert soup.select_one("#make_urgent") and soup.select_one("#title")["value"] == "점용허가 검토"
    with demo.app_context():
        assert requests_of("LEGAL-REVIEW") == []  # nothing sent yet
    confirm = {**data, "csrf_token": csrf_token_from(first), "warned_for": soup.select_one("#warned_for")["value"],
               "make_urgent": "y", "priority": "normal"}
    sent = officer.post("/staff/services/LEGAL-REVIEW/request", data=confirm, content_type="multipart/form-data")
    assert sent.status_code == 303
    with demo.app_context():
        request = requests_of("LEGAL-REVIEW")[0]
        assert request.priority == "urgent" and request.resolution_target == "2d"
        assert request.status == "pending_approval"
    urgent = ask(officer, "LEGAL-REVIEW", {**data, "priority": "urgent"})  # 2 days: before the 민원's due
    assert urgent.status_code == 303


def test_the_head_approves_or_refuses_with_a_reason(demo, frozen):
    frozen(NOW)
    officer, head = client_of(demo, "officer"), client_of(demo, "head")
    for destination in ("세종청사", "수원 현장"):
        assert ask(officer, "GA-VEHICLE", {"title": f"{destination} 출장", "field_use_date": "2026-12-14",
                                           "field_destination": destination}).status_code == 303
    page = head.get("/staff/service-requests/approvals")
    assert page.status_code == 200
    numbers = [h["id"].removeprefix("request-") for h in parse(page).select(".service-card h2")]
    assert numbers == ["IR-2612-000001", "IR-2612-000002"]
    token = csrf_token_from(page)
    url = "/staff/service-requests/{}/approval"
    no_reason = head.post(url.format(numbers[1]), data={"csrf_token": token, "decision": "reject", "version": "1",
                                                        "reason": " "})
    assert no_reason.status_code == 400 and "사유" in _error(no_reason, f"reason-{numbers[1]}")
    stale = head.post(url.format(numbers[0]), data={"csrf_token": token, "decision": "approve", "version": "7"})
    assert stale.status_code == 409
    assert head.post(url.format(numbers[1]), data={"csrf_token": token, "decision": "reject", "version": "1",
                                                   "reason": "같은 날 다른 차량을 이용하십시오."}).status_code == 303
    frozen(datetime(2026, 12, 9, 14, 0, tzinfo=KST))
    assert head.post(url.format(numbers[0]), data={"csrf_token": token, "decision": "approve",
                                                   "version": "1"}).status_code == 303
    with demo.app_context():
        approved, rejected = requests_of("GA-VEHICLE")
        assert rejected.status == "rejected" and rejected.resolution_due_at is None
        assert approved.status == "received" and approved.approved_by.login_id == "head"
        # normal: resolution 1 working day from the approval (14:00 Wednesday), not from the request
        assert approved.resolution_due_at == datetime(2026, 12, 10, 14, 0, tzinfo=KST)
    again = head.post(url.format(numbers[0]), data={"csrf_token": token, "decision": "approve", "version": "2"})
    assert again.status_code == 409
    assert "승인을 기다리는 요청이 없습니다" in head.get("/staff/service-requests/approvals").get_data(as_text=True)


def test_lists_show_mine_and_my_department_s_requests(demo, frozen):
    frozen(NOW)
    officer, head = client_of(demo, "officer"), client_of(demo, "head")
    assert ask(officer, "GA-FACILITY", {"title": "회의실 냉방", "field_location": "3층"}).status_code == 303
    assert ask(head, "IT-OUTAGE", {"title": "전자결재 장애", "field_system_name": "전자결재"}).status_code == 303
    assert ask(client_of(demo, "officer2"), "GA-FACILITY", {"title": "다른 부서", "field_location": "1층"}
               ).status_code == 303
    mine = parse(officer.get("/staff/service-requests"))
    assert [th.get_text(strip=True) for th in mine.select("tbody th")] == ["IR-2612-000001"]
    row = " ".join(mine.select_one("tbody tr").get_text(" ").split())
    assert "청사 시설 보수" in row and "총무과" in row and "접수" in row and "D-7" in row  # due the 16th
    department = parse(officer.get("/staff/service-requests?tab=department"))
    assert [th.get_text(strip=True) for th in department.select("tbody th")] == ["IR-2612-000002",
                                                                                 "IR-2612-000001"]
    auditor = parse(client_of(demo, "auditor").get("/staff/service-requests"))
    assert len(auditor.select("tbody th")) == 3
    assert officer.get("/staff/service-requests?page=0").status_code == 400


def test_who_may_approve(demo, frozen):
    frozen(NOW)
    officer = client_of(demo, "officer")
    assert ask(officer, "GA-VEHICLE", {"title": "출장", "field_use_date": "2026-12-14",
                                       "field_destination": "세종"}).status_code == 303
    url = "/staff/service-requests/IR-2612-000001/approval"
    for account, status in (("officer", 403), ("ithead", 403), ("auditor", 403), ("admin", 403)):
        client = client_of(demo, account)
        token = csrf_token_from(client.get("/staff/"))
        assert client.post(url, data={"csrf_token": token, "decision": "approve", "version": "1"}
                           ).status_code == status, account
        assert client.get("/staff/service-requests/approvals").status_code == (200 if account == "ithead" else 403)
    head = client_of(demo, "head")
    token = csrf_token_from(head.get("/staff/"))
    assert head.post("/staff/service-requests/IR-2612-999999/approval",
                     data={"csrf_token": token, "decision": "approve", "version": "1"}).status_code == 404
    with demo.app_context():
        assert requests_of("GA-VEHICLE")[0].status == "pending_approval"
