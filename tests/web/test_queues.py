"""/staff/complaints: the queues' tabs, filters, search, keyset pages, masking, badges and who may assign."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from civil_complaints.casework import services as workflow_services
from civil_complaints.complaint_models import Complaint
from core.clock import KST, now_utc
from core.extensions import db
from tests.helpers import csrf_token_from, login, parse, text_of
from tests.workflow_helpers import file_at, user


def _file(tmp_path, code="ROAD-DAMAGE", *, due_in=None, status=None, title=None, name="홍길동", channel=None,
          received_days_ago=0, assign_to=None) -> str:
    """A 민원 filed through the intake service; its due, status or title then set for the scenario."""
    complaint = file_at(code, now_utc() - timedelta(days=received_days_ago), tmp_path, name=name)
    if due_in is not None:
        complaint.due_at = now_utc() + due_in
        complaint.due_date = complaint.due_at.astimezone(KST).date()
    if assign_to:
        workflow_services.assign(user("head"), complaint, assignee=user(assign_to), now=now_utc())
    complaint.status = status or complaint.status
    complaint.title = title or complaint.title
    complaint.channel = channel or complaint.channel
    db.session.commit()
    return complaint.receipt_no


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [a.get_text(strip=True) for a in parse(response).select("tbody th[scope=row] a")]


def _end_of_today():
    now = now_utc().astimezone(KST)
    return (now.replace(hour=23, minute=59, second=0, microsecond=0) - now)


@pytest.fixture
def cases(demo, tmp_path):
    """도로과: mine (due in 5 days), unassigned due later today, overdue (10일, day-based), answered;
    자원순환과: one overdue."""
    with demo.app_context():
        return {
            "mine": _file(tmp_path, due_in=timedelta(days=5), assign_to="officer", title="가로등 교체 요청"),
            "today": _file(tmp_path, due_in=_end_of_today(), name="남궁민수", channel="phone"),
            "overdue": _file(tmp_path, "ROAD-OCCUPANCY", due_in=-timedelta(days=2), received_days_ago=10),
            "answered": _file(tmp_path, due_in=timedelta(days=1), status="answered"),
            "other": _file(tmp_path, "ILLEGAL-DUMPING", due_in=-timedelta(days=1)),
        }


def _client(app, account):
    client = app.test_client()
    login(client, account)
    return client


def test_each_tab_shows_its_complaints_in_due_order(demo, cases):
    client = _client(demo, "officer")
    assert _numbers(client.get("/staff/complaints?tab=mine")) == [cases["mine"]]
    assert _numbers(client.get("/staff/complaints?tab=department")) == [cases["overdue"], cases["today"],
                                                                       cases["mine"]]
    assert _numbers(client.get("/staff/complaints?tab=unassigned")) == [cases["overdue"], cases["today"]]
    assert _numbers(client.get("/staff/complaints?tab=due_today")) == [cases["today"]]
    assert _numbers(client.get("/staff/complaints?tab=overdue")) == [cases["overdue"]]
    page = parse(client.get("/staff/complaints"))
    assert page.select_one(".queue-tabs [aria-current=page]").get_text(strip=True) == "내 민원"
    titles = {tab: text_of(parse(client.get(f"/staff/complaints?tab={tab}")), "title")
              for tab in ("mine", "department", "unassigned", "due_today", "overdue", "shared")}
    assert titles["department"] == "부서 민원 · 민원 처리함 | 한빛시"
    assert len(set(titles.values())) == len(titles)  # every tab has its own title
    assert " ".join(page.select_one("caption").get_text().split()).startswith("내 민원: 1건")


def test_badges_read_like_an_officer_thinks(demo, cases):
    page = parse(_client(demo, "officer").get("/staff/complaints?tab=department"))
    badges = {row.select_one("th a").get_text(strip=True): row.select_one(".due-badge").get_text(strip=True)
              for row in page.select("tbody tr")}
    assert badges[cases["overdue"]] == "기한 경과 2일"  # 10일: day-based, calendar days after the due date
    assert re.fullmatch(r"\d+근무시간 남음", badges[cases["mine"]])  # 3d is hour-based (법 제19조①): working hours
    assert page.select_one(".due-badge.due-overdue") is not None
    dues = {row.select_one("th a").get_text(strip=True): row.select_one(".due-at").get_text(strip=True)
            for row in page.select("tbody tr")}
    assert re.fullmatch(r"\d{4}\. \d{1,2}\. \d{1,2}\.", dues[cases["overdue"]])  # D3: a day-unit due is a date
    assert re.fullmatch(r"\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}", dues[cases["mine"]])  # an hour-unit one an instant


def test_filters_search_and_status(demo, cases):
    client = _client(demo, "officer")
    assert _numbers(client.get("/staff/complaints?tab=department&channel=phone")) == [cases["today"]]
    assert _numbers(client.get("/staff/complaints?tab=department&q=가로등")) == [cases["mine"]]
    assert _numbers(client.get(f"/staff/complaints?tab=department&q={cases['mine'].lower()}")) == [cases["mine"]]
    # a receipt-number prefix finds the open cases of that month (the overdue one, filed 10 days ago,
    # may fall in the month before, so the expectation is derived, not fixed)
    prefix = cases["mine"].rsplit("-", 1)[0] + "-"
    same_month = {cases[key] for key in ("overdue", "today", "mine") if cases[key].startswith(prefix)}
    assert set(_numbers(client.get(f"/staff/complaints?tab=department&q={prefix}"))) == same_month
    assert len(same_month) >= 2
    assert _numbers(client.get("/staff/complaints?tab=department&status=answered")) == [cases["answered"]]
    assert len(_numbers(client.get("/staff/complaints?tab=department&status=all"))) == 4
    assert _numbers(client.get("/staff/complaints?tab=department&kind=statutory")) == [cases["overdue"]]
    assert _numbers(client.get("/staff/complaints?tab=department&kind=grievance")) == []
    assert len(_numbers(client.get("/staff/complaints?tab=department&kind=other"))) == 2
    received = (now_utc() - timedelta(days=10)).astimezone(KST).date().isoformat()
    assert _numbers(client.get(f"/staff/complaints?tab=department&received_from={received}"
                               f"&received_to={received}")) == [cases["overdue"]]
    assert client.get("/staff/complaints?tab=department&received_from=not-a-date").status_code == 400
    # the filters are kept in the tab links and the form
    page = parse(client.get("/staff/complaints?tab=department&channel=phone"))
    assert "channel=phone" in page.select_one(".queue-tabs a[href*='tab=overdue']")["href"]
    assert page.select_one("#channel option[selected]")["value"] == "phone"


def test_filter_errors_are_summarised_like_every_form(demo, cases):
    """An invalid filter: "오류" in the title, an error summary (focused) linking to the field, the input kept."""
    response = _client(demo, "officer").get("/staff/complaints?tab=department&received_from=not-a-date&q=가로등")
    assert response.status_code == 400
    page = parse(response)
    assert text_of(page, "title").startswith("오류 - ")
    summary = page.select_one("#error-summary")
    assert summary is not None and summary.has_attr("autofocus") and summary["role"] == "alert"
    assert summary.select_one("a")["href"] == "#received_from"
    assert page.select_one("#received_from")["aria-invalid"] == "true"
    assert page.select_one("#q")["value"] == "가로등"
    assert page.select_one("details.queue-more").has_attr("open")  # the field in error is not hidden


def test_names_are_masked_on_the_list(demo, cases):
    text = parse(_client(demo, "officer").get("/staff/complaints?tab=department")).select_one("tbody").get_text()
    assert "홍*동" in text and "남**수" in text and "홍길동" not in text and "남궁민수" not in text


def test_keyset_pages_forward_and_back(demo, tmp_path):
    with demo.app_context():
        numbers = [_file(tmp_path, due_in=timedelta(hours=10 + i)) for i in range(30)]
    client = _client(demo, "officer")
    first = client.get("/staff/complaints?tab=unassigned")
    assert _numbers(first) == numbers[:25]
    next_link = parse(first).select_one(".pager a[rel=next]")["href"]
    assert parse(first).select_one(".pager a[rel=prev]") is None
    second = client.get(next_link)
    assert _numbers(second) == numbers[25:]
    assert text_of(parse(first), "title") == "미배정 · 민원 처리함 | 한빛시"
    assert text_of(parse(second), "title") == "미배정 (2쪽) · 민원 처리함 | 한빛시"
    assert parse(second).select_one(".pager a[rel=next]") is None
    back = client.get(parse(second).select_one(".pager a[rel=prev]")["href"])
    assert _numbers(back) == numbers[:25]
    assert "30건" in parse(first).select_one("caption").get_text()


def test_other_departments_cannot_see_and_auditors_see_all_without_controls(demo, cases):
    officer2 = _numbers(_client(demo, "officer2").get("/staff/complaints?tab=department"))
    assert officer2 == [cases["other"]]
    auditor = _client(demo, "auditor")
    page = auditor.get("/staff/complaints?tab=overdue")
    assert _numbers(page) == [cases["overdue"], cases["other"]]
    soup = parse(page)
    assert soup.select("form.queue-assign") == [] and "내 민원" not in soup.select_one(".queue-tabs").get_text()
    assert "자원순환과" in soup.select_one("tbody").get_text()
    # the tab that lists every department's complaints is named for that, not "부서 민원" (auditors have none)
    tabs = [a.get_text(strip=True) for a in soup.select(".queue-tabs a")]
    assert tabs[0] == "전체 부서 민원" and "부서 민원" not in tabs
    assert [a.get_text(strip=True) for a in parse(_client(demo, "head").get("/staff/complaints")).select(
        ".queue-tabs a")][:2] == ["내 민원", "부서 민원"]
    assert _client(demo, "admin").get("/staff/complaints").status_code == 403


def test_officers_get_no_assign_controls_and_cannot_assign_by_url(demo, cases):
    client = _client(demo, "officer")
    page = client.get("/staff/complaints?tab=unassigned")
    assert parse(page).select("form.queue-assign") == []
    with demo.app_context():
        head_id = user("head").id
    response = client.post(f"/staff/complaints/{cases['today']}/assign",
                           data={"csrf_token": csrf_token_from(page), "assignee": head_id, "version": 1})
    assert response.status_code == 403
    with demo.app_context():
        assert db.session.query(Complaint).filter_by(receipt_no=cases["today"]).one().assignee_id is None


def test_head_assigns_and_reassigns_from_the_queue(demo, cases):
    head = _client(demo, "head")
    queue = "/staff/complaints?tab=unassigned&channel=phone"
    row = parse(head.get(queue)).select_one("form.queue-assign")
    assert row["action"] == f"/staff/complaints/{cases['today']}/assign"
    with demo.app_context():
        officer_id, head_id = user("officer").id, user("head").id
    data = {i["name"]: i["value"] for i in row.select("input[type=hidden]")}
    response = head.post(row["action"], data={**data, "assignee": officer_id})
    assert response.status_code == 303 and response.headers["Location"] == queue
    assert _numbers(_client(demo, "officer").get("/staff/complaints?tab=mine")) == [cases["today"], cases["mine"]]
    row = next(r for r in parse(head.get("/staff/complaints?tab=department")).select("form.queue-assign")
               if cases["today"] in r["action"])
    assert row.select_one("option[selected]")["value"] == str(officer_id)
    assert row.select_one("button").get_text(" ", strip=True).startswith("재배정")
    data = {i["name"]: i["value"] for i in row.select("input[type=hidden]")}
    assert head.post(row["action"], data={**data, "assignee": head_id}).status_code == 303
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=cases["today"]).one()
        assert complaint.assignee_id == head_id and complaint.status == "assigned"
        assert [e.action for e in complaint.events][-2:] == ["assigned", "reassigned"]


def test_next_only_returns_to_the_queue(demo, cases):
    head = _client(demo, "head")
    row = parse(head.get("/staff/complaints?tab=unassigned")).select_one("form.queue-assign")
    data = {i["name"]: i["value"] for i in row.select("input[type=hidden]")}
    with demo.app_context():
        officer_id = user("officer").id
    response = head.post(row["action"], data={**data, "next": "https://evil.example/staff/complaints",
                                              "assignee": officer_id})
    assert response.status_code == 303 and response.headers["Location"].startswith("/staff/complaints/HB-")


def test_cooperation_requests_are_shared_with_the_asked_department_without_assign_controls(demo, cases):
    from civil_complaints.casework.cooperation import request_cooperation
    from organization.models import Department

    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=cases["mine"]).one()
        clean = db.session.query(Department).filter_by(code="HB-CLEAN").one()
        request_cooperation(user("officer"), complaint, department=clean, text="수거 일정 확인 부탁드립니다.",
                            reply_due=now_utc().astimezone(KST).date(), now=now_utc())
        db.session.commit()
    officer2 = _client(demo, "officer2")
    page = officer2.get("/staff/complaints?tab=shared")
    assert _numbers(page) == [cases["mine"]]
    assert "도로과" in parse(page).select_one("tbody").get_text()
    assert cases["mine"] not in _numbers(officer2.get("/staff/complaints?tab=department"))
    # the asking department finds its 민원 in its own tabs, not under 협조
    head = _client(demo, "head")
    assert _numbers(head.get("/staff/complaints?tab=shared")) == []
    auditor_tabs = parse(_client(demo, "auditor").get("/staff/complaints")).select_one(".queue-tabs").get_text()
    assert "협조" not in auditor_tabs


def test_english_badges_and_caption(demo, cases):
    client = _client(demo, "officer")
    page = client.get("/staff/complaints")
    client.post("/language", data={"csrf_token": csrf_token_from(page), "lang": "en", "next": "/staff/complaints"})
    soup = parse(client.get("/staff/complaints?tab=department"))
    assert " ".join(soup.select_one("caption").get_text().split()).startswith("Department queue: 3 complaints")
    badges = [b.get_text(strip=True) for b in soup.select(".due-badge")]
    assert "2 days overdue" in badges and any(b.endswith("working hours left") for b in badges)
