"""reporting/formats/cells.py: one value as the page and the PDF show it, in Korean and in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reporting.formats.cells import display, is_numeric, text_width


@pytest.mark.parametrize(("value", "kind", "korean", "english"), [
    (1234567, "int", "1,234,567", "1,234,567"),
    (1234.25, "number", "1,234.3", "1,234.3"),  # half up, as Excel shows it (Babel alone: half to even)
    (0.954, "percent", "95.4%", "95.4%"),
    (0.955, "percent", "95.5%", "95.5%"),  # the decimal 0.955, not its binary 0.95499…
    (1, "percent", "100.0%", "100.0%"),
    (12.5, "hours", "12.5시간", "12.5 hours"),
    (3, "days", "3.0일", "3.0 days"),
    (date(2026, 9, 25), "date", "2026. 9. 25.", "2026. 9. 25."),  # official dates are Korean in both
    (datetime(2026, 9, 25, 5, 3, tzinfo=UTC), "datetime", "2026. 9. 25. 14:03", "2026. 9. 25. 14:03"),
    (None, "int", "", ""),
    ("해당 없음", "int", "해당 없음", "해당 없음"),  # a word in a number column is shown as it is
    ("=1+1", "text", "=1+1", "=1+1"),  # a page and a PDF run nothing: shown as written
    (2.5, "text", "2.5", "2.5"),
])
def test_display(value, kind, korean, english):
    assert display(value, kind, "ko") == korean
    assert display(value, kind, "en") == english


def test_numbers_align_right_and_korean_counts_double():
    assert [is_numeric(kind) for kind in ("text", "int", "percent", "date", "days")] == [
        False, True, True, False, True]
    assert text_width("처리 부서") == 9 and text_width("ABC") == 3
