"""The holiday table, its adapter to WorkCalendar, and the holidays CLI, on each database."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.demo import seed_demo
from core.clock import KST
from core.extensions import db
from organization.models import User
from working_calendar.cache import load_calendar
from working_calendar.holidays import add_holiday, set_holiday_active, sync_snapshot, years_covered
from working_calendar.models import PublicHoliday
from working_calendar.source import parse_blocks

NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def _admin() -> User:
    seed_demo(now=NOW)
    return db.session.query(User).filter_by(login_id="admin").one()


def test_migrated_database_covers_this_year_and_next(ctx):
    this_year = datetime.now(UTC).astimezone(KST).year
    assert {this_year, this_year + 1} <= years_covered(), "import next year's holidays (flask holidays import)"


def test_snapshot_sync_is_idempotent_and_keeps_admin_removals(ctx):
    admin = _admin()
    hangul_day = db.session.query(PublicHoliday).filter_by(day=date(2026, 10, 9)).one()
    set_holiday_active(admin, hangul_day.id, active=False, note="test", now=NOW)
    assert sync_snapshot(now=NOW) == 0
    assert db.session.get(PublicHoliday, hangul_day.id).is_active is False


def test_calendar_reflects_table_and_revision_changes(ctx):
    admin = _admin()
    before = load_calendar()
    assert not before.is_working_day(date(2026, 9, 25))  # 추석
    assert before.is_working_day(date(2027, 6, 30))
    add_holiday(admin, day=date(2027, 6, 30), name="청사 이전 휴무", kind="closure", note=None, now=NOW)
    after = load_calendar()
    assert not after.is_working_day(date(2027, 6, 30))
    assert date(2027, 6, 30) in after.closures and date(2027, 6, 30) not in after.holidays
    assert after.revision != before.revision


def test_working_blocks_come_from_configuration(ctx):
    assert parse_blocks("08:30-11:30,12:30-17:30")[1][0].hour == 12
    calendar = load_calendar("08:30-11:30,12:30-17:30")
    assert calendar.blocks[0][0].minute == 30


def test_holidays_cli_import_and_status(ctx):
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["holidays", "import", "--year", "2028"])
    assert result.exit_code == 0, result.output
    rows = db.session.query(PublicHoliday).filter(PublicHoliday.day >= date(2028, 1, 1)).all()
    names = {row.name for row in rows}
    assert any("추석" in name for name in names) and all(row.source == "import" for row in rows)
    again = runner.invoke(args=["holidays", "import", "--year", "2028"])
    assert "0 day(s)" in again.output
    status = runner.invoke(args=["holidays", "status"])
    assert "2028" in status.output
