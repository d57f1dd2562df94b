"""The 이행실적 annex PDF lays out its tables within the page: "해당 민원 없음" (no complaints) stays inside its table.

Laid out by WeasyPrint itself, as app.pdf renders it (same stylesheet, fonts and Hangul word glue), and read from
the layout boxes: every text of the standards table ends inside the table, and the table inside the page."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import force_locale
from weasyprint import CSS, HTML

from charters.domain.snapshot import CharterSnapshot
from charters.performance import build_report
from charters.services import current_charter
from core import pdf as pdf_module
from core.clock import now_utc
from working_calendar.cache import load_calendar


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child)


def _laid_out_annex(app):
    with app.test_request_context():
        snapshot = CharterSnapshot.from_json(current_charter().snapshot_json)
        report = build_report(snapshot, date(2026, 7, 1), date(2026, 9, 30), now=now_utc(), calendar=load_calendar())
        with force_locale("ko"):
            html = render_template("charters/pdf/annex.html", report=report, agency_name="한빛시", lang="ko")
    fetcher = pdf_module._AllowListFetcher(tuple(pdf_module._DEFAULT_ASSET_DIRS))
    fonts = pdf_module._BundledFontConfiguration()
    document = HTML(string=html, base_url=pdf_module.PDF_ASSETS_DIR.as_uri() + "/", url_fetcher=fetcher)
    pdf_module._prepare_tree(document.etree_element, "ko")
    sheet = CSS(url=pdf_module.DOCUMENT_CSS.as_uri(), url_fetcher=fetcher, font_config=fonts)
    return document.render(font_config=fonts, stylesheets=[sheet])


def test_no_verdict_runs_past_the_edge_of_its_table(demo):
    rendered = _laid_out_annex(demo)
    page = rendered.pages[0]._page_box
    content_right = page.content_box_x() + page.width
    tables = [b for b in _boxes(page) if type(b).__name__ == "TableBox"
              and "perf-standards" in (b.element.get("class") or "")]
    assert tables, "the standards table is on the first page"
    table = tables[0]
    table_right = table.border_box_x() + table.border_width()
    assert table_right <= content_right + 0.5  # the table fits the page
    texts = [b for b in _boxes(table) if type(b).__name__ == "TextBox"]
    verdicts = [b for b in texts if "없음" in b.text.replace("\u2060", "")]  # Hangul words glued by U+2060
    assert len(verdicts) == 9  # the demo charter's nine measurable standards, none with complaints in Q3 2026
    overflowing = [(b.text, round(b.position_x + b.width - table_right, 1)) for b in texts
                   if b.position_x + b.width > table_right + 0.5]
    assert overflowing == []
