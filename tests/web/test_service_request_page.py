"""A request's page on SQLite and PostgreSQL: what both sides read, every step through its form (question,
answer, resolution, confirmation, reopening, forwarding, cancelling, approval), refusals with the input kept,
the "someone else changed this" protection, files, auditors who read and never write, other departments (403),
and the 민원 case page that lists the requests made for it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from core.clock import KST
from core.extensions import db
from service_requests.domain.workflow import Action
from service_requests.models import RequestEvent, ServiceRequest
from tests.complaint_helpers import filed_receipt_no
from tests.helpers import csrf_token_from, login, parse, text_of
from tests.service_request_helpers import attach, make_request

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=KST)  # a Wednesday


@pytest.fixture
def world(demo, frozen):
    frozen(NOW)
    with demo.app_context():
        number = make_request("IT-PC-REPAIR", now=NOW, title="모니터가 켜지지 않음").number  # handler: itstaff
        db.session.commit()
    return demo, number


def _client(app, login_id):
    client = app.test_client()
    assert login(client, login_id).status_code == 302
    return client


def _post(client, number, action, **fields):
    page = client.get(f"/staff/service-requests/{number}")
    soup = parse(page)
    version = soup.select_one(f"input[name='{action}-version']")
    data = {"csrf_token": csrf_token_from(page), "action": action,
            f"{action}-version": version["value"] if version else "1"}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(f"/staff/service-requests/{number}/act", data=data)


def _request(app, number) -> ServiceRequest:
    db.session.remove()
    return db.session.scalar(select(ServiceRequest).where(ServiceRequest.number == number))


def _forms(response) -> set[str]:
    return {i["value"] for i in parse(response).select("form input[name=action]")}


def test_both_sides_read_the_request_and_see_only_their_steps(world):
    app, number = world
    provider = _client(app, "itstaff")
    page = provider.get(f"/staff/service-requests/{number}")
    assert page.status_code == 200
    soup = parse(page)
    assert "모니터가 켜지지 않음" in text_of(soup, "h1")
    assert "PC·프린터 고장 수리" in soup.get_text()
    assert "증상" in soup.get_text() and "모니터가 켜지지 않습니다." in soup.get_text()  # the answer by its label
    assert "2026. 12. 10. 10:00" in text_of(soup, ".clocks")  # resolution 1d (normal): one working day later
    assert _forms(page) == {"start", "ask", "comment", "resolve", "forward"}
    assert _forms(_client(app, "ithead").get(f"/staff/service-requests/{number}")) == {
        "assign", "start", "ask", "comment", "resolve", "forward"}
    assert _forms(_client(app, "officer").get(f"/staff/service-requests/{number}")) == {"comment", "cancel"}


def test_question_answer_resolution_and_confirmation_through_the_page(world, frozen):
    app, number = world
    provider, requester = _client(app, "itstaff"), _client(app, "officer")
    response = _post(provider, number, "ask", text="자산번호를 알려 주십시오.")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/staff/service-requests/{number}")
    page = requester.get(f"/staff/service-requests/{number}")
    assert "요청자 확인 대기" in text_of(parse(page), ".summary-list")
    assert "예" in text_of(parse(page), ".clocks")  # the clock is paused now
    assert _forms(page) == {"reply", "comment", "cancel"}
    frozen(datetime(2026, 12, 9, 14, 0, tzinfo=KST))
    assert _post(requester, number, "reply", text="자산번호는 HB-PC-0042입니다.").status_code == 303
    assert _post(provider, number, "comment", text="부품을 주문했습니다.").status_code == 303
    assert _post(provider, number, "resolve", text="모니터 전원부를 교체했습니다.").status_code == 303
    assert _post(requester, number, "confirm").status_code == 303
    with app.app_context():
        request = _request(app, number)
        assert request.status == "closed"
        # paused 10:00–14:00 Wednesday = 3 working hours (lunch not counted): the due moved by exactly that,
        # from 10:00 Thursday to 14:00 (10–12, 13–14)
        assert request.resolution_due_at == datetime(2026, 12, 10, 14, 0, tzinfo=KST)
    soup = parse(requester.get(f"/staff/service-requests/{number}"))
    history = text_of(soup, ".history-table")
    assert "접수 → 요청자 확인 대기" in history and "자산번호를 알려 주십시오." in history
    assert "해결 → 완료" in history
    assert "해결기한: 2026. 12. 10. 10:00 → 2026. 12. 10. 14:00" in history  # the answer's change, before → after
    assert "부품을 주문했습니다." in text_of(soup, ".comment-list")
    assert _forms(requester.get(f"/staff/service-requests/{number}")) == set()  # completed: nothing left to do


def test_requester_reopens_a_resolution_and_it_is_counted(world):
    app, number = world
    provider, requester = _client(app, "itstaff"), _client(app, "officer")
    assert _post(provider, number, "resolve", text="재부팅했습니다.").status_code == 303
    assert _post(requester, number, "reopen", text="여전히 켜지지 않습니다.").status_code == 303
    with app.app_context():
        request = _request(app, number)
        assert (request.status, request.reopen_count) == ("in_progress", 1)
    assert "재요청 횟수" in parse(requester.get(f"/staff/service-requests/{number}")).get_text()


def test_refusals_keep_what_was_typed(world):
    app, number = world
    provider = _client(app, "itstaff")
    response = _post(provider, number, "ask", text="   ")  # blank: the rules want the question
    assert response.status_code == 400
    soup = parse(response)
    assert "내용을 적어 주십시오" in text_of(soup, "#ask-refusal")
    assert soup.select_one("details#panel-ask")["open"] is not None
    typed = "총무과에서 처리할 건입니다. " * 3
    response = _post(provider, number, "forward", text=typed, department="999999")  # not a providing department
    assert response.status_code == 400
    assert parse(response).select_one("#forward-text").get_text().lstrip("\r\n") == typed
    assert _post(provider, number, "ask", text="x" * 4001).status_code == 400
    response = _post(provider, number, "nonsense")
    assert response.status_code == 400
    with app.app_context():
        request = _request(app, number)
        assert request.status == "received" and [e.action for e in request.events] == ["create"]


def test_someone_else_changed_it_first(world):
    app, number = world
    provider, head = _client(app, "itstaff"), _client(app, "ithead")
    stale = provider.get(f"/staff/service-requests/{number}")
    token = csrf_token_from(stale)
    assert _post(head, number, "start").status_code == 303  # the head starts it meanwhile: version 2
    response = provider.post(f"/staff/service-requests/{number}/act", data={
        "csrf_token": token, "action": "comment", "comment-version": "1", "comment-text": "내일 방문하겠습니다."})
    assert response.status_code == 409
    soup = parse(response)
    assert "다른 사람이 먼저 바꿨습니다" in soup.get_text()
    assert soup.select_one("#comment-text").get_text().lstrip("\r\n") == "내일 방문하겠습니다."
    assert soup.select_one("input[name='comment-version']")["value"] == "2"  # send again: it applies now
    with app.app_context():
        assert [e.action for e in _request(app, number).events] == ["create", "start"]


def test_assign_is_for_the_providing_head_only(world):
    app, number = world
    with app.app_context():
        head_id = db.session.scalar(select(ServiceRequest.handler_id).where(ServiceRequest.number == number))
    officer = _client(app, "itstaff")
    response = _post(officer, number, "assign", assignee=str(head_id))
    assert response.status_code == 400
    head = _client(app, "ithead")
    page = head.get(f"/staff/service-requests/{number}")
    options = {o.get_text(): o["value"] for o in parse(page).select("#assign-assignee option")}
    assert set(options) == {"강과장", "오정보"}  # 정보통신과 members (the admin account is no service user)
    assert _post(head, number, "assign", assignee=options["강과장"]).status_code == 303
    with app.app_context():
        request = _request(app, number)
        assert request.handler.login_id == "ithead"
        assert "강과장" in request.events[-1].changes and "오정보" in request.events[-1].changes


def test_forward_moves_it_to_the_other_departments_queue(world):
    app, number = world
    provider = _client(app, "itstaff")
    page = provider.get(f"/staff/service-requests/{number}")
    departments = {o.get_text(): o["value"] for o in parse(page).select("#forward-department option")}
    assert set(departments) == {"총무과", "법무담당관"}  # providing departments but this one
    assert number in provider.get("/staff/service-queue?tab=mine").get_data(as_text=True)
    response = _post(provider, number, "forward", text="시설 고장입니다.", department=departments["총무과"])
    assert response.status_code == 303
    assert provider.get(f"/staff/service-requests/{number}").status_code == 403  # no longer theirs
    assert number not in provider.get("/staff/service-queue?tab=mine").get_data(as_text=True)
    general = _client(app, "general")
    assert number in general.get("/staff/service-queue?tab=unassigned").get_data(as_text=True)
    with app.app_context():
        request = _request(app, number)
        assert request.provider_department.code == "HB-GENERAL" and request.handler_id is None
        assert request.resolution_due_at == datetime(2026, 12, 10, 10, 0, tzinfo=KST)  # the resolution clock runs on


def test_approval_and_cancel_on_the_requesting_side(demo, frozen):
    frozen(NOW)
    with demo.app_context():
        legal = make_request("LEGAL-REVIEW", now=NOW, title="점용허가 검토").number
        other = make_request("LEGAL-REVIEW", now=NOW, title="두 번째 검토").number
        db.session.commit()
    head = _client(demo, "head")
    assert _forms(head.get(f"/staff/service-requests/{legal}")) >= {"approve", "reject"}
    assert _post(head, legal, "approve").status_code == 303
    assert _post(head, other, "reject", text="").status_code == 400  # a refusal needs its reason
    assert _post(_client(demo, "officer"), other, "cancel", text="필요 없어졌습니다.").status_code == 303
    with demo.app_context():
        assert _request(demo, legal).status == "received"
        assert _request(demo, other).status == "cancelled"


def test_auditors_read_and_never_write_others_get_403(world):
    app, number = world
    auditor = _client(app, "auditor")
    page = auditor.get(f"/staff/service-requests/{number}")
    assert page.status_code == 200 and _forms(page) == set()
    token = csrf_token_from(auditor.get("/staff/"))
    for action in Action:
        response = auditor.post(f"/staff/service-requests/{number}/act",
                                data={"csrf_token": token, "action": action.value, f"{action.value}-version": "1",
                                      f"{action.value}-text": "감사"})
        assert response.status_code == 403, action
    outsider = _client(app, "officer2")  # 자원순환과: neither side
    assert outsider.get(f"/staff/service-requests/{number}").status_code == 403
    response = outsider.post(f"/staff/service-requests/{number}/act",
                             data={"csrf_token": csrf_token_from(outsider.get("/staff/")), "action": "comment",
                                   "comment-version": "1", "comment-text": "x"})
    assert response.status_code == 403
    assert auditor.get("/staff/service-requests/IR-2612-999999").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(RequestEvent.action).where(RequestEvent.action != "create")) is None


def test_files_go_to_those_who_may_read_the_request(world):
    app, number = world
    with app.app_context():
        request = _request(app, number)
        row = attach(app, request, filename="증상 메모.txt", data="화면이 깜빡입니다.".encode(), now=NOW,
                     field_key="photo")
        db.session.commit()
        file_id, other = row.id, row.id + 1000
    provider = _client(app, "itstaff")
    soup = parse(provider.get(f"/staff/service-requests/{number}"))
    link = soup.select_one(f"a[href='/staff/service-requests/{number}/files/{file_id}']")
    assert link is not None and link.get_text() == "증상 메모.txt"
    response = provider.get(f"/staff/service-requests/{number}/files/{file_id}")
    body = response.get_data()
    response.close()
    assert response.status_code == 200 and body == "화면이 깜빡입니다.".encode()
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%EC%A6%9D%EC%83%81" in response.headers["Content-Disposition"]
    assert provider.get(f"/staff/service-requests/{number}/files/{other}").status_code == 404
    assert _client(app, "officer2").get(f"/staff/service-requests/{number}/files/{file_id}").status_code == 403


def test_the_complaint_case_page_lists_its_requests(demo, frozen):
    frozen(NOW)
    receipt_no = filed_receipt_no(demo.test_client(), title="도로 파임 보수 요청")
    with demo.app_context():
        from civil_complaints.complaint_models import Complaint

        complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no))
        number = make_request("IT-PC-REPAIR", now=NOW, complaint_id=complaint.id, title="현장 사진 출력 PC").number
        db.session.commit()
    officer = _client(demo, "officer")
    soup = parse(officer.get(f"/staff/complaints/{receipt_no}"))
    table = text_of(soup, "#internal-requests-table")
    assert number in table and "정보통신과" in table and "접수" in table and "2026. 12. 10. 10:00" in table
    assert soup.select_one(f"#internal-requests-table a[href='/staff/service-requests/{number}']") is not None
    ask = soup.find("a", string="내부 서비스 요청")
    if "service_requests.catalog" in demo.view_functions:  # the catalog's link, once the catalog is built
        assert ask["href"] == f"/staff/services?complaint={receipt_no}"
    else:  # never a link to a page this build lacks
        assert ask is None
    # the provider reads the 민원's 처리기한 first, on the request page and in the queue (without the 민원 itself)
    provider = _client(demo, "itstaff")
    page = parse(provider.get(f"/staff/service-requests/{number}"))
    linked = text_of(page, ".linked-complaint")
    assert receipt_no in linked and "도로 파임 보수 요청" in linked and "2026. 12. 14." in linked  # 3d 처리기한
    assert provider.get(f"/staff/complaints/{receipt_no}").status_code == 403
    row = parse(provider.get("/staff/service-queue?tab=mine")).find("a", string=number).find_parent("tr")
    assert receipt_no in row.select("td")[0].get_text()
    assert _client(demo, "officer2").get(f"/staff/complaints/{receipt_no}").status_code == 403
