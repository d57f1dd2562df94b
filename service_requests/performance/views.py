"""The providing departments' performance (서비스 수준 실적) for department heads, auditors and administrators.

Who sees what (decided for this product): every holder of SERVICE_PERFORMANCE_VIEW sees the figures of every
providing department — they are aggregates without personal data, and the requesting departments' heads are the
internal customers who compare them. The drill-down to the late requests (numbers and titles) opens for auditors
and administrators for every department, for a department head only for their own department.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, ValidationError

from core.clock import KST, now_utc
from core.exports import csv_response
from core.i18n import number
from core.inputs import BoundedDateField
from organization.auth import requires_permission
from organization.domain.roles import Permission, Role
from service_requests.access import may_read
from service_requests.domain.performance import last_full_month, working_amount
from service_requests.performance import queries
from service_requests.performance.report import build_report, late_requests
from working_calendar.cache import load_calendar

KINDS = {"response": _l("First response late"), "resolution": _l("Resolved late or overdue")}


class PeriodForm(FlaskForm):
    """The period (GET form: nothing is stored, no CSRF token)."""

    class Meta:
        csrf = False

    date_from = BoundedDateField(_l("From"), validators=[DataRequired(message=_l("Enter the first day."))])
    date_to = BoundedDateField(_l("To"), validators=[DataRequired(message=_l("Enter the last day."))])

    def validate_date_to(self, field):
        if self.date_from.data and field.data:
            if field.data < self.date_from.data:
                raise ValidationError(_l("The last day cannot be before the first day."))
            if (field.data - self.date_from.data).days > 5 * 366:
                raise ValidationError(_l("Choose a period of at most five years."))


def _period_form() -> tuple[PeriodForm, queries.Period | None]:
    """The period asked for (kept as typed on error), or the last full month when none is asked for."""
    form = PeriodForm(request.args)
    if "date_from" not in request.args and "date_to" not in request.args:
        form.date_from.data, form.date_to.data = last_full_month(now_utc().astimezone(KST).date())
        return form, queries.Period(form.date_from.data, form.date_to.data)
    if not form.validate():
        return form, None
    return form, queries.Period(form.date_from.data, form.date_to.data)


def working_time_text(value: timedelta | None, calendar) -> str:
    """"6.5근무시간" under a working day, else "2.1근무일" (days of the calendar's working hours)."""
    if value is None:
        return "—"
    amount, unit = working_amount(value, calendar.day_length)
    text = number(amount) if amount != int(amount) else number(int(amount))
    return _("%(num)s working hours", num=text) if unit == "h" else _("%(num)s working days", num=text)


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def may_drill(department) -> bool:
    """Whether the user may list the late requests of `department` (see the module's docstring)."""
    if current_user.can(Permission.SERVICE_REQUESTS_VIEW_ALL) or Role.ADMIN in current_user.roles:
        return True
    return current_user.department_id == department.id


@requires_permission(Permission.SERVICE_PERFORMANCE_VIEW)
def performance():
    form, period = _period_form()
    calendar = load_calendar()
    reports = build_report(period, calendar=calendar, now=now_utc()) if period else []
    return render_template("service_requests/performance.html", form=form, period=period, reports=reports,
                           working_time=lambda value: working_time_text(value, calendar), percent=percent_text,
                           may_drill=may_drill), (200 if period else 400)


def _hours(value) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 1)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _csv_line(department_name: str, label: str, figures, backlog: int) -> list:
    return [department_name, label, figures.requests, figures.response_measured, figures.response_late,
            _percent(figures.response_on_time), figures.resolution_measured, figures.resolution_late,
            _percent(figures.resolution_on_time), _hours(figures.time_percentile(50)),
            _hours(figures.time_percentile(90)), backlog, _percent(figures.reopen_rate),
            None if figures.satisfaction is None else round(figures.satisfaction, 2), len(figures.scores)]


CSV_HEADERS = (_l("Providing department"), _l("Service"), _l("Requests"), _l("First responses measured"),
               _l("First responses late"), _l("First response on time (%)"), _l("Resolutions measured"),
               _l("Resolutions late"), _l("Resolved on time (%)"), _l("Median resolution (working hours)"),
               _l("90th percentile resolution (working hours)"), _l("Open now"), _l("Reopen rate (%)"),
               _l("Average satisfaction (1-5)"), _l("Ratings"))


@requires_permission(Permission.SERVICE_PERFORMANCE_VIEW)
def performance_csv():
    """The page's figures as a spreadsheet: a row per service and per department total, numbers as numbers."""
    form, period = _period_form()
    if period is None:
        abort(400)
    now, locale = now_utc(), str(get_locale())
    rows = [[_("Internal service performance"), period.first_day, period.last_day, _("Made at"), now],
            [str(header) for header in CSV_HEADERS]]
    for report in build_report(period, calendar=load_calendar(), now=now):
        name = report.department.name_ko if locale == "ko" else report.department.name_en
        rows += [_csv_line(name, row.service.name(locale), row.figures, row.backlog) for row in report.rows]
        rows.append(_csv_line(name, _("Department total"), report.total, report.backlog))
    return csv_response(rows, f"service-performance-{period.first_day.isoformat()}-{period.last_day.isoformat()}.csv")


def request_url(found) -> str | None:
    """The request's page when the viewer may read it (an administrator sees the figures, not the requests); else
    None and the number is shown as text."""
    if "service_requests.request_page" not in current_app.view_functions or not may_read(current_user, found):
        return None
    return url_for("service_requests.request_page", number=found.number)


@requires_permission(Permission.SERVICE_PERFORMANCE_VIEW)
def performance_late():
    form, period = _period_form()
    kind = request.args.get("kind", "")
    department = queries.department_by_code(request.args.get("department"))
    service_code = request.args.get("service") or None
    service = queries.service_by_code(service_code) if service_code else None
    if kind not in KINDS or department is None or (service_code and service is None):
        abort(404)
    if not may_drill(department):
        abort(403)
    rows = late_requests(period, kind, department, service, now=now_utc()) if period else []
    return render_template("service_requests/performance_late.html", form=form, period=period, kind=kind,
                           kind_label=KINDS[kind], department=department, service=service,
                           rows=rows, request_url=request_url), (200 if period else 400)
