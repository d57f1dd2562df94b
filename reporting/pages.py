"""The page of a report: its form, download links, charts (SVG drawn on the server, each with its data table) and
tables (the first rows; the files hold every row)."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from reporting.asking import params_of
from reporting.charts import render_svg
from reporting.formats.cells import display
from reporting.params import ReportForm, UnmaskForm
from reporting.registry import ReportDefinition, ReportQuery

#: rows a report's page shows of one table; the files hold every row
PAGE_ROWS = 500
FORMAT_LABELS = {"xlsx": _l("Excel (XLSX)"), "csv": _l("CSV (UTF-8, opens in Excel)"), "pdf": _l("PDF (print)")}


def report_page(found: ReportDefinition, form: ReportForm, query: ReportQuery | None, built=None, *,
                unmask: UnmaskForm | None = None, status: int = 200):
    charts = [(chart, render_svg(chart)) for chart in built.charts] if built is not None else []
    tables = []
    if built is not None:
        for table in built.tables:
            shown = _head(table.rows)
            tables.append((table, shown[:PAGE_ROWS], len(shown) > PAGE_ROWS))
    if unmask is None and found.may_unmask is not None and found.may_unmask(current_user):
        unmask = UnmaskForm(formdata=None)
    return render_template("reporting/report.html", definition=found, form=form, query=query, report=built,
                           charts=charts, tables=tables, params=params_of(query) if query else {},
                           format_labels=FORMAT_LABELS, page_rows=PAGE_ROWS, unmask=unmask), status


def _head(rows) -> list:
    shown = []
    for row in rows:
        shown.append(row)
        if len(shown) > PAGE_ROWS:
            break
    return shown[:PAGE_ROWS + 1]


def report_cell(value: object, kind: str) -> str:
    """A value as the page shows it (the PDF uses the same function): thousands separators, 95.4%, 2026. 9. 25."""
    return display(value, kind, str(get_locale()))
