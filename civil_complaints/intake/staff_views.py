"""Staff pages for 민원: register offline 민원 (D1) and the department list (the case page: case_views.py)."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from civil_complaints.access import can_view
from civil_complaints.attachments import IntakeError
from civil_complaints.intake.arrivals import arrival_for_registration, link_arrival, prefill_from_arrival
from civil_complaints.intake.forms import RegisterForm
from civil_complaints.intake.notices import queue_receipt_notice
from civil_complaints.intake.services import receive_complaint
from civil_complaints.intake.views import _active_types, intake_data, type_choices
from civil_complaints.web_support import agency, intake_message, read_uploads, remove_files, upload_dir
from core.clock import KST, now_utc
from core.extensions import db
from core.inputs import DB_INT_MAX, query_int
from organization.auth import requires_permission
from organization.domain.roles import Permission
from working_calendar.cache import load_calendar


def _received_times(form: RegisterForm) -> tuple[datetime, datetime]:
    received_at = datetime.combine(form.received_on.data, form.received_time.data, tzinfo=KST)
    arrived_at = received_at
    if form.arrived_on.data:
        arrived_at = datetime.combine(form.arrived_on.data, form.arrived_time.data or received_at.time(), tzinfo=KST)
    return received_at, arrived_at


def _check_times(form: RegisterForm, received_at: datetime, arrived_at: datetime, now: datetime) -> bool:
    if received_at > now:
        form.received_time.errors.append(_("The time received cannot be in the future."))
    if arrived_at > received_at:
        form.arrived_on.errors.append(_("It cannot have reached us after it was received."))
    return not (form.received_time.errors or form.arrived_on.errors)


@requires_permission(Permission.COMPLAINTS_REGISTER)
def register_complaint():
    types = _active_types()
    form = RegisterForm()
    form.type_code.choices = type_choices(types, str(get_locale()))
    now = now_utc()
    arrival = arrival_for_registration(current_user, query_int("arrival", default=None, low=0, high=DB_INT_MAX))
    if arrival is not None and request.method == "GET":
        prefill_from_arrival(form, arrival)
    if form.validate_on_submit():
        received_at, arrived_at = _received_times(form)
        if _check_times(form, received_at, arrived_at, now):
            ctype = next(t for t in types if t.code == form.type_code.data)
            written = []
            try:
                complaint, written = receive_complaint(
                    ctype, intake_data(form, read_uploads(request.files.getlist("attachments"))),
                    channel=form.channel.data, received_at=received_at, arrived_at=arrived_at,
                    calendar=load_calendar(), agency_code=agency().code, upload_dir=upload_dir(), now=now,
                    registered_by_id=current_user.id)
                queue_receipt_notice(complaint, language="ko", now=now)
                if arrival is not None:
                    link_arrival(arrival, complaint, now=now)
                db.session.commit()
            except IntakeError as error:
                db.session.rollback()
                remove_files(written)
                getattr(form, error.field or "content").errors.append(intake_message(error))
            else:
                department = complaint.department.name(str(get_locale()))
                flash(_("Complaint %(number)s was registered for %(department)s.", number=complaint.receipt_no,
                        department=department), "success")
                if can_view(current_user, complaint):
                    return redirect(url_for(".staff_complaint", receipt_no=complaint.receipt_no), code=303)
                return redirect(url_for(".register_complaint"), code=303)
    status = 400 if form.errors else 200
    return render_template("civil_complaints/staff/register.html", form=form,
                           arrival_id=arrival.id if arrival else None), status
