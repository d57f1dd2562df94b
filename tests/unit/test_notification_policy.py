"""Pure delivery and reminder rules: backoff, Korean SMS byte limits, thresholds."""

from datetime import timedelta

import pytest

from notifications.policy import (
    cut_to_bytes,
    parse_thresholds,
    retry_delay,
    sms_bytes,
    sms_kind,
    working_time_text,
)


def test_backoff_doubles_and_is_capped():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(40) == timedelta(hours=6)
    assert retry_delay(3, base_seconds=10) == timedelta(seconds=40)


@pytest.mark.parametrize(("text", "size"), [("abc", 3), ("민원", 4), ("민원 123", 8), ("펲", 2), ("", 0)],
                         ids=["ascii", "hangul", "mixed", "rare-syllable", "empty"])
def test_sms_bytes_count_cp949(text, size):
    assert sms_bytes(text) == size


def test_sms_or_lms_by_90_bytes():
    assert sms_kind("가" * 45) == "SMS"
    assert sms_kind("가" * 45 + "a") == "LMS"


def test_cut_never_splits_a_character():
    cut = cut_to_bytes("가나다라마", 7)
    assert cut == "가나…" and sms_bytes(cut) <= 7
    assert cut_to_bytes("short", 90) == "short"


def test_thresholds_parse_working_days_hours_and_minutes():
    assert parse_thresholds("1d,4h") == (timedelta(hours=8), timedelta(hours=4))
    assert parse_thresholds(" 30m , 2d ") == (timedelta(hours=16), timedelta(minutes=30))
    for bad in ("", "1w", "0h", "4"):
        with pytest.raises(ValueError):
            parse_thresholds(bad)


def test_working_time_text():
    assert working_time_text(timedelta(hours=4, minutes=30), "ko") == "4근무시간 30분"
    assert working_time_text(timedelta(minutes=20), "ko") == "20분"
    assert working_time_text(timedelta(hours=1), "en") == "1 working hour"
