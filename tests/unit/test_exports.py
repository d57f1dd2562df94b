"""core/exports.py: CSV as Excel and RFC 4180 read it, with formula injection neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from core.clock import KST
from core.exports import BOM, attachment_disposition, cell, csv_chunks


def test_text_that_a_spreadsheet_would_run_is_made_text_and_numbers_stay_numbers():
    assert [cell(v) for v in ("=1+1", "+82", "-3", "@SUM(A1)", "\tx", "\rx")] == [
        "'=1+1", "'+82", "'-3", "'@SUM(A1)", "'\tx", "'\rx"]
    assert [cell(v) for v in (-3, 2.5, None, True, "한빛시")] == [-3, 2.5, "", "Y", "한빛시"]
    assert cell(date(2026, 9, 25)) == "2026. 9. 25."
    assert cell(datetime(2026, 9, 25, 14, 30, tzinfo=KST)) == "2026. 9. 25. 14:30"


def test_chunks_are_rfc_4180_with_the_byte_order_mark_first_and_read_back_unchanged():
    rows = [["이름", "메모"], ["홍길동", 'say "hi", then\nleave']] + [["행", n] for n in range(1200)]
    chunks = list(csv_chunks(rows, rows_per_chunk=500))
    assert chunks[0] == BOM and len(chunks) == 1 + 3  # 1,202 records in chunks of 500: memory stays flat
    text = "".join(chunks)
    assert '"say ""hi"", then\nleave"\r\n' in text  # quoted, quotes doubled, CRLF after each record
    back = list(csv.reader(io.StringIO(text[1:])))
    assert back[1] == ["홍길동", 'say "hi", then\nleave'] and back[-1] == ["행", "1199"] and len(back) == 1202


def test_a_korean_file_name_is_sent_as_rfc_5987_with_an_ascii_fallback():
    assert attachment_disposition("report_2026-09.csv") == 'attachment; filename="report_2026-09.csv"'
    assert attachment_disposition("민원 현황.xlsx") == (
        "attachment; filename=\"__ __.xlsx\"; filename*=UTF-8''%EB%AF%BC%EC%9B%90%20%ED%98%84%ED%99%A9.xlsx")
    assert attachment_disposition('a"b.csv') == 'attachment; filename="a_b.csv"'
