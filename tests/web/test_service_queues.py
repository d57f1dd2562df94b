"""The providing department's queues on SQLite and PostgreSQL: each tab lists the right requests in due order
with counts on the tabs and the 민원 queue's badges, keyset pages, the head's assign control (heads only), and
who may open the queue at all."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from core.clock import KST
from core.extensions import db
from service_requests.domain.workflow import Action
from service_requests.models import ServiceRequest
from service_requests.queues.queries import Tab, provider_page, tab_counts
from tests.helpers import csrf_token_from, login, parse
from tests.service_request_helpers import make_request, step, user

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=KST)  # a Wednesday


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=KST)


@pytest.fixture
def queue(demo, frozen):
    """정보통신과's requests in every state: overdue and unassigned (A), due soon (B), waiting (D), due on Friday
    (C), resolved (F); and one for 총무과 (E)."""
    frozen(NOW)
    with demo.app_context():
        made = {
            "A": make_request("IT-OUTAGE", now=at(7, 10), title="새올 접속 불가"),  # 4h: due Monday 15:00
            "B": make_request("IT-ACCOUNT", now=NOW, priority="urgent", title="계정 잠금 해제"),  # 4h: 15:00 today
            "C": make_request("IT-ACCOUNT", now=NOW, title="권한 변경"),  # 2d: Friday 10:00
            "D": make_request("IT-PC-REPAIR", now=NOW, title="프린터 용지 걸림"),  # 1d: Thursday 10:00
            "E": make_request("GA-FACILITY", now=NOW, title="회의실 조명"),
            "F": make_request("IT-PC-REPAIR", now=at(8, 10), title="키보드 교체"),
        }
        step(made["D"], "itstaff", Action.ASK, now=NOW, text="어느 층 프린터입니까?")
        step(made["F"], "itstaff", Action.RESOLVE, now=at(8, 15), text="교체했습니다.")
        db.session.commit()
        numbers = {key: request.number for key, request in made.items()}
    return demo, numbers


def _client(app, login_id):
    client = app.test_client()
    assert login(client, login_id).status_code == 302
    return client


def _rows(client, tab):
    response = client.get(f"/staff/service-queue?tab={tab}")
    assert response.status_code == 200
    soup = parse(response)
    return soup, [row.select_one("th a").get_text() for row in soup.select("table.service-queue tbody tr")
                  if row.select_one("th a")]


def test_each_tab_lists_the_right_requests_in_due_order(queue):
    app, n = queue
    client = _client(app, "itstaff")
    expected = {"unassigned": ["A"], "mine": ["B", "D", "C"], "due_soon": ["B"], "overdue": ["A"],
                "waiting": ["D"]}
    for tab, keys in expected.items():
        soup, rows = _rows(client, tab)
        assert rows == [n[k] for k in keys], tab
        tabs = {a.get_text(" ", strip=True) for a in soup.select(".queue-tabs a")}
        assert tabs == {"미배정 (1)", "내 담당 (3)", "기한 임박 (1)", "기한 경과 (1)", "요청자 확인 대기 (1)"}
    soup, _rows_ = _rows(client, "mine")
    badges = {row.select_one("th a").get_text(): row.select_one(".due-badge")
              for row in soup.select("table.service-queue tbody tr")}
    assert "due-urgent" in badges[n["B"]]["class"] and "4" in badges[n["B"]].get_text()
    assert "due-paused" in badges[n["D"]]["class"] and badges[n["D"]].get_text() == "요청자 확인 대기 (정지)"
    assert badges[n["C"]].get_text() == "D-2" and "due-normal" in badges[n["C"]]["class"]
    soup, _rows_ = _rows(client, "overdue")
    assert "due-overdue" in soup.select_one(".due-badge")["class"]
    general = _client(app, "general")
    assert _rows(general, "mine")[1] == [n["E"]]  # 총무과 sees its own, nothing of 정보통신과
    assert _rows(general, "unassigned")[1] == []


def test_keyset_pages_walk_the_tab_both_ways(queue):
    app, n = queue
    with app.app_context():
        me = user("itstaff")
        department, my_id = me.department_id, me.id
        first = provider_page(department, Tab.MINE, my_id, NOW, None, size=2)
        assert [r.number for r in first.rows] == [n["B"], n["D"]] and first.previous is None
        second = provider_page(department, Tab.MINE, my_id, NOW, first.next, size=2)
        assert [r.number for r in second.rows] == [n["C"]] and second.next is None
        back = provider_page(department, Tab.MINE, my_id, NOW, second.previous, size=2)
        assert [r.number for r in back.rows] == [n["B"], n["D"]]
        assert tab_counts(department, my_id, NOW) == {Tab.UNASSIGNED: 1, Tab.MINE: 3, Tab.DUE_SOON: 1,
                                                      Tab.OVERDUE: 1, Tab.WAITING: 1}
    client = _client(app, "itstaff")
    page = parse(client.get("/staff/service-queue?tab=mine"))
    assert page.select_one("a[rel=next]") is None  # 3 rows fit one page of 25
    assert client.get("/staff/service-queue?tab=mine&after=junk").status_code == 400


def test_the_head_assigns_from_the_queue_and_comes_back(queue):
    app, n = queue
    head = _client(app, "ithead")
    response = head.get("/staff/service-queue?tab=unassigned")
    soup = parse(response)
    form = soup.select_one("form.queue-assign")
    options = {o.get_text(): o["value"] for o in form.select("select option")}
    data = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    data["assign-assignee"] = options["오정보"]
    response = head.post(form["action"], data=data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/staff/service-queue?tab=unassigned")
    assert _rows(head, "unassigned")[1] == []
    assert n["A"] in _rows(_client(app, "itstaff"), "mine")[1]
    with app.app_context():
        request = db.session.scalar(select(ServiceRequest).where(ServiceRequest.number == n["A"]))
        assert request.handler.login_id == "itstaff" and request.events[-1].action == "assign"
    officer = _client(app, "itstaff")
    assert parse(officer.get("/staff/service-queue?tab=mine")).select("form.queue-assign") == []  # not a head


def test_who_may_open_the_queue(queue):
    app, _n = queue
    assert _client(app, "auditor").get("/staff/service-queue").status_code == 403  # reads requests, no queue
    assert _client(app, "admin").get("/staff/service-queue").status_code == 403
    requester = _client(app, "officer")  # 도로과 provides nothing: an empty queue
    soup, rows = _rows(requester, "unassigned")
    assert rows == [] and "요청이 없습니다." in soup.get_text()
    token = csrf_token_from(requester.get("/staff/"))
    assert requester.post("/staff/service-requests/IR-2612-999999/act",
                          data={"csrf_token": token, "action": "start"}).status_code == 404
