"""A report as a PDF: title and conditions, the charts (SVG, already drawn; each before the tables or after the
table it names), the tables, page numbers.

Rendered by core/pdf.py (bundled fonts only, glyph check, tagged PDF/UA-1, deterministic bytes) from
`reporting/templates/reporting/pdf/report.html`, in the current locale (the labels of the report arrive translated
in it). A4 landscape when `report.landscape`, portrait otherwise. Each table's header row repeats on every page it
runs over; its totals row follows the rows, in bold, once. Values are written by `cells.display`, so the PDF says
what the page says.

The PDF holds every row, up to `MAX_ROWS` a table: a register of a million rows belongs in the XLSX or the CSV.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from flask import current_app
from flask_babel import get_locale
from jinja2 import ChoiceLoader, FileSystemLoader

from core.clock import KST
from core.pdf import render_pdf
from reporting.domain.document import Chart, Column, Report, Table
from reporting.formats.cells import conditions_rows, display, is_numeric, text_width, totals_cells

TEMPLATE = "reporting/pdf/report.html"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
#: more rows than this in one table make a PDF nobody reads (200 pages, a minute of rendering): refused
MAX_ROWS = 5_000
WIDTH_SAMPLE = 50
_SVG_OPENING = re.compile(r"<svg\b[^>]*>")
_SVG_FONTS = "<style>text, tspan { font-family: PolicyDoc Sans, PolicyDoc Latin; }</style>"


class TooManyRows(ValueError):
    """A table is too long for a PDF; the XLSX or CSV holds it."""


@dataclass(frozen=True)
class PdfCell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class PdfTable:
    title: str
    headers: list[PdfCell]
    shares: list[float]  # each column's share of the line, in percent
    rows: list[list[PdfCell]]
    emphasised: frozenset[int]
    totals: list[PdfCell] | None
    note: str


@dataclass(frozen=True)
class PdfChart:
    title: str
    src: str  # data: URL of the SVG
    after: str = ""  # the key of the table it follows; "": before the tables


def pdf_bytes(report: Report, charts: Sequence[tuple[Chart, str]] = ()) -> bytes:
    """The PDF of a report; `charts` pairs each chart with its SVG text (reporting/charts.py draws it)."""
    locale = str(get_locale() or "ko")
    tables = [pdf_table(table, locale) for table in report.tables]
    html = render(
        report=report, lang=locale, tables=tables, conditions=conditions_rows(report),
        charts=[PdfChart(chart.title, svg_data_url(svg), chart.after) for chart, svg in charts],
        keys=[table.key for table in report.tables])
    return render_pdf(html, title=report.title, lang=locale, created_at=report.made_at.astimezone(KST))


def render(**context) -> str:
    """The template through the app's Jinja environment (filters, `_`, context processors), with this package's
    templates found whether or not a blueprint registered them."""
    env = current_app.extensions.get("reporting.formats.jinja")
    if env is None:
        env = current_app.jinja_env.overlay(loader=ChoiceLoader([FileSystemLoader(TEMPLATES),
                                                                 current_app.jinja_env.loader]))
        current_app.extensions["reporting.formats.jinja"] = env
    current_app.update_template_context(context)
    return env.get_template(TEMPLATE).render(context)


def svg_data_url(svg: str) -> str:
    """The SVG as a data: URL, its text set in the bundled fonts (a PDF may use no host font: core/pdf.py)."""
    opening = _SVG_OPENING.search(svg)
    if opening:
        svg = svg[:opening.end()] + _SVG_FONTS + svg[opening.end():]
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def pdf_table(table: Table, locale: str) -> PdfTable:
    rows = table.rows if isinstance(table.rows, list) else list(islice(table.rows, MAX_ROWS + 1))
    if len(rows) > MAX_ROWS:  # a generator is read no further: a register is never held whole
        raise TooManyRows(f"table {table.key!r} has more than {MAX_ROWS:,} rows, too many for a PDF")
    table.rows = rows  # as Table.materialise(): read again by whoever comes next
    columns = list(table.columns)

    def cells(values: Sequence[object]) -> list[PdfCell]:
        return [PdfCell(display(value, column.kind, locale), is_numeric(column.kind))
                for value, column in zip(values, columns, strict=False)]

    body = [cells(row) for row in rows]
    return PdfTable(
        title=table.title, headers=[PdfCell(column.label, is_numeric(column.kind)) for column in columns],
        shares=column_shares(columns, body[:WIDTH_SAMPLE]), rows=body, emphasised=table.emphasised,
        totals=cells(totals_cells(table.totals)) if table.totals is not None else None, note=table.note)


def column_shares(columns: Sequence[Column], sample: Sequence[Sequence[PdfCell]]) -> list[float]:
    """Each column's share of the line (percent): its declared width, else its widest label word or value."""
    weights = []
    for index, column in enumerate(columns):
        label = max((text_width(word) for word in column.label.split()), default=1)
        seen = max((text_width(row[index].text) for row in sample if index < len(row)), default=0)
        weights.append(max(4, column.width or max(label, seen)))
    total = sum(weights)
    return [round(100 * weight / total, 2) for weight in weights]
