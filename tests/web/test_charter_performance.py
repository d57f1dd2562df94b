"""이행실적: each measurable standard beside what happened, on the page and in the PDF annex."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from core.extensions import db
from tests.charter_helpers import make_complaint
from tests.helpers import login, parse, text_of

KST = ZoneInfo("Asia/Seoul")
Q3 = "first_day=2026-07-01&last_day=2026-09-30"


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


@pytest.fixture
def measured(demo):
    """Q3 2026 민원 whose outcomes are known (2026-07-17 제헌절 is a holiday)."""
    with demo.app_context():
        make_complaint("STREETLIGHT", kst(2026, 7, 6, 10), answered_at=kst(2026, 7, 6, 12, 30), rating="satisfied")
        make_complaint("STREETLIGHT", kst(2026, 7, 7, 10), answered_at=kst(2026, 7, 7, 16), rating="dissatisfied")
        make_complaint("PROCEDURE-QUERY", kst(2026, 7, 6, 9, 30), answered_at=kst(2026, 7, 8, 15))
        make_complaint("PROCEDURE-QUERY", kst(2026, 7, 13, 9), answered_at=kst(2026, 7, 21, 10))
        make_complaint("ROAD-DAMAGE", kst(2026, 7, 8, 10))
        make_complaint("GRIEVANCE", kst(2026, 7, 9, 10), withdrawn_at=kst(2026, 7, 9, 11))
        make_complaint("ROAD-OCCUPANCY", kst(2026, 8, 3, 9), answered_at=kst(2026, 8, 12, 17),
                       pause=(date(2026, 8, 4), date(2026, 8, 6)))
        make_complaint("STREETLIGHT", kst(2026, 10, 1, 10), answered_at=kst(2026, 10, 2, 10))  # outside Q3
        db.session.commit()
    return demo


def _rows(page, table_class: str) -> dict[str, list[str]]:
    rows = {}
    for tr in page.select(f"table.{table_class} tbody tr"):
        cells = [" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = cells[1:]
    return rows


def test_each_measurable_standard_is_judged_against_what_happened(measured):
    client = measured.test_client()
    login(client, "auditor")
    response = client.get(f"/staff/charter-performance?{Q3}")
    assert response.status_code == 200
    page = parse(response)
    standards = _rows(page, "perf-standards")
    assert standards["가로등 고장 신고"][2:] == ["50%", "2건 중 1건", "미이행"]
    assert standards["제도·절차 질의"][2:] == ["50%", "2건 중 1건", "미이행"]  # 5-day promise, one took 41 h
    assert standards["도로 파손 신고"][2:] == ["0%", "1건 중 0건", "미이행"]  # still open after its deadline
    assert standards["도로점용 허가"][2:] == ["100%", "1건 중 1건", "이행"]  # the 보완 days do not count
    assert standards["고충 민원"][2:] == ["—", "", "해당 민원 없음"]  # withdrawn: not counted
    assert standards["민원 만족도"][1:] == ["80%", "50%", "2건 중 1건", "미이행"]
    assert "전화 응대" not in standards
    assert "이행 1건, 미이행 4건, 기간 중 해당 민원 없음 4건, 서술형(측정 대상 아님) 5건" in page.get_text()

    types = _rows(page, "perf-types")
    #            period, received, answered, returned (반려), late, on-time rate, median, p90, satisfied
    assert types["가로등 고장 신고"] == ["3근무시간", "2", "2", "0", "1", "50%", "3.5근무시간", "4.7근무시간",
                                   "50% (2)"]
    assert types["민원 절차 문의"][1:8] == ["2", "2", "0", "0", "100%", "4.5근무일", "5.7근무일"]  # by law: on time
    assert types["도로 파손 신고"][1:6] == ["1", "0", "0", "1", "0%"]
    assert types["고충 민원"][1:6] == ["1", "0", "0", "0", "—"]
    total = " ".join(page.select_one("table.perf-types tfoot").get_text(" ").split())
    assert total.startswith("전체 7 5 0 2")  # the October 민원 is outside the period


def test_transferred_and_closed_without_answer_are_not_counted_as_late(demo):
    """이송 to another agency and 반복민원 종결 end a 민원 without our answer: neither kept nor broken."""
    with demo.app_context():
        make_complaint("GRIEVANCE", kst(2026, 7, 6, 10), status="transferred")
        make_complaint("GRIEVANCE", kst(2026, 7, 7, 10), status="closed")
        make_complaint("GRIEVANCE", kst(2026, 7, 8, 10))  # still open, long past its 7-day deadline
        db.session.commit()
    client = demo.test_client()
    login(client, "auditor")
    page = parse(client.get(f"/staff/charter-performance?{Q3}"))
    assert _rows(page, "perf-standards")["고충 민원"][2:] == ["0%", "1건 중 0건", "미이행"]
    assert _rows(page, "perf-types")["고충 민원"][1:6] == ["3", "0", "0", "1", "0%"]


def test_returned_complaints_have_their_own_line_and_are_not_withdrawn(demo):
    """D15: 반려 (영 제25조①) is counted on its own line, neither on time, late nor 취하."""
    with demo.app_context():
        returned = make_complaint("GRIEVANCE", kst(2026, 7, 6, 10))
        returned.status, returned.returned_at = "returned", kst(2026, 7, 20, 10)
        make_complaint("GRIEVANCE", kst(2026, 7, 7, 10), withdrawn_at=kst(2026, 7, 8, 10))
        db.session.commit()
    client = demo.test_client()
    login(client, "auditor")
    page = parse(client.get(f"/staff/charter-performance?{Q3}"))
    assert _rows(page, "perf-types")["고충 민원"][1:6] == ["2", "0", "1", "0", "—"]
    assert _rows(page, "perf-standards")["고충 민원"][2:] == ["—", "", "해당 민원 없음"]


def test_the_annex_pdf_carries_the_same_figures(measured):
    client = measured.test_client()
    login(client, "auditor")
    response = client.get(f"/staff/charter-performance.pdf?{Q3}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for phrase in ("고객헌장 이행실적", "2026. 7. 1. ~ 2026. 9. 30. 접수 민원", "이행표준별 이행실적",
                   "가로등 고장 신고", "약속기간(5일) 내 처리율 95% 이상 (법정 7일)", "미이행", "이행",
                   "민원 유형별 처리 실적", "3.5근무시간", "4.5근무일", "접수 7건, 처리 5건, 기한 경과 2건"):
        assert phrase in text, phrase
    assert reader.metadata.title == "한빛시 고객헌장 이행실적"


def test_the_period_is_checked_and_kept(measured):
    client = measured.test_client()
    login(client, "head")
    response = client.get("/staff/charter-performance?first_day=2026-09-30&last_day=2026-07-01")
    assert response.status_code == 400
    page = parse(response)
    assert "종료일: 종료일은 시작일보다 앞설 수 없습니다" in text_of(page, "#error-summary") or \
        "앞설 수 없습니다" in text_of(page, "#error-summary")
    assert page.select_one("#first_day")["value"] == "2026-09-30"
    assert client.get("/staff/charter-performance.pdf?first_day=x&last_day=2026-07-01").status_code == 400


def test_default_period_is_the_last_full_quarter(measured):
    client = measured.test_client()
    login(client, "admin")
    page = parse(client.get("/staff/charter-performance"))
    first = page.select_one("#first_day")["value"]
    last = page.select_one("#last_day")["value"]
    assert first[5:] in ("01-01", "04-01", "07-01", "10-01") and last > first


def test_each_period_is_measured_against_the_version_in_force_then(measured):
    """A later version's promises are not applied to an earlier period; before the first one, it says so."""
    from charters.models import Charter
    from charters.publication import publish_charter
    from charters.services import approve_charter, charter_in_force, create_draft
    from tests.charter_helpers import user

    with measured.app_context():
        first = db.session.query(Charter).filter_by(version_no=1).one()
        published = first.published_at
        before, later = published - (published - kst(2026, 7, 1)) / 2, published + (published - kst(2026, 7, 1))
        second = create_draft(actor=user("admin"), now=later, copy_from=first)
        approve_charter(second, actor=user("head"), now=later)
        publish_charter(second, actor=user("head"), now=later, agency_name="한빛시")
        db.session.commit()
        assert charter_in_force(before) == (first, True)  # nothing in force yet: the first, "published after"
        assert charter_in_force(published) == (first, False)
        assert charter_in_force(later - (later - published) / 2) == (first, False)  # superseded only later
        assert charter_in_force(later) == (second, False)
    client = measured.test_client()
    login(client, "auditor")
    summary = text_of(parse(client.get(f"/staff/charter-performance?{Q3}")), ".summary-list")
    assert "제1판" in summary and "이 기간 뒤에 공표" in summary
