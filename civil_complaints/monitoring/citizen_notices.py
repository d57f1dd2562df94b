"""Notices to the 민원인 sent by jobs: the 30-day progress notice and the satisfaction invitation.

* 진행상황 통지 (영 제23조①②): while a 민원 is not finished, every 30 days counted under 민법 (D9: first day
  not counted, an end on a Saturday or 공휴일 rolls to the next working day — compute_civil_due). The n-th notice
  goes out on the working day the n×30-day period ends, so never after the law requires it. It states the
  status, the 처리완료 예정일 and the officer's 소속·성명·연락처 (영 제31조). It is omitted only for a 민원인
  who was told at filing that progress is published online (영 제23조③, D14); a 민원인 without e-mail or mobile
  number gets it by post.
* 만족도 조사 (법 제26조): one invitation after the answer, with the link to the lookup page.

Both run on working days only (a missed day is caught up on the next one).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import and_, exists, select

from civil_complaints.casework.notices import delivery_of, notice_languages
from civil_complaints.casework.staff_notify import Directory, agency_name, department_name, due_text_of, open_statuses
from civil_complaints.complaint_models import Complaint, Satisfaction
from civil_complaints.domain.civil_calendar import compute_civil_due
from civil_complaints.domain.notice_kinds import Channel
from civil_complaints.domain.status import ComplaintStatus
from civil_complaints.history import record_events
from civil_complaints.holidays.due_notices import RUNNING
from civil_complaints.labels import STATUS_LABELS
from civil_complaints.letters.services import queue_letter
from civil_complaints.monitoring.alerts import PROGRESS, SATISFACTION, record_alerts
from civil_complaints.monitoring.models import ComplaintAlert
from civil_complaints.told_deadlines import record_told
from core.clock import today_kst
from core.extensions import db
from core.i18n import official_date
from notifications.batch import OutboxBatch
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar

PROGRESS_DAYS = 30
SATISFACTION_WINDOW = timedelta(days=30)
_CITIZEN = (Complaint.id, Complaint.receipt_no, Complaint.title, Complaint.status, Complaint.received_at,
            Complaint.period_spec, Complaint.due_at, Complaint.due_date, Complaint.department_id,
            Complaint.assignee_id, Complaint.complainant_name, Complaint.complainant_phone,
            Complaint.complainant_email, Complaint.notify_channel, Complaint.answered_at, Complaint.postal_address,
            Complaint.online_progress_told_at)


def progress_notices_due(received_at: datetime, today: date, calendar: WorkCalendar) -> int:
    """How many 30-day periods (민법 counting, D9) have ended by `today`: the number of the notice now owed."""
    count = 0
    while compute_civil_due(received_at, calendar=calendar, days=PROGRESS_DAYS * (count + 1)).due_date <= today:
        count += 1
    return count


def _queue_citizen(batch: OutboxBatch, row, *, key: str, template: str, language: str, payload: dict,
                   now: datetime) -> bool:
    """Give a notice by the channel D14 chooses (domain/notice_kinds.py), in the language the 민원인 filed in:
    the outbox, or a letter to post. False when it is not given (optional and not wanted, or omitted because
    progress is published online, 영 제23조③)."""
    delivery = delivery_of(row, template)
    full = {"agency": agency_name(language), "name": row.complainant_name, "receipt_no": row.receipt_no,
            "title": row.title, "lookup_url": current_app.config["PUBLIC_BASE_URL"].rstrip("/")
            + "/complaints/lookup", **payload}
    if delivery.channel is Channel.LETTER:
        return queue_letter(db.session.get(Complaint, row.id), key=key, template=template, language=language,
                            payload=full, now=now) is not None
    if delivery.channel is None:
        return False
    recipient = row.complainant_phone if delivery.channel is Channel.SMS else row.complainant_email
    return batch.add(key=key, channel=delivery.channel.value, recipient=recipient or "", template=template,
                     language=language, now=now, payload=full)


def _officer(row, directory: Directory, language: str) -> dict:
    """영 제31조: the responsible officer's unit, name and contact (the department when nobody is assigned)."""
    department = directory.department(row.department_id)
    assignee = directory.user(row.assignee_id)
    return {"department": department_name(department, language), "officer": assignee.display_name if assignee
            else "", "phone": (assignee.phone if assignee and assignee.phone else department.phone) or ""}


