"""민원 처리상황 점검 (영 제22조①; 규칙 제7조: by the 5th of each month, for the previous month).

On the first working day of a month the job counts, per department, the previous month's 민원: received,
answered, answered on time, overdue (answered late, or still open and past due at the month's end), returned
(반려, 영 제25조①: its own line, D15 — neither answered nor 취하) and open at the month's end. The report is
stored (`monthly_reports`, one per month) and e-mailed to every department head and 민원심사관. A month whose
report is missing (scheduler down) is made on the next working day. The run for the last month of a quarter also
freezes that quarter's management review (review.py), for the auditor to find among the frozen reports.
"Open at the month's end" uses answered_at/withdrawn_at/returned_at; a 민원 closed or transferred without those
timestamps counts as finished. Reports stored before the 반려 column have no "returned" key (shown as —).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time

from sqlalchemy import func, or_, select

from civil_complaints.casework.staff_notify import Directory, notify_staff, open_statuses
from civil_complaints.complaint_models import Complaint
from civil_complaints.reports.models import MonthlyReport
from civil_complaints.reports.review import KEY as REVIEW_KEY
from core.clock import KST, today_kst
from core.extensions import db
from notifications.batch import OutboxBatch
from organization.models import Department
from reporting.domain.periods import month_of, quarter_of
from reporting.freezing import freeze
from reporting.models import FrozenReport
from reporting.registry import ReportQuery, definition
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar

#: the note of a management review frozen by this job
REVIEW_NOTE = "quarterly-review"
COLUMNS = ("received", "answered", "on_time", "overdue", "returned", "open")


def previous_month(today: date) -> date:
    first = today.replace(day=1)
    return (first.replace(year=first.year - 1, month=12) if first.month == 1
            else first.replace(month=first.month - 1))


def month_bounds(first: date) -> tuple[datetime, datetime]:
    """[start, end) of a calendar month in KST, as aware instants."""
    following = first.replace(year=first.year + 1, month=1) if first.month == 12 else first.replace(
        month=first.month + 1)
    return datetime.combine(first, time(0), KST), datetime.combine(following, time(0), KST)


def working_day_of_month(calendar: WorkCalendar, today: date) -> int:
    """1 on the month's first working day, 2 on the second … (0 before the first)."""
    return calendar.working_days_between(today.replace(day=1), today)


def monthly_figures(first: date, *, now: datetime | None = None) -> dict:
    """The report's data: one row per department with the five counts, and totals.

    For a month not over at `now` (a check run on demand), "open" and "overdue" are counted at `now`: a 민원
    whose deadline is still ahead is not overdue yet.
    """
    start, end = month_bounds(first)
    cutoff = min(end, now) if now is not None else end
    c = Complaint
    answered = (c.answered_at >= start) & (c.answered_at < cutoff)
    open_at_end = or_(c.status.in_(open_statuses()), c.answered_at >= cutoff, c.withdrawn_at >= cutoff,
                      c.returned_at >= cutoff)
    rows = db.session.execute(
        select(c.department_id,
               func.count().filter(c.received_at >= start),
               func.count().filter(answered),
               func.count().filter(answered & (c.answered_at <= c.due_at)),
               func.count().filter((answered & (c.answered_at > c.due_at)) | (open_at_end & (c.due_at < cutoff))),
               func.count().filter((c.returned_at >= start) & (c.returned_at < cutoff)),
               func.count().filter(open_at_end))
        .where(c.received_at < cutoff).group_by(c.department_id)).all()
    departments = {d.id: d for d in db.session.scalars(select(Department))}
    table = []
    for department_id, *counts in sorted(rows, key=lambda r: departments[r[0]].code):
        department = departments[department_id]
        table.append({"code": department.code, "name_ko": department.name_ko, "name_en": department.name_en,
                      **dict(zip(COLUMNS, counts, strict=True))})
    totals = {name: sum(row[name] for row in table) for name in COLUMNS}
    return {"month": first.strftime("%Y-%m"), "departments": table, "totals": totals}


