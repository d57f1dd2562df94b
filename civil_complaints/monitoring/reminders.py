"""Deadline reminders to the staff: due-soon reminders, the morning digest, overdue escalation (독촉).

All three do nothing on 토요일, 일요일 and 공휴일: working time does not run then (법 제19조), so no deadline
comes closer, and nobody is at work to act. The first run on the next working day catches up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import groupby

from flask import current_app
from sqlalchemy import and_, exists, func, select

from civil_complaints.casework.staff_notify import (
    Directory,
    department_name,
    due_text_of,
    notify_staff,
    running_clock_statuses,
    staff_case_url,
)
from civil_complaints.complaint_models import Complaint
from civil_complaints.history import record_events
from civil_complaints.monitoring.alerts import DUE_SOON, OVERDUE, content_key, record_alerts
from civil_complaints.monitoring.models import ComplaintAlert
from core.clock import KST, today_kst
from core.extensions import db
from notifications.batch import OutboxBatch
from notifications.monitoring_models import MonitorCursor
from notifications.policy import parse_thresholds, threshold_minutes, working_time_text
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar

MAX_LISTED = 50
BULK_DETAILS = 20_000
SWEEP_CURSOR = "overdue-escalation:last-full-sweep"
RECENT_DUES = timedelta(days=1)
_COLUMNS = (Complaint.id, Complaint.receipt_no, Complaint.title, Complaint.department_id, Complaint.assignee_id,
            Complaint.period_spec, Complaint.due_at, Complaint.due_date)


@dataclass(frozen=True, slots=True)
class DueSoon:
    row: object  # the selected _COLUMNS
    remaining: timedelta
    #: the most urgent threshold crossed (minutes of working time) and every threshold crossed
    level: int
    crossed: tuple[int, ...]
    alerted: frozenset[int]


def _horizon(calendar: WorkCalendar, now: datetime, largest: timedelta) -> datetime:
    """The latest due_at with at most `largest` working time left: up to the next working block's start,
    so a day-unit due (23:59:59 of its date, D3) is included once its date's working hours are within reach."""
    position = calendar.position(now) + largest // timedelta(microseconds=1)
    return calendar.instant(position + 1) - timedelta(microseconds=1)


def due_soon_statements(calendar: WorkCalendar, now: datetime, thresholds: tuple[timedelta, ...]) -> tuple:
    """(candidates, their earlier reminders): the two key-only queries of the due-soon scan (bench/monitoring.py
    explains them). Candidates lie between now and the horizon of the largest threshold and lack the last
    reminder; both read only (due_at, status, id) and complaint_alerts' keys, so they run from indexes."""
    horizon = _horizon(calendar, now, thresholds[0])
    window = and_(Complaint.status.in_(running_clock_statuses()), Complaint.due_at > now, Complaint.due_at <= horizon)
    alert_of_due = and_(ComplaintAlert.kind == DUE_SOON, ComplaintAlert.complaint_id == Complaint.id,
                        ComplaintAlert.ref_at == Complaint.due_at)
    done = exists().where(alert_of_due, ComplaintAlert.level == threshold_minutes(thresholds[-1]))
    return (select(Complaint.id, Complaint.due_at).where(window, ~done),
            select(ComplaintAlert.complaint_id, ComplaintAlert.ref_at, ComplaintAlert.level)
            .where(ComplaintAlert.kind == DUE_SOON, ComplaintAlert.ref_at > now, ComplaintAlert.ref_at <= horizon))


def details(ids: list[int], *, where=None) -> dict[int, object]:
    """The columns a message needs, for the 민원 found by a key-only scan: by id in chunks of 1,000, or — for
    very many (a first run after a deployment) — with one pass over `where` instead of random lookups."""
    found = {}
    if where is not None and len(ids) > BULK_DETAILS:
        wanted = set(ids)
        return {row.id: row for row in db.session.execute(select(*_COLUMNS).where(where)) if row.id in wanted}
    for start in range(0, len(ids), 1000):
        for row in db.session.execute(select(*_COLUMNS).where(Complaint.id.in_(ids[start:start + 1000]))):
            found[row.id] = row
    return found


