"""이행실적: every measurable standard of the charter beside what happened, for a period of KST days.

Plain data out (PerformanceReport), for the staff page, the PDF annex and the public summary.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from charters import performance_queries as queries
from charters.domain.measure import (
    Distribution,
    LocalClock,
    Outcome,
    PromiseTally,
    Ratings,
    Verdict,
    distribution,
    elapsed,
    judge,
)
from charters.domain.snapshot import CharterSnapshot, StandardEntry
from charters.services import charter_in_force
from civil_complaints.complaint_models import ComplaintType
from civil_complaints.domain.periods import ProcessingPeriod
from core.clock import KST
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import US_PER_HOUR, WorkCalendar

MAX_PERIOD_DAYS = 5 * 366


@dataclass(frozen=True)
class TypeRow:
    code: str
    name_ko: str
    name_en: str
    period_spec: str
    outcome: Outcome
    times: Distribution
    ratings: Ratings


@dataclass(frozen=True)
class StandardRow:
    entry: StandardEntry
    verdict: Verdict
    rate: float | None
    target: int | None
    outcome: Outcome | None = None
    ratings: Ratings | None = None
    times: Distribution | None = None


@dataclass(frozen=True)
class PerformanceReport:
    first_day: date
    last_day: date
    as_of: datetime
    charter_title: str | None
    charter_version_no: int | None
    standards: tuple[StandardRow, ...]
    types: tuple[TypeRow, ...]
    #: no version was in force during the period: the first one, published after it, is shown for reference
    charter_published_after: bool = False

    @property
    def measured_standards(self) -> tuple[StandardRow, ...]:
        return tuple(row for row in self.standards if row.verdict is not Verdict.NOT_MEASURED)

    def count(self, verdict: Verdict) -> int:
        return sum(1 for row in self.standards if row.verdict is verdict)

    @property
    def total(self) -> Outcome:
        return sum((row.outcome for row in self.types), Outcome())

    @property
    def total_ratings(self) -> Ratings:
        return sum((row.ratings for row in self.types), Ratings())


def _bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    return (datetime.combine(first_day, time(0), KST), datetime.combine(last_day + timedelta(days=1), time(0), KST))


def measured_performance(first_day: date, last_day: date, now: datetime) -> PerformanceReport:
    """이행실적 of a period, as the staff page, its PDF annex and the reports hub show it: measured against the
    version in force at the end of the period (or now, for a period not yet over), on the current calendar."""
    period_end = datetime.combine(last_day + timedelta(days=1), time(0), KST)
    charter, published_after = charter_in_force(min(period_end, now))
    snapshot = CharterSnapshot.from_json(charter.snapshot_json) if charter else None
    report = build_report(snapshot, first_day, last_day, now=now, calendar=load_calendar())
    return replace(report, charter_published_after=published_after)


def build_report(snapshot: CharterSnapshot | None, first_day: date, last_day: date, *, now: datetime,
                 calendar: WorkCalendar, with_types: bool = True) -> PerformanceReport:
    """Measure `snapshot`'s standards (and, with `with_types`, every 민원 type) on the 민원 received in the period."""
    if last_day < first_day or (last_day - first_day).days > MAX_PERIOD_DAYS:
        raise ValueError("invalid reporting period")
    start, end = _bounds(first_day, last_day)
    types = queries.complaint_types()
    by_code = {t.code: t for t in types}
    entries = snapshot.standards if snapshot else ()
    wanted = None if with_types else _types_of(entries, by_code)
    outcomes = queries.outcomes_by_type(start, end, now, wanted)
    ratings = queries.ratings_by_type(start, end, wanted)
    promises = {(by_code[e.complaint_type_code].id, e.promise_spec) for e in entries
                if e.measure == "deadline" and e.promise_spec and e.complaint_type_code in by_code}
    measured_types = set(wanted) if wanted is not None else {t.id for t in types}
    clock = LocalClock(calendar)
    times, promised = _timings(start, end, now, clock, {t.id: t for t in types if t.id in measured_types},
                               promises, with_types)
    standards = tuple(_standard_row(entry, by_code, outcomes, ratings, times, promised) for entry in entries)
    type_rows = tuple(
        TypeRow(t.code, t.name_ko, t.name_en, t.period_spec, outcomes.get(t.id, Outcome()),
                times.get(t.id, Distribution(_unit(t.period_spec), 0, None, None)), ratings.get(t.id, Ratings()))
        for t in types if with_types and (t.is_active or t.id in outcomes))
    return PerformanceReport(first_day, last_day, now, snapshot.title if snapshot else None,
                             snapshot.version_no if snapshot else None, standards, type_rows)


