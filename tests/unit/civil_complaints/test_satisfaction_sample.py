"""The periodic satisfaction survey's pure rules: rounds, the deterministic sample, the answer window, scores."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from civil_complaints.domain import satisfaction_sample as sample


def test_rounds_are_months_or_quarters_of_the_answer_day():
    assert sample.round_of(date(2026, 11, 30)) == "2026-11"
    assert sample.round_of(date(2027, 1, 1), "month") == "2027-01"
    assert [sample.round_of(date(2026, m, 1), "quarter") for m in (1, 3, 4, 9, 10, 12)] == [
        "2026-Q1", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026-Q4"]
    with pytest.raises(ValueError, match="round kind"):
        sample.round_of(date(2026, 1, 1), "week")


def test_the_sample_is_fixed_by_receipt_number_and_round():
    numbers = [f"HB-2026-{n:06d}" for n in range(1, 2001)]
    picked = {n for n in numbers if sample.in_sample(n, "2026-11", 0.2)}
    assert picked == {n for n in numbers if sample.in_sample(n, "2026-11", 0.2)}  # the same every time
    assert 300 < len(picked) < 500  # about a fifth of 2,000
    other_round = {n for n in numbers if sample.in_sample(n, "2026-12", 0.2)}
    assert other_round != picked  # another round draws another sample
    assert sample.sample_point("HB-2026-000001", "2026-11") == sample.sample_point("HB-2026-000001", "2026-11")
    assert 0 <= sample.sample_point("HB-2026-000001", "2026-11") < 1
    assert not any(sample.in_sample(n, "2026-11", 0) for n in numbers)
    assert all(sample.in_sample(n, "2026-11", 1) for n in numbers)
    with pytest.raises(ValueError, match="between 0 and 1"):
        sample.in_sample("HB-2026-000001", "2026-11", 1.5)


def test_a_bigger_rate_keeps_the_smaller_rates_sample():
    numbers = [f"HB-2026-{n:06d}" for n in range(1, 501)]
    small = {n for n in numbers if sample.in_sample(n, "2026-11", 0.1)}
    large = {n for n in numbers if sample.in_sample(n, "2026-11", 0.3)}
    assert small < large


def test_the_answer_window_starts_after_the_delay_and_lasts_thirty_days():
    now = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    earliest, latest = sample.answered_window(now, 7)
    assert latest == now - timedelta(days=7)
    assert earliest == latest - timedelta(days=30)


def test_the_overall_question_scores_its_first_choice_highest():
    assert [sample.score(p, 5) for p in range(1, 6)] == [5, 4, 3, 2, 1]
    with pytest.raises(ValueError):
        sample.score(6, 5)


def test_a_digit_that_is_not_ascii_is_an_unknown_choice_not_a_crash():
    """"²".isdigit() is True but int("²") fails: the survey engine refuses it as an unknown choice."""
    from surveys.domain.answers import QuestionSpec, check

    assert check([QuestionSpec(1, "single", False, frozenset({1}))], {1: ["²"]}).errors == {1: "unknown_choice"}
