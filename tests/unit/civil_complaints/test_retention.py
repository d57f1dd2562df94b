"""D18: retention counted as the law counts (민법 제157조·제160조; 공공기록물법 시행령 제26조)."""

from __future__ import annotations

from datetime import date

import pytest

from civil_complaints.domain.retention import (
    RetentionPeriod,
    access_log_cutoff,
    access_log_kept_through,
    completed_before_for,
    period_for_days,
    record_retention,
)


def test_access_log_entry_of_2026_03_01_survives_until_2028_03_01():
    """안전성 확보조치 기준 제8조① (2년 이상): kept through 2028-03-01, deletable from 2028-03-02."""
    assert access_log_kept_through(date(2026, 3, 1)) == date(2028, 3, 1)
    assert access_log_cutoff(date(2028, 3, 1)) == date(2026, 3, 1)  # still kept on 2028-03-01
    assert access_log_cutoff(date(2028, 3, 2)) == date(2026, 3, 2)  # deletable from the next day


@pytest.mark.parametrize("entry,kept_through", [
    (date(2026, 2, 28), date(2028, 2, 29)),  # two years from 2026-03-01 end on the leap day
    (date(2028, 2, 29), date(2030, 2, 28)),  # a leap-day entry: February 2030 has no 29th (민법 제160조③)
    (date(2027, 2, 28), date(2029, 2, 28)),
    (date(2026, 12, 31), date(2028, 12, 31)),
    (date(2024, 2, 29), date(2026, 2, 28)),
])
def test_access_log_across_leap_years(entry, kept_through):
    assert access_log_kept_through(entry) == kept_through
    assert access_log_cutoff(kept_through) <= entry  # never deleted on its last day
    assert access_log_cutoff(date.fromordinal(kept_through.toordinal() + 1)) > entry


def test_access_log_never_shorter_than_two_years_whatever_is_configured():
    assert access_log_kept_through(date(2026, 3, 1), years=1) == date(2028, 3, 1)
    assert access_log_kept_through(date(2026, 3, 1), years=3) == date(2029, 3, 1)


def test_cutoff_is_never_more_than_one_day_off_the_plain_two_year_mark():
    day = date(2027, 1, 1)
    while day < date(2031, 1, 1):
        cutoff = access_log_cutoff(day)
        assert access_log_kept_through(cutoff) >= day and access_log_kept_through(
            date.fromordinal(cutoff.toordinal() - 1)) < day
        day = date.fromordinal(day.toordinal() + 1)


def test_record_retention_counts_from_1_january_after_completion():
    """시행령 제26조⑤: a 3-year record completed on 2026-05-10 is kept through 2029-12-31."""
    retention = record_retention(RetentionPeriod.THREE_YEARS, date(2026, 5, 10))
    assert retention.starts_on == date(2027, 1, 1) and retention.ends_on == date(2029, 12, 31)
    assert not retention.destroyable_on(date(2029, 12, 31)) and retention.destroyable_on(date(2030, 1, 1))
    # completed on 31 December: the same year's record
    assert record_retention(RetentionPeriod.ONE_YEAR, date(2026, 12, 31)).ends_on == date(2027, 12, 31)
    assert completed_before_for(RetentionPeriod.THREE_YEARS, date(2030, 1, 1)) == date(2027, 1, 1)
    assert completed_before_for(RetentionPeriod.THREE_YEARS, date(2029, 12, 31)) == date(2026, 1, 1)


def test_semi_permanent_and_permanent_records_are_never_destroyed():
    for period in (RetentionPeriod.SEMI_PERMANENT, RetentionPeriod.PERMANENT):
        retention = record_retention(period, date(1990, 1, 1))
        assert retention.ends_on is None and not retention.destroyable_on(date(2999, 1, 1))
        assert completed_before_for(period, date(2999, 1, 1)) is None


def test_former_day_counts_map_to_a_class_that_keeps_at_least_as_long():
    assert period_for_days(1095) is RetentionPeriod.THREE_YEARS
    assert period_for_days(365) is RetentionPeriod.ONE_YEAR
    assert period_for_days(1096) is RetentionPeriod.FIVE_YEARS
    assert period_for_days(20000) is RetentionPeriod.PERMANENT
