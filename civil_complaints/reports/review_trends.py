"""The management review's trends: 민원 received per month of the quarter and the one before, by top category,
department and channel, with the change against the previous quarter and the same quarter a year earlier; and the
share finished on time, taken from the processing check's own figures (processing_figures.collect)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from civil_complaints.labels import CHANNEL_LABELS
from civil_complaints.reports import review_queries as rq
from civil_complaints.reports.processing_figures import collect
from reporting.domain.document import Column, Table
from reporting.domain.periods import Period
from reporting.domain.statistics import share
from reporting.registry import ReportQuery

#: the dimensions a trend is counted by, in the report's order
DIMENSIONS = ("category", "department", "channel")
NONE = "-"


@dataclass(frozen=True)
class Quarters:
    current: Period
    previous: Period
    year_earlier: Period


@dataclass
class Trends:
    #: the six months, 'YYYY-MM': the previous quarter's three, then the current quarter's
    months: list[str]
    #: {dimension: {value: Counter({month: count})}} (value: a top category id or None, a department id, a channel)
    by_month: dict[str, dict] = field(default_factory=dict)
    #: {dimension: Counter({value: count})} of the same quarter a year earlier
    year_earlier: dict[str, Counter] = field(default_factory=dict)


def trends(q: Quarters, departments: frozenset[int] | None) -> Trends:
    months = [m.strftime("%Y-%m") for m in (*q.previous.months(), *q.current.months())]
    found = Trends(months, {d: defaultdict(Counter) for d in DIMENSIONS}, {d: Counter() for d in DIMENSIONS})
    both = Period(q.previous.start, q.current.end)
    for month, top, department_id, channel, count in rq.received(both, departments):
        for dimension, value in zip(DIMENSIONS, (top, department_id, channel), strict=True):
            found.by_month[dimension][value][month] += count
    for _month, top, department_id, channel, count in rq.received(q.year_earlier, departments):
        for dimension, value in zip(DIMENSIONS, (top, department_id, channel), strict=True):
            found.year_earlier[dimension][value] += count
    return found


def change(now: int, before: int) -> float | None:
    """The relative change (0.25: a quarter more); None when there was nothing before."""
    return None if not before else (now - before) / before


def label_of(dimension: str, value, names: dict) -> str:
    locale = names["locale"]
    if dimension == "category":
        return names["categories"][value].name(locale) if value is not None else _("Not categorised")
    if dimension == "department":
        found = names["departments"].get(value)
        return found.name(locale) if found else NONE
    return str(CHANNEL_LABELS.get(value, value))


def trend_tables(q: Quarters, found: Trends, names: dict, quarter_label: Callable[[Period], str]) -> list[Table]:
    titles = {"category": _("1. Complaint trends by category"), "department": _("1. Complaint trends by department"),
              "channel": _("1. Complaint trends by channel")}
    heads = {"category": _("Category"), "department": _("Department"), "channel": _("Channel")}
    columns = [Column("name", "", "text", 16), *(Column(m, m, "int", 7) for m in found.months),
               Column("current", quarter_label(q.current), "int", 9),
               Column("previous", quarter_label(q.previous), "int", 9),
               Column("change_previous", _("Change on previous quarter"), "percent", 9),
               Column("year_earlier", quarter_label(q.year_earlier), "int", 9),
               Column("change_year", _("Change on a year earlier"), "percent", 9)]
    current, previous = found.months[3:], found.months[:3]
    tables = []
    for dimension in DIMENSIONS:
        by_month, earlier = found.by_month[dimension], found.year_earlier[dimension]
        values = set(by_month) | set(earlier)
        rows, total = [], Counter()
        for value in values:
            months = by_month.get(value, Counter())
            rows.append(_trend_row(label_of(dimension, value, names), months, earlier[value], current, previous))
            total.update(months)
        rows.sort(key=lambda row: (-row[7], str(row[0])))
        totals = _trend_row(_("Total"), total, sum(earlier.values()), current, previous)
        tables.append(Table(key=f"trend_{dimension}", title=titles[dimension],
                            columns=[Column("name", heads[dimension], "text", 16), *columns[1:]], rows=rows,
                            totals=totals, note=_("Complaints received, by month of receipt (Korean time).")))
    return tables


def _trend_row(name: str, months: Counter, year_earlier: int, current: list[str], previous: list[str]) -> list:
    now, before = sum(months[m] for m in current), sum(months[m] for m in previous)
    return [name, *(months[m] for m in (*previous, *current)), now, before, change(now, before), year_earlier,
            change(now, year_earlier)]


def on_time_counts(query: ReportQuery, period: Period) -> dict[int, Counter]:
    """{department id: the processing check's counts} of the 민원 received in the period, in the asker's scope."""
    figures = collect(ReportQuery(period=period, actor=query.actor, now=query.now, departments=query.departments,
                                  locale=query.locale))
    by_department: dict[int, Counter] = defaultdict(Counter)
    for key, counts in figures.counts.items():
        by_department[key[0]].update(counts)
    return by_department


def _pick(counts: dict[int, Counter], department_id: int | None) -> Counter:
    """A department's counts, or every department's (None)."""
    return counts[department_id] if department_id is not None else sum(counts.values(), Counter())


def on_time_table(query: ReportQuery, q: Quarters, names: dict) -> tuple[Table, list[tuple]]:
    """The table, and (department name, share now, share in the previous quarter) per department for the chart."""
    current, previous, earlier = (on_time_counts(query, p) for p in (q.current, q.previous, q.year_earlier))
    ids = sorted(set(current) | set(previous) | set(earlier), key=lambda d: label_of("department", d, names))
    rows, chart = [], []
    for department_id in [*ids, None]:
        now, before, year = (_pick(counts, department_id) for counts in (current, previous, earlier))
        name = label_of("department", department_id, names) if department_id is not None else _("Total")
        rows.append([name, now["finished"], now["on_time"], now["late"], share(now["on_time"], now["finished"]),
                     share(before["on_time"], before["finished"]), share(year["on_time"], year["finished"])])
        if department_id is not None:
            chart.append((name, rows[-1][4], rows[-1][5]))
    columns = [Column("department", _("Department"), "text", 16), Column("finished", _("Finished"), "int", 8),
               Column("on_time", _("Finished on time"), "int", 8), Column("late", _("Finished late"), "int", 8),
               Column("share", _("Share on time"), "percent", 9),
               Column("share_previous", _("Share on time, previous quarter"), "percent", 10),
               Column("share_year", _("Share on time, a year earlier"), "percent", 10)]
    return Table(key="on_time", title=_("1. Finished on time"), columns=columns, rows=rows[:-1], totals=rows[-1],
                 note=_("The processing check's figures for the complaints received in each quarter.")), chart
