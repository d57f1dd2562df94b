"""Every URL of the reports, in one table (mounted by the app). Endpoint names are the view functions'.

`/staff/reports/<key>` serves any registered report: `processing` (the 민원 처리상황 점검표), `register` (the case
register, 민원 처리부), `late-cases`, `charter`, `internal-services`, `access-log`; each takes `from`, `to` (ISO dates,
inclusive, by 접수일 in KST), `preset`, its filters and `format=html|xlsx|csv|pdf`.
"""

from __future__ import annotations

from flask import Blueprint

import reporting.charts as charts
import reporting.pages as pages
import reporting.unmasking as unmasking
import reporting.views as views

bp = Blueprint("reporting", __name__, template_folder="templates")

bp.add_url_rule("/staff/reports", view_func=views.hub)
bp.add_url_rule("/staff/reports/frozen", view_func=views.frozen_reports)
bp.add_url_rule("/staff/reports/frozen/<int:frozen_id>", view_func=views.frozen_report)
bp.add_url_rule("/staff/reports/frozen/<int:frozen_id>/<any(xlsx, csv, pdf):fmt>", view_func=views.frozen_file)
bp.add_url_rule("/staff/reports/<key>", view_func=views.report)
bp.add_url_rule("/staff/reports/<key>/freeze", view_func=views.freeze, methods=["POST"])
bp.add_url_rule("/staff/reports/<key>/unmasked", view_func=unmasking.unmasked_export, methods=["POST"])
bp.add_app_template_global(pages.report_cell, "report_cell")
bp.record_once(lambda state: charts.init_app(state.app))  # the chart filters the page and the PDF use
