"""고객헌장 이행실적 as a report of the reports hub (/staff/reports/charter): every standard of the charter in force
beside its measured value for the period, its target and whether it was kept, and the processing by 민원 type.

The figures are `charters.performance.measured_performance`, the computation of the staff page
(/staff/charter-performance) and its PDF annex: the three show the same numbers for the same period. Rates are
written as fractions (the document's "percent" kind), so 95.4 % on the page is 0.954 here.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from charters import labels
from charters.domain.measure import Verdict
from charters.performance import PerformanceReport, StandardRow, measured_performance
from core.i18n import official_date, official_datetime
from organization.domain.roles import Permission
from organization.models import User
from reporting.domain.document import Chart, Column, Report, Series, Table
from reporting.registry import ReportDefinition, ReportQuery

KEY = "charter"


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def _counts(row: StandardRow) -> tuple[int | None, int | None]:
    """(met, counted): on time of measured for a processing-time standard, satisfied of answers for satisfaction."""
    if row.outcome is not None:
        return row.outcome.on_time, row.outcome.measured
    if row.ratings is not None:
        return row.ratings.satisfied, row.ratings.rated
    return None, None


def _standards_table(report: PerformanceReport) -> Table:
    columns = [Column("group", _("Group"), width=12), Column("service", _("Service"), width=24),
               Column("measure", _("Promise and measure"), width=40), Column("target", _("Target"), "percent"),
               Column("result", _("Result"), "percent"), Column("met", _("Met"), "int"),
               Column("counted", _("Counted"), "int"), Column("verdict", _("Verdict"), width=12)]
    rows = []
    for row in report.standards:
        met, counted = _counts(row)
        measured = row.verdict is not Verdict.NOT_MEASURED
        rows.append([str(labels.GROUP_TITLES.get(row.entry.group, row.entry.group)), row.entry.service,
                     labels.measure_text(row.entry), _fraction(row.target) if measured else None,
                     _fraction(row.rate), met, counted, str(labels.VERDICT_LABELS[row.verdict])])
    return Table("standards", _("Service standards against what happened"), columns, rows, note=_(
        "Processing-time standards count the complaints received in the period: answered on time, answered late, "
        "and still open after the deadline (late). Withdrawn complaints and open ones not yet due are left out. "
        "A stricter promise is checked against the working time taken, excluded periods left out."))


def _types_table(report: PerformanceReport, locale: str) -> Table:
    columns = [Column("type", _("Complaint type"), width=24), Column("period", _("Processing period"), width=12),
               Column("received", _("Received"), "int"), Column("answered", _("Answered"), "int"),
               Column("returned", _("Returned with reasons"), "int"), Column("late", _("Late or overdue"), "int"),
               Column("on_time", _("On-time rate"), "percent"), Column("unit", _("Time unit"), width=12),
               Column("median", _("Median time"), "number"), Column("p90", _("90th percentile"), "number"),
               Column("satisfied", _("Satisfied"), "percent"), Column("answers", _("Answers"), "int")]
    units = {"hours": _("Working hours"), "days": _("Working days")}
    rows = [[t.name_ko if locale == "ko" else (t.name_en or t.name_ko), labels.short_period(t.period_spec),
             t.outcome.received, t.outcome.finished, t.outcome.returned, t.outcome.broken,
             _fraction(t.outcome.rate), units[t.times.unit], _round(t.times.median), _round(t.times.p90),
             _fraction(t.ratings.rate), t.ratings.rated] for t in report.types]
    total, ratings = report.total, report.total_ratings
    totals = [_("All types"), None, total.received, total.finished, total.returned, total.broken,
              _fraction(total.rate), None, None, None, _fraction(ratings.rate), ratings.rated]
    return Table("types", _("Processing by complaint type"), columns, rows, totals=totals, note=_(
        "Times run from receipt to answer: working hours for periods of up to 5 days, working days (the day of "
        "receipt counted) for longer ones; Saturdays, public holidays and excluded periods do not count."))


def _round(value: float | None) -> float | None:
    """Times to one decimal, as the page shows them."""
    return None if value is None else round(value, 1)


def _chart(report: PerformanceReport) -> Chart:
    measured = [row for row in report.standards if row.verdict is not Verdict.NOT_MEASURED]
    return Chart("standards", _("Measured against the target, by standard"), "hbar",
                 [row.entry.service for row in measured],
                 [Series(_("Result"), [_fraction(row.rate) for row in measured]),
                  Series(_("Target"), [_fraction(row.target) for row in measured])], unit="%", percent=True)


def _conditions(report: PerformanceReport, query: ReportQuery) -> list[tuple[str, str]]:
    if report.charter_version_no is None:
        charter = _("No charter has been published")
    else:
        charter = _("Version %(number)d: %(title)s", number=report.charter_version_no, title=report.charter_title)
        if report.charter_published_after:
            charter += " " + _("(published after the period, shown for reference)")
    return [(_("Period"), f"{official_date(query.period.start)} ~ {official_date(query.period.end)}"),
            (_("Complaints counted"), _("Received in the period")),
            (_("Charter"), charter),
            (_("Standards"), _("%(kept)d kept, %(broken)d not kept, %(nodata)d without complaints in the period, "
                               "%(descriptive)d descriptive (not measured).",
                               kept=report.count(Verdict.KEPT), broken=report.count(Verdict.BROKEN),
                               nodata=report.count(Verdict.NO_DATA), descriptive=report.count(Verdict.NOT_MEASURED))),
            (_("Made at"), official_datetime(query.now)),
            (_("Made by"), query.actor.display_name if query.actor is not None else "")]


NOTES = (
    _l("A standard is measured against the charter version in force at the end of the period (or now, for a period "
       "not yet over)."),
    _l("A rate is kept when it reaches its target; no measured complaint means no data, never kept. Processing-time "
       "standards without a target must reach 100 percent."),
    _l("Applications returned with reasons for lack of a supplement (Decree Article 25(1)) are counted on their own "
       "line and left out of the rate: they end while the processing period is paused."),
    _l("Percentiles interpolate between ranks (PERCENTILE.INC). Satisfied: share of satisfied answers."),
    _l("These are the figures of the measured performance page and its PDF annex for the same period."),
)


def build_charter(query: ReportQuery) -> Report:
    report = measured_performance(query.period.start, query.period.end, query.now)
    return Report(KEY, _("Measured performance of the customer charter"), query.period, query.now,
                  query.actor.display_name if query.actor is not None else "",
                  conditions=_conditions(report, query),
                  tables=[_standards_table(report), _types_table(report, query.locale)],
                  charts=[_chart(report)] if report.measured_standards else [],
                  notes=[str(note) for note in NOTES])


def may_read(user: User) -> bool:
    """Whoever reads the 이행실적 page today (performance_views: REPORTS_DOWNLOAD or CHARTER_EDIT)."""
    return user.can(Permission.REPORTS_DOWNLOAD) or user.can(Permission.CHARTER_EDIT)


def definition() -> ReportDefinition:
    return ReportDefinition(
        key=KEY, title=lambda: _("Measured performance of the customer charter"),
        description=lambda: _("Each standard of the customer charter beside what was measured in the period, its "
                              "target and whether it was kept; processing by complaint type."),
        build=build_charter, may_read=may_read, order=30)
