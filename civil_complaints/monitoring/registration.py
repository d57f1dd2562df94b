"""Registration delay (D1; 영 제6조⑧: register within 8 working hours of arrival).

* An arrival in the 민원실 log still unregistered 8 working hours after it arrived: alert its unit's
  officers and the 민원심사관 (once per arrival).
* A 민원 registered with received_at − arrived_at over 8 working hours: flag it in its history and tell the
  민원심사관 (once per 민원). Only 민원 registered in the last 35 days are examined.

Working days only: working hours do not pass on 토요일·일요일·공휴일, so no new delay can appear then.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import exists, select

from civil_complaints.casework.staff_notify import Directory, department_name, notify_staff, staff_case_url
from civil_complaints.complaint_models import Complaint
from civil_complaints.history import record_events
from civil_complaints.intake.arrivals import ComplaintArrival
from civil_complaints.labels import CHANNEL_LABELS
from civil_complaints.monitoring.alerts import REGISTRATION_LATE, record_alerts
from civil_complaints.monitoring.models import ComplaintAlert
from core.clock import today_kst
from core.extensions import db
from core.i18n import official_datetime
from notifications.batch import OutboxBatch
from notifications.policy import working_time_text
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar, working_hours_between

LIMIT = timedelta(hours=8)
LOOKBACK = timedelta(days=35)


def _channel_label(channel: str, language: str) -> str:
    with force_locale(language):
        return str(CHANNEL_LABELS.get(channel, channel))


def late_arrivals(calendar: WorkCalendar, now: datetime) -> list[tuple[ComplaintArrival, timedelta]]:
    """Unregistered, not yet alerted arrivals older than 8 working hours, with their working-time age."""
    candidates = db.session.scalars(
        select(ComplaintArrival).where(ComplaintArrival.complaint_id.is_(None),
                                       ComplaintArrival.late_alerted_at.is_(None),
                                       ComplaintArrival.arrived_at < now - LIMIT)
        .order_by(ComplaintArrival.arrived_at)).all()
    aged = [(a, working_hours_between(a.arrived_at, now, calendar=calendar)) for a in candidates]
    return [(a, age) for a, age in aged if age > LIMIT]


def late_registrations(calendar: WorkCalendar, now: datetime) -> list[tuple[object, timedelta]]:
    """Recently registered 민원 whose registration took more than 8 working hours after arrival."""
    flagged = exists().where(ComplaintAlert.complaint_id == Complaint.id, ComplaintAlert.kind == REGISTRATION_LATE)
    rows = db.session.execute(
        select(Complaint.id, Complaint.receipt_no, Complaint.department_id, Complaint.arrived_at,
               Complaint.received_at)
        .where(Complaint.created_at >= now - LOOKBACK, Complaint.received_at > Complaint.arrived_at, ~flagged)).all()
    delays = [(row, working_hours_between(row.arrived_at, row.received_at, calendar=calendar)) for row in rows]
    return [(row, delay) for row, delay in delays if delay > LIMIT]


def alert_late_registrations(*, now: datetime) -> dict:
    """Job: the two registration-delay checks above."""
    calendar = load_calendar()
    if not calendar.is_working_day(today_kst(now)):
        return {"non_working_day": 1}
    directory, batch = Directory(), OutboxBatch()
    arrivals = late_arrivals(calendar, now)
    for arrival, age in arrivals:
        payload = lambda lang, a=arrival, age=age: {  # noqa: E731
            "kind": "arrival", "arrived": official_datetime(a.arrived_at), "summary": a.summary,
            "channel": _channel_label(a.channel, lang), "age": working_time_text(age, lang),
            "department": department_name(directory.department(a.department_id), lang)}
        users = {u.id: u for u in directory.department_staff(arrival.department_id) + directory.review_officers()}
        for user in users.values():
            notify_staff(batch, user, key=f"registration-late:arrival-{arrival.id}:{user.id}",
                                   template="staff_registration_late", payload=payload, now=now)
        arrival.late_alerted_at = now
    registered = late_registrations(calendar, now)
    for row, delay in registered:
        payload = lambda lang, r=row, d=delay: {  # noqa: E731
            "kind": "complaint", "receipt_no": r.receipt_no, "url": staff_case_url(r.receipt_no),
            "arrived": official_datetime(r.arrived_at), "received": official_datetime(r.received_at),
            "age": working_time_text(d, lang), "department": department_name(directory.department(r.department_id),
                                                                             lang)}
        for user in directory.review_officers():
            notify_staff(batch, user, key=f"registration-late:{row.receipt_no}:{user.id}",
                                   template="staff_registration_late", payload=payload, now=now)
    record_alerts([{"complaint_id": r.id, "kind": REGISTRATION_LATE, "ref_at": r.received_at, "level": 0,
                    "created_at": now} for r, _ in registered])
    record_events([(r.id, {"working_hours": round(d.total_seconds() / 3600, 2)}) for r, d in registered],
                  "registration_late", now=now)
    db.session.flush()
    queued = batch.flush()
    return {"late_arrivals": len(arrivals), "late_registrations": len(registered), "queued": queued}
