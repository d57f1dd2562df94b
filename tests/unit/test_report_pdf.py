"""reporting/formats/pdf.py: the report as a tagged PDF, read back by pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from reporting.domain.document import Column, Table
from reporting.formats.pdf import MAX_ROWS, TooManyRows, column_shares, pdf_bytes, pdf_table
from tests.report_format_helpers import SVG, TITLE, chart_svgs, make_app, rendering, sample_report


@pytest.fixture(scope="module")
def formats_app():
    return make_app()


@pytest.fixture(scope="module")
def long_pdf(formats_app) -> PdfReader:
    """The sample report with a second table of 120 rows: it runs over several pages."""
    with rendering(formats_app):
        report = sample_report(long_rows=120)
        return PdfReader(io.BytesIO(pdf_bytes(report, chart_svgs(report))))


def _flat(page) -> str:
    return re.sub(r"\s+", " ", page.extract_text())


def test_title_conditions_tables_and_totals_are_in_the_text(long_pdf):
    text = " ".join(_flat(page) for page in long_pdf.pages)
    assert TITLE in text and "기간 2025. 9. 1. ~ 2026. 8. 31." in text and "개인정보 가림 처리" in text
    assert "행정지원과 1,234 3.3 95.4% 2026. 9. 1. 2026. 9. 25. 14:03 12.5시간 3.0일" in text
    assert "합계 1,239 3.1 95.5% 13.0시간 4.5일" in text  # totals after the rows
    assert "합계 7,140" in text and text.count("합계 7,140") == 1  # once, not on every page
    assert "비고 처리일수는 근무일 기준입니다." in text


def test_charts_are_drawn_with_their_captions(long_pdf):
    text = " ".join(_flat(page) for page in long_pdf.pages)
    assert "막대그림 부서별 준수율" in text and "막대그림 월별 접수 건수" in text  # the SVG's own Korean text
    assert text.count("월별 접수 건수") == 2  # drawn, and the caption under it


def test_pages_are_a4_landscape_numbered_and_signed(long_pdf):
    pages = long_pdf.pages
    assert len(pages) >= 3
    for page in pages:
        box = page.mediabox
        assert float(box.width) > float(box.height) and round(float(box.width)) == 842
    assert f"1 / {len(pages)}" in _flat(pages[0]) and f"{len(pages)} / {len(pages)}" in _flat(pages[-1])
    assert "2026. 9. 25. 14:03 감사관 김감사 작성" in _flat(pages[0])


def test_the_header_row_repeats_on_every_page_of_a_long_table(long_pdf):
    pages = [_flat(page) for page in long_pdf.pages]
    holding = [text for text in pages if "질의민원" in text and "유형 0" in text]
    assert len(holding) >= 2
    for text in holding:
        assert "민원 유형 건수" in text
    assert "유형 119 질의민원 119" in pages[-1] or "유형 119 질의민원 119" in pages[-2]


def test_the_pdf_is_tagged_and_titled(long_pdf):
    catalog = long_pdf.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "ko" and long_pdf.metadata.title == TITLE


def test_portrait_when_the_report_is_narrow(formats_app):
    with rendering(formats_app, "en"):
        reader = PdfReader(io.BytesIO(pdf_bytes(sample_report(landscape=False))))
    box = reader.pages[0].mediabox
    assert float(box.height) > float(box.width)
    text = " ".join(_flat(page) for page in reader.pages)
    assert "12.5 hours" in text and "Total 1,239" in text
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_a_register_too_long_for_a_pdf_is_refused_without_reading_it_whole():
    rows = ([n] for n in range(1_000_000))
    with pytest.raises(TooManyRows):
        pdf_table(Table("big", "대장", [Column("n", "번호", "int")], rows=rows), "ko")
    assert next(rows) == [MAX_ROWS + 1]  # read one past the limit, no further
    assert len(pdf_table(Table("t", "t", [Column("n", "번호", "int")], [[n] for n in range(MAX_ROWS)]),
                         "ko").rows) == MAX_ROWS


def test_column_shares_follow_declared_widths_and_add_up_to_the_line():
    shares = column_shares([Column("a", "가", width=30), Column("b", "나", width=10)], [])
    assert shares == [75.0, 25.0]


def test_chart_text_is_set_in_the_bundled_fonts_whatever_the_svg_asks(formats_app):
    report = sample_report()
    svg = SVG.replace('font-family="PolicyDoc Sans"', 'font-family="sans-serif"').format(w=50, label="한글 Ö")
    with rendering(formats_app):  # core/pdf.py refuses any host font: this would raise PdfGlyphMissing
        reader = PdfReader(io.BytesIO(pdf_bytes(report, [(report.charts[0], svg)])))
    assert "막대그림 한글 Ö" in _flat(reader.pages[0])
