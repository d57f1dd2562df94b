"""The history of a 민원 as people read it: label, who, when, and the details (before → after).

Staff see every event and every detail; the 민원인 sees only public events and the details meant for them
(no internal notes, no other department's reply)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from civil_complaints.complaint_models import Complaint, ComplaintEvent
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.labels import (
    EVENT_LABELS,
    EXTENSION_GROUND_LABELS,
    MERGE_END_LABELS,
    NOTICE_LABELS,
    STATUS_LABELS,
    TRANSFER_BASIS_LABELS,
    WITHDRAWAL_GROUND_LABELS,
)
from core.extensions import db
from core.i18n import official_date, official_datetime
from organization.models import Department


@dataclass
class Row:
    at: datetime
    action: str
    label: str
    actor: str = ""
    lines: list[str] = field(default_factory=list)
    #: a 내부 메모 (casework/notes.py): staff only, shown marked as internal
    internal: bool = False


def _when(complaint: Complaint, value: str | None) -> str:
    if not value:
        return ""
    if len(value) == 10:
        return official_date(date.fromisoformat(value))
    instant = datetime.fromisoformat(value)
    if ProcessingPeriod.parse(complaint.period_spec).is_hour_based:
        return official_datetime(instant)
    return official_date(instant)


def _status_line(detail: dict) -> list[str]:
    before, after = detail.get("before"), detail.get("after")
    if before in STATUS_LABELS and after in STATUS_LABELS and before != after:
        return [_("Status: %(before)s → %(after)s", before=STATUS_LABELS[before], after=STATUS_LABELS[after])]
    return []


def _due_line(complaint: Complaint, before: str | None, after: str | None) -> list[str]:
    if not after:
        return []
    return [_("Deadline: %(before)s → %(after)s", before=_when(complaint, before), after=_when(complaint, after))]


class _Departments:
    """Department names of the history in the page's language: new entries carry the department's code, older
    ones only its Korean name (looked up, and shown as stored when the department is gone)."""

    def __init__(self) -> None:
        self.locale = str(get_locale())
        departments = list(db.session.scalars(select(Department)))
        self.by_code = {d.code: d for d in departments}
        self.by_name = {d.name_ko: d for d in departments}

    def name(self, detail: dict, key: str) -> str:
        department = self.by_code.get(detail.get(f"{key}_code") or "") or self.by_name.get(detail.get(key) or "")
        return department.name(self.locale) if department is not None else detail.get(key) or ""


def _lines_supplement_requested(complaint: Complaint, d: dict) -> list[str]:
    return [d.get("request", ""), _("Please supplement by %(day)s.", day=_when(complaint, d.get("respond_by")))]


def _lines_supplement_time(complaint: Complaint, d: dict) -> list[str]:
    return [_("Supplement by: %(before)s → %(after)s", before=_when(complaint, d.get("respond_by_before")),
              after=_when(complaint, d.get("respond_by_after"))), d.get("reason", "")]


def _lines_extended(complaint: Complaint, d: dict) -> list[str]:
    ground = str(EXTENSION_GROUND_LABELS.get(d.get("ground"), d.get("ground", "")))
    return [_("Reason: %(ground)s", ground=ground), d.get("reason", ""),
            *_due_line(complaint, d.get("due_before"), d.get("due_after"))]


def _lines_returned(complaint: Complaint, d: dict) -> list[str]:
    return [_("Reasons: %(reasons)s", reasons=d.get("reasons", "")),
            _("Remedies: %(remedies)s", remedies=d["remedies"]) if d.get("remedies") else ""]


def _lines_merge_undone(complaint: Complaint, d: dict) -> list[str]:
    if not d.get("primary"):
        return []
    return [_("%(number)s ended without an answer (%(ended)s); this complaint is handled on its own.",
              number=d["primary"], ended=str(MERGE_END_LABELS.get(d.get("reason"), d.get("reason", ""))))]


#: action → the details the 민원인 may read
PUBLIC_LINES: dict[str, Callable[[Complaint, dict], list[str]]] = {
    "supplement_requested": _lines_supplement_requested,
    "supplement_time_extended": _lines_supplement_time,
    "supplemented": lambda c, d: _due_line(c, d.get("due_before"), d.get("due_after")),
    "extended": _lines_extended,
    "deadline_recomputed": lambda c, d: _due_line(c, d.get("before"), d.get("after")),
    "due_change_notified": lambda c, d: _due_line(c, d.get("before"), d.get("after")),
    "transferred_agency": lambda c, d: [_("Transferred to %(agency)s.", agency=d.get("agency", "")),
                                        d.get("reason", "")],
    "transferred_department": lambda c, d: [_("Now handled by %(department)s.",
                                              department=d["_departments"].name(d, "department_after"))],
    "deemed_withdrawn": lambda c, d: [str(WITHDRAWAL_GROUND_LABELS.get(d.get("ground"), ""))],
    "closed_repeated": lambda c, d: [_("Earlier complaints: %(numbers)s", numbers=", ".join(d.get("earlier", [])))],
    "merged_into": lambda c, d: [_("Handled together with %(number)s.", number=d.get("primary", ""))],
    "answer_shared": lambda c, d: [_("Handled together with %(number)s.", number=d.get("primary", ""))],
    "returned": _lines_returned,
    "merge_undone": _lines_merge_undone,
    "audit_referred": lambda c, d: [_("Investigated by %(department)s; findings expected by %(day)s.",
                                      department=d["_departments"].name(d, "department"),
                                      day=_when(c, d.get("due")))],
    "letter_sent": lambda c, d: [_("%(notice)s posted on %(day)s.",
                                   notice=str(NOTICE_LABELS.get(d.get("template"), "")),
                                   day=_when(c, d.get("sent_on")))],
}


def _public_lines(complaint: Complaint, action: str, d: dict) -> list[str]:
    """Details the 민원인 may read."""
    lines = PUBLIC_LINES.get(action)
    return lines(complaint, d) if lines else []


def _when_at(value: str) -> str:
    return official_datetime(datetime.fromisoformat(value)) if value else ""


#: action → details of the outcomes of D15–D17 and 규칙 제9조① only staff read
STAFF_OUTCOME_LINES: dict[str, Callable[[Complaint, dict], list[str]]] = {
    "supplement_requested": lambda c, d: [_(
        "Requested later than 8 working hours after receipt (Rule Article 9(1)). Reason: %(reason)s",
        reason=d.get("late_reason") or "—")] if d.get("late") else [],
    "supplement_needed": lambda c, d: [d.get("note", "")],
    "supplement_request_due": lambda c, d: [_("No supplement request by %(limit)s; the handler was alerted.",
                                              limit=_when_at(d.get("limit_at", "")))],
    "audit_referred": lambda c, d: [_("Earlier filings: %(numbers)s", numbers=d.get("earlier", "")),
                                    d.get("request", "")],
    "audit_findings": lambda c, d: [d.get("findings", "")],
    "transferred_department": lambda c, d: [
        str(TRANSFER_BASIS_LABELS.get(d.get("basis"), "")),
        _("Moved together with %(number)s, into which it is merged.", number=d["with_primary"])
        if d.get("with_primary") else ""],
    "transferred_agency": lambda c, d: [str(TRANSFER_BASIS_LABELS.get(d.get("basis"), ""))],
}


def _cooperation_lines(complaint: Complaint, d: dict) -> list[str]:
    """협조 (법 제20조): the department asked, what was asked, the reply date and how it moved."""
    lines = []
    names = d["_departments"]
    lines.append(_("Department: %(name)s", name=names.name(d, "department_after") or names.name(d, "department")))
    if d.get("request"):
        lines.append(d["request"])
    if d.get("reply_due"):
        lines.append(_("Reply by %(day)s", day=_when(complaint, d["reply_due"])))
    if d.get("due_after"):
        lines += [_("Reply by: %(before)s → %(after)s", before=_when(complaint, d.get("due_before")),
                    after=_when(complaint, d["due_after"])), d.get("reason", ""),
                  _("Progress so far: %(progress)s", progress=d["progress"]) if d.get("progress") else ""]
    return lines


def _transfer_lines(action: str, d: dict) -> list[str]:
    """이송: between which departments, why, and whether the time limit (영 제13조) was kept."""
    lines = []
    if action == "transferred_department":
        lines += [_("From %(before)s to %(after)s", before=d["_departments"].name(d, "department_before"),
                    after=d["_departments"].name(d, "department_after")), d.get("reason", "")]
    if action in ("transferred_department", "transferred_agency") and d.get("on_time") is False:
        lines.append(_("Transferred after the time limit (%(limit)s).", limit=official_datetime(
            datetime.fromisoformat(d["limit_at"]))))
    return lines


def _staff_lines(complaint: Complaint, action: str, d: dict) -> list[str]:
    """Additional details only staff read."""
    lines = _status_line(d)
    if d.get("assignee_after") or d.get("assignee_before"):
        lines.append(_("Officer: %(before)s → %(after)s", before=d.get("assignee_before") or "—",
                       after=d.get("assignee_after") or "—"))
    if action in ("cooperation_requested", "cooperation_extended", "cooperation_replied", "cooperation_cancelled"):
        lines += _cooperation_lines(complaint, d)
    lines += _transfer_lines(action, d)
    if action in ("supplement_returned", "transfer_followed_up", "deadline_recomputed") and d.get("note"):
        lines.append(d["note"])
    if action == "merged":
        lines.append(_("Merged: %(numbers)s (%(people)d people)", numbers=", ".join(d.get("merged", [])),
                       people=d.get("people", 0)))
    if action in ("answered", "refused") and d.get("on_time") is False:
        lines.append(_("Answered after the deadline."))
    if action == "withdrawn" and d.get("reason"):
        lines.append(d["reason"])
    return lines + _notice_lines(action, d) + STAFF_OUTCOME_LINES.get(action, lambda c, d: [])(complaint, d)


def _notice_lines(action: str, d: dict) -> list[str]:
    """D14: a notice queued for posting, omitted (영 제13조⑤, 제23조③) or impossible for want of an address."""
    if action not in ("letter_queued", "notice_omitted", "notice_unreachable"):
        return []
    lines = [str(NOTICE_LABELS.get(d.get("template"), d.get("template", "")))]
    if d.get("basis") and action != "letter_queued":
        lines.append(_("Basis: %(basis)s", basis=d["basis"]))
    return lines


def _actor(event: ComplaintEvent, *, public: bool) -> str:
    if event.actor_kind == "citizen":
        return _("Complainant")
    if event.actor_kind == "system":
        return _("System")
    if event.actor is None or public:
        return ""
    return event.actor.display_name


def rows(complaint: Complaint, *, public: bool) -> list[Row]:
    """The timeline, oldest first."""
    result, departments = [], _Departments()
    for event in complaint.events:
        if public and not event.is_public:
            continue
        detail = {**json.loads(event.detail or "{}"), "_departments": departments}
        lines = _public_lines(complaint, event.action, detail)
        if not public:
            lines = lines + _staff_lines(complaint, event.action, detail)
        result.append(Row(at=event.at, action=event.action, label=str(EVENT_LABELS.get(event.action, event.action)),
                          actor=_actor(event, public=public), lines=[line for line in lines if line]))
    return result


def with_notes(history: list[Row], notes: list) -> list[Row]:
    """The staff timeline with the 내부 메모 merged in by time (never called for the 민원인's timeline)."""
    marked = [Row(at=note.created_at, action="internal_note", label=_("Internal note"),
                  actor=note.author.display_name if note.author is not None else "", lines=[note.text],
                  internal=True) for note in notes]
    return sorted(history + marked, key=lambda row: row.at)
