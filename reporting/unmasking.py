"""A report with personal data shown unmasked (the case register): only for a role the report allows
(`ReportDefinition.may_unmask`), only with a reason, and written to the personal-data access log as one export
(who, when, from where, which report and period, why) besides the report download log."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission
from reporting import downloads
from reporting.asking import params_of, read_query, readable
from reporting.formats.csvfile import csv_response
from reporting.formats.xlsx import xlsx_response
from reporting.pages import report_page
from reporting.params import UnmaskForm


@requires_permission(Permission.REPORTS_DOWNLOAD)
def unmasked_export(key: str):
    """The report's file with names and contacts; the form is the report page's, kept as typed on refusal."""
    found = readable(key)
    if found.may_unmask is None or not found.may_unmask(current_user):
        abort(403)
    form, query = read_query(found, request.form)
    unmask = UnmaskForm()
    if not unmask.validate() or query is None:
        return report_page(found, form, None, unmask=unmask, status=400)
    query = replace(query, unmasked=True, locale="ko")
    built = found.build(query)
    reason = unmask.reason.data.strip()
    subject = _("%(report)s, %(first)s – %(last)s, unmasked", report=built.title, first=query.period.start.isoformat(),
                last=query.period.end.isoformat())
    downloads.log_unmasked_export(current_user, subject, reason, now=query.now)
    downloads.log_download(current_user, found.key, unmask.file_format.data, params_of(query), now=query.now,
                           reason=reason)
    db.session.commit()
    return xlsx_response(built) if unmask.file_format.data == "xlsx" else csv_response(built)
