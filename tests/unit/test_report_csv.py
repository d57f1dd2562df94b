"""reporting/formats/csvfile.py: the report's first table as CSV, read back by the csv module."""

from __future__ import annotations

import csv
import io

import pytest

from reporting.domain.document import Table
from reporting.formats.csvfile import csv_bytes, csv_response, csv_value
from tests.report_format_helpers import FORMULA, big_rows, make_app, rendering, sample_report


@pytest.fixture(scope="module")
def formats_app():
    return make_app()


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads Korean
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_header_rows_and_totals_of_the_first_table(formats_app):
    with rendering(formats_app):
        data = csv_bytes(sample_report())
    rows = _read(data)
    assert rows[0] == ["처리 부서", "접수 건수", "평균 처리일수(일)", "기한 준수율", "최초 접수일", "최종 처리 일시",
                       "평균 처리시간", "최장 지연"]
    assert rows[1] == ["행정지원과", "1234", "3.25", "0.954", "2026-09-01", "2026-09-25 14:03", "12.5", "3.0"]
    assert rows[3][4:6] == ["2026-01-02", "2026-01-03 00:30"]  # KST: the next day in Seoul
    assert rows[-1] == ["합계", "1239", "3.1", "0.955", "", "", "13.0", "4.5"]
    assert len(rows) == 5  # the second table is not in the CSV
    assert data.count(b"\r\n") == 5 and b"\n" not in data.replace(b"\r\n", b"")  # RFC 4180 line ends


def test_a_formula_is_neutralised_and_empty_values_are_empty_fields(formats_app):
    with rendering(formats_app):
        rows = _read(csv_bytes(sample_report()))
    assert rows[2] == ["'" + FORMULA, "5", "", "", "", "", "", ""]


def test_english_totals_label(formats_app):
    with rendering(formats_app, "en"):
        assert _read(csv_bytes(sample_report()))[-1][0] == "Total"


def test_values_are_for_machines():
    assert csv_value(0.95432198, "percent") == 0.9543
    assert csv_value(1 / 3, "hours") == 0.3333
    assert csv_value(12.0, "int") == 12 and csv_value(-3, "int") == -3
    assert csv_value(None, "date") is None and csv_value("=1", "text") == "=1"  # neutralised by core/exports


def test_a_generator_of_20000_rows_streams_as_a_response(formats_app):
    report = sample_report()
    report.tables = [Table("big", "대장", report.tables[0].columns, rows=big_rows(20_000), totals=[None, 1])]
    report.key = "대장"
    with formats_app.test_request_context("/"), rendering(formats_app):
        response = csv_response(report)
        chunks = list(response.response)
    assert len(chunks) > 20  # streamed in pieces, not built whole
    rows = _read(b"".join(chunks))
    assert len(rows) == 1 + 20_000 + 1 and rows[-2][:2] == ["민원 19999", "19999"] and rows[-1][:2] == ["합계", "1"]
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"
    assert "filename*=UTF-8''%EB%8C%80%EC%9E%A5_2025-09-01_2026-08-31.csv" in response.headers["Content-Disposition"]


def test_a_report_without_tables_has_no_csv(formats_app):
    report = sample_report()
    report.tables = []
    with rendering(formats_app), pytest.raises(ValueError, match="no table"):
        csv_bytes(report)
