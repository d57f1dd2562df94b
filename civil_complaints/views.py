"""Pages of the 민원 feature: the public 처리기한 계산기 and the holiday administration."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth import requires_permission
from app.clock import KST, now_utc
from app.extensions import db
from app.inputs import EARLIEST_DAY, LATEST_DAY, query_int
from civil_complaints import explain_text, holiday_views
from civil_complaints.calendar_source import load_calendar
from civil_complaints.domain.deadlines import compute_due
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.status import FINISHED_STATUSES, OPEN_STATUSES, RUNNING_STATUSES
from civil_complaints.forms import DeadlineForm, HolidayChangeForm, HolidayForm
from civil_complaints.holiday_changes import HolidayEdit
from civil_complaints.holiday_names import holiday_name
from civil_complaints.holiday_services import HolidayError, years_covered
from civil_complaints.intake import MAX_ATTACHMENTS, MAX_FILE_BYTES
from civil_complaints.labels import (
    CHANNEL_LABELS,
    EVENT_LABELS,
    HOLIDAY_CHANGE_LABELS,
    HOLIDAY_KIND_LABELS,
    HOLIDAY_SOURCE_LABELS,
    KIND_LABELS,
    NOTIFY_CHANNEL_LABELS,
    RATING_LABELS,
    STATUS_LABELS,
)
from civil_complaints.models import PublicHoliday
from organization.domain.roles import Permission

bp = Blueprint("civil_complaints", __name__, template_folder="templates")

HOLIDAY_ERRORS = {
    "already_holiday": lambda: _("That day is already a holiday."),
    "name_required": lambda: _("Enter a name."),
    "unknown_kind": lambda: _("Choose a kind."),
    "not_found": lambda: _("That holiday does not exist."),
    "no_change": lambda: _("Nothing changed."),
}


#: the one definition of running/open/finished statuses (domain/status.py), for the templates
STATUS_SETS = {"running_statuses": frozenset(s.value for s in RUNNING_STATUSES),
               "open_statuses": frozenset(s.value for s in OPEN_STATUSES),
               "finished_statuses": frozenset(s.value for s in FINISHED_STATUSES)}


@bp.app_context_processor
def complaint_labels() -> dict:
    return {"kind_labels": KIND_LABELS, "holiday_kind_labels": HOLIDAY_KIND_LABELS,
            "holiday_source_labels": HOLIDAY_SOURCE_LABELS, "status_labels": STATUS_LABELS,
            "event_labels": EVENT_LABELS, "rating_labels": RATING_LABELS, "channel_labels": CHANNEL_LABELS,
            "holiday_change_labels": HOLIDAY_CHANGE_LABELS, "notify_labels": NOTIFY_CHANNEL_LABELS,
            "period_label_spec": explain_text.period_label_spec, "holiday_name": holiday_name,
            "upload_limits": upload_limits, **STATUS_SETS}


def upload_limits() -> dict[str, str]:
    """Attributes of a file input that let the browser refuse too many or too large files before sending, in the
    page's words (app.js): a request over MAX_CONTENT_LENGTH is cut off by the server, and the typed text with it."""
    total_mb = current_app.config["MAX_CONTENT_LENGTH"] >> 20
    return {"data-max-files": str(MAX_ATTACHMENTS), "data-max-bytes": str(MAX_FILE_BYTES),
            "data-max-total": str(current_app.config["MAX_CONTENT_LENGTH"] - (1 << 20)),  # the form's text fits
            "data-msg-files": _("Attach at most %(limit)d files.", limit=MAX_ATTACHMENTS),
            "data-msg-size": _("%(name)s is larger than %(limit_mb)d MB.", name="{name}",
                               limit_mb=MAX_FILE_BYTES >> 20),
            "data-msg-total": _("The files together are larger than %(limit_mb)d MB. Choose fewer or smaller files; "
                                "what you typed is kept.", limit_mb=total_mb - 1)}


@bp.route("/deadline")
def deadline_calculator():
    """처리기한 계산기: the due date of a period from a receipt time, with the working shown (D13)."""
    form = DeadlineForm(request.args)
    result = None
    submitted = bool(request.args)
    if submitted and form.validate():
        received_at = datetime.combine(form.received_on.data, form.received_time.data, tzinfo=KST)
        pauses = []
        if form.pause_start.data:
            pauses.append((form.pause_start.data, form.pause_end.data))
        calendar = load_calendar()
        period = ProcessingPeriod.parse(form.period_spec())
        deadline = compute_due(received_at, period, calendar=calendar, pauses=pauses)
        result = {
            "deadline": deadline,
            "period_label": explain_text.period_label(period),
            "steps": explain_text.describe_steps(deadline),
            "calendar_revision": calendar.revision,
        }
    status = 400 if submitted and form.errors else 200
    return render_template("civil_complaints/deadline.html", form=form, result=result,
                           submitted=submitted), status


@bp.route("/admin/holidays", methods=["GET", "POST"])
@requires_permission(Permission.HOLIDAYS_MANAGE)
def holidays():
    form = HolidayForm()
    year = query_int("year", default=now_utc().astimezone(KST).year, low=EARLIEST_DAY.year, high=LATEST_DAY.year)
    if form.validate_on_submit():
        try:  # the preview first; saved once confirmed with a reason (holiday_views)
            return holiday_views.respond(HolidayEdit(action="added", day=form.day.data, name=form.name.data,
                                                     kind=form.kind.data, note=form.note.data))
        except HolidayError as error:
            db.session.rollback()
            form.day.errors.append(HOLIDAY_ERRORS[error.code]())
    rows = db.session.scalars(
        select(PublicHoliday).where(PublicHoliday.day >= date(year, 1, 1), PublicHoliday.day <= date(year, 12, 31))
        .order_by(PublicHoliday.day)
    ).all()
    covered = years_covered()
    next_year = now_utc().astimezone(KST).year + 1
    status = 400 if form.errors else 200
    return render_template("civil_complaints/holidays.html", form=form, rows=rows, year=year,
                           change_form=HolidayChangeForm(), changes=holiday_views.recent_changes(year),
                           covered=sorted(covered),
                           next_year_missing=next_year not in covered, next_year=next_year), status


@bp.route("/admin/holidays/<int:holiday_id>/<any(remove, restore):action>", methods=["POST"])
@requires_permission(Permission.HOLIDAYS_MANAGE)
def change_holiday(holiday_id: int, action: str):
    form = HolidayChangeForm()
    if not form.validate_on_submit():
        flash(_("The change was not saved. Please try again."), "error")
        return redirect(url_for(".holidays"))
    try:  # the preview first; saved once confirmed with a reason (holiday_views)
        return holiday_views.respond(HolidayEdit(action="removed" if action == "remove" else "restored",
                                                 holiday_id=holiday_id))
    except HolidayError as error:
        db.session.rollback()
        flash(HOLIDAY_ERRORS[error.code](), "error")
        return redirect(url_for(".holidays"))


def _format(day: date) -> str:
    from app.i18n import official_date

    return official_date(day)
