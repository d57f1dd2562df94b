"""The 점검표's charts: received / finished / late by month, the on-time rate by department, and the distribution of
processing times (days: ≤1, 2–3, 4–7, 8–14, 15–30, >30; hours: ≤1, 1–3, 3–8, 8–24, 24–40, >40)."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _

from civil_complaints.domain.processing_time import DAYS, HOURS
from civil_complaints.reports.processing_figures import Figures
from reporting.domain.document import Chart, Series
from reporting.domain.statistics import share
from reporting.registry import ReportQuery


def charts(query: ReportQuery, figures: Figures, departments: dict) -> list[Chart]:
    found = [_monthly(query, figures), _on_time(figures, departments, query.locale)]
    for unit in (DAYS, HOURS):
        if figures.buckets.get(unit):
            found.append(_distribution(unit, figures.buckets[unit]))
    return found


def _monthly(query: ReportQuery, figures: Figures) -> Chart:
    months = [first.strftime("%Y-%m") for first in query.period.months()]
    by_month: dict[str, Counter] = {month: Counter() for month in months}
    for key, counts in figures.counts.items():
        by_month.setdefault(key[2], Counter()).update(counts)
    series = [Series(_("Received"), [by_month[m]["received"] for m in months]),
              Series(_("Finished"), [by_month[m]["finished"] for m in months]),
              Series(_("Late or overdue"), [by_month[m]["late"] + by_month[m]["overdue"] for m in months])]
    return Chart("monthly", _("Received, finished and late by month of receipt"), "bar", months, series,
                 unit=_("complaints"))


def _on_time(figures: Figures, departments: dict, locale: str) -> Chart:
    by_department: dict[int, Counter] = {}
    for key, counts in figures.counts.items():
        by_department.setdefault(key[0], Counter()).update(counts)
    ordered = sorted(by_department, key=lambda d: departments[d].code)
    return Chart("on_time", _("Share finished on time by department"), "hbar",
                 [departments[d].name(locale) for d in ordered],
                 [Series(_("Finished on time"), [share(by_department[d]["on_time"], by_department[d]["finished"])
                                                 for d in ordered])], unit="%", percent=True)


def _distribution(unit: str, counts: list[int]) -> Chart:
    if unit == DAYS:
        labels = [_("1 day or less"), _("2–3 days"), _("4–7 days"), _("8–14 days"), _("15–30 days"),
                  _("More than 30 days")]
        title, key, axis = _("Processing time of types counted in days"), "distribution_days", _("complaints")
    else:
        labels = [_("1 hour or less"), _("1–3 hours"), _("3–8 hours"), _("8–24 hours"), _("24–40 hours"),
                  _("More than 40 hours")]
        title, key, axis = _("Processing time of types counted in hours"), "distribution_hours", _("complaints")
    return Chart(key, title, "bar", labels, [Series(_("Finished complaints"), list(counts))], unit=axis)
