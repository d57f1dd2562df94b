"""Smaller text and content points of issue 14.9: reports open on a period with data and the monthly check runs
on demand and downloads; one agency address; the charter's legal basis by kind of agency; English department
names in the history and in English notices; WTForms' messages in the app's Korean."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from sqlalchemy import select

from app import create_app
from charters.publication import build_snapshot, render_charter_html
from charters.services import current_charter
from civil_complaints.complaint_models import Complaint, ComplaintEvent
from civil_complaints.demo_cases import seed_demo_cases
from civil_complaints.reports.models import MonthlyReport
from core.clock import KST, now_utc
from core.configuration import ConfigurationError
from core.extensions import db
from notifications.models import OutboxMessage
from tests.charter_helpers import make_complaint
from tests.complaint_helpers import filed_receipt_no, staff_answer
from tests.helpers import login, parse, post_form, text_of

MAY_2025 = datetime(2025, 5, 12, 10, 0, tzinfo=KST)


def _client(app, account: str | None = None, lang: str = "ko"):
    client = app.test_client()
    if account:
        login(client, account)
    post_form(client, "/language", {"lang": lang, "next": "/"}, form_page="/")  # also the account's choice
    return client


def _may_2025_complaints(app) -> None:
    """민원 received in May 2025 only: the last full quarter (whenever the test runs) has none."""
    with app.test_request_context():
        make_complaint("ROAD-DAMAGE", MAY_2025, answered_at=datetime(2025, 5, 13, 10, 0, tzinfo=KST))
        make_complaint("STREETLIGHT", MAY_2025)
        db.session.commit()


def test_charter_performance_opens_on_the_latest_quarter_with_complaints(demo):
    _may_2025_complaints(demo)
    page = parse(_client(demo, "auditor").get("/staff/charter-performance"))
    assert page.find(id="first_day")["value"] == "2025-04-01" and page.find(id="last_day")["value"] == "2025-06-30"
    assert "2025. 4. 1. ~ 2025. 6. 30." in page.get_text()
    total = [cell.get_text(strip=True) for cell in page.select("table.perf-types tfoot td")]
    assert total[1:5] == ["2", "1", "0", "1"]  # received, answered, 반려, late or overdue: the period has its data


def test_monthly_check_opens_on_the_latest_month_with_complaints_and_runs_now(demo):
    _may_2025_complaints(demo)
    client = _client(demo, "head")
    listing = parse(client.get("/staff/reports/monthly"))
    assert listing.find(id="month")["value"] == "2025-05"
    response = client.get("/staff/reports/monthly/check?month=2025-05")
    report = parse(response)
    assert response.status_code == 200
    # received 2, answered 1 on time, 1 overdue, none returned (반려), 1 open
    assert "도로과 2 1 1 1 0 1" in text_of(report, "#report")
    assert "보관하지 않으며" in text_of(report, "#report-kind")
    with demo.app_context():
        assert db.session.scalar(select(MonthlyReport.id)) is None  # run on demand: nothing kept, nothing sent
        assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.template == "staff_monthly_report")) \
            is None
    download = client.get("/staff/reports/monthly/check.csv?month=2025-05")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.headers["Content-Disposition"] == 'attachment; filename="monthly-check-2025-05.csv"'
    text = download.get_data(as_text=True)
    assert text.startswith("\ufeff")  # Excel reads the Korean only with the byte-order mark
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["부서", "접수", "답변 완료", "기한 내", "기한 경과", "반려", "월말 미처리"]
    assert rows[2] == ["도로과", "2", "1", "1", "1", "0", "1"] and rows[-1] == ["합계", "2", "1", "1", "1", "0", "1"]


def test_monthly_check_of_the_current_month_counts_what_is_overdue_so_far(demo):
    with demo.app_context():
        seed_demo_cases(now=now_utc())
        db.session.commit()
    client = _client(demo, "auditor")
    month = now_utc().astimezone(KST).strftime("%Y-%m")
    report = parse(client.get(f"/staff/reports/monthly/check?month={month}"))
    assert "현재 처리 중" in text_of(report, "#report") and "지금까지의 수치" in text_of(report, "#report-kind")


@pytest.mark.parametrize("month", ["2025-13", "1999-12", "2999-01", "<b>x</b>", "2025-00", ""])
def test_a_month_the_check_cannot_run_is_explained_and_kept(demo, month):
    response = _client(demo, "reviewer").get(f"/staff/reports/monthly/check?month={month}")
    page = parse(response)
    assert response.status_code == 400
    assert page.find(id="month")["aria-invalid"] == "true" and page.find(id="month-error") is not None
    assert "<b>" not in response.get_data(as_text=True)


def test_kept_checks_download_and_roles(demo):
    data = {"month": "2026-11", "totals": {"received": 4, "answered": 2, "on_time": 1, "overdue": 3, "open": 2},
            "departments": [{"code": "HB-ROADS", "name_ko": "도로과", "name_en": "Roads Division", "received": 3,
                             "answered": 2, "on_time": 1, "overdue": 2, "open": 1}]}
    with demo.app_context():
        db.session.add(MonthlyReport(month="2026-11", generated_at=datetime(2026, 12, 1, 7, 30, tzinfo=KST),
                                     data=json.dumps(data, ensure_ascii=False)))
        db.session.commit()
    english = _client(demo, "auditor", "en")
    rows = list(csv.reader(io.StringIO(english.get("/staff/reports/monthly/2026-11.csv").get_data(as_text=True)
                                       .lstrip("\ufeff"))))
    assert rows[0] == ["Processing check for 2026-11", "2026. 12. 1. 07:30"]
    assert rows[2] == ["Roads Division", "3", "2", "1", "2", "", "1"]  # a check kept from before 반려 was counted
    page = parse(english.get("/staff/reports/monthly/2026-11"))
    assert page.find("a", string="Run the check again now")["href"] == "/staff/reports/monthly/check?month=2026-11"
    for account in ("officer", "admin"):
        client = _client(demo, account)
        assert client.get("/staff/reports/monthly/check").status_code == 403
        assert client.get("/staff/reports/monthly/2026-11.csv").status_code == 403
    assert english.get("/staff/reports/monthly/2026-10.csv").status_code == 404


def test_the_footer_and_the_charter_show_the_one_configured_address(demo):
    address, address_en = demo.config["AGENCY_ADDRESS"], demo.config["AGENCY_ADDRESS_EN"]
    korean = parse(_client(demo).get("/charter"))
    assert text_of(korean, ".info-addr") == address
    assert text_of(korean, ".charter-address span") == address  # published with the charter, from the same setting
    assert " ".join(korean.get_text().split()).count("시청로") == 2  # the footer and the charter, nowhere else
    english = parse(_client(demo, lang="en").get("/charter"))
    assert text_of(english, ".info-addr") == address_en
    assert "placeholder address" not in english.get_text() and "한빛대로 1 " not in korean.get_text()


def test_the_charter_states_the_legal_basis_of_the_kind_of_agency(demo):
    page = parse(_client(demo).get("/charter"))
    assert "행정서비스헌장 제정지침에 따른 행정서비스헌장" in text_of(page, ".charter-record")  # 한빛시 is a 시
    kind = demo.config["AGENCY_KIND"]
    try:
        demo.config["AGENCY_KIND"] = "public_institution"
        with demo.test_request_context():
            snapshot = build_snapshot(current_charter(), agency_name="한빛공사", version_no=2)
            html = render_charter_html(snapshot)
    finally:
        demo.config["AGENCY_KIND"] = kind
    assert snapshot.agency_kind == "public_institution"
    assert "「공공기관의 운영에 관한 법률」 제13조" in html and "행정서비스헌장 제정지침" not in html
    with pytest.raises(ConfigurationError, match="AGENCY_KIND"):
        create_app({"AGENCY_KIND": "ministry", "SQLALCHEMY_DATABASE_URI": "sqlite://"}, env_name="test")


def test_english_pages_and_notices_name_departments_in_english(demo):
    with demo.app_context():
        seed_demo_cases(now=now_utc())
        db.session.commit()
        shared = db.session.scalar(select(Complaint.receipt_no).where(Complaint.title == "하천변 도로 파손과 쓰레기"))
        # an entry written before departments' codes were kept carries the Korean name only
        complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == shared))
        db.session.add(ComplaintEvent(complaint_id=complaint.id, at=now_utc(), action="cooperation_cancelled",
                                      actor_kind="system", is_public=False,
                                      detail=json.dumps({"department": "자원순환과"}, ensure_ascii=False)))
        db.session.commit()
    history = text_of(parse(_client(demo, "head", "en").get(f"/staff/complaints/{shared}")), ".timeline")
    assert history.count("Department: Waste and Recycling Division") == 2 and "자원순환과" not in history
    korean = text_of(parse(_client(demo, "head").get(f"/staff/complaints/{shared}")), ".timeline")
    assert korean.count("부서: 자원순환과") == 2

    english = _client(demo, lang="en")
    receipt_no = filed_receipt_no(english, title="Pothole", content="A deep pothole.", name="Jane Doe")
    assert staff_answer(demo, receipt_no, text="We repaired it.").status_code == 303
    with demo.app_context():
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "complaint_answered",
                                                                OutboxMessage.idempotency_key.contains(receipt_no)))
        assert message.language == "en"
        assert json.loads(message.payload)["officer_department"] == "Roads Division, Urban Transport Bureau"
    status = parse(_client(demo, "officer", "en").get(f"/staff/complaints/{receipt_no}"))
    assert "Roads Division, Urban Transport Bureau 김담당" in text_of(status, ".answer-meta")


def test_wtforms_messages_read_like_the_rest_of_the_app(demo):
    too_long = "/deadline?kind=custom&period=" + "x" * 40 + "&received_on=2026-12-01&received_time=10:00"
    korean = text_of(parse(_client(demo).get(too_long)), "#period-error")
    assert "30자보다 길 수 없습니다" in korean and "자 보다" not in korean
    english = text_of(parse(_client(demo, lang="en").get(too_long)), "#period-error")
    assert "Field cannot be longer than 30 characters." in english
