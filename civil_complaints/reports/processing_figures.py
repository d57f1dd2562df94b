"""The figures of the 점검표 before they are a table: the SQL counts of each row (processing_queries.py), the facts a
report computes in memory for finished 민원 still without stored ones, the processing-time statistics per row, per
department and overall (by unit), the distribution and the average transfer speed."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from civil_complaints.domain.processing_time import (
    DAY_BOUNDS,
    DAYS,
    HOUR_BOUNDS,
    HOURS,
    working_hours,
)
from civil_complaints.reports import processing_queries as q
from civil_complaints.reports.facts import compute_facts
from reporting.domain.statistics import mean, percentile
from reporting.registry import ReportQuery
from working_calendar.cache import load_calendar

BOUNDS = {HOURS: HOUR_BOUNDS, DAYS: DAY_BOUNDS}
#: a row's key: (department_id, type_id, month 'YYYY-MM'); a department's: (department_id, None, None); all: None
Key = tuple


@dataclass(frozen=True)
class Stats:
    count: int
    mean: float | None
    median: float | None
    p90: float | None


@dataclass
class Figures:
    counts: dict[Key, Counter] = field(default_factory=dict)
    #: {(key, unit): Stats} for rows, departments ((dept, None, None)) and all (None)
    times: dict[tuple, Stats] = field(default_factory=dict)
    #: {unit: [count per bucket]}
    buckets: dict[str, list[int]] = field(default_factory=dict)
    #: {key: (sum of working hours from receipt to transfer, transfers)}; departments and all as for times
    transfer_hours: dict[Key, list[float]] = field(default_factory=dict)


def _scopes(key: Key) -> tuple:
    return key, (key[0], None, None), None


def collect(query: ReportQuery) -> Figures:
    figures = Figures()
    q.tune_session()
    for department_id, type_id, month, *values in q.row_counts(query):
        figures.counts[(department_id, type_id, q.month_text(month))] = Counter(dict(zip(q.COUNTS, values,
                                                                                       strict=True)))
    calendar = load_calendar()
    pending = any(counts["pending"] for counts in figures.counts.values())
    computed = _pending_facts(query, figures, calendar) if pending else []
    _statistics(query, figures, computed)
    _transfer_speed(query, figures, calendar)
    return figures


def _pending_facts(query: ReportQuery, figures: Figures, calendar) -> list[tuple]:
    """Finished 민원 without stored facts: computed now (not stored), counted on time or late in their row;
    returns (key, unit, processing_time) of those measured."""
    rows = q.pending(query)
    facts = compute_facts([row[0] for row in rows], calendar)
    measured = []
    for complaint_id, department_id, type_id, month, status, due_at in rows:
        fact, key = facts[complaint_id], (department_id, type_id, month)
        figures.counts[key]["on_time" if fact.finished_at <= due_at else "late"] += 1
        if status != "withdrawn":
            measured.append((key, fact.unit, [fact.processing_time]))
    return measured


def _statistics(query: ReportQuery, figures: Figures, computed: list[tuple]) -> None:
    """Mean, median and 90th percentile per row, department and all, by unit; the distribution's buckets."""
    values: dict[tuple, list[float]] = defaultdict(list)
    stored = (((department_id, type_id, q.month_text(month)), unit, found)
              for department_id, type_id, month, unit, found in q.time_values(query))
    for key, unit, found in [*stored, *computed]:
        for scope in _scopes(key):
            values[(scope, unit)].extend(found)
    for (scope, unit), found in values.items():
        found.sort()
        figures.times[(scope, unit)] = Stats(len(found), mean(found), percentile(found, 0.5),
                                             percentile(found, 0.9))
        if scope is None:  # sorted: the number at or under each bound, then the differences
            at_or_under = [0, *(bisect_right(found, bound) for bound in BOUNDS[unit]), len(found)]
            figures.buckets[unit] = [b - a for a, b in zip(at_or_under, at_or_under[1:], strict=False)]


def _transfer_speed(query: ReportQuery, figures: Figures, calendar) -> None:
    for department_id, type_id, month, received_at, transferred_at in q.transfer_times(query):
        hours = working_hours(calendar, received_at, transferred_at)
        for scope in _scopes((department_id, type_id, month)):
            total = figures.transfer_hours.setdefault(scope, [0.0, 0])
            total[0] += hours
            total[1] += 1

