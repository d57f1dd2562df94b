"""/staff/reports: who reads which report, the period and filters as typed (errors kept, no 500), every format
downloaded and logged, freezing (the same bytes later, checked by SHA-256), and the register's unmasked export
(reason required; written to the personal-data access log)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from core.clock import KST
from core.extensions import db
from organization.access_log import PersonalDataAccess
from reporting.models import FrozenReport, FrozenReportFile, ReportDownload
from tests.helpers import csrf_token_from, login, parse

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=KST)
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


@pytest.fixture
def staff(demo, frozen):
    """A client. The test body reads the database inside `demo.app_context()` blocks only: a request made while
    an application context is pushed would reuse it (and its cached CSRF token)."""
    frozen(NOW)
    return demo.test_client()


def _as(client, login_id: str):
    login(client, login_id)
    return client


def _downloads() -> list[ReportDownload]:
    return db.session.scalars(select(ReportDownload).order_by(ReportDownload.id)).all()


@pytest.mark.parametrize(("login_id", "expected"), [
    ("auditor", {"processing", "register", "charter", "internal-services", "access-log", "satisfaction-survey"}),
    ("reviewer", {"processing", "register", "satisfaction-survey"}),
    ("admin", {"internal-services", "access-log", "satisfaction-survey"}),
])
def test_the_hub_lists_the_reports_each_role_may_read(staff, login_id, expected):
    page = _as(staff, login_id).get("/staff/reports")
    assert page.status_code == 200
    links = {a["href"].split("?")[0].rsplit("/", 1)[-1] for a in parse(page).select(".report-card-title a")}
    assert expected <= links
    if login_id == "admin":
        assert "register" not in links and "processing" not in links


#: report → the demo accounts that may read it (everyone else logged in: 403)
READERS = {
    "processing": {"head", "ithead", "auditor", "reviewer"},
    "register": {"head", "ithead", "auditor", "reviewer"},
    "late-cases": {"head", "ithead", "auditor", "reviewer"},
    "charter": {"head", "ithead", "auditor", "reviewer", "admin"},
    "internal-services": {"head", "auditor", "admin", "ithead"},
    "access-log": {"auditor", "admin"},
    # issue 20 item 5: the satisfaction survey by department (heads their own department, every other reader all)
    "satisfaction-survey": {"head", "ithead", "auditor", "reviewer", "admin"},
}


@pytest.mark.parametrize("login_id", ["officer", "head", "auditor", "admin", "reviewer", "records", "ithead"])
def test_each_role_reads_exactly_its_reports(staff, login_id):
    client = _as(staff, login_id)
    for key, readers in READERS.items():
        status = client.get(f"/staff/reports/{key}", query_string=NOVEMBER).status_code
        assert status == (200 if login_id in readers else 403), (key, login_id, status)
    frozen_list = client.get("/staff/reports/frozen").status_code
    assert frozen_list == (403 if login_id in ("officer", "records") else 200)


def test_an_officer_has_no_reports(staff):
    client = _as(staff, "officer")
    assert client.get("/staff/reports").status_code == 403
    assert client.get("/staff/reports/processing").status_code == 403
    assert client.get("/staff/reports/register?format=csv").status_code == 403


def test_unknown_report_is_404_and_bad_input_is_400_with_the_input_kept(staff):
    client = _as(staff, "auditor")
    assert client.get("/staff/reports/nothing").status_code == 404
    page = client.get("/staff/reports/processing?from=2026-13-01&to=2026-11-30")
    assert page.status_code == 400
    soup = parse(page)
    assert soup.select_one("input[name=from]")["value"] == "2026-13-01"
    assert soup.select_one(".is-error") is not None
    reversed_period = client.get("/staff/reports/processing?from=2026-11-30&to=2026-11-01")
    assert reversed_period.status_code == 400 and "종료일" in reversed_period.get_data(as_text=True)
    assert client.get("/staff/reports/processing?department=NOPE").status_code == 400
    assert client.get("/staff/reports/processing?format=docx").status_code == 400
    assert client.get("/staff/reports/processing?preset=decade").status_code == 400


def test_every_format_downloads_and_each_download_is_logged(staff):
    client = _as(staff, "auditor")
    page = client.get("/staff/reports/processing", query_string={**NOVEMBER})
    assert page.status_code == 200 and parse(page).select("figure svg")
    with client.get("/staff/reports/processing", query_string={**NOVEMBER, "format": "xlsx"}) as xlsx:
        book = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True)
    assert len(book.sheetnames) >= 2
    text = client.get("/staff/reports/processing", query_string={**NOVEMBER, "format": "csv"}).data
    assert text.startswith(b"\xef\xbb\xbf") and list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    pdf = client.get("/staff/reports/processing", query_string={**NOVEMBER, "format": "pdf"})
    assert PdfReader(io.BytesIO(pdf.data)).pages
    with staff.application.app_context():
        logged = _downloads()
        assert [d.format for d in logged] == ["html", "xlsx", "csv", "pdf"]
        assert all(d.report == "processing" and d.user.login_id == "auditor" for d in logged)
        assert json.loads(logged[1].params)["from"] == "2026-11-01"


def test_a_frozen_report_is_served_with_the_same_bytes_and_refused_if_they_changed(staff):
    client = _as(staff, "auditor")
    page = client.get("/staff/reports/processing", query_string=NOVEMBER)
    answer = client.post("/staff/reports/processing/freeze",
                         data={"csrf_token": csrf_token_from(page), **NOVEMBER, "preset": "month"})
    assert answer.status_code == 302
    with staff.application.app_context():
        frozen = db.session.scalar(select(FrozenReport))
        assert frozen.created_by.login_id == "auditor" and frozen.report == "processing"
        frozen_id, digests = frozen.id, {file.format: file.sha256 for file in frozen.files}
    assert set(digests) == {"xlsx", "csv", "pdf"}
    for fmt, digest in digests.items():
        served = client.get(f"/staff/reports/frozen/{frozen_id}/{fmt}")
        assert served.status_code == 200 and hashlib.sha256(served.data).hexdigest() == digest
    listing = client.get(f"/staff/reports/frozen/{frozen_id}")
    assert digests["csv"] in listing.get_data(as_text=True)
    with staff.application.app_context():
        tampered = db.session.scalar(select(FrozenReportFile).where(FrozenReportFile.format == "csv"))
        tampered.content = tampered.content + b"x"
        db.session.commit()
    assert client.get(f"/staff/reports/frozen/{frozen_id}/csv").status_code == 409


def test_the_register_unmasked_needs_a_reason_and_is_written_to_the_access_log(staff):
    client = _as(staff, "auditor")
    page = client.get("/staff/reports/register", query_string=NOVEMBER)
    token = csrf_token_from(page)
    refused = client.post("/staff/reports/register/unmasked",
                          data={"csrf_token": token, **NOVEMBER, "file_format": "csv", "reason": ""})
    assert refused.status_code == 400
    assert parse(refused).select_one("textarea[name=reason]") is not None  # the form again, with its error
    with staff.application.app_context():
        assert db.session.scalar(select(func.count()).select_from(PersonalDataAccess)) == 0
    reason = "감사 2026-11 민원 처리부 대조"
    answer = client.post("/staff/reports/register/unmasked",
                         data={"csrf_token": token, **NOVEMBER, "file_format": "csv", "reason": reason})
    assert answer.status_code == 200 and answer.data.startswith(b"\xef\xbb\xbf")
    with staff.application.app_context():
        entry = db.session.scalar(select(PersonalDataAccess))
        assert (entry.action, entry.reason, entry.user.login_id) == ("export", reason, "auditor")
        download = _downloads()[-1]
        assert download.unmasked and download.reason == reason and download.format == "csv"


def test_a_head_may_not_unmask_and_sees_only_their_department(staff):
    client = _as(staff, "head")
    page = client.get("/staff/reports/register", query_string=NOVEMBER)
    assert page.status_code == 200
    assert parse(page).select_one("form[action$='/unmasked']") is None
    options = [o["value"] for o in parse(page).select("select[name=department] option") if o["value"]]
    assert options == ["HB-ROADS"]
    token = csrf_token_from(page)
    assert client.post("/staff/reports/register/unmasked",
                       data={"csrf_token": token, **NOVEMBER, "file_format": "csv",
                             "reason": "확인 필요합니다"}).status_code == 403
    assert client.get("/staff/reports/register", query_string={**NOVEMBER, "department": "HB-CLEAN"}).status_code == 400