def _status_label(status: str, language: str) -> str:
    with force_locale(language):
        return str(STATUS_LABELS.get(status, status))


def send_progress_notices(*, now: datetime) -> dict:
    """Job: the n-th progress notice of every open 민원 whose n-th 30-day period has ended."""
    calendar = load_calendar()
    today = today_kst(now)
    if not calendar.is_working_day(today):
        return {"non_working_day": 1}
    recent = exists().where(ComplaintAlert.complaint_id == Complaint.id, ComplaintAlert.kind == PROGRESS,
                            ComplaintAlert.created_at > now - timedelta(days=25))
    rows = db.session.execute(select(*_CITIZEN).where(
        Complaint.status.in_(open_statuses()), Complaint.received_at <= now - timedelta(days=PROGRESS_DAYS - 1),
        ~recent)).all()
    sent_levels = _alerted_levels([r.id for r in rows], PROGRESS)
    directory, batch, owed = Directory(), OutboxBatch(), []
    owing = [(row, progress_notices_due(row.received_at, today, calendar)) for row in rows]
    owing = [(row, number) for row, number in owing if number and number not in sent_levels.get(row.id, ())]
    languages = notice_languages([row.receipt_no for row, _number in owing])
    for row, number in owing:
        language = languages[row.receipt_no]
        sent = _queue_citizen(batch, row, key=f"progress:{row.receipt_no}:{number}", template="complaint_progress",
                              language=language, now=now, payload={
                                  "number": number, "received": official_date(row.received_at),
                                  "status": _status_label(row.status, language),
                                  "paused": row.status == ComplaintStatus.SUPPLEMENT_REQUESTED.value,
                                  "due": due_text_of(row.period_spec, row.due_at, row.due_date),
                                  **_officer(row, directory, language)})
        owed.append((row, number, sent))
    record_alerts([{"complaint_id": r.id, "kind": PROGRESS, "ref_at": r.received_at, "level": n, "created_at": now}
                   for r, n, _ in owed])
    record_events([(r.id, {"number": n}) for r, n, sent in owed if sent], "progress_notice_sent", now=now,
                  public=True)
    record_told({r.id: r.due_at for r, _n, sent in owed if sent and r.status in RUNNING}, now=now)  # it states it
    return {"examined": len(rows), "owed": len(owed), "queued": batch.flush()}


def _alerted_levels(ids: list[int], kind: str) -> dict[int, set[int]]:
    levels: dict[int, set[int]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for complaint_id, level in db.session.execute(select(ComplaintAlert.complaint_id, ComplaintAlert.level)
                                                      .where(ComplaintAlert.kind == kind,
                                                             ComplaintAlert.complaint_id.in_(chunk))):
            levels.setdefault(complaint_id, set()).add(level)
    return levels


def send_satisfaction_invitations(*, now: datetime) -> dict:
    """Job: once per 민원, after its answer (법 제26조), unless it was already rated."""
    if not load_calendar().is_working_day(today_kst(now)):
        return {"non_working_day": 1}
    invited = exists().where(ComplaintAlert.complaint_id == Complaint.id, ComplaintAlert.kind == SATISFACTION)
    rated = exists().where(Satisfaction.complaint_id == Complaint.id)
    rows = db.session.execute(select(*_CITIZEN).where(
        Complaint.status.in_([ComplaintStatus.ANSWERED.value, ComplaintStatus.CLOSED.value]),
        and_(Complaint.answered_at.is_not(None), Complaint.answered_at <= now,
             Complaint.answered_at > now - SATISFACTION_WINDOW), ~invited, ~rated)).all()
    batch = OutboxBatch()
    languages = notice_languages([row.receipt_no for row in rows])
    for row in rows:
        _queue_citizen(batch, row, key=f"satisfaction:{row.receipt_no}", template="complaint_satisfaction",
                       language=languages[row.receipt_no], now=now,
                       payload={"answered": official_date(row.answered_at)})
    record_alerts([{"complaint_id": r.id, "kind": SATISFACTION, "ref_at": r.answered_at, "level": 0,
                    "created_at": now} for r in rows])
    return {"invited": len(rows), "queued": batch.flush()}
