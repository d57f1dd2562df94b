"""The committed holiday snapshot (style.md rule 4): coverage, staleness, and the law.md §2.6 dates."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest

from working_calendar.domain.holiday_data import KINDS, parse_entries
from working_calendar.domain.worktime import KST

from .helpers import load_snapshot

SNAPSHOT = load_snapshot()
DATES = {date.fromisoformat(e["date"]): e for e in SNAPSHOT["entries"]}

# law.md §2.6: every weekday 관공서 공휴일 of 2024–2026.
LAW_MD_2_6 = {
    2024: ["01-01", "02-09", "02-12", "03-01", "04-10", "05-06", "05-15", "06-06", "08-15", "09-16", "09-17",
           "09-18", "10-01", "10-03", "10-09", "12-25"],
    2025: ["01-01", "01-27", "01-28", "01-29", "01-30", "03-03", "05-05", "05-06", "06-03", "06-06", "08-15",
           "10-03", "10-06", "10-07", "10-08", "10-09", "12-25"],
    2026: ["01-01", "02-16", "02-17", "02-18", "03-02", "05-01", "05-05", "05-25", "06-03", "07-17", "08-17",
           "09-24", "09-25", "10-05", "10-09", "12-25"],
}


def test_metadata():
    assert {"source", "generator", "taken_on", "notes", "entries"} <= set(SNAPSHOT)
    assert SNAPSHOT["generator"].startswith("holidays ") and "corrections" in SNAPSHOT["generator"]
    assert SNAPSHOT["taken_on"] == "2026-11-22"
    assert any("correction" in note for note in SNAPSHOT["notes"])


def test_entries_are_well_formed_sorted_and_unique():
    keys = [e["date"] for e in SNAPSHOT["entries"]]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert all(e["kind"] in KINDS and e["name"] for e in SNAPSHOT["entries"])
    assert len(parse_entries(SNAPSHOT["entries"])) == len(keys)


@pytest.mark.parametrize("year", range(2023, 2028))
def test_every_year_2023_2027_is_covered(year):
    assert sum(1 for d in DATES if d.year == year) >= 15


def test_snapshot_has_next_year():
    next_year = datetime.now(KST).year + 1  # relative to today: fails when the snapshot goes stale
    assert any(d.year == next_year for d in DATES), (
        f"holidays_kr.json has no entries for {next_year}: run working_calendar/data/build_holiday_snapshot.py")


@pytest.mark.parametrize("year", sorted(LAW_MD_2_6))
def test_weekday_holidays_match_law_md(year):
    expected = {date.fromisoformat(f"{year}-{md}") for md in LAW_MD_2_6[year]}
    weekday_holidays = {d for d in DATES if d.year == year and d.weekday() < 5}
    assert weekday_holidays == expected


@pytest.mark.parametrize(
    ("iso", "kind"),
    [("2024-04-10", "election"), ("2024-10-01", "temporary"), ("2025-01-27", "temporary"),
     ("2025-06-03", "temporary"), ("2026-05-01", "national"), ("2026-07-17", "national"),
     ("2026-06-03", "election"), ("2026-10-05", "substitute"), ("2023-10-02", "temporary")],
)
def test_known_dates(iso, kind):
    assert DATES[date.fromisoformat(iso)]["kind"] == kind


@pytest.mark.parametrize("iso", ["2025-05-01", "2025-10-10", "2024-05-01"])
def test_days_that_were_not_holidays(iso):
    assert date.fromisoformat(iso) not in DATES


def test_no_saturday_substitute_and_kinds_are_plausible():
    for day, entry in DATES.items():
        if entry["kind"] == "substitute":
            assert day.weekday() < 5, entry
    assert Counter(e["kind"] for e in SNAPSHOT["entries"])["election"] >= 2
