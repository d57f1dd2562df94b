"""The late cases behind a row of the 점검표 (`late-cases`): the 민원 of the same cohort, department, type and month
of receipt that finished after their deadline or are still open past it, with how late (hours or days), the
민원인's name masked (core/masking.py)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.domain.processing_time import HOURS, unit_of, working_days, working_hours
from civil_complaints.labels import STATUS_LABELS
from civil_complaints.reports import processing_queries as q
from civil_complaints.reports.facts import compute_facts
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.reports.processing_columns import conditions
from core.extensions import db
from core.masking import mask_name
from organization.models import Department, User
from reporting.domain.document import Column, Report, Table
from reporting.registry import ReportInputError, ReportQuery
from working_calendar.cache import load_calendar

_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")


def month_param(query: ReportQuery) -> str | None:
    """The drill-down's month ('YYYY-MM'), None when absent; refused (ReportInputError) when it is not a month of
    the period."""
    value = (query.extra.get("month") or "").strip()
    if not value:
        return None
    months = {first.strftime("%Y-%m") for first in query.period.months()}
    if not _MONTH.fullmatch(value) or value not in months:
        raise ReportInputError(_("Choose a month of the period, as YYYY-MM."))
    return value


def _columns() -> list[Column]:
    return [Column("receipt_no", _("Receipt number"), "text", 16), Column("type", _("Complaint type"), "text", 18),
            Column("department", _("Department"), "text", 14), Column("officer", _("Officer"), "text", 8),
            Column("received", _("Received"), "datetime"), Column("due", _("Deadline"), "datetime"),
            Column("finished", _("Finished"), "datetime"), Column("late_by", _("Late by"), "number"),
            Column("unit", _("Unit"), "text", 10), Column("status", _("Status"), "text", 10),
            Column("complainant", _("Complainant (masked)"), "text", 8)]


def _candidates(query: ReportQuery, month: str | None) -> list:
    c, f = Complaint, ProcessingFacts
    officer, department, ctype = aliased(User), aliased(Department), aliased(ComplaintType)
    finished_late = c.status.in_(q.FINISHED) & (f.complaint_id.is_(None) | (f.finished_at > c.due_at))
    overdue = c.status.in_(q.OPEN) & (c.due_at < query.now)
    where = [*q.cohort(query), or_(finished_late, overdue)]
    if month:
        where.append(q.month_of_receipt() == month)
    statement = (select(c.id, c.receipt_no, ctype.name_ko.label("type_ko"), ctype.name_en.label("type_en"),
                        department.name_ko.label("department_ko"), department.name_en.label("department_en"),
                        officer.display_name, c.received_at, c.due_at, c.status, c.complainant_name, c.period_spec,
                        f.finished_at, f.late_by, f.unit)
                 .join(ctype, ctype.id == c.type_id).join(department, department.id == c.department_id)
                 .outerjoin(officer, officer.id == c.assignee_id).outerjoin(f, f.complaint_id == c.id)
                 .where(*where).order_by(c.received_at, c.id))
    return db.session.execute(statement).all()


def _open_lateness(calendar, period_spec: str, due_at: datetime, now: datetime) -> tuple[str, float]:
    unit = unit_of(period_spec)
    if unit == HOURS:
        return unit, round(working_hours(calendar, due_at, now), 1)
    due_day: date = calendar.local(due_at).date()
    return unit, float(max(1, working_days(calendar, due_day + timedelta(days=1),
                                           calendar.local(now).date())))


def late_rows(query: ReportQuery) -> list[list]:
    month = month_param(query)
    rows = _candidates(query, month)
    computed = compute_facts([r.id for r in rows if r.status in q.FINISHED and r.finished_at is None])
    calendar, ko, out = load_calendar(), query.locale == "ko", []
    for r in rows:
        finished_at, late_by, unit = r.finished_at, r.late_by, r.unit
        if r.status in q.FINISHED and finished_at is None:
            fact = computed[r.id]
            if fact.finished_at <= r.due_at:
                continue
            finished_at, late_by, unit = fact.finished_at, fact.late_by, fact.unit
        elif r.status in q.OPEN:
            unit, late_by = _open_lateness(calendar, r.period_spec, r.due_at, query.now)
        department = r.department_ko if ko else (r.department_en or r.department_ko)
        out.append([r.receipt_no, r.type_ko if ko else r.type_en, department,
                    r.display_name or "", r.received_at, r.due_at, finished_at, round(late_by, 1),
                    _("working hours") if unit == HOURS else _("working days"),
                    str(STATUS_LABELS.get(r.status, r.status)), mask_name(r.complainant_name)])
    return out


def build_late_cases(query: ReportQuery) -> Report:
    rows = late_rows(query)
    found = conditions(query, _("Names of complainants are masked."))
    if month := month_param(query):
        found.insert(1, (_("Month received"), month))
    table = Table(key="late-cases", title=_("Late cases"), columns=_columns(), rows=rows,
                  note=_("Finished after the deadline, or still open past it at the moment of counting."))
    return Report(key="late-cases", title=_("Late cases of the processing check"), period=query.period,
                  made_at=query.now, made_by=query.actor.display_name if query.actor else "",
                  conditions=found, tables=[table])
