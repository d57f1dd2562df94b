"""민원 분석 through its pages (issue 20, item 2): who may read it (a head their own department only, auditors and
민원심사관 every department, nobody else), trends and spikes, the keyword job's stored counts (real kiwipiepy), the
repeated groups, the 민원 behind a figure (names masked), and refused input (400, localized, kept)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from civil_complaints.analysis.models import KeywordCount, KeywordMonth
from civil_complaints.analysis.services import count_keywords
from civil_complaints.complaint_models import Complaint, ComplaintCategory, ComplaintType
from core.clock import KST
from core.extensions import db
from organization.models import Department
from tests.helpers import login, parse, post_form, text_of

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=KST)
PERIOD = {"from": "2020-01-01", "to": "2020-06-30"}
SIGNAL = "한빛대로 신호등이 고장나서 밤에 건너기 위험합니다."


def _client(demo, account: str | None):
    client = demo.test_client()
    if account:
        assert login(client, account).status_code == 302
    return client


def _file(type_code: str, received: datetime, n: int, *, title: str = "도로 점검", content: str = "내용",
          category_id: int | None = None, address: str | None = None, name: str = "홍길동") -> None:
    ctype = db.session.scalar(select(ComplaintType).where(ComplaintType.code == type_code))
    for i in range(n):
        at = received + timedelta(hours=i)
        db.session.add(Complaint(
            receipt_no=f"AN-{type_code[:2]}{at:%y%m%d%H}{i:02d}", type_id=ctype.id, kind=ctype.kind, channel="web",
            status="received", title=title, content=content, department_id=ctype.department_id,
            complainant_name=name, arrived_at=at, received_at=at, period_spec=ctype.period_spec,
            due_at=at + timedelta(days=5), due_date=(at + timedelta(days=5)).date(), calendar_revision="test",
            created_at=at, category_id=category_id, address=address))


def _seed(demo) -> dict:
    """Roads (the head's department): 1 a month from 2019-07, then 12 in 2020-06 at one place (a spike, a repeated
    group); cleaning (another department): 3 in 2020-03."""
    with demo.app_context():
        top = ComplaintCategory(name_ko="교통", name_en="Traffic", position=1)
        db.session.add(top)
        db.session.flush()
        sub = ComplaintCategory(name_ko="신호등", name_en="Traffic lights", parent_id=top.id, position=1)
        db.session.add(sub)
        db.session.flush()
        month = date(2019, 7, 1)
        while month < date(2020, 6, 1):
            _file("ROAD-DAMAGE", datetime(month.year, month.month, 10, 10, tzinfo=KST), 1, category_id=top.id)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        _file("STREETLIGHT", datetime(2020, 6, 3, 9, tzinfo=KST), 12, title="신호등 고장", content=SIGNAL,
              category_id=sub.id, address="한빛시 한빛대로 12 앞")
        _file("ILLEGAL-DUMPING", datetime(2020, 3, 5, 9, tzinfo=KST), 3, title="쓰레기 무단투기",
              content="골목에 쓰레기가 쌓였습니다.", name="이영희")
        db.session.commit()
        ids = {"top": top.id, "roads": db.session.scalar(select(Department.id).where(Department.code == "HB-ROADS")),
               "clean": db.session.scalar(select(Department.id).where(Department.code == "HB-CLEAN"))}
    return ids


def test_nobody_but_heads_reviewers_and_auditors_reads_the_analysis(demo):
    for path in ("/staff/analysis", "/staff/analysis/keywords", "/staff/analysis/repeats",
                 "/staff/analysis/complaints"):
        assert _client(demo, None).get(path).status_code == 302  # to the login page
        assert _client(demo, "officer").get(path).status_code == 403
        assert _client(demo, "admin").get(path).status_code == 403
        for account in ("head", "auditor", "reviewer"):
            assert _client(demo, account).get(path).status_code == 200, (path, account)
    assert _client(demo, None).get("/complaints/new").status_code == 200  # the public side is untouched


def test_a_head_sees_their_department_only_and_an_auditor_every_one(demo):
    ids = _seed(demo)
    head = parse(_client(demo, "head").get("/staff/analysis", query_string={**PERIOD, "by": "department"}))
    rows = [th.get_text(strip=True) for th in head.select("#trend-table tbody th")]
    assert rows == ["도로과"]
    auditor = parse(_client(demo, "auditor").get("/staff/analysis", query_string={**PERIOD, "by": "department"}))
    assert {th.get_text(strip=True) for th in auditor.select("#trend-table tbody th")} >= {"도로과", "자원순환과"}
    refused = _client(demo, "head").get("/staff/analysis/complaints",
                                        query_string={**PERIOD, "department": str(ids["clean"])})
    assert refused.status_code == 400
    drill = parse(_client(demo, "head").get("/staff/analysis/complaints", query_string=PERIOD))
    assert "쓰레기 무단투기" not in drill.get_text()  # another department's 민원, never listed to the head


def test_a_spike_is_shown_and_links_to_its_complaints_with_names_masked(demo):
    _seed(demo)
    auditor = _client(demo, "auditor")
    page = parse(auditor.get("/staff/analysis", query_string={**PERIOD, "by": "category"}))
    spikes = page.select("#spikes a")
    assert [a.get_text(" ", strip=True).split(" · ")[0] for a in spikes] == ["교통"]
    assert "2020-06" in spikes[0].get_text()
    assert page.select_one("svg[role=img]") is not None and page.select_one("#trend-table") is not None
    drill = auditor.get(spikes[0]["href"])
    assert drill.status_code == 200
    table = parse(drill).select_one("#drill-table")
    assert len(table.select("tbody tr")) == 12
    assert "홍*동" in table.get_text() and "홍길동" not in table.get_text()
    assert all(a["href"].startswith("/staff/complaints/AN-") for a in table.select("tbody th a"))
    assert len(table.select("tbody th a")) == 12  # the auditor may read every case


def test_repeated_complaints_are_grouped_by_place_and_category(demo):
    ids = _seed(demo)
    page = parse(_client(demo, "reviewer").get("/staff/analysis/repeats", query_string={**PERIOD, "minimum": "10"}))
    rows = [[cell.get_text(strip=True) for cell in tr.select("th, td")] for tr in page.select("#place-groups tbody tr")]
    assert rows == [["한빛시 한빛대로", "교통", "12"]]
    link = page.select_one("#place-groups tbody a")["href"]
    assert f"category={ids['top']}" in link
    assert len(parse(_client(demo, "reviewer").get(link)).select("#drill-table tbody tr")) == 12


def test_the_keyword_job_stores_counts_and_the_page_only_reads_them(demo):
    _seed(demo)
    auditor = _client(demo, "auditor")
    before = parse(auditor.get("/staff/analysis/keywords", query_string=PERIOD))
    assert "신호등" not in text_of(before, "#keyword-table")  # nothing computed in the request
    with demo.app_context():
        result = count_keywords(now=NOW.astimezone(KST), budget=600)
        db.session.commit()
        assert result["months_counted"] >= 12
        june = dict(db.session.execute(select(KeywordCount.keyword, KeywordCount.count)
                                       .where(KeywordCount.month == date(2020, 6, 1))).all())
        assert june["신호등"] == 12 and june["고장"] == 12
        assert "민원" not in june and "요청" not in june  # stop words
        assert count_keywords(now=NOW, budget=600)["months_counted"] == 0  # nothing changed: nothing again
        assert db.session.get(KeywordMonth, date(2020, 6, 1)).computed_at is not None
    page = parse(auditor.get("/staff/analysis/keywords", query_string=PERIOD))
    cells = {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in page.select("#keyword-table tbody tr")}
    assert cells["신호등"] == "12" and cells["쓰레기"] == "3"
    assert "2026. 12. 7." in text_of(page, "#keywords-computed")
    link = page.select_one("#keyword-table a")["href"]
    assert "keyword=" in link and auditor.get(link).status_code == 200


def test_a_head_queues_a_recount_and_an_auditor_may_not(demo):
    _seed(demo)
    with demo.app_context():
        count_keywords(now=NOW, budget=600)
        db.session.commit()
    head = _client(demo, "head")
    response = post_form(head, "/staff/analysis/keywords/recount?from=2020-01-01&to=2020-06-30", {},
                         form_page="/staff/analysis/keywords?from=2020-01-01&to=2020-06-30")
    assert response.status_code == 303
    with demo.app_context():
        assert db.session.get(KeywordMonth, date(2020, 6, 1)).requested_at is not None
        assert count_keywords(now=NOW, budget=600)["months_counted"] == 6
        db.session.commit()
        assert db.session.get(KeywordMonth, date(2020, 6, 1)).requested_at is None
    auditor = _client(demo, "auditor")
    assert post_form(auditor, "/staff/analysis/keywords/recount?from=2020-01-01&to=2020-06-30", {},
                     form_page="/staff/analysis/keywords?from=2020-01-01&to=2020-06-30").status_code == 403


def test_bad_input_is_refused_in_korean_and_kept(demo):
    auditor = _client(demo, "auditor")
    cases = [("/staff/analysis", {"from": "2020-13-01", "to": "2020-06-30"}, "2020-13-01"),
             ("/staff/analysis", {**PERIOD, "by": "weather"}, None),
             ("/staff/analysis", {"preset": "decade"}, None),
             ("/staff/analysis/repeats", {**PERIOD, "minimum": "1"}, None),
             ("/staff/analysis/repeats", {**PERIOD, "minimum": "많이"}, "많이"),
             ("/staff/analysis/complaints", {**PERIOD, "month": "2021-01"}, "2021-01"),
             ("/staff/analysis/complaints", {**PERIOD, "month": "2020-1"}, "2020-1"),
             ("/staff/analysis/complaints", {**PERIOD, "channel": "pigeon"}, "pigeon"),
             ("/staff/analysis/complaints", {**PERIOD, "category": "교통"}, "교통"),
             ("/staff/analysis/complaints", {**PERIOD, "keyword": "가" * 41}, "가" * 41),
             ("/staff/analysis/complaints", {**PERIOD, "department": "999999"}, None)]
    for path, args, kept in cases:
        response = auditor.get(path, query_string=args)
        assert response.status_code == 400, (path, args)
        page = parse(response)
        assert page.select_one(".krds-form-error, .form-hint-invalid, [role=alert]") is not None, (path, args)
        assert page.select_one("title").get_text().startswith("오류"), (path, args)
        if kept:
            assert any(field.get("value") == kept for field in page.select("input")), (path, args)


def test_the_analysis_opens_on_the_last_twelve_finished_months(demo):
    from civil_complaints.analysis.views import _last_twelve_months
    from core.clock import now_utc, today_kst

    assert _last_twelve_months(date(2026, 12, 7)) == {"from": "2025-12-01", "to": "2026-11-30"}
    assert _last_twelve_months(date(2026, 3, 1)) == {"from": "2025-03-01", "to": "2026-02-28"}
    assert _last_twelve_months(date(2025, 1, 31)) == {"from": "2024-01-01", "to": "2024-12-31"}
    page = parse(_client(demo, "head").get("/staff/analysis"))
    expected = _last_twelve_months(today_kst(now_utc()))
    assert page.select_one("input[name=from]")["value"] == expected["from"]
    assert page.select_one("input[name=to]")["value"] == expected["to"]
    months = [th.get_text(strip=True) for th in page.select("table thead th")][1:-1]
    assert len(months) == 12, months
