"""Internal service performance as a report of the reports hub (/staff/reports/internal-services): per providing
department and service, the requests that reached it in the period, the first responses and resolutions within
the service level (OLA), the median and 90th percentile of the resolution's working time, the backlog, the reopen
rate and the ratings.

The figures are `report.build_report`, the computation of /staff/service-performance and its CSV: the same numbers
for the same period. Who sees what follows that page (views.py): every holder of SERVICE_PERFORMANCE_VIEW sees
every providing department (aggregates without personal data); the department filter narrows the report to one.

Added here (not on the page): "Resolved" counts the requests resolved (or closed after a resolution) with a
resolution time; "Satisfied share" is the share of ratings of 4 or 5 out of 5.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.i18n import official_date, official_datetime
from organization.domain.roles import Permission
from organization.models import User
from reporting.domain.document import Chart, Column, Report, Series, Table
from reporting.domain.statistics import share
from reporting.registry import ReportDefinition, ReportQuery
from service_requests.domain.performance import Figures
from service_requests.performance import queries
from service_requests.performance.report import DepartmentReport, build_report
from working_calendar.cache import load_calendar

KEY = "internal-services"
#: a rating of this score or more (of 5) counts as satisfied
SATISFIED_SCORE = 4


def _hours(value) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 1)


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def figures_line(department: str, label: str, figures: Figures, backlog: int) -> list[object]:
    """One row of the table, in the columns' order."""
    satisfied = sum(1 for score in figures.scores if score >= SATISFIED_SCORE)
    return [department, label, figures.requests, len(figures.times),
            figures.response_measured, figures.response_late, _fraction(figures.response_on_time),
            figures.resolution_measured, figures.resolution_late, _fraction(figures.resolution_on_time),
            _hours(figures.time_percentile(50)), _hours(figures.time_percentile(90)), backlog,
            _fraction(figures.reopen_rate),
            None if figures.satisfaction is None else round(figures.satisfaction, 2), len(figures.scores),
            share(satisfied, len(figures.scores))]


def _columns() -> list[Column]:
    return [Column("department", _("Providing department"), width=16), Column("service", _("Service"), width=24),
            Column("requests", _("Requests"), "int"), Column("resolved", _("Resolved"), "int"),
            Column("response_measured", _("First responses measured"), "int"),
            Column("response_late", _("First responses late"), "int"),
            Column("response_on_time", _("First response within the service level"), "percent"),
            Column("resolution_measured", _("Resolutions measured"), "int"),
            Column("resolution_late", _("Resolutions late"), "int"),
            Column("resolution_on_time", _("Resolved within the service level"), "percent"),
            Column("median", _("Median resolution (working hours)"), "hours"),
            Column("p90", _("90th percentile resolution (working hours)"), "hours"),
            Column("backlog", _("Open now"), "int"), Column("reopen", _("Reopen rate"), "percent"),
            Column("satisfaction", _("Average satisfaction (1-5)"), "number"),
            Column("ratings", _("Ratings"), "int"), Column("satisfied", _("Satisfied share (4-5)"), "percent")]


def departments_of(query: ReportQuery) -> list[DepartmentReport]:
    """The page's departments, narrowed to the department filter and the asker's scope."""
    reports = build_report(queries.Period(query.period.start, query.period.end), calendar=load_calendar(),
                           now=query.now)
    code = query.filters.get("department")
    return [r for r in reports if (not code or r.department.code == code)
            and (query.departments is None or r.department.id in query.departments)]


def _table(reports: list[DepartmentReport], locale: str) -> Table:
    rows, emphasised, grand = [], set(), Figures()
    grand_backlog = 0
    for report in reports:
        name = report.department.name(locale)
        rows += [figures_line(name, row.service.name(locale), row.figures, row.backlog) for row in report.rows]
        emphasised.add(len(rows))
        rows.append(figures_line(name, _("Department total"), report.total, report.backlog))
        grand.merge(report.total)
        grand_backlog += report.backlog
    return Table("services", _("Internal service performance by department and service"), _columns(), rows,
                 totals=figures_line(_("All departments"), "", grand, grand_backlog),
                 emphasised=frozenset(emphasised), note=_(
                     "Requests count in the period in which they reached the providing department (on sending, or "
                     "on the approval of the requesting head). On time: the first response or the resolution came "
                     "by its due; a request still open after its due counts as late. Resolution time is working "
                     "time from the start of the resolution clock, without the time spent waiting for the "
                     "requester. Backlog: open now."))


def _chart(reports: list[DepartmentReport], locale: str) -> Chart:
    return Chart("on_time", _("On-time rate by providing department"), "hbar",
                 [r.department.name(locale) for r in reports],
                 [Series(_("First response on time"), [_fraction(r.total.response_on_time) for r in reports]),
                  Series(_("Resolved on time"), [_fraction(r.total.resolution_on_time) for r in reports])],
                 unit="%", percent=True)


NOTES = (
    _l("Only requests that reached a providing department count: those waiting for the requesting head's approval "
       "or rejected by it never reached anyone. A request is counted under the department that provides it now."),
    _l("First response measured: given, or still missing after its due. Resolution measured: resolved (a reopened "
       "request counts its last resolution) or open after its due. Cancelled requests are not measured."),
    _l("Median and 90th percentile interpolate between ranks (PERCENTILE.INC)."),
    _l("Reopen rate: among the requests resolved at least once, the share reopened. Satisfaction: the average of "
       "the 1 to 5 ratings of the period's requests; satisfied share: ratings of 4 or 5."),
    _l("These are the figures of the internal service performance page and its CSV for the same period."),
)


def _department_text(query: ReportQuery) -> str:
    department = queries.department_by_code(query.filters.get("department"))
    return _("All") if department is None else department.name(query.locale)


def build_internal_services(query: ReportQuery) -> Report:
    reports = departments_of(query)
    conditions = [(_("Period"), f"{official_date(query.period.start)} ~ {official_date(query.period.end)}"),
                  (_("Requests counted"), _("Reached the providing department in the period")),
                  (_("Providing department"), _department_text(query)),
                  (_("Open now"), _("As of %(time)s", time=official_datetime(query.now))),
                  (_("Made at"), official_datetime(query.now)),
                  (_("Made by"), query.actor.display_name if query.actor is not None else "")]
    return Report(KEY, _("Internal service performance"), query.period, query.now,
                  query.actor.display_name if query.actor is not None else "", conditions=conditions,
                  tables=[_table(reports, query.locale)], charts=[_chart(reports, query.locale)] if reports else [],
                  notes=[str(note) for note in NOTES])


def department_choices() -> dict[str, list[tuple[str, str]]]:
    locale = str(get_locale() or "ko")
    return {"department": [(d.code, d.name(locale)) for d in queries.providing_departments()]}


def may_read(user: User) -> bool:
    return user.can(Permission.SERVICE_PERFORMANCE_VIEW)


def definition() -> ReportDefinition:
    return ReportDefinition(
        key=KEY, title=lambda: _("Internal service performance"),
        description=lambda: _("Per providing department and service: requests, first responses and resolutions "
                              "within the service level, resolution times, backlog and ratings."),
        build=build_internal_services, may_read=may_read, filters=("department",), choices=department_choices,
        order=40)
