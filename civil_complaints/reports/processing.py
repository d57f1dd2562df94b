"""민원 처리상황 점검표 (영 제22조①, 규칙 제7조; issue 19): the 민원 received in a period, by department × type ×
receipt month, with a subtotal per department and the total.

Definitions (also printed under the table, `NOTES`):
* cohort: 민원 received (접수일, KST) in the period; a 민원 counts for the department that holds it now;
* finished: 답변, 종결, 이송 to another agency, 취하 and 반려; open: every other status; received = finished + open;
* on time / late: finished by its deadline (extensions included) or after it; finished = on time + late;
* overdue: still open and past its deadline at the moment the report is made ("counted at");
* processing time: working time from receipt to the end, 보완 pauses excluded, of finished 민원 other than
  withdrawals (a 취하 is the 민원인's act); two column groups: working hours for types counted in hours
  (즉시, 5일 이하), working days (first day counted) for the others — a row of one type fills one group, a
  department's subtotal and the total fill both;
* transfers: every 이송 (to a department or an agency) and the average working hours from receipt to it;
* repeated closures: 민원 closed as a repeat of earlier ones (법 제23조; links 'repeat_of');
* dissatisfied answers followed up: 'dissatisfied' ratings whose 민원 was followed by another 민원 of the same
  민원인 (재민원, follows_complaint_id).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from flask_babel import gettext as _
from sqlalchemy import select

from civil_complaints.complaint_models import ComplaintType
from civil_complaints.domain.processing_time import DAYS, HOURS
from civil_complaints.labels import KIND_LABELS
from civil_complaints.reports.processing_charts import charts
from civil_complaints.reports.processing_columns import columns, conditions, notes
from civil_complaints.reports.processing_figures import Figures, Stats, collect
from core.extensions import db
from organization.models import Department
from reporting.domain.document import Report, Table
from reporting.domain.statistics import share
from reporting.registry import ReportQuery

LATE_CASES_PATH = "/staff/reports/late-cases"
SUMS = ("received", "finished", "on_time", "late", "open", "overdue", "extensions", "transfers", "supplements",
        "withdrawn", "repeated", "returned", "rated")


def build_processing(query: ReportQuery) -> Report:
    figures = collect(query)
    names = _names(figures, query.locale)
    table = _table(query, figures, names)
    return Report(key="processing", title=_("Complaint processing check"), period=query.period,
                  made_at=query.now, made_by=query.actor.display_name if query.actor else "",
                  conditions=conditions(query), tables=[table], charts=charts(query, figures, names["departments"]),
                  notes=notes())


def _names(figures: Figures, locale: str) -> dict:
    department_ids = {key[0] for key in figures.counts}
    type_ids = {key[1] for key in figures.counts}
    departments = {d.id: d for d in db.session.scalars(select(Department).where(Department.id.in_(department_ids)))}
    types = {t.id: t for t in db.session.scalars(select(ComplaintType).where(ComplaintType.id.in_(type_ids)))}
    return {"departments": departments, "types": types, "locale": locale}


def _table(query: ReportQuery, figures: Figures, names: dict) -> Table:
    departments, types, locale = names["departments"], names["types"], names["locale"]
    rows, links, emphasised = [], [], set()
    grand = Counter()
    by_department = sorted({key[0] for key in figures.counts}, key=lambda d: departments[d].code)
    for department_id in by_department:
        department = departments[department_id]
        keys = sorted((k for k in figures.counts if k[0] == department_id),
                      key=lambda k: (types[k[1]].code, k[2]))
        subtotal = Counter()
        for key in keys:
            counts = figures.counts[key]
            ctype = types[key[1]]
            label = (department.name(locale), ctype.name(locale), str(KIND_LABELS.get(ctype.kind, ctype.kind)),
                     key[2])
            rows.append(_cells(label, counts, figures, key))
            links.append(_late_link(query, department.code, ctype.code, key[2]) if _late(counts) else None)
            subtotal.update(counts)
        emphasised.add(len(rows))
        rows.append(_cells((department.name(locale), _("Department total"), "", ""), subtotal, figures,
                           (department_id, None, None)))
        links.append(_late_link(query, department.code, None, None) if _late(subtotal) else None)
        grand.update(subtotal)
    totals = _cells((_("Total"), "", "", ""), grand, figures, None)
    return Table(key="processing", title=_("Processing by department, type and month of receipt"),
                 columns=columns(), rows=rows, totals=totals, row_links=links, emphasised=frozenset(emphasised),
                 note=_("Counted at the moment shown in the conditions; see the definitions below."))


def _late(counts: Counter) -> bool:
    return counts["late"] + counts["overdue"] > 0


def _cells(label: tuple, counts: Counter, figures: Figures, key) -> list:
    hours, days = figures.times.get((key, HOURS)), figures.times.get((key, DAYS))
    transfer = figures.transfer_hours.get(key)
    return [*label, *(counts[name] for name in SUMS[:6]), *_stats(hours), *_stats(days),
            counts["extensions"], counts["transfers"], _round(transfer[0] / transfer[1]) if transfer else None,
            counts["supplements"], counts["withdrawn"], counts["repeated"], counts["returned"], counts["rated"],
            share(counts["satisfied"], counts["rated"]), counts["followed_up"]]


def _stats(stats: Stats | None) -> list:
    if stats is None:
        return [None, None, None]
    return [_round(stats.mean), _round(stats.median), _round(stats.p90)]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _late_link(query: ReportQuery, department: str, type_code: str | None, month: str | None) -> str:
    params = {"from": query.period.start.isoformat(), "to": query.period.end.isoformat(), "department": department}
    if type_code:
        params["type"] = type_code
    if month:
        params["month"] = month
    for name in ("kind", "channel"):
        if query.filters.get(name):
            params[name] = query.filters[name]
    return f"{LATE_CASES_PATH}?{urlencode(params)}"
