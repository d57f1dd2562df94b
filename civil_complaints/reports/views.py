"""민원 처리상황 점검 (영 제22조①, 규칙 제7조): the stored monthly checks, a check run now, and both as CSV."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.validators import DataRequired, ValidationError

from civil_complaints.reports.models import MonthlyReport
from civil_complaints.reports.monthly import latest_month_with_complaints, month_bounds, monthly_figures
from core.clock import now_utc, today_kst
from core.exports import csv_response
from core.extensions import db
from core.inputs import BoundedMonthField
from organization.auth import requires_permission
from organization.domain.roles import Permission

REPORT_COLUMNS = {"received": _l("Received"), "answered": _l("Answered"), "on_time": _l("On time"),
                  "overdue": _l("Overdue"), "returned": _l("Returned with reasons"), "open": _l("Open at month end")}


_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class MonthForm(FlaskForm):
    """The month of an on-demand check (a GET form: nothing is stored, no CSRF token)."""

    class Meta:
        csrf = False

    month = BoundedMonthField(_l("Month"), validators=[DataRequired(message=_l("Choose a month."))],
                       description=_l("Any month from January 2000 up to this month."))

    def validate_month(self, field):
        if not date(2000, 1, 1) <= field.data <= today_kst(now_utc()).replace(day=1):
            raise ValidationError(_l("Choose a month from January 2000 up to this month."))


def _month(value: str | None, now: datetime) -> date | None:
    """The first day of a month given as "2026-11", from 2000 up to the current month (KST); None otherwise."""
    match = _MONTH.fullmatch(value or "")
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        return None
    first = date(int(match.group(1)), int(match.group(2)), 1)
    return first if first <= today_kst(now).replace(day=1) else None


def _stored(month: str) -> MonthlyReport:
    report = db.session.scalar(select(MonthlyReport).where(MonthlyReport.month == month))
    if report is None or _MONTH.fullmatch(month) is None:
        abort(404)
    return report


def _reports_page(form: MonthForm, status: int = 200):
    reports = db.session.scalars(select(MonthlyReport).order_by(MonthlyReport.month.desc()).limit(36)).all()
    return render_template("civil_complaints/reports/monthly.html", reports=reports, form=form), status


@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_reports():
    """The kept checks, and the form to run one now: it opens on the latest month with 민원, not an empty one."""
    form = MonthForm(formdata=None, month=latest_month_with_complaints(now_utc()))
    return _reports_page(form)


@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_check():
    """규칙 제7조's check run now, for any month up to the current one (not stored, not mailed: the scheduled check
    of each finished month is)."""
    now = now_utc()
    form = MonthForm(request.args) if request.args.get("month") is not None else MonthForm(
        formdata=None, month=latest_month_with_complaints(now))
    if not form.validate():
        return _reports_page(form, 400)
    first = form.month.data
    data = monthly_figures(first, now=now)
    return render_template("civil_complaints/reports/check.html", data=data, month=data["month"], made_at=now,
                           live=True,
                           month_end=month_bounds(first)[1])


@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_check_csv():
    now = now_utc()
    first = _month(request.args.get("month") or latest_month_with_complaints(now).strftime("%Y-%m"), now)
    if first is None:
        abort(404)
    return _csv(monthly_figures(first, now=now), now, so_far=now < month_bounds(first)[1])


@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_report(month: str):
    report = _stored(month)
    return render_template("civil_complaints/reports/check.html", data=json.loads(report.data), month=report.month,
                           made_at=report.generated_at, live=False)


@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_report_csv(month: str):
    report = _stored(month)
    return _csv(json.loads(report.data), report.generated_at)


def _csv(data: dict, made_at: datetime, *, so_far: bool = False) -> Response:
    """The check as a spreadsheet (core/exports.py: UTF-8 with a byte-order mark, RFC 4180, no formula injection)."""
    locale = str(get_locale())
    labels = {**REPORT_COLUMNS, **({"open": _l("Open now")} if so_far else {})}
    rows = [[_("Processing check for %(month)s", month=data["month"]), made_at],
            [_("Department"), *(str(label) for label in labels.values())]]
    rows += [[row["name_ko"] if locale == "ko" else row["name_en"], *(row.get(k, "") for k in labels)]
             for row in data["departments"]]
    rows.append([_("Total"), *(data["totals"].get(k, "") for k in labels)])
    return csv_response(rows, f'monthly-check-{data["month"]}.csv')
