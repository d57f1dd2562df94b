"""The monthly check job freezes the month's 점검표 in every format and e-mails its XLSX to the 민원심사관 (issue 19
item 7), through a real SMTP server; the file in the e-mail is the frozen one (same SHA-256) and opens in openpyxl
with the month's totals."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

import openpyxl
import pytest
from sqlalchemy import select

from app.demo import seed_demo
from civil_complaints.casework.answers import answer as answer_complaint
from civil_complaints.reports.monthly import make_monthly_report
from core.clock import KST
from core.extensions import db
from notifications.delivery import deliver_outbox
from notifications.models import OutboxMessage
from organization.models import User
from reporting.models import FrozenReport
from tests.monitoring_support import Sink, file_complaint_at, free_port, start_sink


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=KST)


@pytest.fixture
def seeded(ctx, monkeypatch):
    seed_demo(now=at(11, 1, 9))
    db.session.commit()
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(ctx.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(ctx.config, "MAIL_PORT", port)
    yield ctx, sink
    controller.stop()


def test_the_monthly_check_freezes_the_processing_check_and_mails_its_xlsx_to_the_review_officers(seeded, tmp_path):
    _app, sink = seeded
    officer = db.session.scalar(select(User).where(User.login_id == "officer"))
    filed = [file_complaint_at("ROAD-DAMAGE", at(11, day), now=at(11, day), upload_dir=tmp_path)
             for day in (2, 10, 25)]
    answer_complaint(officer, filed[0], text="완료", now=at(11, 3))
    answer_complaint(officer, filed[1], text="완료", now=at(11, 20))
    db.session.commit()
    make_monthly_report(now=at(12, 1, 7))
    db.session.commit()

    frozen = db.session.scalar(select(FrozenReport))
    assert frozen.report == "processing" and frozen.created_by_id is None
    assert (frozen.period_start.isoformat(), frozen.period_end.isoformat()) == ("2026-11-01", "2026-11-30")
    assert {f.format for f in frozen.files} == {"xlsx", "csv", "pdf"}
    stored = next(f for f in frozen.files if f.format == "xlsx")
    mails = {m.recipient: m for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.template == "staff_monthly_report"))}
    assert mails["reviewer@hanbit.example.go.kr"].attachment == f"frozen-report:{frozen.id}:xlsx"
    assert mails["head@hanbit.example.go.kr"].attachment is None  # heads get the summary only

    deliver_outbox(now=at(12, 1, 8))
    db.session.commit()
    to_reviewer = next(m for m in sink.messages() if m["To"] == "reviewer@hanbit.example.go.kr")
    files = [part for part in to_reviewer.iter_attachments()]
    assert len(files) == 1 and files[0].get_filename() == stored.filename
    content = files[0].get_payload(decode=True)
    assert hashlib.sha256(content).hexdigest() == stored.sha256
    assert "붙임" in to_reviewer.get_body(("plain",)).get_content()
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    values = [cell for row in book.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert 3 in values  # the three 민원 received in November
    assert not any(m["To"] == "head@hanbit.example.go.kr" and list(m.iter_attachments()) for m in sink.messages())
