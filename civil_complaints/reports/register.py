"""Case register (민원 처리부, issue 19 item 3): one row per 민원 received in a period, by 접수일 in KST.

Receipt number, channel, type, kind, department, officer, 민원인 (masked), received, due, finished, on time or
late by how much (working hours or working days), extensions, transfers and status. The rows are a generator
reading a server-side cursor (register_query.py, register_rows.py): a million rows stream in constant memory, so
every format writes them as they come. On PostgreSQL the CSV's records are written by the server itself
(register_copy.py: COPY … TO STDOUT, the same bytes, several times faster). `definition()` is what the hub lists
(reporting/registry.py).
"""

from __future__ import annotations

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civil_complaints.complaint_models import CHANNELS, ComplaintType
from civil_complaints.domain.kinds import ComplaintKind
from civil_complaints.labels import CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS
from civil_complaints.reports.register_copy import CopyCsv
from civil_complaints.reports.register_query import departments_by_id, register_select, types_by_id
from civil_complaints.reports.register_rows import IN_PROGRESS, LATE, ON_TIME, OVERDUE, RegisterRows
from core.extensions import db
from core.i18n import official_date
from organization.domain.roles import Permission
from organization.models import Department, User
from reporting.domain.document import Column, Report, Table
from reporting.registry import ReportDefinition, ReportQuery
from working_calendar.cache import load_calendar

KEY = "register"
TITLE = _l("Case register")
DESCRIPTION = _l("One row per complaint received in the period: receipt number, channel, type, department, "
                 "officer, deadline, when it finished, on time or late by how much, extensions, transfers and "
                 "status. Complainants' names are masked.")
TIMING_LABELS = {ON_TIME: _l("On time"), LATE: _l("Late"), IN_PROGRESS: _l("Still open"),
                 OVERDUE: _l("Overdue (still open)")}


def columns() -> list[Column]:
    return [Column("receipt_no", _("Receipt number"), "text", 16), Column("channel", _("Channel"), "text", 8),
            Column("type", _("Type"), "text", 20), Column("kind", _("Kind"), "text", 14),
            Column("department", _("Department"), "text", 14), Column("officer", _("Officer"), "text", 8),
            Column("complainant", _("Complainant"), "text", 8), Column("received", _("Received"), "datetime"),
            Column("due", _("Due"), "datetime"), Column("finished", _("Finished"), "datetime"),
            Column("on_time", _("On time or late"), "text", 12),
            Column("late_hours", _("Late by (working hours)"), "hours", 8),
            Column("late_days", _("Late by (working days)"), "days", 8),
            Column("extensions", _("Extensions"), "int", 6), Column("transfers", _("Transfers"), "int", 6),
            Column("status", _("Status"), "text", 10)]


def notes() -> list[str]:
    return [
        _("One row per complaint received in the period (by the date of receipt in Korean time), in order of "
          "receipt; the department is the one handling it now."),
        _("Finished: answered, withdrawn, returned with reasons, closed as a repeated complaint or transferred to "
          "another agency."),
        _("On time: finished by the deadline (extensions and supplement periods included). Late: finished after "
          "it. Overdue (still open): still open and past the deadline when the register was made; a complaint "
          "waiting for a supplement is not overdue, its clock is stopped."),
        _("Late by: working time after the deadline, in working hours for periods of five days or less and in "
          "working days for longer ones (Saturdays and public holidays do not count); for an open complaint, "
          "up to the time the register was made."),
        _("Transfers count transfers to another department and to another agency."),
    ]


def _maker(query: ReportQuery) -> RegisterRows:
    """What every row needs, built once in the report's language."""
    locale = query.locale
    return RegisterRows(
        channels={k: str(v) for k, v in CHANNEL_LABELS.items()},
        kinds={str(k.value): str(v) for k, v in KIND_LABELS.items()},
        statuses={k: str(v) for k, v in STATUS_LABELS.items()},
        timing={k: str(v) for k, v in TIMING_LABELS.items()},
        types={i: t.name(locale) for i, t in types_by_id().items()},
        departments={i: (d.name_ko if locale == "ko" else d.name_en) for i, d in departments_by_id().items()},
        calendar=load_calendar(), now=query.now, unmasked=query.unmasked)


def _filters(query: ReportQuery) -> dict:
    """The filters as the SELECT takes them; `nothing` when a code names no department or type."""
    wanted, out = query.filters, {}
    if code := wanted.get("department"):
        out["department_id"] = db.session.scalar(select(Department.id).where(Department.code == code))
    if code := wanted.get("type"):
        out["type_id"] = db.session.scalar(select(ComplaintType.id).where(ComplaintType.code == code))
    nothing = any(v is None for v in out.values())
    return {**{k: v for k, v in out.items() if v is not None}, "kind": wanted.get("kind") or None,
            "channel": wanted.get("channel") or None, "nothing": nothing}


