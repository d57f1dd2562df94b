"""What the 민원인's status page adds from the workflow: the public timeline (with each notice's content), the
answer with a refusal's reasons and remedies and the officer's 소속·성명·연락처 (영 제31조), answer files, and a
반려's reasons and remedies (영 제25조①, D15); what they filed and the 민원 linked as 재민원; after a 불만족 rating,
what they can do next (a 재민원, or for a refused 법정민원 an 이의신청 by its deadline)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from civil_complaints.casework import timeline
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.civil_calendar import compute_civil_due
from civil_complaints.workflow_models import ComplaintAnswer, ComplaintReturn
from core.extensions import db
from working_calendar.cache import load_calendar

#: 법 제35조①: an 이의신청 against the refusal of a 법정민원 is filed within this many days of the refusal
#: (docs/law.md §1.2; counted under 민법 제157조·제161조, D9)
OBJECTION_DAYS = 60


def answer_of(complaint: Complaint) -> ComplaintAnswer | None:
    return db.session.scalar(select(ComplaintAnswer).where(ComplaintAnswer.complaint_id == complaint.id))


def return_of(complaint: Complaint) -> ComplaintReturn | None:
    return db.session.scalar(select(ComplaintReturn).where(ComplaintReturn.complaint_id == complaint.id))


def objection_deadline(complaint: Complaint, answer: ComplaintAnswer | None,
                       returned: ComplaintReturn | None) -> date | None:
    """The last day of an 이의신청 (법 제35조①) against a refused or returned 법정민원, counted from the notice;
    None when the law gives no 이의신청 (not a 법정민원, or not refused)."""
    if complaint.kind != "statutory":
        return None
    if answer is not None and answer.outcome == "refused":
        notified = answer.answered_at
    elif returned is not None:
        notified = returned.returned_at
    else:
        return None
    return compute_civil_due(notified, days=OBJECTION_DAYS, calendar=load_calendar()).due_date


def status_extras(complaint: Complaint) -> dict:
    answer, returned = answer_of(complaint), return_of(complaint)
    rating = complaint.satisfaction.rating if complaint.satisfaction else None
    return {
        "timeline": timeline.rows(complaint, public=True),
        "answer_record": answer,
        "staff_files": [a for a in complaint.attachments if a.uploaded_by == "staff"],
        "own_files": [a for a in complaint.attachments if a.uploaded_by == "citizen"],
        "return_record": returned,
        "has_result_notice": has_result_notice(complaint, answer, returned),
        "objection_until": objection_deadline(complaint, answer, returned),
        "dissatisfied": rating == "dissatisfied",
        "follow_ups": complaint.follow_ups,
    }


def has_result_notice(complaint: Complaint, answer: ComplaintAnswer | None, returned: ComplaintReturn | None) -> bool:
    """A 처리결과 통지서 exists once the 민원 was answered (법 제27조) or returned (영 제25조①)."""
    return returned is not None or answer is not None or bool(complaint.answer_text and complaint.answered_at)
