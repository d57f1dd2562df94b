"""/staff/service-performance: the figures of a hand-made set of requests of 정보통신과 (on-time shares, median and
90th percentile of the resolution in working time, backlog, reopen rate, satisfaction), the drill-down listing
exactly the late ones, the period form, and who may see what."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from core.clock import KST
from core.extensions import db
from organization.models import User
from service_requests.domain.workflow import Action
from service_requests.handling.services import Step, act
from service_requests.models import RequestRating, Service
from service_requests.requesting.services import RequestData, create_request
from tests.helpers import login, parse
from working_calendar.cache import load_calendar

NOW = datetime(2026, 12, 18, 10, 0, tzinfo=KST)  # a Friday
DECEMBER = {"date_from": "2026-12-01", "date_to": "2026-12-31"}


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=KST)


def _user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


ANSWERS = {"IT-PC-REPAIR": {"symptom": "전원이 켜지지 않습니다."},
           "IT-ACCOUNT": {"system": "saeol", "user_name": "김담당"}}


def _request(key: str, code: str, created: datetime, steps=()):
    """A request of 도로과's officer made at `created`, then `steps` of (login id, action, at, text)."""
    service = db.session.scalar(select(Service).where(Service.code == code))
    calendar = load_calendar()
    request = create_request(_user("officer"), service, RequestData(title=f"요청 {key}", answers=ANSWERS[code]),
                             calendar=calendar, now=created)
    for login_id, action, when in steps:
        act(_user(login_id), request, Step(action, text="처리 내용"), calendar=calendar, now=when)
    return request


def _rate(request, score: int) -> None:
    db.session.add(RequestRating(request=request, score=score, rated_by_id=request.requester_id,
                                 rated_at=request.resolved_at))


@pytest.fixture
def world(demo, frozen):
    """IT-PC-REPAIR (normal: first response 2h, resolution 1d = 8 working hours) and IT-ACCOUNT (4h, 2d)."""
    frozen(NOW)
    start, resolve, ask, reply, reopen = Action.START, Action.RESOLVE, Action.ASK, Action.REPLY, Action.REOPEN
    with demo.app_context():
        made = {
            # on time, 3 working hours (09–12), rated 5
            "a": _request("a", "IT-PC-REPAIR", at(7, 9), [("itstaff", start, at(7, 9, 30)),
                                                          ("itstaff", resolve, at(7, 13))]),
            # first response at 13:00, due 12:00: late; resolved after 9 working hours: late
            "b": _request("b", "IT-PC-REPAIR", at(7, 10), [("itstaff", start, at(7, 13)),
                                                           ("itstaff", resolve, at(8, 11))]),
            # a question (paused a working day), resolved, reopened: the last resolution took 2 working hours
            "c": _request("c", "IT-PC-REPAIR", at(8, 9), [("itstaff", ask, at(8, 10)), ("officer", reply, at(9, 10)),
                                                          ("itstaff", resolve, at(9, 15)),
                                                          ("officer", reopen, at(10, 9)),
                                                          ("itstaff", resolve, at(10, 11))]),
            # answered at 12:30 (due 11:00: late), resolved in 5 working hours (on time)
            "i": _request("i", "IT-PC-REPAIR", at(14, 9), [("itstaff", start, at(14, 12, 30)),
                                                           ("itstaff", resolve, at(14, 15))]),
            "d": _request("d", "IT-PC-REPAIR", at(16, 9)),  # never answered, overdue: late twice
            "e": _request("e", "IT-PC-REPAIR", at(18, 9), [("itstaff", start, at(18, 9, 45))]),  # not yet due
            "f": _request("f", "IT-PC-REPAIR", at(7, 11)),  # cancelled below before any answer: not measured
            "g": _request("g", "IT-ACCOUNT", at(1, 9), [("itstaff", start, at(1, 9, 10)),
                                                        ("itstaff", resolve, at(2, 17))]),  # 15 working hours
            "h": _request("h", "IT-PC-REPAIR", at(27, 9, month=11)),  # November: backlog only
        }
        act(_user("officer"), made["f"], Step(Action.CANCEL, text="자체 해결"), calendar=load_calendar(),
            now=at(7, 11, 30))
        _rate(made["a"], 5)
        _rate(made["c"], 2)
        _rate(made["g"], 4)
        db.session.commit()
        return {key: request.number for key, request in made.items()}


def _client(app, login_id: str):
    client = app.test_client()
    login(client, login_id)
    return client


def _row(page, department: str, label: str) -> list[str]:
    table = page.select_one(f"section[aria-labelledby=perf-{department}] table")
    for row in table.select("tbody tr"):
        if row.th.get_text(strip=True) == label:
            return [" ".join(td.get_text(" ", strip=True).split()) for td in row.select("td")]
    raise AssertionError(f"no row {label}")


def test_figures_of_each_service_and_the_department(demo, world):
    page = parse(_client(demo, "auditor").get("/staff/service-performance", query_string=DECEMBER))
    pc = _row(page, "HB-IT", "PC·프린터 고장 수리")
    assert pc == ["7", "50.0% 3건 지연 / 6", "60.0% 2건 지연 / 5", "4근무시간", "7.8근무시간", "3", "25.0% 1 / 4",
                  "3.5 2건"]
    account = _row(page, "HB-IT", "업무시스템 계정 발급·변경")
    assert account == ["1", "100.0% 0건 지연 / 1", "100.0% 0건 지연 / 1", "1.9근무일", "1.9근무일", "0", "0.0% 0 / 1",
                       "4.0 1건"]
    total = _row(page, "HB-IT", "부서 합계")
    assert total[:4] == ["8", "57.1% 3건 지연 / 7", "66.7% 2건 지연 / 6", "5근무시간"]
    assert total[5] == "3"
    chart = page.select_one("figure.perf-chart svg[role=img]")
    assert "정보통신과" in chart.select_one("desc").get_text() and "57.1%" in chart.select_one("desc").get_text()