def scan_due_soon(calendar: WorkCalendar, now: datetime, thresholds: tuple[timedelta, ...]) -> list[DueSoon]:
    """Open 민원 (clock running) whose remaining working time crossed a threshold not yet reminded of."""
    minutes = [threshold_minutes(t) for t in thresholds]
    candidates, earlier = due_soon_statements(calendar, now, thresholds)
    keys = db.session.execute(candidates).all()
    alerted: dict[int, set[int]] = defaultdict(set)
    due_of = dict(keys)
    for complaint_id, ref_at, level in db.session.execute(earlier):
        if due_of.get(complaint_id) == ref_at:  # a reminder about this very deadline
            alerted[complaint_id].add(level)
    start = calendar.position(now)
    due = []
    for complaint_id, due_at in keys:
        remaining = calendar.position(due_at) - start
        crossed = tuple(m for m in minutes if remaining <= m * 60_000_000)
        if crossed and crossed[-1] not in alerted[complaint_id]:
            due.append((complaint_id, remaining, crossed))
    rows = details([complaint_id for complaint_id, _, _ in due])
    return [DueSoon(rows[cid], timedelta(microseconds=remaining), crossed[-1], crossed, frozenset(alerted[cid]))
            for cid, remaining, crossed in due if cid in rows]


def _item(row, directory: Directory, language: str) -> dict:
    assignee = directory.user(row.assignee_id)
    return {"receipt_no": row.receipt_no, "title": row.title, "url": staff_case_url(row.receipt_no),
            "due": due_text_of(row.period_spec, row.due_at, row.due_date),
            "department": department_name(directory.department(row.department_id), language),
            "assignee": assignee.display_name if assignee else ""}


def send_due_soon_reminders(*, now: datetime) -> dict:
    """Job: remind each handler once per threshold (default 1 working day and 4 working hours before due)."""
    calendar = load_calendar()
    if not calendar.is_working_day(today_kst(now)):
        return {"non_working_day": 1}
    found = scan_due_soon(calendar, now, parse_thresholds(current_app.config["DUE_SOON_THRESHOLDS"]))
    directory, batch, alerts = Directory(), OutboxBatch(), []
    for item in found:
        row = item.row
        for user in directory.handlers(row.assignee_id, row.department_id):
            notify_staff(
                batch, user, key=f"due-soon:{row.receipt_no}:{row.due_at.isoformat()}:{item.level}:{user.id}",
                template="staff_due_soon", now=now,
                payload=lambda lang, row=row, item=item: {
                    **_item(row, directory, lang), "remaining": working_time_text(item.remaining, lang)})
        alerts += [{"complaint_id": row.id, "kind": DUE_SOON, "ref_at": row.due_at, "level": level,
                    "created_at": now} for level in item.crossed if level not in item.alerted]
    record_alerts(alerts)
    queued = batch.flush()
    return {"due_soon": len(found), "queued": queued}


def _past_due(now: datetime, since: datetime | None):
    condition = and_(Complaint.status.in_(running_clock_statuses()), Complaint.due_at < now)
    return condition if since is None else and_(condition, Complaint.due_at >= since)


def overdue_statement(now: datetime, since: datetime | None = None):
    """The key-only query of the overdue scan: ids of open 민원 past due (since `since`, when given) without an
    escalation for that due."""
    done = exists().where(ComplaintAlert.kind == OVERDUE, ComplaintAlert.complaint_id == Complaint.id,
                          ComplaintAlert.ref_at == Complaint.due_at)
    return select(Complaint.id).where(_past_due(now, since), ~done)


def scan_overdue(now: datetime, since: datetime | None = None) -> list:
    """Open 민원 (clock running) past their due (D3: a date ends at 24:00 KST) not yet escalated for that due,
    by department and due. With `since`, only dues from then on (the hourly runs; see escalate_overdue)."""
    rows = details(list(db.session.scalars(overdue_statement(now, since))), where=_past_due(now, since))
    return sorted(rows.values(), key=lambda row: (row.department_id, row.due_at))