def latest_month_with_complaints(now: datetime) -> date:
    """The first day of the latest month (KST) in which a 민원 was received up to `now`; the previous month when
    there is none. A check opens on it rather than on an empty month."""
    latest = db.session.scalar(select(func.max(Complaint.received_at)).where(Complaint.received_at <= now))
    if latest is None:
        return previous_month(today_kst(now))
    return latest.astimezone(KST).date().replace(day=1)


def make_monthly_report(*, now: datetime) -> dict:
    """Job: store and send the previous month's report once (working days only)."""
    calendar = load_calendar()
    today = today_kst(now)
    if not calendar.is_working_day(today):
        return {"non_working_day": 1}
    first = previous_month(today)
    month = first.strftime("%Y-%m")
    if db.session.scalar(select(MonthlyReport.id).where(MonthlyReport.month == month)) is not None:
        return {"month": month, "already_made": 1}
    data = monthly_figures(first)
    db.session.add(MonthlyReport(month=month, generated_at=now, data=json.dumps(data, ensure_ascii=False)))
    frozen = freeze_processing_check(first, now=now)
    review = freeze_quarter_review(first, now=now)
    directory, batch = Directory(), OutboxBatch()
    recipients = {u.id: u for d in data["departments"] for u in directory.heads(_department_id(d["code"]))}
    reviewers = {u.id: u for u in directory.review_officers()}
    recipients.update(reviewers)
    for user in recipients.values():
        # the 민원심사관 receive the month's 점검표 as the frozen XLSX (issue 19 item 7); heads the summary
        attached = frozen is not None and user.id in reviewers
        name = next(f.filename for f in frozen.files if f.format == "xlsx") if attached else None
        notify_staff(batch, user, key=f"monthly-report:{month}:{user.id}", template="staff_monthly_report",
                     now=now, payload=lambda lang, name=name: {**_report_payload(data, lang), "attached": name},
                     attachment=f"frozen-report:{frozen.id}:xlsx" if attached else None)
    db.session.flush()
    day = working_day_of_month(calendar, today)
    queued = batch.flush()
    counts = {"month": month, "departments": len(data["departments"]), "queued": queued, "working_day": day,
              "late": day > 5}
    if review is not None:
        counts["review_frozen"] = 1
    return counts


def freeze_processing_check(first: date, *, now: datetime):
    """The month's 점검표 (department × type × month), frozen in every format by the system; None when the
    processing report is not registered (an app assembled without reporting)."""
    found = definition("processing")
    if found is None:
        return None
    month = month_of(first)
    query = ReportQuery(period=month, actor=None, now=now)
    frozen = freeze(lambda: found.build(query), found.title, [f for f in found.formats if f != "html"],
                    {"from": month.start.isoformat(), "to": month.end.isoformat(), "preset": "month"}, actor=None,
                    now=now, note="monthly-check")
    db.session.flush()
    return frozen


def freeze_quarter_review(first: date, *, now: datetime):
    """When `first` is the last month of a quarter (the job's first run after the quarter ended), the quarter's
    management review, frozen in every format by the system (note "quarterly-review"), once; None otherwise, when it
    is frozen already or when the review is not registered."""
    found = definition(REVIEW_KEY)
    if first.month % 3 or found is None:
        return None
    quarter = quarter_of(first)
    done = db.session.scalar(select(FrozenReport.id).where(
        FrozenReport.report == REVIEW_KEY, FrozenReport.note == REVIEW_NOTE,
        FrozenReport.period_start == quarter.start, FrozenReport.period_end == quarter.end))
    if done is not None:
        return None
    query = ReportQuery(period=quarter, actor=None, now=now)
    frozen = freeze(lambda: found.build(query), found.title, [f for f in found.formats if f != "html"],
                    {"from": quarter.start.isoformat(), "to": quarter.end.isoformat(), "preset": "quarter"},
                    actor=None, now=now, note=REVIEW_NOTE)
    db.session.flush()
    return frozen


def _department_id(code: str) -> int:
    return db.session.scalar(select(Department.id).where(Department.code == code))


def _report_payload(data: dict, language: str) -> dict:
    rows = [{**row, "department": row["name_ko"] if language == "ko" else row["name_en"]}
            for row in data["departments"]]
    return {"month": data["month"], "rows": rows, "totals": data["totals"]}
