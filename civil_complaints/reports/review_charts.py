"""The management review's charts, each with its data table on the page and drawn after the table of its section
(the report's tables hold the same figures): 민원 received per month over the two quarters, by top category against
the previous quarter and a year earlier, the share on time and the mean satisfaction by department against the
previous quarter."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from flask_babel import gettext as _

from civil_complaints.reports.review_trends import Quarters, Trends, label_of
from reporting.domain.document import Chart, Series
from reporting.domain.periods import Period

#: categories drawn (the largest of the quarter); the table lists every one
TOP_CATEGORIES = 8


def charts(q: Quarters, found: Trends, names: dict, on_time: list[tuple], satisfaction: list[tuple],
           quarter_label: Callable[[Period], str]) -> list[Chart]:
    monthly = Counter()
    for months in found.by_month["department"].values():
        monthly.update(months)
    drawn = [_monthly(found.months, monthly), _categories(q, found, names, quarter_label)]
    if on_time:
        drawn.append(Chart("on_time", _("Share finished on time by department"), "hbar",
                           [row[0] for row in on_time],
                           [Series(quarter_label(q.current), [row[1] for row in on_time]),
                            Series(quarter_label(q.previous), [row[2] for row in on_time])],
                           unit="%", percent=True, after="on_time"))
    if satisfaction:
        drawn.append(Chart("satisfaction", _("Mean satisfaction by department (1–3)"), "hbar",
                           [row[0] for row in satisfaction],
                           [Series(quarter_label(q.current), [row[1] for row in satisfaction]),
                            Series(quarter_label(q.previous), [row[2] for row in satisfaction])],
                           unit=_("mean score"), after="satisfaction"))
    return drawn


def _monthly(months: list[str], counts: Counter) -> Chart:
    return Chart("monthly", _("Complaints received per month"), "bar", months,
                 [Series(_("Received"), [counts[m] for m in months])], unit=_("complaints"), after="trend_channel")


def _categories(q: Quarters, found: Trends, names: dict, quarter_label: Callable[[Period], str]) -> Chart:
    by_month, earlier = found.by_month["category"], found.year_earlier["category"]
    current, previous = found.months[3:], found.months[:3]
    totals = {value: sum(months[m] for m in current) for value, months in by_month.items()}
    shown = sorted(set(by_month) | set(earlier), key=lambda v: (-totals.get(v, 0), label_of("category", v, names)))
    shown = shown[:TOP_CATEGORIES]
    series = [Series(quarter_label(q.current), [totals.get(v, 0) for v in shown]),
              Series(quarter_label(q.previous), [sum(by_month[v][m] for m in previous) if v in by_month else 0
                                                 for v in shown]),
              Series(quarter_label(q.year_earlier), [earlier[v] for v in shown])]
    return Chart("categories", _("Complaints received by category"), "bar",
                 [label_of("category", v, names) for v in shown], series, unit=_("complaints"),
                 after="trend_category")
