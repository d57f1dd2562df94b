"""The 점검표's columns, its conditions (what was asked, when it was counted) and its definitions, translated."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civil_complaints.complaint_models import ComplaintType
from civil_complaints.labels import CHANNEL_LABELS, KIND_LABELS
from core.extensions import db
from core.i18n import official_date, official_datetime
from organization.models import Department
from reporting.domain.document import Column
from reporting.registry import ReportQuery

COLUMNS = (
    ("department", _l("Department"), "text", 16), ("type", _l("Complaint type"), "text", 18),
    ("kind", _l("Kind"), "text", 12), ("month", _l("Month received"), "text", 8),
    ("received", _l("Received"), "int", 0), ("finished", _l("Finished"), "int", 0),
    ("on_time", _l("Finished on time"), "int", 0), ("late", _l("Finished late"), "int", 0),
    ("open", _l("Still open"), "int", 0), ("overdue", _l("Of which overdue"), "int", 0),
    ("hours_mean", _l("Average (working hours)"), "number", 0),
    ("hours_median", _l("Median (working hours)"), "number", 0),
    ("hours_p90", _l("90th percentile (working hours)"), "number", 0),
    ("days_mean", _l("Average (working days)"), "number", 0),
    ("days_median", _l("Median (working days)"), "number", 0),
    ("days_p90", _l("90th percentile (working days)"), "number", 0),
    ("extensions", _l("Extensions"), "int", 0), ("transfers", _l("Transfers"), "int", 0),
    ("transfer_hours", _l("Average working hours to transfer"), "number", 0),
    ("supplements", _l("Supplement requests"), "int", 0), ("withdrawn", _l("Withdrawn"), "int", 0),
    ("repeated", _l("Closed as repeated"), "int", 0), ("returned", _l("Returned with reasons"), "int", 0),
    ("rated", _l("Satisfaction answers"), "int", 0), ("satisfied_share", _l("Share satisfied"), "percent", 0),
    ("followed_up", _l("Dissatisfied answers followed up"), "int", 0),
)

NOTES = (
    _l("Legal basis: the monthly check of processing (Enforcement Decree of the Civil Petitions Treatment Act, "
       "Article 22(1); Enforcement Rule, Article 7)."),
    _l("Complaints received in the period (date of receipt, Korean time), counted for the department that holds "
       "them now. Received = finished + still open; finished = on time + late."),
    _l("Finished: answered, closed as repeated, transferred to another agency, withdrawn or returned with "
       "reasons. On time: finished by the deadline, extensions included. Overdue: still open and past the "
       "deadline at the moment of counting."),
    _l("Processing time: working time from receipt to the end, supplement periods excluded, of finished "
       "complaints other than withdrawals. Types counted in hours (immediate, up to 5 days) in working hours; "
       "the others in working days, the first day counted. Percentiles as Excel's PERCENTILE.INC."),
    _l("Transfers: to another department or agency; the average counts working hours from receipt. Dissatisfied "
       "answers followed up: ratings of dissatisfied whose complaint was followed by a new complaint of the same "
       "complainant."),
)


def columns() -> list[Column]:
    return [Column(key, str(label), kind, width) for key, label, kind, width in COLUMNS]


def notes() -> list[str]:
    return [str(note) for note in NOTES]


def conditions(query: ReportQuery, masking: str | None = None) -> list[tuple[str, str]]:
    found = [(_("Period (date of receipt)"), f"{official_date(query.period.start)} – "
                                             f"{official_date(query.period.end)}")]
    found += filter_conditions(query)
    found.append((_("Counted at"), official_datetime(query.now)))
    found.append((_("Personal data"), masking or _("None in this table; the list of late cases shows names "
                                                     "masked.")))
    return found


def filter_conditions(query: ReportQuery) -> list[tuple[str, str]]:
    filters, locale, found = query.filters, query.locale, []
    if code := filters.get("department"):
        department = db.session.scalar(select(Department).where(Department.code == code))
        found.append((_("Department"), department.name(locale) if department else code))
    if kind := filters.get("kind"):
        found.append((_("Kind"), str(KIND_LABELS.get(kind, kind))))
    if code := filters.get("type"):
        ctype = db.session.scalar(select(ComplaintType).where(ComplaintType.code == code))
        found.append((_("Complaint type"), ctype.name(locale) if ctype else code))
    if channel := filters.get("channel"):
        found.append((_("Channel"), str(CHANNEL_LABELS.get(channel, channel))))
    if query.departments is not None:
        names = db.session.scalars(select(Department).where(Department.id.in_(query.departments)))
        found.append((_("Departments you may see"), ", ".join(d.name(locale) for d in names)))
    return found
