"""Benchmark of the deadline engine: ``python bench/clock.py [--n N] [--naive-n M] [--seed S]``.

Recomputes due dates for random receipts in 2023–2026 with the real engine (``compute_due`` per
complaint, and the batch ``compute_due_many``) and with a naive day-by-day / block-by-block loop
implemented below, checks that both agree on every compared receipt, and prints throughput, the speed-up
and the projected time to recompute 1,000,000 open deadlines (target: < 5 s on one core, ≥ 10× naive).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time as clock
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from civil_complaints.domain.deadlines import (  # noqa: E402
    ProcessingPeriod,
    compute_due,
    compute_due_at_many,
    compute_due_many,  # noqa: E402
)
from working_calendar.domain.holiday_data import calendar_from_snapshot  # noqa: E402
from working_calendar.domain.worktime import KST, WorkCalendar  # noqa: E402

SNAPSHOT = ROOT / "working_calendar" / "data" / "holidays_kr.json"
MILLION = 1_000_000


def naive_hours(received: datetime, hours: int, cal: WorkCalendar) -> datetime:
    """Walk day by day and block by block (the obvious implementation)."""
    remaining = timedelta(hours=hours)
    cursor = received.astimezone(cal.tz)
    while True:
        day = cursor.date()
        if day.weekday() < 5 and day not in cal.holidays:
            for block_start, block_end in cal.blocks:
                begin = max(cursor, datetime.combine(day, block_start, cal.tz))
                end = datetime.combine(day, block_end, cal.tz)
                if begin >= end:
                    continue
                if begin + remaining <= end:
                    return begin + remaining
                remaining -= end - begin
        cursor = datetime.combine(day + timedelta(days=1), datetime.min.time(), cal.tz)


def naive_days(received: datetime, days: int, cal: WorkCalendar) -> date:
    """Walk day by day counting working days (first day counted, 법 제19조②)."""
    day, counted = received.astimezone(cal.tz).date(), 0
    while True:
        if day.weekday() < 5 and day not in cal.holidays:
            counted += 1
            if counted == days:
                return day
        day += timedelta(days=1)


def timed(function, *args) -> tuple[float, object]:
    start = clock.perf_counter()
    result = function(*args)
    return clock.perf_counter() - start, result


def run_case(label: str, spec: str, receipts: list[datetime], naive_n: int, cal: WorkCalendar) -> dict:
    period = ProcessingPeriod.parse(spec)
    hour_based = period.is_hour_based
    t_single, singles = timed(lambda: [compute_due(r, period, calendar=cal) for r in receipts])
    batch = compute_due_at_many if hour_based else compute_due_many
    t_batch, batched = timed(lambda: batch(receipts, period, calendar=cal))
    sample = receipts[:naive_n]
    if hour_based:
        t_naive, naive = timed(lambda: [naive_hours(r, period.working_hours, cal) for r in sample])
        engine = [d.due_at for d in singles[:naive_n]]
    else:
        t_naive, naive = timed(lambda: [naive_days(r, period.amount, cal) for r in sample])
        engine = [d.due_date for d in singles[:naive_n]]
    assert engine == naive, f"{label}: engine and naive loop disagree"
    assert batched == ([d.due_at for d in singles] if hour_based else [d.due_date for d in singles])
    n = len(receipts)
    return {"label": label, "spec": spec, "single_us": t_single / n * 1e6, "batch_us": t_batch / n * 1e6,
            "naive_us": t_naive / len(sample) * 1e6, "compared": len(sample)}


def report(row: dict) -> None:
    single, batch, naive = row["single_us"], row["batch_us"], row["naive_us"]
    print(f"{row['label']:<28} {row['spec']:>5} | compute_due {1e6 / single:>10,.0f}/s ({single:5.2f} µs)"
          f" | batch {1e6 / batch:>10,.0f}/s ({batch:5.2f} µs) | naive {1e6 / naive:>9,.0f}/s ({naive:6.2f} µs)"
          f" | speed-up ×{naive / single:5.1f} (batch ×{naive / batch:5.1f})"
          f" | 1M: {single:5.2f} s (batch {batch:4.2f} s), naive {naive:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="receipts per period (engine)")
    parser.add_argument("--naive-n", type=int, default=None, help="receipts for the naive loop (default: --n)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    naive_n = min(args.naive_n or args.n, args.n)
    cal = calendar_from_snapshot(json.loads(SNAPSHOT.read_text(encoding="utf-8")))
    rnd = random.Random(args.seed)
    start = datetime(2023, 1, 1, tzinfo=KST)
    span = int((datetime(2027, 1, 1, tzinfo=KST) - start).total_seconds())
    receipts = [start + timedelta(seconds=rnd.randrange(span)) for _ in range(args.n)]
    print(f"Python {sys.version.split()[0]}, one core; {args.n:,} random receipts in 2023–2026 per period;"
          f" naive loop on {naive_n:,} of them; holiday snapshot {cal.revision}")
    cases = [("day unit (법 제19조②)", "14d"), ("day unit, long", "30d"), ("hour unit 즉시 (영 제19조)", "즉시"),
             ("hour unit 5일 = 40h (제19조①)", "5d")]
    rows = [run_case(label, spec, receipts, naive_n, cal) for label, spec in cases]
    for row in rows:
        report(row)
    mixed = {key: sum(r[key] for r in rows) / len(rows) for key in ("single_us", "batch_us", "naive_us")}
    print(f"\nMixed workload (average of the four): 1,000,000 recomputations ≈ {mixed['single_us']:.2f} s with"
          f" compute_due, {mixed['batch_us']:.2f} s with compute_due_many, {mixed['naive_us']:.2f} s naive;"
          f" speed-up ×{mixed['naive_us'] / mixed['single_us']:.1f}"
          f" (batch ×{mixed['naive_us'] / mixed['batch_us']:.1f}).")
    worst = max(r["single_us"] for r in rows)
    print(f"Target 1: 1,000,000 recomputations < 5 s on one core: {'MET' if worst < 5 else 'NOT MET'}"
          f" (slowest case {worst:.2f} s with compute_due per complaint)")
    for row in rows:
        best = row["naive_us"] / min(row["single_us"], row["batch_us"])
        print(f"Target 2: ≥10× naive, {row['spec']:>4}: {'MET' if best >= 10 else 'not met'} (×{best:.1f})")
    print(f"Target 2: ≥10× naive, mixed batch: {'MET' if mixed['naive_us'] / mixed['batch_us'] >= 10 else 'not met'}")
    print(f"All {sum(r['compared'] for r in rows):,} compared due dates agree with the naive loop.")


if __name__ == "__main__":
    main()
