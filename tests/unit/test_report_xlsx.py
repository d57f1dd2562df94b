"""reporting/formats/xlsx.py: the workbook read back by openpyxl and converted by LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from datetime import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.domain.document import Table
from reporting.formats.cells import text_width
from reporting.formats.xlsx import MAX_ROWS, TooManyRows, _write_rows, sheet_name, write_xlsx, xlsx_response
from tests.report_format_helpers import FORMULA, NOTE, TITLE, big_rows, make_app, rendering, sample_report


@pytest.fixture(scope="module")
def formats_app():
    return make_app()


@pytest.fixture(scope="module")
def workbook_bytes(formats_app) -> bytes:
    with rendering(formats_app):
        target = io.BytesIO()
        assert write_xlsx(sample_report(), target) == 5  # 3 + 2 data rows; totals not counted
        return target.getvalue()


@pytest.fixture(scope="module")
def workbook(workbook_bytes):
    return load_workbook(io.BytesIO(workbook_bytes))


def _width(sheet, column: int) -> float:
    for dimension in sheet.column_dimensions.values():  # openpyxl groups equal neighbours (min..max)
        if dimension.min and dimension.min <= column <= dimension.max:
            return dimension.width
    raise AssertionError(f"no width for column {column}")


def test_one_sheet_per_table_then_the_conditions_sheet(workbook):
    assert workbook.sheetnames == ["부서별 처리 현황 2025 26 평가", "유형별 접수", "조건"]


def test_header_is_bold_frozen_and_filtered(workbook):
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["처리 부서", "접수 건수", "평균 처리일수(일)", "기한 준수율",
                                                 "최초 접수일", "최종 처리 일시", "평균 처리시간", "최장 지연"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H4"  # the header and the three rows, not the totals


def test_cells_have_real_types_and_number_formats(workbook):
    row = [(cell.value, cell.number_format) for cell in workbook.worksheets[0][2]]
    assert row == [("행정지원과", "General"), (1234, "#,##0"), (3.25, "#,##0.0"), (0.954, "0.0%"),
                   (datetime(2026, 9, 1), "yyyy. m. d."),
                   (datetime(2026, 9, 25, 14, 3), "yyyy. m. d. hh:mm"),  # 05:03 UTC is 14:03 KST
                   (12.5, '0.0 "시간"'), (3, '0.0 "일"')]
    assert workbook.worksheets[0]["F4"].value == datetime(2026, 1, 3, 0, 30)  # the next day in Seoul


def test_a_formula_is_text_and_none_is_an_empty_cell(workbook):
    sheet = workbook.worksheets[0]
    assert sheet["A3"].value == FORMULA and sheet["A3"].data_type == "s"
    assert [sheet.cell(3, column).value for column in range(3, 9)] == [None] * 6


def test_totals_follow_the_rows_in_bold_and_the_note_below(workbook):
    sheet = workbook.worksheets[0]
    totals = list(sheet[5])
    assert [cell.value for cell in totals[:4]] == ["합계", 1239, 3.1, 0.955]
    assert totals[3].number_format == "0.0%" and all(cell.font.b for cell in totals if cell.value is not None)
    assert sheet["A7"].value == NOTE
    second = workbook.worksheets[1]
    assert [cell.value for cell in second[4]] == ["합계", 10] and second["B4"].font.b


def test_columns_are_wide_enough_for_korean_labels_and_values(workbook):
    sheet = workbook.worksheets[0]
    assert _width(sheet, 3) >= text_width("평균 처리일수(일)") == 17
    assert _width(sheet, 1) >= len(FORMULA)  # the widest value of the first rows
    assert _width(sheet, 1) <= 61


def test_conditions_sheet_says_what_was_asked_and_who_made_it(workbook):
    rows = [tuple(cell.value for cell in row) for row in workbook["조건"].iter_rows()]
    assert rows[:5] == [("보고서", TITLE), ("기간", "2025. 9. 1. ~ 2026. 8. 31."), ("부서", "전체 부서"),
                        ("민원 종류", "법정민원"), ("개인정보", "가림 처리")]
    assert ("비고", "처리일수는 근무일 기준입니다.") in rows
    assert rows[-2:] == [("작성 일시", "2026. 9. 25. 14:03"), ("작성자", "감사관 김감사")]
    assert workbook.properties.title == TITLE and workbook.properties.creator == "정책고객관리"


def test_sheet_names_are_legal_and_unique():
    taken: set[str] = set()
    assert sheet_name("a/b:c*d?e[f]g\\h", taken) == "a b c d e f g h"
    long = "가" * 40
    assert sheet_name(long, taken) == "가" * 31
    assert sheet_name(long, taken) == "가" * 27 + " (2)"
    assert sheet_name("'':", taken) == "Sheet"


def test_a_generator_of_20000_rows_streams_into_the_workbook(formats_app):
    report = sample_report()
    report.tables = [Table("big", "대장", report.tables[0].columns, rows=big_rows(20_000))]
    with rendering(formats_app):
        target = io.BytesIO()
        assert write_xlsx(report, target) == 20_000
    sheet = load_workbook(io.BytesIO(target.getvalue()), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 20_001 and rows[-1][:2] == ("민원 19999", 19999)


def test_the_response_is_an_attachment_with_a_korean_file_name(formats_app):
    report = sample_report()
    report.key = "처리기한"
    with formats_app.test_request_context("/"), rendering(formats_app):
        response = xlsx_response(report)
        body = b"".join(response.response)
        response.close()
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="_____2025-09-01_2026-08-31.xlsx"')
    assert "filename*=UTF-8''%EC%B2%98%EB%A6%AC%EA%B8%B0%ED%95%9C_2025-09-01_2026-08-31.xlsx" in disposition
    assert response.headers["Content-Length"] == str(len(body))
    assert load_workbook(io.BytesIO(body)).sheetnames[-1] == "조건"


def test_an_english_workbook_has_english_words(formats_app):
    with rendering(formats_app, "en"):
        target = io.BytesIO()
        write_xlsx(sample_report(), target)
    workbook = load_workbook(io.BytesIO(target.getvalue()))
    assert workbook.sheetnames[-1] == "Conditions" and workbook.worksheets[0]["A5"].value == "Total"


def test_libreoffice_opens_the_workbook_and_prints_the_totals(workbook_bytes, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice (libreoffice-calc-nogui) is required: scripts/bootstrap.sh --test installs it"
    source = tmp_path / "report.xlsx"
    source.write_bytes(workbook_bytes)
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    try:
        subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",  # noqa: S603
                        "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    assert "1,239" in text and "95.5%" in text and "합계" in text
    assert "2026. 9. 25. 14:03" in text and "12.5 시간" in text



def test_decimals_and_undefined_numbers_are_written_not_refused(formats_app):
    report = sample_report()
    report.tables = [Table("odd", "특이값", report.tables[0].columns[:3],
                           rows=[["소수", Decimal("12"), float("nan")], ["무한", 1, float("inf")],
                                 ["열거형", HTTPStatus.OK, True]])]
    with rendering(formats_app):
        target = io.BytesIO()
        write_xlsx(report, target)
    sheet = load_workbook(io.BytesIO(target.getvalue())).worksheets[0]
    assert sheet["B2"].value == 12 and sheet["C2"].value is None and sheet["C3"].value is None  # NaN, infinity
    assert sheet["A3"].value == "무한" and sheet["B3"].value == 1
    assert sheet["B4"].value == 200 and sheet["C4"].value == "True"  # an IntEnum is its number; a bool a word
    assert load_workbook(io.BytesIO(target.getvalue())).properties.created == datetime(2026, 9, 25, 5, 3)  # UTC


def test_rows_past_the_sheet_limit_are_refused_not_dropped():
    written: list[tuple[int, int, object]] = []
    rows = ([n] for n in range(5))
    with pytest.raises(TooManyRows):
        _write_rows([lambda row, col, value: written.append((row, col, value))], rows, limit=3)
    assert [value for _row, _col, value in written] == [0, 1, 2]
    assert MAX_ROWS == 1_048_574  # Excel's rows less the header and the totals