def _overdue_window(now: datetime) -> datetime | None:
    """None (sweep every 민원) on the day's first run; afterwards only dues of the last day, which is where
    deadlines pass between hourly runs. A due moved into the past some other way (a late registration, a
    recomputation, a 보완 ending) is caught by the next day's sweep at the latest."""
    last = db.session.get(MonitorCursor, SWEEP_CURSOR)
    if last is None or today_kst(last.value) != today_kst(now):
        return None
    return now - RECENT_DUES


def _listing(rows: list, directory: Directory, language: str) -> dict:
    return {"items": [_item(row, directory, language) for row in rows[:MAX_LISTED]], "count": len(rows),
            "more": max(0, len(rows) - MAX_LISTED)}


def escalate_overdue(*, now: datetime) -> dict:
    """Job: 독촉 (영 제28조②) for 민원 that became overdue — to the department head for the department's
    list and to each 민원심사관 for the whole list — once per 민원 and due date; recorded in the history."""
    if not load_calendar().is_working_day(today_kst(now)):
        return {"non_working_day": 1}
    since = _overdue_window(now)
    rows = scan_overdue(now, since)
    directory, batch = Directory(), OutboxBatch()
    for department_id, group in groupby(rows, key=lambda r: r.department_id):
        listed = list(group)
        digest = content_key(f"{r.id}@{r.due_at.isoformat()}" for r in listed)
        for head in directory.heads(department_id):
            notify_staff(batch, head, key=f"overdue:{head.id}:{digest}", template="staff_overdue", now=now,
                                   payload=lambda lang, listed=listed: _listing(listed, directory, lang))
    if rows:
        digest = content_key(f"{r.id}@{r.due_at.isoformat()}" for r in rows)
        for officer in directory.review_officers():
            notify_staff(batch, officer, key=f"overdue-review:{officer.id}:{digest}", template="staff_overdue",
                                   now=now, payload=lambda lang: _listing(rows, directory, lang))
    record_alerts([{"complaint_id": r.id, "kind": OVERDUE, "ref_at": r.due_at, "level": 0, "created_at": now}
                   for r in rows])
    record_events([(r.id, {"due_at": r.due_at.isoformat()}) for r in rows], "overdue_escalated", now=now)
    if since is None:
        db.session.merge(MonitorCursor(name=SWEEP_CURSOR, value=now))
    queued = batch.flush()
    return {"overdue": len(rows), "queued": queued, "full_sweep": since is None}


def send_department_digests(*, now: datetime) -> dict:
    """Job: each working morning, one digest per department to its officers and head: overdue 민원 and those
    due by the end of the next working day (at most 50 listed)."""
    calendar = load_calendar()
    today = today_kst(now)
    if not calendar.is_working_day(today):
        return {"non_working_day": 1}
    until = datetime.combine(calendar.next_working_day(today), time.max, KST)
    due = and_(Complaint.status.in_(running_clock_statuses()), Complaint.due_at <= until)
    totals = db.session.execute(select(Complaint.department_id, func.count(), func.count().filter(
        Complaint.due_at < now)).where(due).group_by(Complaint.department_id)).all()
    directory, batch = Directory(), OutboxBatch()
    for department_id, count, overdue in totals:
        rows = db.session.execute(select(*_COLUMNS).where(due, Complaint.department_id == department_id)
                                  .order_by(Complaint.due_at).limit(MAX_LISTED)).all()
        department = directory.department(department_id)
        for user in directory.department_staff(department_id):
            notify_staff(
                batch, user, key=f"digest:{department.code}:{today.isoformat()}:{user.id}", template="staff_digest",
                now=now, payload=lambda lang, rows=rows, count=count, overdue=overdue, department=department: {
                    **_listing(rows, directory, lang), "count": count, "overdue": overdue,
                    "more": max(0, count - len(rows)), "date": today.isoformat(),
                    "department": department_name(department, lang)})
    queued = batch.flush()
    return {"departments": len(totals), "queued": queued}
