"""Receipt numbers stay unique under concurrent submissions (each in its own transaction)."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo import seed_demo
from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.domain.receipts import normalise_receipt_number
from civil_complaints.intake.services import IntakeData, receive_complaint
from core.extensions import db
from tests.complaint_helpers import filed_receipt_no
from tests.helpers import terminate_idle_backends
from working_calendar.cache import load_calendar

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
PARALLEL = 50


def _file_one(app, upload_dir: Path, errors: list, barrier: threading.Barrier) -> None:
    barrier.wait(timeout=30)  # all threads start together; the connection pool then decides the overlap
    with app.app_context():
        try:
            ctype = db.session.query(ComplaintType).filter_by(code="ROAD-DAMAGE").one()
            calendar = load_calendar()
            receive_complaint(ctype, IntakeData(title="동시 접수", content="시험", name="홍길동", email="a@b.kr",
                                                lookup_password="abcd1234", consent=True),
                              channel="web", received_at=NOW, arrived_at=NOW, calendar=calendar, agency_code="HB",
                              upload_dir=upload_dir, now=NOW)
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
            db.session.rollback()
        finally:
            db.session.remove()


def test_fifty_parallel_submissions_get_fifty_distinct_numbers(ctx, tmp_path):
    seed_demo(now=NOW)
    db.session.commit()
    errors: list = []
    barrier = threading.Barrier(PARALLEL)
    threads = [threading.Thread(target=_file_one, args=(ctx, tmp_path, errors, barrier)) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    numbers = [n for (n,) in db.session.query(Complaint.receipt_no).all()]
    assert len(numbers) == PARALLEL and len(set(numbers)) == PARALLEL
    assert sorted(numbers) == [f"HB-2611-{i:06d}" for i in range(1, PARALLEL + 1)]


def test_receipt_numbers_are_normalised():
    assert normalise_receipt_number(" hb 2611 000123 ") == "HB-2611-000123"
    assert normalise_receipt_number("HB–2611–000123") == "HB-2611-000123"
    assert normalise_receipt_number("HB-2611-12") is None
    assert normalise_receipt_number("'; drop table complaints; --") is None
    assert re.fullmatch(r"HB-\d{4}-\d{6}", normalise_receipt_number("hb-2611-000001"))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the counter pool is PostgreSQL's
def test_a_dead_counter_connection_is_replaced_without_repeating_a_number(demo):
    """PostgreSQL bumps the counter on its own small pool without a pre-ping: a pooled connection killed by a
    database restart is discarded and the bump retried on a fresh one."""
    with demo.app_context():
        assert db.engine.dialect.name == "postgresql"
    client = demo.test_client()
    first = filed_receipt_no(client)
    assert terminate_idle_backends(demo) >= 1
    demo_client = demo.test_client()
    second = filed_receipt_no(demo_client)
    assert second > first
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 2
