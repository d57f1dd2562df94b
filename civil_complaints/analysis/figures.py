"""The figures of 민원 분석 pages, from the queries' counts: each group's months, total and spikes, the chart, the
groups' names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from civil_complaints.analysis.queries import NONE, Scope
from civil_complaints.complaint_models import ComplaintCategory, ComplaintType
from civil_complaints.domain.analysis import spikes
from civil_complaints.labels import CHANNEL_LABELS
from core.extensions import db
from organization.models import Department
from reporting.domain.document import Chart, Series

#: groups drawn in a trend chart (the table lists up to TABLE_GROUPS)
CHART_GROUPS = 6
TABLE_GROUPS = 40


@dataclass(frozen=True)
class GroupTrend:
    key: str
    label: str
    counts: list[int]
    total: int
    spikes: frozenset[date]


def labels(dimension: str, keys) -> dict[str, str]:
    """The name of each group key, in the page's language."""
    locale = str(get_locale() or "ko")
    ids = [int(k) for k in keys if k != NONE and k.isdigit()]
    found: dict[str, str] = {}
    if dimension == "category" and ids:
        found = {str(x.id): x.name(locale) for x in db.session.scalars(
            select(ComplaintCategory).where(ComplaintCategory.id.in_(ids)))}
    elif dimension == "department" and ids:
        found = {str(x.id): x.name(locale) for x in db.session.scalars(
            select(Department).where(Department.id.in_(ids)))}
    elif dimension == "type" and ids:
        found = {str(x.id): x.name(locale) for x in db.session.scalars(
            select(ComplaintType).where(ComplaintType.id.in_(ids)))}
    elif dimension == "channel":
        found = {k: str(CHANNEL_LABELS.get(k, k)) for k in keys}
    elif dimension == "place":
        found = {k: k for k in keys}
    none = _("No place given") if dimension == "place" else _("Not classified")
    return {k: (none if k == NONE else found.get(k, k)) for k in keys}


def trends(dimension: str, counts: dict[str, dict[date, int]], scope: Scope, since: date) -> list[GroupTrend]:
    """Every group with 민원 in the scope's months, most first (`counts` also holds the baseline months)."""
    months = scope.months()
    names = labels(dimension, counts.keys())
    found = []
    for key, series in counts.items():
        row = [series.get(m, 0) for m in months]
        if sum(row):
            found.append(GroupTrend(key, names[key], row, sum(row), frozenset(spikes(series, months, since=since))))
    return sorted(found, key=lambda t: (-t.total, t.label))


def trend_chart(dimension: str, title: str, groups: list[GroupTrend], scope: Scope) -> Chart:
    months = [m.strftime("%Y-%m") for m in scope.months()]
    shown = groups[:CHART_GROUPS]
    return Chart(key=f"analysis-{dimension}", title=title, kind="line", labels=months,
                 series=[Series(g.label, g.counts) for g in shown], unit=_("complaints"))


#: bars in the keyword chart: more crowd their labels; the table under it lists every keyword
CHART_KEYWORDS = 12


def keyword_chart(rows: list[tuple[str, int]], title: str) -> Chart:
    return Chart(key="analysis-keywords", title=title, kind="hbar", labels=[w for w, _n in rows[:CHART_KEYWORDS]],
                 series=[Series(_("Complaints"), [n for _w, n in rows[:CHART_KEYWORDS]])], unit=_("complaints"))
