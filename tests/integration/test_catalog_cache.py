"""The per-worker catalog cache (types, departments, agency, holidays) sees every change at once.

Two app instances on one database stand for two gunicorn workers: each has its own engine and its own cached
catalog. Whoever writes (an admin service, plain SQL), the other worker's next request uses the new data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from app import create_app
from civil_complaints.catalog import current_catalog
from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.domain.deadlines import compute_due
from civil_complaints.domain.periods import ProcessingPeriod
from core.extensions import db
from organization.models import User
from tests.complaint_helpers import filed_receipt_no
from tests.helpers import close_pools
from working_calendar.cache import load_calendar
from working_calendar.holidays import add_holiday


@pytest.fixture
def second_worker(demo):
    other = create_app({"SQLALCHEMY_DATABASE_URI": demo.config["SQLALCHEMY_DATABASE_URI"]}, env_name="test")
    yield other
    close_pools(other)


def _filed(app, receipt_no: str) -> Complaint:
    with app.app_context():
        return db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no))


def test_catalog_is_reused_until_a_cached_table_changes(demo):
    with demo.app_context():
        first = current_catalog()
        db.session.commit()
        assert current_catalog() is first  # nothing written: the same snapshot, not a rebuild
        db.session.execute(text("UPDATE departments SET phone = '031-000-9999' WHERE code = 'HB-ROADS'"))
        changed = current_catalog()  # the writing transaction sees its own change
        assert changed is not first
        assert changed.by_code("ROAD-DAMAGE").department_phone == "031-000-9999"
        db.session.rollback()
        assert current_catalog().by_code("ROAD-DAMAGE").department_phone != "031-000-9999"


def test_a_type_changed_in_one_worker_is_used_by_the_next_filing_in_another(demo, second_worker):
    assert _filed(second_worker, filed_receipt_no(second_worker.test_client())).period_spec == "3d"  # cached
    with demo.app_context():  # what the admin page does in worker 1
        ctype = db.session.scalar(select(ComplaintType).where(ComplaintType.code == "ROAD-DAMAGE"))
        ctype.period_spec = "7d"
        db.session.commit()
    complaint = _filed(second_worker, filed_receipt_no(second_worker.test_client()))
    assert complaint.period_spec == "7d"
    with second_worker.app_context():
        expected = compute_due(complaint.received_at, ProcessingPeriod.parse("7d"), calendar=load_calendar())
    assert (complaint.due_at, complaint.due_date) == (expected.due_at, expected.due_date)
    with demo.app_context():  # deactivated by plain SQL (psql): worker 2 refuses the type at once
        db.session.execute(text("UPDATE complaint_types SET is_active = false WHERE code = 'ROAD-DAMAGE'"))
        db.session.commit()
    with second_worker.app_context():
        assert current_catalog().by_code("ROAD-DAMAGE").is_active is False
    response = second_worker.test_client().get("/complaints/new")
    assert 'value="ROAD-DAMAGE"' not in response.get_data(as_text=True)


def test_a_holiday_added_in_one_worker_moves_deadlines_in_another(demo, second_worker):
    day = date(2031, 3, 4)
    with second_worker.app_context():
        assert load_calendar().is_working_day(day)  # cached without it
    with demo.app_context():
        admin = db.session.scalar(select(User).where(User.login_id == "admin"))
        add_holiday(admin, day=day, name="임시공휴일", kind="temporary", note=None, now=datetime.now(UTC))
        db.session.commit()
    with second_worker.app_context():
        calendar = load_calendar()
        assert not calendar.is_working_day(day)
        assert calendar.holiday_name(day) == "임시공휴일"