def _stream(statement, maker: RegisterRows):
    """The rows, read from the database only when the first one is asked for."""
    result = db.session.connection().execute(statement)
    try:
        yield from maker.rows(result)
    finally:
        result.close()


def build_register(query: ReportQuery) -> Report:
    """The register of `query.period`, filtered and limited to `query.departments`; names masked unless
    `query.unmasked` (the caller checked `may_unmask` and logged the reason). The rows read the database through
    the session's connection when the first is asked for: commit what must be kept (the download log) before
    reading them, not while they are being read (PostgreSQL: a server-side cursor lives in the transaction)."""
    with force_locale(query.locale):
        maker = _maker(query)
        postgresql = db.engine.dialect.name == "postgresql"
        statement = register_select(query.period, departments=query.departments, aware_driver=postgresql,
                                    **_filters(query))
        table = Table(key=KEY, title=str(TITLE), columns=columns(), rows=_stream(statement, maker),
                      csv_records=CopyCsv(statement, maker) if postgresql else None)
        return Report(key=KEY, title=str(TITLE), period=query.period, made_at=query.now,
                      made_by=query.actor.display_name if query.actor is not None else "",
                      conditions=_conditions(query, maker), tables=[table], notes=notes(), landscape=True)


def _conditions(query: ReportQuery, maker: RegisterRows) -> list[tuple[str, str]]:
    """What was asked. The period and the time it was made are the Report's own fields, which every format prints
    (reporting/formats/cells.py conditions_rows): here the period says what it counts, under its own label."""
    everything = _("All")
    chosen = query.filters
    names = {"department": _department_name(chosen.get("department"), query.locale),
             "kind": maker.kinds.get(chosen.get("kind") or "", chosen.get("kind")),
             "type": _type_name(chosen.get("type"), query.locale),
             "channel": maker.channels.get(chosen.get("channel") or "", chosen.get("channel"))}
    labels = {"department": _("Department"), "kind": _("Kind"), "type": _("Type"), "channel": _("Channel")}
    period = query.period
    conditions = [(_("Received between"), _("%(start)s to %(end)s, by date of receipt",
                                  start=official_date(period.start), end=official_date(period.end)))]
    conditions += [(labels[key], names[key] or everything) for key in labels]
    if query.departments is not None:
        conditions.append((_("Scope"), _("Own department only")))
    conditions.append((_("Complainants' names"), _("Not masked (access logged with its reason)")
                       if query.unmasked else _("Masked")))
    return conditions


def _department_name(code: str | None, locale: str) -> str | None:
    if not code:
        return None
    department = db.session.scalar(select(Department).where(Department.code == code))
    return code if department is None else (department.name_ko if locale == "ko" else department.name_en)


def _type_name(code: str | None, locale: str) -> str | None:
    if not code:
        return None
    found = db.session.scalar(select(ComplaintType).where(ComplaintType.code == code))
    return code if found is None else found.name(locale)


def _may_read(user: User) -> bool:
    return user.can(Permission.REPORTS_DOWNLOAD)


def _scope(user: User) -> frozenset[int] | None:
    """Who reads every 민원 sees every department; a department head their own department (none without one)."""
    if user.can(Permission.COMPLAINTS_VIEW_ALL):
        return None
    return frozenset({user.department_id}) if user.department_id is not None else frozenset()


def _may_unmask(user: User) -> bool:
    """The auditor (감사관) and the 민원심사관: they read every 민원 anyway (COMPLAINTS_VIEW_ALL) and are the ones who
    must tie a register's row to a person — an audit of how one 민원인 was treated, repeated or 다수인 민원
    (법 제23조, 영 제6조), a complaint about the handling. A department head does not: their own 민원 open on the
    case page, one at a time and logged, and a whole department's list of names is more than that work needs
    (개인정보 보호법 제3조: the minimum). The view asks for a reason and writes the access and download logs."""
    return user.can(Permission.REPORTS_DOWNLOAD) and user.can(Permission.COMPLAINTS_VIEW_ALL)


def choices() -> dict[str, list[tuple[str, str]]]:
    """The hub's select boxes, in the current language."""
    locale = str(get_locale() or "ko")
    departments = db.session.scalars(select(Department).order_by(Department.code))
    types = db.session.scalars(select(ComplaintType).order_by(ComplaintType.code))
    return {"department": [(d.code, d.name_ko if locale == "ko" else d.name_en) for d in departments],
            "kind": [(k.value, str(KIND_LABELS[k])) for k in ComplaintKind],
            "type": [(t.code, t.name(locale)) for t in types],
            "channel": [(c, str(CHANNEL_LABELS[c])) for c in CHANNELS]}


def definition() -> ReportDefinition:
    return ReportDefinition(
        key=KEY, title=lambda: str(TITLE), description=lambda: str(DESCRIPTION), build=build_register,
        may_read=_may_read, scope=_scope, filters=("department", "kind", "type", "channel"), choices=choices,
        may_unmask=_may_unmask, order=20)
