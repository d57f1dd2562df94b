"""What a 민원인 does without an account: look up, withdraw (취하), supplement (보완), rate (법 제26조)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select

from civil_complaints.attachments import Upload, store_uploads
from civil_complaints.casework import staff_notices
from civil_complaints.casework.cooperation import cancel_open_requests
from civil_complaints.casework.merges import undo_merges
from civil_complaints.casework.support import case_facts, open_pause, round_requests, touch
from civil_complaints.complaint_models import Complaint, ComplaintPause, Satisfaction
from civil_complaints.deadlines.services import deadline_of
from civil_complaints.domain.civil_calendar import compute_civil_due
from civil_complaints.domain.receipts import normalise_receipt_number
from civil_complaints.domain.status import (
    ComplaintStatus,
)
from civil_complaints.domain.workflow import Action, CaseFacts, SupplementTimeParams, decide
from civil_complaints.history import add_event
from civil_complaints.lookup_secrets import check_lookup_password
from civil_complaints.told_deadlines import record_told
from core.clock import KST
from core.extensions import db
from working_calendar.domain.worktime import WorkCalendar

RATINGS = ("satisfied", "neutral", "dissatisfied")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def find_for_lookup(receipt_text: str, contact: str, password: str) -> Complaint | None:
    """The 민원 when the receipt number, a contact on file and the lookup password all match; else None.

    Every failure looks the same to the caller (no enumeration), and takes a password check's time.
    """
    receipt_no = normalise_receipt_number(receipt_text)
    complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no)) if receipt_no else None
    if complaint is None or not complaint.lookup_password_hash:
        check_lookup_password(None, password or "")
        return None
    password_ok = check_lookup_password(complaint.lookup_password_hash, password or "")
    contact = (contact or "").strip()
    phone_ok = bool(complaint.complainant_phone) and _digits(contact) == _digits(complaint.complainant_phone)
    email_ok = bool(complaint.complainant_email) and contact.lower() == complaint.complainant_email.lower()
    return complaint if password_ok and (phone_ok or email_ok) else None


def withdraw(complaint: Complaint, *, reason: str | None, now: datetime) -> None:
    """취하: the 민원인 ends the 민원; the record stays. 민원 merged into it continue on their own (D16)."""
    decide(Action.WITHDRAW, CaseFacts(complaint.status_enum))
    before = complaint.status
    complaint.status = ComplaintStatus.WITHDRAWN.value
    complaint.withdrawn_at = now
    pause = db.session.scalar(select(ComplaintPause).where(ComplaintPause.complaint_id == complaint.id,
                                                           ComplaintPause.end_on.is_(None)))
    if pause is not None:  # a withdrawal during 보완 ends the excluded period that day (D5)
        pause.end_on, pause.end_reason = max(now.astimezone(KST).date(), pause.start_on), "withdrawn"
    add_event(complaint, "withdrawn", at=now, actor_kind="citizen", before=before, after=complaint.status,
              reason=(reason or "").strip())
    cancel_open_requests(complaint, now=now)
    undo_merges(complaint, reason="withdrawn", actor=None, now=now)


def submit_supplement(complaint: Complaint, *, text: str, uploads: list[Upload], upload_dir: Path,
                      calendar: WorkCalendar, now: datetime) -> list[Path]:
    """보완 제출: closes the open pause on the arrival day (D5, both ends excluded) and moves the deadline."""
    decide(Action.SUBMIT_SUPPLEMENT, CaseFacts(complaint.status_enum))
    pause = db.session.scalar(select(ComplaintPause).where(ComplaintPause.complaint_id == complaint.id,
                                                           ComplaintPause.end_on.is_(None)))
    rows, written = store_uploads(uploads, complaint.type.accepted_kinds, upload_dir, who="citizen", now=now)
    try:
        complaint.attachments.extend(rows)
        if pause is not None:
            pause.end_on, pause.end_reason = max(now.astimezone(KST).date(), pause.start_on), "supplemented"
        db.session.flush()
        before_due = complaint.due_at
        deadline = deadline_of(complaint, calendar, now)
        complaint.due_at, complaint.due_date = deadline.due_at, deadline.due_date
        complaint.calendar_revision = calendar.revision or ""
        complaint.status = ComplaintStatus.IN_PROGRESS.value
        add_event(complaint, "supplemented", at=now, actor_kind="citizen", text=text.strip(), files=len(rows),
                  before=ComplaintStatus.SUPPLEMENT_REQUESTED.value, after=complaint.status,
                  due_before=before_due.isoformat(), due_after=deadline.due_at.isoformat())
        record_told({complaint.id: deadline.due_at}, now=now)  # their status page shows the new date
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def extend_supplement_time(complaint: Complaint, *, days: int, reason: str | None, calendar: WorkCalendar,
                           now: datetime) -> date:
    """보완 기간 연장 (영 제24조②): the 기한 of the open round moves by `days` under 민법 counting (영 제24조④);
    at most twice per round, only before it ends. The clock stays paused. Returns the new 기한.

    Granted at once, not left to the officer: 영 제24조② says the agency 「이를 고려하여 다시 보완기간을 정하여야
    한다」 — re-setting the period is a duty once the 민원인 asks in time and states how long they need, and the
    only limit the article sets is the number of requests (2회). This product grants the days asked (1–30 per
    request, its own bound on 「상당한 기간」, 법 제22조①) and tells the officer at once (staff_notices); an officer
    who finds the period unreasonable calls the 민원인, and may close the round by 반려 only after a second request
    (영 제24조③, 제25조①)."""
    pause = open_pause(complaint)
    decide(Action.EXTEND_SUPPLEMENT_TIME, case_facts(complaint, now), SupplementTimeParams(days))
    requests = round_requests(pause)
    before = requests[-1].respond_by if requests else pause.respond_by
    start = datetime.combine(max(before, now.astimezone(KST).date()), time(12), KST)
    after = compute_civil_due(start, days=days, calendar=calendar).due_date
    if requests:
        requests[-1].respond_by = after
    pause.respond_by = after
    touch(complaint)
    add_event(complaint, "supplement_time_extended", at=now, actor_kind="citizen", pause_id=pause.id, days=days,
              respond_by_before=before.isoformat(), respond_by_after=after.isoformat(),
              reason=(reason or "").strip()[:300])
    db.session.flush()
    staff_notices.supplement_time_extended(complaint, days=days, respond_by=after, reason=(reason or "").strip(),
                                           now=now)
    return after


def rate(complaint: Complaint, *, rating: str, comment: str | None, now: datetime) -> Satisfaction:
    """만족도: once per 민원, after the answer."""
    decide(Action.RATE, CaseFacts(complaint.status_enum, already_rated=complaint.satisfaction is not None))
    if rating not in RATINGS:
        raise ValueError("unknown rating")
    satisfaction = Satisfaction(complaint=complaint, rating=rating, comment=(comment or "").strip() or None,
                                created_at=now)
    db.session.add(satisfaction)
    add_event(complaint, "rated", at=now, actor_kind="citizen", public=False, rating=rating)
    db.session.flush()
    return satisfaction