def _types_of(entries, by_code) -> set[int]:
    codes = {e.complaint_type_code for e in entries if e.complaint_type_code}
    if any(e.measure == "satisfaction" and not e.complaint_type_code for e in entries):
        return {t.id for t in by_code.values()}
    return {by_code[code].id for code in codes if code in by_code}


def _unit(period_spec: str) -> str:
    return "hours" if ProcessingPeriod.parse(period_spec).is_hour_based else "days"


def _timings(start, end, now, clock: LocalClock, types: dict[int, ComplaintType],
             promises: set[tuple[int, str]], with_times: bool):
    """Processing-time distributions per type (with `with_times`) and the outcomes of the stricter promises.

    One pass over the cohort's rows; each row's working time is computed once and shared when the promise
    is counted in the same unit as the type's period.
    """
    wanted = set(types) if with_times else {type_id for type_id, _spec in promises}
    if not wanted:
        return {}, {}
    pauses = queries.pauses_of_cohort(start, end, now.astimezone(KST).date(), wanted)
    hour_based = {type_id: ProcessingPeriod.parse(t.period_spec).is_hour_based for type_id, t in types.items()}
    tallies: dict[int, list[PromiseTally]] = defaultdict(list)
    keyed = {}
    for type_id, spec in promises:
        keyed[(type_id, spec)] = tally = PromiseTally(ProcessingPeriod.parse(spec), clock, clock.local(now))
        tallies[type_id].append(tally)
    values: dict[int, list[int]] = defaultdict(list)
    no_pause = ()
    for complaint_id, type_id, received, finished, withdrawn, returned in queries.cohort_rows(
            start, end, wanted, finished_only=not promises):
        spans = pauses.get(complaint_id, no_pause)
        taken = None
        if with_times and finished is not None:
            taken = elapsed(received, finished, hour_based[type_id], clock, spans)
            values[type_id].append(taken)
        for tally in tallies.get(type_id, ()):
            tally.add(received, finished, bool(withdrawn), spans,
                      taken if tally.hour_based == hour_based[type_id] else None, returned=bool(returned))
    times = {}
    for type_id in (types if with_times else ()):
        scale = US_PER_HOUR if hour_based[type_id] else 1
        times[type_id] = distribution((v / scale for v in values.get(type_id, ())), _unit(types[type_id].period_spec))
    return times, {key: tally.outcome() for key, tally in keyed.items()}


def _standard_row(entry: StandardEntry, by_code, outcomes, ratings, times, promised) -> StandardRow:
    ctype = by_code.get(entry.complaint_type_code) if entry.complaint_type_code else None
    if entry.measure == "satisfaction":
        got = ratings.get(ctype.id, Ratings()) if ctype else sum(ratings.values(), Ratings())
        return StandardRow(entry, judge(got.rate, entry.target_percent), got.rate, entry.target_percent, ratings=got)
    if entry.measure != "deadline" or ctype is None:
        return StandardRow(entry, Verdict.NOT_MEASURED, None, None)
    if entry.promise_spec:
        outcome = promised.get((ctype.id, entry.promise_spec), Outcome())
    else:
        outcome = outcomes.get(ctype.id, Outcome())
    target = entry.target_percent or 100
    return StandardRow(entry, judge(outcome.rate, target), outcome.rate, target, outcome=outcome,
                       times=times.get(ctype.id))
