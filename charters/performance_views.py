"""이행실적 for staff: the page and the PDF annex that auditors download (aggregates only, no personal data)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Response, current_app, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from charters.domain.measure import default_period
from charters.forms import PeriodForm
from charters.performance import PerformanceReport, measured_performance
from charters.performance_queries import latest_received_on, received_between
from core.clock import KST, now_utc
from core.pdf import render_pdf
from core.pdf_files import RenderCache
from organization.auth import requires_any_permission
from organization.domain.roles import Permission


def _period_form(now: datetime) -> PeriodForm:
    """The period asked for; without one, the last full quarter, or the latest quarter with 민원 when that is empty
    (a report does not open on an empty period while there is data)."""
    form = PeriodForm(request.args)
    if not request.args:
        form.first_day.data, form.last_day.data = default_period(
            now.astimezone(KST).date(), has_complaints=received_between, latest_received=latest_received_on(now))
    return form


_ANNEXES = RenderCache(8)


def render_annex_pdf(report: PerformanceReport, agency_name: str) -> bytes:
    """The 이행실적 annex as an A4 PDF, in Korean like the charter it belongs to.

    Dated to the minute it shows ("as of 14:30"): the page and its download in the same minute are the same
    document, rendered once (the page renders it to state its size; core/pdf_files.py)."""
    created_at = report.as_of.replace(second=0, microsecond=0)
    with force_locale("ko"):
        html = render_template("charters/pdf/annex.html", report=report, agency_name=agency_name, lang="ko")
        title = _("Measured performance of the customer charter")
    key = (hashlib.sha256(html.encode()).hexdigest(), created_at)
    return _ANNEXES.get_or_render(key, lambda: render_pdf(
        html, title=f"{agency_name} {title}", lang="ko", created_at=created_at))


@requires_any_permission(Permission.REPORTS_DOWNLOAD, Permission.CHARTER_EDIT)
def performance():
    now = now_utc()
    form = _period_form(now)
    valid = form.validate() if request.args else True
    report = measured_performance(form.first_day.data, form.last_day.data, now) if valid else None
    annex = render_annex_pdf(report, current_app.config["AGENCY_NAME"]) if report else b""
    return render_template("charters/performance.html", form=form, report=report,
                           annex_pdf_size=len(annex)), 200 if valid else 400


@requires_any_permission(Permission.REPORTS_DOWNLOAD, Permission.CHARTER_EDIT)
def performance_pdf():
    now = now_utc()
    form = _period_form(now)
    if request.args and not form.validate():
        return render_template("charters/performance.html", form=form, report=None), 400
    report = measured_performance(form.first_day.data, form.last_day.data, now)
    pdf = render_annex_pdf(report, current_app.config["AGENCY_NAME"])
    response = Response(pdf, mimetype="application/pdf")
    name = f"charter-performance-{report.first_day:%Y%m%d}-{report.last_day:%Y%m%d}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
