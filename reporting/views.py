"""The reports' pages: the hub, any registered report as a page or a file, freezing, the frozen reports, and the
register's unmasked export (with a reason, logged). Who may read a report is the report's own rule
(`ReportDefinition.may_read`); a department head sees their department only (`scope`).

Decided: whoever may download a report may freeze it. Freezing keeps a copy of what the report said; it changes no
record of the agency, so an auditor (who never changes data) may freeze. Every view and download is logged.
"""

from __future__ import annotations

import json

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_any_permission, requires_permission
from organization.domain.roles import Permission
from reporting import downloads, freezing
from reporting.asking import params_of, read_query, readable
from reporting.formats.csvfile import csv_response
from reporting.formats.xlsx import xlsx_response
from reporting.models import FrozenReport, FrozenReportFile
from reporting.pages import report_page
from reporting.params import ReportForm
from reporting.registry import ReportInputError, definition, definitions

#: who reads at least one report (each report has its own rule besides): the hub and the frozen list open for them
READER_PERMISSIONS = (Permission.REPORTS_DOWNLOAD, Permission.SERVICE_PERFORMANCE_VIEW, Permission.ACCESS_LOG_REVIEW)


@requires_any_permission(*READER_PERMISSIONS)
def hub():
    """The reports this person may read, each opened on the period chosen here."""
    reports = [d for d in definitions() if d.listed and d.may_read(current_user)]
    if not reports:
        abort(403)
    form = ReportForm(request.args)
    frozen = db.session.scalars(select(FrozenReport).order_by(FrozenReport.created_at.desc()).limit(10)).all()
    frozen = [f for f in frozen if _may_read_key(f.report)]
    return render_template("reporting/hub.html", reports=reports, form=form, frozen=frozen)


def _may_read_key(key: str) -> bool:
    found = definition(key)
    return found is not None and found.may_read(current_user) and found.scope(current_user) is None


@requires_any_permission(*READER_PERMISSIONS)
def report(key: str):
    """A report on screen (`format=html`, the default) or as a file (`xlsx`, `csv`, `pdf`)."""
    found = readable(key)
    fmt = request.args.get("format") or "html"
    form, query = read_query(found, request.args)
    if fmt not in ("html", *found.formats):
        form.preset.errors = list(form.preset.errors) + [_l("Choose a format: html, xlsx, csv or pdf.")]
        query = None
    if query is None:
        return report_page(found, form, None, status=400)
    try:
        built = found.build(query)
    except ReportInputError as error:
        getattr(form, error.field).errors = [error.message]
        return report_page(found, form, None, status=400)
    downloads.log_download(current_user, key, fmt, params_of(query), now=query.now)
    db.session.commit()
    if fmt == "html":
        return report_page(found, form, query, built)
    return file_response(built, fmt)


def file_response(built, fmt: str) -> Response:
    if fmt == "xlsx":
        return xlsx_response(built)
    if fmt == "csv":
        return csv_response(built)
    content = freezing.render_bytes(built, "pdf")
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{built.filename("pdf")}"'})


@requires_permission(Permission.REPORTS_DOWNLOAD)
def freeze(key: str):
    """Keep this report as it is now: every format, with its digest."""
    found = readable(key)
    form, query = read_query(found, request.form)
    if query is None:
        return report_page(found, form, None, status=400)
    try:
        frozen = freezing.freeze(lambda: found.build(query), found.title,
                                 [f for f in found.formats if f != "html"], params_of(query), actor=current_user,
                                 now=query.now)
    except ReportInputError as error:
        getattr(form, error.field).errors = [error.message]
        return report_page(found, form, None, status=400)
    db.session.flush()
    downloads.log_download(current_user, key, "freeze", params_of(query), now=query.now, frozen_id=frozen.id)
    db.session.commit()
    return redirect(url_for("reporting.frozen_report", frozen_id=frozen.id))


@requires_any_permission(*READER_PERMISSIONS)
def frozen_reports():
    rows = db.session.scalars(select(FrozenReport).order_by(FrozenReport.created_at.desc()).limit(200)).all()
    rows = [row for row in rows if _may_read_key(row.report)]
    if not rows and not any(d.may_read(current_user) for d in definitions()):
        abort(403)
    return render_template("reporting/frozen_list.html", frozen=rows)


def _frozen(frozen_id: int) -> FrozenReport:
    frozen = db.session.get(FrozenReport, frozen_id)
    if frozen is None:
        abort(404)
    if not _may_read_key(frozen.report):
        abort(403)
    return frozen


@requires_any_permission(*READER_PERMISSIONS)
def frozen_report(frozen_id: int):
    frozen = _frozen(frozen_id)
    return render_template("reporting/frozen.html", frozen=frozen, params=frozen_params(frozen))


def frozen_params(frozen: FrozenReport) -> dict:

    return json.loads(frozen.params)


@requires_any_permission(*READER_PERMISSIONS)
def frozen_file(frozen_id: int, fmt: str):
    frozen = _frozen(frozen_id)
    file = db.session.scalar(select(FrozenReportFile).where(FrozenReportFile.frozen_id == frozen.id,
                                                            FrozenReportFile.format == fmt))
    if file is None:
        abort(404)
    if not freezing.intact(file):
        abort(409)
    downloads.log_download(current_user, frozen.report, fmt, frozen_params(frozen), now=now_utc(),
                           frozen_id=frozen.id)
    db.session.commit()
    return Response(file.content, mimetype=file.content_type, headers={
        "Content-Disposition": f'attachment; filename="{file.filename}"', "X-Content-SHA256": file.sha256})
