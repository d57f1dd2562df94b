"""The case register's CSV written by PostgreSQL (COPY, civil_complaints/reports/register_copy.py) is the file the
Python path writes (register_rows.py → reporting/formats/csvfile.py), byte for byte and cell for cell, on real
PostgreSQL with data made to trip it: names, titles and labels starting with = + - @, a tab or a carriage return,
commas, quotes, line breaks (LF and CRLF), Hangul, the escape character the COPY path uses, whitespace the masking
strips, one- and two-character names, an unknown status; every status, late and on time, with and without
processing facts (facts with more decimals than the file keeps, facts without a unit), masked and unmasked, in
Korean and English, filtered and scoped. Through the app too: the download and the unmasked export write their
logs as before and serve the same bytes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, timedelta

import openpyxl
import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from civil_complaints.reports import register_copy
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.reports.register import build_register
from core.exports import cell
from core.extensions import db
from core.masking import mask_name
from organization.access_log import PersonalDataAccess
from reporting import freezing
from reporting.formats.csvfile import csv_bytes
from reporting.models import ReportDownload
from tests.helpers import csrf_token_from, login
from tests.web.test_report_register import (
    MARCH,
    NOW,
    _complaint,
    _department,
    _hand_made,
    _query,
    _random_set,
    _type,
    _user,
    kst,
)

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

TRICKY_NAMES = ("=HYPERLINK(\"x\")", "+82 10", "-홍길동", "@sum", "\t탭", "\r캐리지", "김, \"철수\"", "줄\n바꿈",
                "줄\r\n바꿈", " 홍길동 ", "\u3000남궁민수\u3000", "이", "김철", "", "   ", "a\x01b\x01\x02c",
                "=", "\n=앞줄", "John Smith", "'따옴표")
MONTH = {"from": MARCH.start.isoformat(), "to": MARCH.end.isoformat()}


def _tricky() -> None:
    """Labels and names that need quoting or neutralising, and rows of every kind of late-by."""
    _user("officer").display_name = "=김담당, \"팀장\""
    _user("officer2").display_name = "이주무\n2팀"
    _type("ROAD-DAMAGE").name_ko = "-도로 파손, \"긴급\"\r\n둘째 줄"
    _type("ROAD-DAMAGE").name_en = "@Road damage\x01"
    _department("HB-CLEAN").name_ko = "+청소과"
    statuses = ("received", "assigned", "in_progress", "supplement_requested", "answered", "withdrawn",
                "returned", "closed", "transferred", "=odd")
    codes = ("ROAD-DAMAGE", "STREETLIGHT", "PARKING-LAW", "GRIEVANCE", "ILLEGAL-DUMPING")
    for n, name in enumerate(TRICKY_NAMES):
        status = statuses[n % len(statuses)]
        received = kst(3 + n, 9, 30)
        times = {"answered_at": received + timedelta(days=1 + n % 9)} if status == "answered" else {}
        if status == "withdrawn":
            times = {"withdrawn_at": received + timedelta(hours=3)}
        if status == "returned":
            times = {"returned_at": received + timedelta(days=12)}
        receipt = ("=", "+", "-", "@", "\t", "")[n % 6] + f"X,{n}"
        _complaint(receipt, codes[n % len(codes)], received, status, name=name,
                   officer=(None, "officer", "officer2", "civil")[n % 4], **times)
    _facts_of_every_shape()


def _facts_of_every_shape() -> None:
    """Facts the job writes (days, hours to a hundredth), and what it never writes but the file must survive."""
    answered = db.session.scalars(select(ProcessingFacts.complaint_id)).all()
    rows = [c for c in _answered() if c.id not in answered][:5]
    shapes = [("hours", 12.345678), ("hours", 0.00015), ("", 3.5), ("days", 0.0), ("hours", 2.25)]
    for complaint, (unit, late) in zip(rows, shapes, strict=True):
        db.session.add(ProcessingFacts(complaint_id=complaint.id, finished_at=complaint.answered_at, unit=unit,
                                       processing_time=1.0, late_by=late, computed_at=NOW))


def _answered():
    from civil_complaints.complaint_models import Complaint

    return db.session.scalars(select(Complaint).where(Complaint.status == "answered").order_by(Complaint.id))


@pytest.fixture
def tricky(demo):
    with demo.app_context():
        _hand_made()
        _random_set(400)
        _tricky()
        db.session.commit()
        db.session.remove()
    return demo


def _both(query) -> tuple[bytes, bytes, int]:
    """(the COPY path's file, the Python path's file, the records COPY counted), built in one transaction."""
    with force_locale(query.locale):
        report = build_register(query)
        copied = report.tables[0].csv_records
        assert copied is not None  # PostgreSQL: the server writes the records
        by_copy = csv_bytes(report)
        python = build_register(query)
        python.tables[0].csv_records = None
        return by_copy, csv_bytes(python), copied.rows


def _cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("locale", ["ko", "en"])
@pytest.mark.parametrize("unmasked", [False, True])
def test_copy_writes_the_python_path_s_file(tricky, locale, unmasked):
    with tricky.app_context():
        query = replace(_query(unmasked=unmasked), locale=locale)
        by_copy, python, records = _both(query)
        rows = _cells(python)
        assert records == len(rows) - 1 > 250
        assert _cells(by_copy) == rows
        assert by_copy == python
        names = [row[6] for row in rows[1:]]
        if unmasked:
            assert {"'=HYPERLINK(\"x\")", "'\t탭", "줄\n바꿈", "줄\r\n바꿈", " 홍길동 ",
                    "a\x01b\x01\x02c"} <= set(names)
        else:
            assert {"'=", "'+****0", "'-**동", "'@**m", "탭", "캐*지", "홍*동", "남**수", "이", "김*", "",
                    "'=*************)", "줄**꿈", "줄***꿈"} <= set(names)
            assert {cell(mask_name(name)) for name in TRICKY_NAMES} <= set(names)
        late = {row[0]: (row[10], row[11], row[12]) for row in rows[1:]}
        assert any(hours == "12.3457" for _, hours, _ in late.values())  # facts rounded as Python rounds them
        assert {"'=X,0", "'+X,1", "'-X,2", "'@X,3", "'\tX,4", "X,5"} <= set(late)


def test_copy_agrees_when_filtered_and_scoped(tricky):
    with tricky.app_context():
        roads = _type("ROAD-DAMAGE")
        for query in (_query(type="ROAD-DAMAGE", channel="web"), _query(kind=roads.kind),
                      _query("head", departments=frozenset({roads.department_id})),
                      _query(departments=frozenset()), _query(department="NO-SUCH")):
            by_copy, python, records = _both(query)
            assert by_copy == python and records == len(_cells(python)) - 1


def test_records_cut_into_small_chunks_are_the_same_file(tricky, monkeypatch):
    """Chunks end on whole records whatever their size (the escapes and markers are never cut)."""
    monkeypatch.setattr(register_copy, "CHUNK", 700)
    with tricky.app_context():
        by_copy, python, _records = _both(_query())
        assert by_copy == python


def test_a_download_stopped_midway_leaves_the_session_usable(tricky, monkeypatch):
    monkeypatch.setattr(register_copy, "CHUNK", 4096)
    with tricky.app_context():
        with force_locale("ko"):
            records = iter(build_register(_query()).tables[0].csv_records)
            first = next(records)
            records.close()
        assert 10 < first.count(b"\r\n") < 200
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(ProcessingFacts)) >= 6


def test_the_download_and_the_unmasked_export_are_logged_and_serve_the_same_file(tricky, frozen):
    now = NOW.astimezone(UTC)
    frozen(now)
    client = tricky.test_client()
    login(client, "auditor")
    with client.get("/staff/reports/register", query_string={**MONTH, "format": "csv"}) as answer:
        masked = answer.data
    page = client.get("/staff/reports/register", query_string=MONTH)
    reason = "감사: 처리부 대조"
    with client.post("/staff/reports/register/unmasked", data={
            "csrf_token": csrf_token_from(page), **MONTH, "file_format": "csv", "reason": reason}) as answer:
        unmasked = answer.data
    with tricky.app_context():
        downloads = db.session.scalars(select(ReportDownload).order_by(ReportDownload.id)).all()
        assert [(d.report, d.format, d.unmasked, d.reason, d.user.login_id) for d in downloads] == [
            ("register", "csv", False, None, "auditor"), ("register", "html", False, None, "auditor"),
            ("register", "csv", True, reason, "auditor")]
        access = db.session.scalars(select(PersonalDataAccess)).all()
        assert [(a.action, a.reason, a.user.login_id) for a in access] == [("export", reason, "auditor")]
        query = replace(_query(), now=now, actor=_user("auditor"))
        assert masked == _both(query)[1]
        assert unmasked == _both(replace(query, unmasked=True, locale="ko"))[1]
    assert "'=HYPERLINK(\"x\")" in [row[6] for row in _cells(unmasked)]
    assert "HYPERLINK" not in masked.decode("utf-8")


def test_freezing_builds_the_register_once_for_its_workbook_and_its_csv(tricky):
    """The workbook reads the rows, the CSV the records PostgreSQL writes: one build serves both."""
    with tricky.app_context():
        query = replace(_query(), locale="ko")
        expected = _both(query)[1]
        builds = []

        def build():
            builds.append(build_register(query))
            return builds[-1]

        frozen = freezing.freeze(build, lambda: "처리부", ["xlsx", "csv"], {}, actor=None, now=NOW)
        assert len(builds) == 1
        files = {file.format: file for file in frozen.files}
        assert files["csv"].content == expected
        sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"].content), read_only=True).worksheets[0]
        receipts = [row[0] for row in sheet.iter_rows(values_only=True)]
        plain = {row[0] for row in _cells(expected)[1:] if row[0].startswith("T-")}
        assert len(plain) > 250 and plain <= set(receipts)  # the workbook got every row too
        db.session.rollback()
