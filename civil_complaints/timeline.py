"""The history of a 민원 as people read it: label, who, when, and the details (before → after).

Staff see every event and every detail; the 민원인 sees only public events and the details meant for them
(no internal notes, no other department's reply)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.i18n import official_date, official_datetime
from civil_complaints.complaint_models import Complaint, ComplaintEvent
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.labels import (
    EVENT_LABELS,
    EXTENSION_GROUND_LABELS,
    NOTICE_LABELS,
    STATUS_LABELS,
    WITHDRAWAL_GROUND_LABELS,
)
from organization.models import Department


@dataclass
class Row:
    at: datetime
    action: str
    label: str
    actor: str = ""
    lines: list[str] = field(default_factory=list)


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


def _public_lines(complaint: Complaint, action: str, d: dict) -> list[str]:
    """Details the 민원인 may read."""
    if action == "supplement_requested":
        return [d.get("request", ""), _("Please supplement by %(day)s.", day=_when(complaint, d.get("respond_by")))]
    if action == "supplement_time_extended":
        return [_("Supplement by: %(before)s → %(after)s", before=_when(complaint, d.get("respond_by_before")),
                  after=_when(complaint, d.get("respond_by_after"))), d.get("reason", "")]
    if action == "supplemented":
        return _due_line(complaint, d.get("due_before"), d.get("due_after"))
    if action == "extended":
        ground = str(EXTENSION_GROUND_LABELS.get(d.get("ground"), d.get("ground", "")))
        return [_("Reason: %(ground)s", ground=ground), d.get("reason", ""),
                *_due_line(complaint, d.get("due_before"), d.get("due_after"))]
    if action in ("deadline_recomputed", "due_change_notified"):
        return _due_line(complaint, d.get("before"), d.get("after"))
    if action == "transferred_agency":
        return [_("Transferred to %(agency)s.", agency=d.get("agency", "")), d.get("reason", "")]
    if action == "transferred_department":
        return [_("Now handled by %(department)s.", department=d["_departments"].name(d, "department_after"))]
    if action == "deemed_withdrawn":
        return [str(WITHDRAWAL_GROUND_LABELS.get(d.get("ground"), ""))]
    if action == "closed_repeated":
        return [_("Earlier complaints: %(numbers)s", numbers=", ".join(d.get("earlier", [])))]
    if action in ("merged_into", "answer_shared"):
        return [_("Handled together with %(number)s.", number=d.get("primary", ""))]
    if action == "letter_sent":
        return [_("%(notice)s posted on %(day)s.", notice=str(NOTICE_LABELS.get(d.get("template"), "")),
                  day=_when(complaint, d.get("sent_on")))]
    return []


def _staff_lines(complaint: Complaint, action: str, d: dict) -> list[str]:
    """Additional details only staff read."""
    lines = _status_line(d)
    if d.get("assignee_after") or d.get("assignee_before"):
        lines.append(_("Officer: %(before)s → %(after)s", before=d.get("assignee_before") or "—",
                       after=d.get("assignee_after") or "—"))
    if action in ("cooperation_requested", "cooperation_extended", "cooperation_replied", "cooperation_cancelled"):
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
    if action == "transferred_department":
        lines += [_("From %(before)s to %(after)s", before=d["_departments"].name(d, "department_before"),
                    after=d["_departments"].name(d, "department_after")), d.get("reason", "")]
    if action in ("transferred_department", "transferred_agency") and d.get("on_time") is False:
        lines.append(_("Transferred after the time limit (%(limit)s).", limit=official_datetime(
            datetime.fromisoformat(d["limit_at"]))))
    if action in ("supplement_returned", "transfer_followed_up", "deadline_recomputed") and d.get("note"):
        lines.append(d["note"])
    if action == "merged":
        lines.append(_("Merged: %(numbers)s (%(people)d people)", numbers=", ".join(d.get("merged", [])),
                       people=d.get("people", 0)))
    if action in ("answered", "refused") and d.get("on_time") is False:
        lines.append(_("Answered after the deadline."))
    if action == "withdrawn" and d.get("reason"):
        lines.append(d["reason"])
    return lines + _notice_lines(action, d)


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
