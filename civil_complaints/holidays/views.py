"""The two steps of a holiday change on /admin/holidays (D7): the preview, then the save with a reason.

The add form and each row's remove/restore button post to their usual URLs; without ``step=confirm`` the answer
is the preview page (nothing saved), whose form posts the same change again with the reason and
``step=confirm``. Refusals (HolidayError) are raised to the calling view, which shows them as before.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from civil_complaints.holidays.changes import HolidayEdit, Saved, preview_change, save_change
from civil_complaints.holidays.forms import HolidayChangeForm, HolidayForm, HolidayReasonForm
from civil_complaints.holidays.models import HolidayChange
from core.clock import KST, now_utc
from core.extensions import db
from core.i18n import official_date
from core.inputs import EARLIEST_DAY, LATEST_DAY, query_int
from organization.auth import requires_permission
from organization.domain.roles import Permission
from working_calendar.holidays import HolidayError, years_covered
from working_calendar.models import PublicHoliday

CONFIRM = "confirm"
URL_ACTIONS = {"removed": "remove", "restored": "restore"}


def respond(edit: HolidayEdit):
    """The preview page, or after a confirmed post with a reason the saved change (then back to the list)."""
    if request.form.get("step") != CONFIRM:
        return _preview_page(edit, HolidayReasonForm(formdata=None), status=200)
    form = HolidayReasonForm()
    if not form.validate():
        return _preview_page(edit, form, status=400)
    saved = save_change(current_user, edit, reason=form.reason.data.strip(), now=now_utc())
    db.session.commit()
    _flash_saved(edit, saved)
    return redirect(url_for("civil_complaints.holidays", year=saved.row.day.year))


def recent_changes(year: int, limit: int = 50) -> list[HolidayChange]:
    """The recorded changes of days in `year`, newest first."""
    return list(db.session.scalars(select(HolidayChange).where(HolidayChange.day >= date(year, 1, 1),
                                                                HolidayChange.day <= date(year, 12, 31))
                                   .order_by(HolidayChange.at.desc(), HolidayChange.id.desc()).limit(limit)))


def _preview_page(edit: HolidayEdit, form: HolidayReasonForm, *, status: int):
    preview = preview_change(current_user, edit, now=now_utc())
    if edit.action == "added":
        action_url = url_for("civil_complaints.holidays", year=preview.day.day.year)
    else:
        action_url = url_for("civil_complaints.change_holiday", holiday_id=edit.holiday_id,
                             action=URL_ACTIONS[edit.action])
    config = current_app.config
    return render_template("civil_complaints/holiday_preview.html", edit=edit, preview=preview, form=form,
                           action_url=action_url, step=CONFIRM, deferred=preview.waiting > config[
                               "INLINE_RECOMPUTE_LIMIT"], delay=config["DUE_CHANGE_NOTICE_DELAY_MINUTES"]), status


def _flash_saved(edit: HolidayEdit, saved: Saved) -> None:
    day = official_date(saved.row.day)
    if edit.action == "added":
        flash(_("%(day)s was added to the calendar. Open deadlines follow the new calendar.", day=day), "success")
    elif edit.action == "removed":
        flash(_("%(day)s now counts as a working day.", day=day), "success")
    else:
        flash(_("%(day)s is a holiday again.", day=day), "success")
    if saved.result is None:
        flash(_("The deadlines of %(count)d open complaints will be recomputed by the scheduler within five "
                "minutes; their complainants will be told of any change.", count=saved.waiting), "info")
    elif saved.result.changed:
        flash(_("The deadlines of %(count)d open complaints (%(people)d complainants) changed. Complainants are told "
                "in %(minutes)d minutes if their deadline then differs from the one they were last told.",
                count=saved.result.changed, people=saved.result.complainants,
                minutes=current_app.config["DUE_CHANGE_NOTICE_DELAY_MINUTES"]), "info")


HOLIDAY_ERRORS = {
    "already_holiday": lambda: _("That day is already a holiday."),
    "name_required": lambda: _("Enter a name."),
    "unknown_kind": lambda: _("Choose a kind."),
    "not_found": lambda: _("That holiday does not exist."),
    "no_change": lambda: _("Nothing changed."),
}


@requires_permission(Permission.HOLIDAYS_MANAGE)
def holidays():
    form = HolidayForm()
    year = query_int("year", default=now_utc().astimezone(KST).year, low=EARLIEST_DAY.year, high=LATEST_DAY.year)
    if form.validate_on_submit():
        try:  # the preview first; saved once confirmed with a reason (holiday_views)
            return respond(HolidayEdit(action="added", day=form.day.data, name=form.name.data,
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
                           change_form=HolidayChangeForm(), changes=recent_changes(year),
                           covered=sorted(covered),
                           next_year_missing=next_year not in covered, next_year=next_year), status


@requires_permission(Permission.HOLIDAYS_MANAGE)
def change_holiday(holiday_id: int, action: str):
    form = HolidayChangeForm()
    if not form.validate_on_submit():
        flash(_("The change was not saved. Please try again."), "error")
        return redirect(url_for(".holidays"))
    try:  # the preview first; saved once confirmed with a reason (holiday_views)
        return respond(HolidayEdit(action="removed" if action == "remove" else "restored",
                                                 holiday_id=holiday_id))
    except HolidayError as error:
        db.session.rollback()
        flash(HOLIDAY_ERRORS[error.code](), "error")
        return redirect(url_for(".holidays"))