def _late_link(page, department: str, label: str, column: int) -> str:
    table = page.select_one(f"section[aria-labelledby=perf-{department}] table")
    row = next(r for r in table.select("tbody tr") if r.th.get_text(strip=True) == label)
    return row.select("td")[column].a["href"]


def _listed(client, href: str) -> list[str]:
    response = client.get(href)
    assert response.status_code == 200, href
    return sorted(th.get_text(strip=True) for th in parse(response).select("tbody th[scope=row]"))


def test_each_late_count_opens_exactly_the_late_requests(demo, world):
    client = _client(demo, "ithead")
    page = parse(client.get("/staff/service-performance", query_string=DECEMBER))
    response_late = _listed(client, _late_link(page, "HB-IT", "PC·프린터 고장 수리", 1))
    assert response_late == sorted(world[k] for k in ("b", "d", "i"))
    resolution_late = _listed(client, _late_link(page, "HB-IT", "PC·프린터 고장 수리", 2))
    assert resolution_late == sorted(world[k] for k in ("b", "d"))
    department_late = _listed(client, _late_link(page, "HB-IT", "부서 합계", 1))
    assert department_late == response_late
    links = parse(client.get(_late_link(page, "HB-IT", "PC·프린터 고장 수리", 1))).select("tbody a")
    if "service_requests.request_page" in demo.view_functions:  # the request page (another room) once it exists
        assert {a["href"] for a in links} == {f"/staff/service-requests/{world[k]}" for k in ("b", "d", "i")}
    else:
        assert links == []


def test_the_default_period_is_the_last_full_month(demo, world):
    page = parse(_client(demo, "admin").get("/staff/service-performance"))
    assert page.select_one("input[name=date_from]")["value"] == "2026-11-01"
    assert page.select_one("input[name=date_to]")["value"] == "2026-11-30"
    assert _row(page, "HB-IT", "PC·프린터 고장 수리")[0] == "1"  # h, made in November


@pytest.mark.parametrize("query", [{"date_from": "2026-12-31", "date_to": "2026-12-01"},
                                   {"date_from": "2026-13-01", "date_to": "2026-12-31"},
                                   {"date_from": "", "date_to": "2026-12-31"}])
def test_a_wrong_period_is_refused_and_kept(demo, world, query):
    response = _client(demo, "auditor").get("/staff/service-performance", query_string=query)
    assert response.status_code == 400
    page = parse(response)
    assert page.select_one(".krds-form-error, [role=alert], .error-summary") is not None or "오류" in page.title.text
    assert page.select_one("input[name=date_from]")["value"] == query["date_from"]
    assert not page.select("section.perf-department")


def test_who_may_see_the_page_and_the_drill_down(demo, world):
    late = {"kind": "response", "department": "HB-IT", **DECEMBER}
    for login_id in ("officer", "itstaff", "general"):
        client = _client(demo, login_id)
        assert client.get("/staff/service-performance").status_code == 403
        assert client.get("/staff/service-performance/late", query_string=late).status_code == 403
    head = _client(demo, "head")  # 도로과's head: every department's figures, not 정보통신과's late requests
    page = parse(head.get("/staff/service-performance", query_string=DECEMBER))
    assert _row(page, "HB-IT", "PC·프린터 고장 수리")[0] == "7"
    assert not page.select("section[aria-labelledby=perf-HB-IT] td a")
    assert head.get("/staff/service-performance/late", query_string=late).status_code == 403
    for login_id in ("ithead", "auditor", "admin"):
        assert _client(demo, login_id).get("/staff/service-performance/late", query_string=late).status_code == 200
    auditor = _client(demo, "auditor")
    for wrong in ({**late, "kind": "other"}, {**late, "department": "NOPE"}, {**late, "service": "NOPE"}):
        assert auditor.get("/staff/service-performance/late", query_string=wrong).status_code == 404


def test_the_figures_download_as_a_csv_that_excel_and_python_read_with_the_same_numbers(demo, world):
    import csv
    import io

    response = _client(demo, "auditor").get("/staff/service-performance.csv", query_string=DECEMBER)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="service-performance-2026-12-01-2026-12-31.csv"'
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and "\r\n" in text  # Excel's byte-order mark; RFC 4180 line ends
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["내부 서비스 성과", "2026. 12. 1.", "2026. 12. 31."]
    assert rows[1][:6] == ["제공 부서", "서비스", "요청", "첫 응답 측정", "첫 응답 지연", "첫 응답 기한 준수율(%)"]
    by_service = {(row[0], row[1]): row for row in rows[2:]}
    pc = by_service["정보통신과", "PC·프린터 고장 수리"]  # the page's row, as numbers (test above)
    assert pc[2:] == ["7", "6", "3", "50.0", "5", "2", "60.0", "4.0", "7.8", "3", "25.0", "3.5", "2"]
    assert by_service["정보통신과", "부서 합계"][2:9] == ["8", "7", "3", "57.1", "6", "2", "66.7"]
    assert _client(demo, "officer").get("/staff/service-performance.csv").status_code == 403
    assert _client(demo, "auditor").get("/staff/service-performance.csv?date_from=2026-13-01").status_code == 400
