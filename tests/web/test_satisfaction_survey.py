"""The satisfaction survey of finished 민원 on the web: the e-mailed link records an answer that carries the
handling department's code and nothing of the 민원 or the person; the report by department shows a department
from 5 answers only, to heads (their own department), 민원심사관, auditors and administrators, in every format."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import inspect, select

from civil_complaints.casework.answers import answer as answer_complaint
from civil_complaints.satisfaction_survey.demo import seed_demo_satisfaction_survey
from civil_complaints.satisfaction_survey.models import ComplaintSurveyInvitation
from civil_complaints.satisfaction_survey.sending import send_satisfaction_survey
from civil_complaints.satisfaction_survey.services import ensure_survey
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from organization.models import User
from surveys.models import ResponseAnswer, Survey, SurveyInvitation, SurveyResponse
from tests.helpers import csrf_token_from, login, parse, post_form
from tests.monitoring_support import file_complaint_at

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=KST)
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}
URL = "/staff/reports/satisfaction-survey"


@pytest.fixture
def at_now(demo, frozen):
    frozen(NOW)
    return demo


def _invited_link(app, tmp_path, monkeypatch) -> tuple[str, int, str]:
    """A 민원 answered on 11-25 and invited by the job on 12-07 (everyone sampled): (the mailed token, the 민원's
    id, its receipt number)."""
    monkeypatch.setitem(app.config, "SATISFACTION_SURVEY_SAMPLE_RATE", 1.0)
    with app.app_context():
        ensure_survey(now=datetime(2026, 11, 1, tzinfo=KST), open_it=True)
        day = datetime(2026, 11, 23, 10, 0, tzinfo=KST)
        complaint = file_complaint_at("ROAD-DAMAGE", day, now=day, upload_dir=tmp_path)
        officer = db.session.scalar(select(User).where(User.login_id == "officer"))
        answer_complaint(officer, complaint, text="보수를 마쳤습니다.", now=datetime(2026, 11, 25, 10, tzinfo=KST))
        db.session.commit()
        assert send_satisfaction_survey(now=NOW)["invited"] == 1
        db.session.commit()
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "complaint_satisfaction_survey"))
        token = re.search(r"/surveys/answer/([\w-]+)", mail.payload).group(1)
        return token, complaint.id, complaint.receipt_no


def test_answering_the_mailed_link_keeps_the_department_and_nothing_of_the_complaint(at_now, tmp_path, monkeypatch):
    token, complaint_id, receipt_no = _invited_link(at_now, tmp_path, monkeypatch)
    client = at_now.test_client()
    page = client.get(f"/surveys/answer/{token}")
    assert page.status_code == 200 and "민원 처리 결과에 전반적으로 얼마나 만족하십니까?" in page.get_data(as_text=True)
    soup = parse(page)
    first = soup.find("input", attrs={"type": "radio"})
    text_name = soup.find("textarea")["name"]
    answer = client.post(f"/surveys/answer/{token}", data={"csrf_token": csrf_token_from(page),
                                                          first["name"]: first["value"], text_name: "빨랐습니다."})
    assert answer.status_code == 200
    assert client.get(f"/surveys/answer/{token}").status_code == 410  # once
    with at_now.app_context():
        response = db.session.scalar(select(SurveyResponse))
        assert (response.segment, response.channel, str(response.submitted_on)) == ("HB-ROADS", "invited",
                                                                                       "2026-12-07")
        assert {a.text for a in db.session.scalars(select(ResponseAnswer))} >= {"빨랐습니다."}
        # nothing next to the answer names the 민원 or the person: no such column, and no such value anywhere
        for model in (SurveyResponse, ResponseAnswer, SurveyInvitation):
            columns = {c.key for c in inspect(model).columns}
            assert not {c for c in columns if "complaint" in c or "email" in c or "user" in c or "receipt" in c}
            for row in db.session.scalars(select(model)):
                values = {str(getattr(row, c)) for c in columns}
                assert not values & {receipt_no, "hong@example.kr", "홍길동"}
        assert db.session.scalar(select(SurveyInvitation.segment)) == "HB-ROADS"
        # the record of who was invited has no token nor hash: it cannot be joined with the invitation
        assert {c.key for c in inspect(ComplaintSurveyInvitation).columns} == {
            "id", "complaint_id", "survey_id", "round", "invited_at"}
        record = db.session.scalar(select(ComplaintSurveyInvitation))
        assert record.complaint_id == complaint_id


def _seed_demo(app) -> None:
    with app.app_context():
        assert seed_demo_satisfaction_survey(now=NOW) == {"satisfaction_survey_answers": 8}
        db.session.commit()


def _rows(page) -> dict[str, list[str]]:
    table = next(t for t in parse(page).select("table") if len(t.select("thead th")) == 8)  # by department
    return {tr.find(["th", "td"]).get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in table.select("tbody tr")}


def test_results_by_department_show_a_department_from_five_answers(at_now):
    _seed_demo(at_now)
    client = at_now.test_client()
    login(client, "reviewer")
    page = client.get(URL, query_string=NOVEMBER)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    rows = _rows(page)
    roads, clean = rows["도로과"], rows["자원순환과"]
    # invited, answered, rate, answers, mean of (5+4+4+3+5+2)/6, share of 4 or 5, no remark
    assert roads[:6] == ["10", "6", "60.0%", "6", "3.8", "66.7%"] and not roads[6], roads
    assert clean[:4] == ["4", "2", "50.0%", "2"], clean
    assert not re.search(r"\d", clean[4] + clean[5]) and "응답이 너무 적어" in clean[6], clean  # no mean of two
    assert "현장 확인이 빨라서 좋았습니다." in text  # the roads division's written answers
    assert "민원 처리 결과에 전반적으로 얼마나 만족하십니까?" in text
    distribution = next(t for t in parse(page).select("table") if len(t.select("thead th")) == 5)
    assert {tr.find(["th", "td"]).get_text(strip=True) for tr in distribution.select("tbody tr")} == {"도로과"}


def test_a_head_sees_only_their_department_and_others_are_refused(at_now):
    _seed_demo(at_now)
    client = at_now.test_client()
    assert client.get(URL, query_string=NOVEMBER).status_code in (302, 401)  # anonymous: to the login
    login(client, "head")  # 도로과
    rows = _rows(client.get(URL, query_string=NOVEMBER))
    assert set(rows) - {"전체 부서", "합계"} == {"도로과"}, rows
    other = at_now.test_client()
    login(other, "ithead")  # 정보통신과: no answers of its own, and nobody else's
    page = other.get(URL, query_string=NOVEMBER)
    assert page.status_code == 200 and "자원순환과" not in page.get_data(as_text=True)
    assert "현장 확인이 빨라서" not in page.get_data(as_text=True)
    for login_id, status in (("auditor", 200), ("admin", 200), ("officer", 403), ("records", 403)):
        reader = at_now.test_client()
        login(reader, login_id)
        assert reader.get(URL, query_string=NOVEMBER).status_code == status, login_id


def test_the_report_downloads_in_every_format_in_english_too(at_now):
    _seed_demo(at_now)
    client = at_now.test_client()
    login(client, "auditor")
    text = client.get(URL, query_string={**NOVEMBER, "format": "csv"}).data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert any(line[:5] == ["도로과", "10", "6", "0.6", "6"] or line[:3] == ["도로과", "10", "6"] for line in lines)
    with client.get(URL, query_string={**NOVEMBER, "format": "xlsx"}) as xlsx:
        book = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True)
    assert len(book.sheetnames) >= 3
    with client.get(URL, query_string={**NOVEMBER, "format": "pdf"}) as pdf:
        assert PdfReader(io.BytesIO(pdf.data)).pages
    english = at_now.test_client()
    login(english, "auditor")
    post_form(english, "/language", {"lang": "en", "next": "/"}, form_page="/")
    page = english.get(URL, query_string=NOVEMBER)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="en">' in body
    assert "Too few answers to show (fewer than 5)" in body and "Satisfaction by handling department" in body
    assert "Waste and Recycling Division" in body and "자원순환과" not in body
    with at_now.app_context():
        assert db.session.scalar(select(Survey.status).where(Survey.source == "complaint_satisfaction")) == "open"

