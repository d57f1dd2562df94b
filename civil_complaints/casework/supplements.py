"""보완 (법 제22조①, 영 제24조·제25조②, 규칙 제9조①): flag, request, repeat, record a returned request, 취하 간주.

A 보완 round is one excluded period (D5): from the day the first request is sent to the day the supplement
arrives, both included. A second request of the round (영 제24조③) keeps the same pause. The 기한 of each
request is counted under 민법 (영 제24조④, D9): the first day is not counted, an end on a Saturday or
공휴일 rolls forward. 반려 (영 제25조①) is return_services.

규칙 제9조① 「보완요구는 민원문서를 접수한 때부터 8근무시간 이내에 하여야 한다. 다만, 현지조사 등 정당한 사유로
8근무시간이 지난 후 보완하여야 할 사항이 발견된 경우에는 즉시 보완을 요구하여야 한다」. How this product knows that
a 민원 needs one: the officer (or the 민원실 desk) flags it with what is missing (``flag_supplement_needed``); the
reminder job (civil_complaints/monitoring/supplement_alerts.py) alerts the handler once when a flagged 민원 has no
request 8 working hours after receipt. A first request sent later than that is recorded as late (``limit_at``), with the
정당한 사유 the officer gives (optional, as for a missed 즉시, D12): the case page and the history show it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from civil_complaints.access import require_handle
from civil_complaints.casework import notices
from civil_complaints.casework.cooperation import cancel_open_requests
from civil_complaints.casework.merges import undo_merges
from civil_complaints.casework.support import apply, case_facts, officer_of, open_pause, round_requests
from civil_complaints.complaint_models import Complaint, ComplaintPause
from civil_complaints.domain.civil_calendar import compute_civil_due
from civil_complaints.domain.workflow import Action, SupplementParams, withdrawal_ground
from civil_complaints.domain.workflow_params import SupplementNeedParams
from civil_complaints.history import add_event
from civil_complaints.workflow_models import SupplementRequest
from core.clock import KST
from core.extensions import db
from organization.models import User
from working_calendar.domain.worktime import WorkCalendar, add_working_hours

REQUEST_WITHIN = timedelta(hours=8)  # 규칙 제9조①


def supplement_limit(complaint: Complaint, calendar: WorkCalendar) -> datetime:
    """규칙 제9조①: 8 working hours after receipt."""
    return add_working_hours(complaint.received_at, REQUEST_WITHIN, calendar=calendar)


def flag_supplement_needed(actor: User, complaint: Complaint, *, note: str, now: datetime) -> None:
    """Note that a 보완 is needed and what is missing; the handler is alerted if no request follows in time."""
    require_handle(actor, complaint)
    apply(complaint, Action.FLAG_SUPPLEMENT_NEEDED, case_facts(complaint, now), SupplementNeedParams(note))
    complaint.supplement_needed_at, complaint.supplement_needed_note = now, note.strip()[:300]
    add_event(complaint, "supplement_needed", at=now, actor_kind="staff", actor_id=actor.id, public=False,
              note=complaint.supplement_needed_note)


def _send(actor: User, complaint: Complaint, pause: ComplaintPause, *, number: int, text: str, days: int,
          calendar: WorkCalendar, now: datetime) -> SupplementRequest:
    respond_by = compute_civil_due(now, days=days, calendar=calendar).due_date
    request = SupplementRequest(complaint_id=complaint.id, pause_id=pause.id, number=number,
                                request_text=text.strip(), days=days, sent_at=now, respond_by=respond_by,
                                created_by_id=actor.id)
    db.session.add(request)
    pause.request_text, pause.respond_by = text.strip(), respond_by
    db.session.flush()
    notices.supplement_requested(complaint, request_id=request.id, number=number, text=text.strip(),
                                 respond_by=respond_by, officer=officer_of(actor, complaint), now=now)
    return request


def request_supplement(actor: User, complaint: Complaint, *, request_text: str, days: int, calendar: WorkCalendar,
                       now: datetime, late_reason: str = "") -> SupplementRequest:
    """보완 요청: the clock pauses from today (D5); the 민원인 is told what is missing and by when. Later than 8
    working hours after receipt it is recorded as late, with ``late_reason`` (규칙 제9조① 단서)."""
    require_handle(actor, complaint)
    transition = apply(complaint, Action.REQUEST_SUPPLEMENT, case_facts(complaint, now),
                       SupplementParams(request_text, days))
    pause = ComplaintPause(complaint_id=complaint.id, reason="supplement", start_on=now.astimezone(KST).date(),
                           request_text=request_text.strip(), created_at=now)
    db.session.add(pause)
    db.session.flush()
    request = _send(actor, complaint, pause, number=1, text=request_text, days=days, calendar=calendar, now=now)
    request.limit_at = supplement_limit(complaint, calendar)
    request.late_reason = (late_reason.strip()[:500] or None) if request.late else None
    add_event(complaint, "supplement_requested", at=now, actor_kind="staff", actor_id=actor.id,
              before=transition.before.value, after=transition.after.value, number=1, request=request.request_text,
              respond_by=request.respond_by.isoformat(), days=days, limit_at=request.limit_at.isoformat(),
              late=request.late, late_reason=request.late_reason)
    return request


def repeat_supplement(actor: User, complaint: Complaint, *, request_text: str, days: int, calendar: WorkCalendar,
                      now: datetime) -> SupplementRequest:
    """다시 보완 요청 (영 제24조③): after the first request went unanswered or came back; at most 10일."""
    require_handle(actor, complaint)
    facts = case_facts(complaint, now)
    apply(complaint, Action.REPEAT_SUPPLEMENT, facts, SupplementParams(request_text, days))
    pause = open_pause(complaint)
    before = pause.respond_by
    request = _send(actor, complaint, pause, number=2, text=request_text, days=days, calendar=calendar, now=now)
    add_event(complaint, "supplement_requested", at=now, actor_kind="staff", actor_id=actor.id, number=2,
              request=request.request_text, respond_by=request.respond_by.isoformat(),
              respond_by_before=before.isoformat() if before else None, days=days)
    return request


def record_returned(actor: User, complaint: Complaint, *, note: str, now: datetime) -> SupplementRequest:
    """A 보완 request came back undeliverable (주소불명 등): counted for 영 제25조②."""
    require_handle(actor, complaint)
    apply(complaint, Action.RECORD_RETURNED, case_facts(complaint, now))
    request = next(r for r in round_requests(open_pause(complaint)) if r.returned_at is None)
    request.returned_at, request.returned_note = now, note.strip()[:300] or None
    add_event(complaint, "supplement_returned", at=now, actor_kind="staff", actor_id=actor.id, public=False,
              number=request.number, note=note.strip())
    return request


def deem_withdrawn(actor: User, complaint: Complaint, *, now: datetime) -> str:
    """취하 간주 (영 제25조②): two requests returned undeliverable; the pause ends today."""
    require_handle(actor, complaint)
    facts = case_facts(complaint, now)
    ground = withdrawal_ground(facts)
    transition = apply(complaint, Action.DEEM_WITHDRAWN, facts)
    pause = open_pause(complaint)
    pause.end_on, pause.end_reason = max(now.astimezone(KST).date(), pause.start_on), "deemed_withdrawn"
    complaint.withdrawn_at = now
    add_event(complaint, "deemed_withdrawn", at=now, actor_kind="staff", actor_id=actor.id,
              before=transition.before.value, after=transition.after.value, ground=ground.value)
    cancel_open_requests(complaint, now=now)
    notices.closed(complaint, reason=ground.value, related=[], officer=officer_of(actor, complaint), now=now)
    undo_merges(complaint, reason="deemed_withdrawn", actor=actor, now=now)
    return ground.value
