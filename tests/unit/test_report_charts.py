"""reporting/charts.py: a report's charts as SVG drawn on the server — well-formed, accessible, nothing fetched from
another host, Korean text in the bundled fonts of a PDF — and the chart_figure macro's data table."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from flask import Blueprint, render_template_string
from PIL import Image
from pypdf import PdfReader

from app import create_app
from core.pdf import render_pdf
from reporting import charts
from reporting.charts import PALETTE, render_svg, summary
from reporting.domain.document import Chart, Series

NS = {"svg": "http://www.w3.org/2000/svg"}
ALLOWED_URLS = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
MONTHS = ["2025. 9.", "10.", "11.", "12."]
DEPARTMENTS = ["민원봉사과", "도시계획과", "스마트도시정보화담당관실", "복지정책과"]

CHARTS = {
    "bar": Chart("received", "월별 민원 접수·처리 건수", "bar", MONTHS,
                 [Series("접수", [1200, 1610, None, 980]), Series("처리", [1100, 1580, 900, 1000])], unit="건"),
    "stacked": Chart("types", "유형별 처리 건수", "stacked", ["1분기", "2분기", "3분기"],
                     [Series("법정민원", [300, None, 380]), Series("질의민원", [150, 130, 170])], unit="건"),
    "line": Chart("days", "평균 처리 일수", "line", [*MONTHS, "2026. 1."],
                  [Series("평균", [3.2, 3.6, None, 4.1, 2.5])], unit="일"),
    "hbar": Chart("on-time", "부서별 기한 내 처리율", "hbar", DEPARTMENTS,
                  [Series("기한 내 처리율", [0.954, 0.88, 1.0, None])], unit="%", percent=True),
}


@pytest.fixture(scope="module")
def app():
    """The real app (Korean first; its catalogs, filters and base templates), with the reporting package's templates
    mounted; no database is touched."""
    application = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, env_name="test")
    application.register_blueprint(Blueprint("chart_templates", "reporting", template_folder="templates"))
    charts.init_app(application)
    return application


@pytest.fixture
def korean(app):
    with app.test_request_context("/", headers={"Accept-Language": "ko"}):
        yield


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()).strip() for element in root.iterfind(".//svg:text", NS)]


@pytest.mark.parametrize("kind", CHARTS)
def test_each_kind_is_a_standalone_accessible_svg_with_its_title_and_every_label(korean, kind):
    chart = CHARTS[kind]
    svg = render_svg(chart)
    assert str(svg).startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("900", "360")
    assert root.get("role") == "img"
    title = root.find(f"svg:title[@id='{root.get('aria-labelledby')}']", NS)
    desc = root.find(f"svg:desc[@id='{root.get('aria-describedby')}']", NS)
    assert title.text == chart.title and desc.text == summary(chart) and desc.text.startswith("최고 ")
    assert len(root.findall(".//svg:title", NS)) == len(root.findall(".//svg:desc", NS)) == 1  # no tooltip texts
    drawn = texts(root)
    assert chart.title in drawn
    assert set(chart.labels) <= set(drawn)
    if len(chart.series) > 1:  # a legend
        assert {series.name for series in chart.series} <= set(drawn)


def test_the_title_may_be_left_out_of_the_drawing_and_stays_the_accessible_name(korean):
    root = parse(render_svg(CHARTS["bar"], width=640, height=300, show_title=False))
    assert CHARTS["bar"].title not in texts(root) and "접수" in texts(root)
    assert root.find("svg:title", NS).text == CHARTS["bar"].title
    assert (root.get("width"), root.get("height")) == ("640", "300")


@pytest.mark.parametrize("kind", CHARTS)
def test_no_script_no_style_sheet_and_no_url_but_the_namespaces(korean, kind):
    svg = str(render_svg(CHARTS[kind]))
    assert set(re.findall(r"https?://[^\s\"'<>)]*", svg)) <= ALLOWED_URLS
    assert "<script" not in svg and "<style" not in svg and " style=" not in svg  # the page's CSP blocks styles
    assert not re.search(r"\son\w+=", svg)  # no event handlers
    assert "kozea" not in svg.lower() and "<!--" not in svg
    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert len(ids) == len(set(ids)) == 3  # the svg, its title and desc: two charts on a page never share an id
    assert all(i.startswith(f"chart-{CHARTS[kind].key}") for i in ids)


def test_the_styles_are_presentation_attributes_in_the_palette_and_the_bundled_fonts(korean):
    root = parse(render_svg(CHARTS["bar"]))
    assert root.get("font-family").startswith('"PolicyDoc Sans","PolicyDoc Latin"')  # what core/pdf.py accepts
    fills = [group.get("fill") for group in root.iterfind(".//svg:g[@class='series serie-0 color-0']", NS)]
    fills += [group.get("fill") for group in root.iterfind(".//svg:g[@class='series serie-1 color-1']", NS)]
    assert fills[0] == PALETTE[0] and fills[-1] == PALETTE[1]
    for text in root.iterfind(".//svg:text", NS):
        assert text.get("fill", "#1e2124") in ("#1e2124", *PALETTE)


def contrast(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_every_series_colour_contrasts_with_the_white_background():
    assert len(set(PALETTE)) == len(PALETTE) == 8
    assert min(contrast(colour) for colour in PALETTE) >= 4.5


def test_missing_values_leave_a_gap_and_are_left_out_of_the_summary(korean):
    bar = parse(render_svg(CHARTS["bar"]))
    bars = [len(group.findall(".//svg:rect", NS)) for group in bar.iterfind(".//svg:g[@class='bars']", NS)]
    assert bars == [3, 4]  # 접수 has no value for 11.
    line = parse(render_svg(CHARTS["line"]))
    paths = [path.get("d") for path in line.iterfind(".//svg:path[@class='line reactive nofill']", NS)]
    assert len(paths) == 2  # the line stops at the missing month and starts again
    assert len(line.findall(".//svg:circle", NS)) == 4  # a dot per value
    assert summary(CHARTS["bar"]) == "최고 10. 접수 1,610건, 최저 11. 처리 900건."
    empty = Chart("none", "빈 차트", "bar", ["가", "나"], [Series("값", [None, None])])
    assert summary(empty) == "이 차트에는 값이 없습니다."
    assert parse(render_svg(empty)).find("svg:desc", NS).text == "이 차트에는 값이 없습니다."


def test_a_percent_axis_is_labelled_in_percent_from_0_to_100(korean):
    drawn = texts(parse(render_svg(CHARTS["hbar"])))
    ticks = [text for text in drawn if re.fullmatch(r"[\d.,%]+", text)]
    assert ticks[0] == "0%" and ticks[-1] == "100%" and len(ticks) >= 5
    assert all(text.endswith("%") for text in ticks)  # no fraction left unconverted
    assert summary(CHARTS["hbar"]) == "최고 스마트도시정보화담당관실 100.0%, 최저 도시계획과 88.0%."


def test_labels_are_escaped_and_the_same_chart_gives_the_same_svg(korean):
    chart = Chart("x", '<script>alert("1")</script> & 통계', "bar", ["<b>가</b>"], [Series("값", [1])])
    svg = render_svg(chart)
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;가&lt;/b&gt;" in svg
    assert parse(svg).find("svg:title", NS).text == chart.title
    assert render_svg(chart) == svg
    with pytest.raises(ValueError, match="pie"):
        render_svg(Chart("x", "x", "pie", ["a"], [Series("a", [1])]))


def test_a_pdf_with_the_charts_renders_with_the_bundled_fonts_and_keeps_the_text(korean, tmp_path):
    """core/pdf.py fails on any glyph drawn with a host font or missing; the chart's text stays text."""
    inline = render_svg(CHARTS["bar"], width=640, height=300)
    image = base64.b64encode(str(render_svg(CHARTS["hbar"], width=640, height=300)).encode()).decode()
    html = (f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>차트</title></head><body>'
            f'<h1>차트</h1>{inline}<img alt="부서별 기한 내 처리율" src="data:image/svg+xml;base64,{image}">'
            '</body></html>')
    pdf = render_pdf(html, title="차트")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for words in (CHARTS["bar"].title, "2025. 9.", "1,600", "접수", CHARTS["hbar"].title, "스마트도시정보화담당관실",
                  "100%"):
        assert words in text
    (tmp_path / "charts.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "charts.pdf"),  # noqa: S607
                    str(tmp_path / "page")], check=True)
    with Image.open(next(tmp_path.glob("page*.png"))) as page:
        colours = page.convert("RGB").getcolors(maxcolors=1 << 16) or []
    blues = sum(count for count, (r, g, b) in colours if b > 150 and r < 60 and g < 120)  # the bars, drawn
    assert blues > 500


