"""민원 분석's rules (civil_complaints/domain/analysis.py): what a spike is, and the keywords kiwipiepy finds in
Korean sentences (the real analyser, offline)."""

from __future__ import annotations

from datetime import date

from civil_complaints.analysis.services import keywords_of
from civil_complaints.domain.analysis import SpikeRule, add_months, baseline, distinct_keywords, is_keyword, spikes

JAN = date(2026, 1, 1)


def _series(values: list[int], start: date = date(2025, 7, 1)) -> dict[date, int]:
    return {add_months(start, i): v for i, v in enumerate(values)}


def test_months_are_added_across_years():
    assert add_months(date(2025, 11, 1), 3) == date(2026, 2, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)


def test_a_month_well_above_its_six_months_is_a_spike():
    counts = _series([4, 5, 6, 5, 4, 6, 20])  # 2025-07 … 2026-01
    assert spikes(counts, [JAN]) == [JAN]
    mean, sigma = baseline(counts, JAN)
    assert mean == 5 and round(sigma, 3) == 0.816


def test_a_month_within_the_usual_spread_is_no_spike():
    assert spikes(_series([2, 9, 3, 10, 2, 9, 12]), [JAN]) == []  # mean 5.8, σ 3.3: 12 < 12.5


def test_a_small_count_is_never_a_spike_however_quiet_before():
    since = date(2025, 7, 1)  # the data begins there: the quiet months are history
    assert spikes(_series([0, 0, 0, 0, 0, 1, 4]), [JAN], since=since) == []  # below the minimum of 5
    assert spikes(_series([0, 0, 0, 0, 0, 1, 5]), [JAN], since=since) == [JAN]
    assert spikes(_series([0, 0, 0, 0, 0, 1, 4]), [JAN], SpikeRule(minimum=3), since=since) == [JAN]


def test_a_new_group_has_no_baseline_until_three_months_have_passed():
    counts = {date(2025, 11, 1): 1, date(2025, 12, 1): 1, JAN: 30}
    assert spikes(counts, [JAN]) == []  # only two months of history
    assert spikes(counts, [JAN], since=date(2025, 7, 1)) == [JAN]  # the data began earlier: zeros are history


def test_keywords_are_nouns_of_two_letters_or_more_without_stop_words():
    assert is_keyword("신호등", "NNG") and is_keyword("한빛대로", "NNP")
    assert not is_keyword("민원", "NNG") and not is_keyword("요청", "NNG")  # stop words
    assert not is_keyword("길", "NNG") and not is_keyword("고장나", "VV") and not is_keyword("2026", "NNG")
    assert distinct_keywords([("신호등", "NNG"), ("신호등", "NNG"), ("이", "JKS")]) == {"신호등"}


def test_kiwipiepy_finds_the_nouns_of_korean_complaints():
    found = list(keywords_of(["한빛대로 횡단보도 신호등이 고장나서 위험합니다. 확인 부탁드립니다.",
                              "불법 주차 차량 때문에 소방차가 못 지나갑니다. 단속을 요청합니다.",
                              ""]))
    assert {"횡단보도", "신호등", "고장", "위험"} <= found[0]
    assert {"불법", "주차", "차량", "소방차", "단속"} <= found[1]
    assert not (found[0] | found[1]) & {"확인", "부탁", "요청", "때문"}  # stop words left out
    assert found[2] == set()
