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

from app.clock import now_utc
from app.extensions import db
from app.i18n import official_date
from civil_complaints.forms import HolidayReasonForm
from civil_complaints.holiday_change_models import HolidayChange
from civil_complaints.holiday_changes import HolidayEdit, Saved, preview_change, save_change

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