def render_macro(chart: Chart) -> str:
    template = '{% from "reporting/_chart.html" import chart_figure %}{{ chart_figure(chart, svg) }}'
    return render_template_string(template, chart=chart, svg=render_svg(chart))


def test_the_figure_holds_the_svg_a_caption_and_the_data_as_a_table_row_per_label(korean):
    page = BeautifulSoup(render_macro(CHARTS["bar"]), "html.parser")
    figure = page.find("figure")
    assert figure.find("svg", attrs={"role": "img"}) is not None
    assert figure.find("figcaption").get_text(strip=True) == "최고 10. 접수 1,610건, 최저 11. 처리 900건."
    details = figure.find("details")
    assert details.find("summary").get_text(strip=True) == "이 차트의 자료"
    table = details.find("table")
    assert table.find("caption").get_text(strip=True) == "월별 민원 접수·처리 건수 (단위: 건)"
    assert [th.get_text(strip=True) for th in table.select("thead th[scope=col]")] == ["분류", "접수", "처리"]
    rows = table.select("tbody tr")
    assert [row.find("th", scope="row").get_text(strip=True) for row in rows] == MONTHS
    assert [[td.get_text(strip=True) for td in row.find_all("td")] for row in rows] == [
        ["1,200", "1,100"], ["1,610", "1,580"], ["–", "900"], ["980", "1,000"]]


def test_percentages_in_the_table_have_one_decimal(korean):
    page = render_macro(CHARTS["hbar"])
    cells = re.findall(r'<td class="num">([^<]*)</td>', page)
    assert cells == ["95.4%", "88.0%", "100.0%", "–"]
    assert re.findall(r'<th scope="row">([^<]*)</th>', page) == DEPARTMENTS  # the table keeps the chart's order
