"""민원실 arrival log pages: log what arrived, see what still waits for registration (D1, 영 제6조⑧)."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from civil_complaints.intake.arrivals import log_arrival, unregistered_arrivals
from core.clock import KST, now_utc
from core.extensions import db
from core.inputs import BoundedDateField
from organization.auth import requires_permission
from organization.domain.roles import Permission
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import working_hours_between

REGISTRATION_LIMIT_HOURS = 8


class ArrivalForm(FlaskForm):
    channel = SelectField(_l("Arrived by"), choices=[
        SelectChoice("letter", _l("Letter")), SelectChoice("fax", _l("Fax")), SelectChoice("visit", _l("Visit")),
        SelectChoice("phone", _l("Telephone")), SelectChoice("email", _l("E-mail"))])
    arrived_on = BoundedDateField(_l("Date it arrived"),
                                  validators=[DataRequired(message=_l("Enter the date it arrived."))])
    arrived_time = TimeField(_l("Time it arrived"), validators=[DataRequired(message=_l("Enter the time it arrived."))])
    summary = StringField(_l("What arrived"), validators=[DataRequired(message=_l("Describe what arrived.")),
                                                          Length(max=300)],
                          description=_l("Without personal data, e.g. one letter: road repair request."))


@requires_permission(Permission.COMPLAINTS_REGISTER)
def arrivals():
    form = ArrivalForm()
    now = now_utc()
    if form.validate_on_submit():
        arrived_at = datetime.combine(form.arrived_on.data, form.arrived_time.data, tzinfo=KST)
        if arrived_at > now:
            form.arrived_time.errors.append(_("The time it arrived cannot be in the future."))
        elif current_user.department_id is None:
            form.summary.errors.append(_("Your account has no department; ask an administrator."))
        else:
            log_arrival(current_user, channel=form.channel.data, arrived_at=arrived_at, summary=form.summary.data,
                        now=now)
            db.session.commit()
            flash(_("The arrival was logged. Register it within 8 working hours."), "success")
            return redirect(url_for(".arrivals"), code=303)
    waiting = unregistered_arrivals(current_user.department_id) if current_user.department_id else []
    calendar = load_calendar()
    rows = [(a, working_hours_between(a.arrived_at, now, calendar=calendar).total_seconds() / 3600) for a in waiting]
    status = 400 if form.errors else 200
    return render_template("civil_complaints/staff/arrivals.html", form=form, rows=rows,
                           limit=REGISTRATION_LIMIT_HOURS), status
