"""The figures of the 점검표 before they are a table: the SQL counts of each row (processing_queries.py), the facts a
report computes in memory for finished 민원 still without stored ones, the processing-time statistics per row, per
department and overall (by unit), the distribution and the average transfer speed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from civil_complaints.domain.processing_time import (
    DAY_BOUNDS,
    DAYS,
    HOUR_BOUNDS,
    HOURS,
    distribution_bucket,
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
    figures, width = Figures(), len(q.COUNTS)
    q.tune_session()
    buckets = {unit: [0] * (len(limits) + 1) for unit, limits in BOUNDS.items()}
    for department_id, type_id, month, *values in q.row_counts(query, BOUNDS):
        counts = Counter(dict(zip(q.COUNTS, values[:width], strict=True)))
        figures.counts[(department_id, type_id, q.month_text(month))] = counts
        rest = iter(values[width:])
        for counts in buckets.values():
            for index in range(len(counts)):
                counts[index] += next(rest)
    calendar = load_calendar()
    pending = any(counts["pending"] for counts in figures.counts.values())
    computed = _pending_facts(query, figures, calendar) if pending else []
    if q.is_postgres() and not pending:
        _statistics_in_sql(query, figures)
        figures.buckets = {unit: counts for unit, counts in buckets.items() if any(counts)}
    else:
        _statistics_in_python(query, figures, computed)
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
            measured.append((key, fact.unit, fact.processing_time))
    return measured


def _statistics_in_sql(query: ReportQuery, figures: Figures) -> None:
    for department_id, type_id, month, unit, count, average, median, p90 in q.time_statistics(query):
        key = None if department_id is None else (department_id, type_id, month and q.month_text(month))
        figures.times[(key, unit)] = Stats(count, _float(average), _float(median), _float(p90))


def _statistics_in_python(query: ReportQuery, figures: Figures, computed: list[tuple]) -> None:
    values: dict[tuple, list[float]] = defaultdict(list)
    stored = (((department_id, type_id, month), unit, value)
              for department_id, type_id, month, unit, value in q.stored_times(query))
    for key, unit, value in [*stored, *computed]:
        for scope in _scopes(key):
            values[(scope, unit)].append(value)
        figures.buckets.setdefault(unit, [0] * (len(BOUNDS[unit]) + 1))[distribution_bucket(unit, value)] += 1
    for scope, found in values.items():
        figures.times[scope] = Stats(len(found), mean(found), percentile(found, 0.5), percentile(found, 0.9))


def _transfer_speed(query: ReportQuery, figures: Figures, calendar) -> None:
    for department_id, type_id, month, received_at, transferred_at in q.transfer_times(query):
        hours = working_hours(calendar, received_at, transferred_at)
        for scope in _scopes((department_id, type_id, month)):
            total = figures.transfer_hours.setdefault(scope, [0.0, 0])
            total[0] += hours
            total[1] += 1


def _float(value) -> float | None:
    return None if value is None else float(value)
