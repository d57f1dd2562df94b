"""A report built by hand for the tests of reporting/formats: every column kind, Korean text, a value a
spreadsheet would run, empty cells, totals, two tables and two charts; and an app to render it in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from flask import Flask
from flask_babel import force_locale

from app import create_app
from reporting.domain.document import Chart, Column, Report, Series, Table
from reporting.domain.periods import Period

MADE_AT = datetime(2026, 9, 25, 5, 3, tzinfo=UTC)  # 14:03 KST
TITLE = "민원 처리기한 준수 현황"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"클릭\")"
COLUMNS = [
    Column("department", "처리 부서", "text"),
    Column("received", "접수 건수", "int"),
    Column("average", "평균 처리일수(일)", "number"),
    Column("rate", "기한 준수율", "percent"),
    Column("first", "최초 접수일", "date"),
    Column("last", "최종 처리 일시", "datetime"),
    Column("hours", "평균 처리시간", "hours"),
    Column("days", "최장 지연", "days"),
]
ROWS = [
    ["행정지원과", 1234, 3.25, 0.954, date(2026, 9, 1), datetime(2026, 9, 25, 5, 3, tzinfo=UTC), 12.5, 3.0],
    [FORMULA, 5, None, None, None, None, None, None],
    ["민원봉사과", 0, 0.0, 1.0, date(2026, 1, 2), datetime(2026, 1, 2, 15, 30, tzinfo=UTC), 0.5, 1.5],
]
TOTALS = [None, 1239, 3.1, 0.955, None, None, 13.0, 4.5]
NOTE = "기한 준수율은 처리기한 안에 처리한 민원의 비율입니다."
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="160" viewBox="0 0 400 160">
<rect x="20" y="40" width="{w}" height="60" fill="#1d3f6e"/>
<text x="20" y="25" font-family="PolicyDoc Sans" font-size="14">막대그림 {label}</text></svg>"""


def sample_report(*, long_rows: int = 0, landscape: bool = True) -> Report:
    """Two tables; with `long_rows`, the second has that many rows (a table over several pages)."""
    types = Table("types", "유형별 접수", [Column("type", "민원 유형"), Column("count", "건수", "int")],
                  rows=[[f"유형 {n:03d} 질의민원", n] for n in range(long_rows)] or [["질의민원", 7], ["건의민원", 3]],
                  totals=["합계", long_rows * (long_rows - 1) // 2 if long_rows else 10])
    return Report(
        key="deadline_compliance", title=TITLE, period=Period(date(2025, 9, 1), date(2026, 8, 31), "evaluation_year"),
        made_at=MADE_AT, made_by="감사관 김감사",
        conditions=[("부서", "전체 부서"), ("민원 종류", "법정민원"), ("개인정보", "가림 처리")],
        tables=[Table("departments", "부서별 처리 현황: 2025/26 [평가]", COLUMNS, rows=[list(r) for r in ROWS],
                      totals=TOTALS, note=NOTE), types],
        charts=[Chart("rate", "부서별 준수율", "hbar", ["행정지원과", "민원봉사과"],
                      [Series("준수율", [0.954, 1.0])], unit="%", percent=True),
                Chart("received", "월별 접수 건수", "bar", ["9월", "10월"], [Series("접수", [3, 5])], unit="건")],
        notes=["처리일수는 근무일 기준입니다."], landscape=landscape)


def chart_svgs(report: Report) -> list[tuple[Chart, str]]:
    return [(chart, SVG.format(w=100 + 100 * n, label=chart.title)) for n, chart in enumerate(report.charts)]


def big_rows(count: int) -> Iterator[list[object]]:
    """A generator: the rows are made as they are read, never held."""
    for n in range(count):
        yield ["민원 " + str(n), n, n / 3, (n % 100) / 100, date(2026, 1, 1),
               datetime(2026, 1, 1, tzinfo=UTC), n % 7 * 1.5, n % 5 * 0.5]


def make_app() -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, env_name="test")


@contextmanager
def rendering(app: Flask, locale: str = "ko") -> Iterator[None]:
    with app.test_request_context("/"), force_locale(locale):
        yield
