"""경영검토 (management review, ISO 10002 8.6; issue 20 item 7): one quarter's complaint trends, systemic causes,
improvement register, satisfaction and decisions, as one report (page, XLSX, CSV and PDF; the PDF is what the
review meeting reads and what the monthly job freezes once a quarter is over).

Definitions (also printed under the tables, `NOTES`):
* trends: 민원 received (접수일, KST) per month of the quarter and of the previous quarter, by top-level category
  (a subcategory counts for its parent), by the department that holds it now, by channel; the change against the
  previous quarter and against the same quarter a year earlier;
* on time: the processing check's own figures (processing_figures.collect) for the 민원 received in each quarter;
* finished in the quarter: the finish instant of the processing facts (facts.py) lies in the quarter;
* systemic causes: finished in the quarter with the cause recorded as systemic (a rule or process fault);
* satisfaction: the 민원인's rating of a 민원 finished in the quarter, scored satisfied 3, neutral 2, dissatisfied 1;
* the register: improvements proposed before the quarter's end and not finished before its start;
* decisions: the improvements decided (started) or put on hold in the quarter, with their decision text.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civil_complaints.complaint_models import ComplaintCategory
from civil_complaints.reports.review_charts import charts
from civil_complaints.reports.review_sections import (
    decision_table,
    improvement_table,
    satisfaction_table,
    systemic_table,
)
from civil_complaints.reports.review_trends import Quarters, on_time_table, trend_tables, trends
from core.extensions import db
from core.i18n import official_date, official_datetime
from organization.models import Department
from reporting.domain.document import Report
from reporting.domain.periods import Period, quarter_of
from reporting.registry import ReportInputError, ReportQuery

KEY = "management-review"
NOTES = (
    _l("Management review of complaints handling (ISO 10002, 8.6): trends, systemic causes, improvements, "
       "satisfaction and the decisions of one calendar quarter."),
    _l("Trends: complaints received (date of receipt, Korean time) per month, by top-level category (a "
       "subcategory counts for its parent), by the department that holds them now and by channel. Change: against "
       "the previous quarter and against the same quarter a year earlier; empty when there was nothing to compare "
       "with."),
    _l("On time: the figures of the processing check for the complaints received in each quarter (finished by the "
       "deadline, extensions included)."),
    _l("Finished in the quarter: the moment the complaint was answered, closed, transferred to another agency, "
       "withdrawn or returned lies in the quarter. Systemic: the officer recorded the cause as a rule or process "
       "fault rather than a one-off. Cause texts are shown without digits that could identify a person."),
    _l("Satisfaction: the ratings of complaints finished in the quarter, scored satisfied 3, neutral 2, "
       "dissatisfied 1; the mean is over the ratings given."),
    _l("Improvements: every improvement proposed before the quarter's end and not finished before its start; "
       "status and progress as at the moment of counting. Decisions: improvements decided and started, or put on "
       "hold, in the quarter, with their decision text as it stands now."),
)


def quarters(period: Period) -> Quarters:
    """The quarter asked, the one before it and the same quarter a year earlier; a period that is not one calendar
    quarter is refused (on the form's first date)."""
    if quarter_of(period.start) != Period(period.start, period.end, "quarter"):
        raise ReportInputError(_("The management review covers one calendar quarter: choose 'Last quarter', or "
                                 "the first and last day of a quarter (for example 2026-07-01 and 2026-09-30)."),
                               field="date_from")
    current = quarter_of(period.start)
    previous = quarter_of(current.start - timedelta(days=1))
    year_earlier = quarter_of(date(current.start.year - 1, current.start.month, 1))
    return Quarters(current, previous, year_earlier)


def quarter_label(period: Period) -> str:
    return _("Q%(quarter)s %(year)s", quarter=(period.start.month - 1) // 3 + 1, year=period.start.year)


def build_review(query: ReportQuery) -> Report:
    q = quarters(query.period)
    names = _names(query.locale)
    found = trends(q, query.departments)
    on_time, on_time_rows = on_time_table(query, q, names)
    satisfaction, satisfaction_rows = satisfaction_table(q, query.departments, names)
    tables = [*trend_tables(q, found, names, quarter_label), on_time,
              systemic_table(q, query.departments, names), improvement_table(q, query.departments, names),
              satisfaction, decision_table(q, query.departments, names)]
    return Report(key=KEY, title=_("Management review of complaints handling"), period=query.period,
                  made_at=query.now, made_by=query.actor.display_name if query.actor else "",
                  conditions=_conditions(query, q), tables=tables,
                  charts=charts(q, found, names, on_time_rows, satisfaction_rows, quarter_label),
                  notes=[str(note) for note in NOTES])


def _names(locale: str) -> dict:
    return {"locale": locale,
            "departments": {d.id: d for d in db.session.scalars(select(Department))},
            "categories": {c.id: c for c in db.session.scalars(select(ComplaintCategory))}}


def _conditions(query: ReportQuery, q: Quarters) -> list[tuple[str, str]]:
    def span(period: Period) -> str:
        return f"{quarter_label(period)} ({official_date(period.start)} – {official_date(period.end)})"

    found = [(_("Quarter reviewed"), span(q.current)), (_("Previous quarter"), span(q.previous)),
             (_("Same quarter a year earlier"), span(q.year_earlier))]
    if query.departments is not None:
        names = db.session.scalars(select(Department).where(Department.id.in_(query.departments)))
        found.append((_("Departments you may see"), ", ".join(d.name(query.locale) for d in names)))
    found.append((_("Counted at"), official_datetime(query.now)))
    found.append((_("Personal data"), _("None: counts, improvement titles and cause texts only.")))
    return found
