"""The dispatch queue of notices by post (D14): `/staff/letters`. Staff print the letters (A4 PDF; written to the
personal-data access log as a print, one entry per 민원) and record the day they posted them.

The queue shows no address and only masked names: the address is needed on paper only (안전성 확보조치 기준
제12조: minimise what is displayed).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.validators import DataRequired

from civil_complaints.access import can_view
from civil_complaints.labels import NOTICE_LABELS
from civil_complaints.letters.pdf import letter_pdf_bytes, letter_snapshot, render_letters_pdf
from civil_complaints.letters.services import (
    LetterError,
    NoticeLetter,
    can_dispatch,
    departments_with_pending,
    is_dispatch_unit,
    mark_sent,
    may_use_queue,
    queue_query,
)
from civil_complaints.privacy.access_log import record_access
from core.clock import KST, now_utc
from core.extensions import db
from core.inputs import DB_INT_MAX, BoundedDateField, parse_int, query_int
from core.masking import mask_name
from organization.auth import requires_permission
from organization.domain.roles import Permission

PAGE = 200


class MarkSentForm(FlaskForm):
    sent_on = BoundedDateField(_l("Date posted"), validators=[DataRequired(message=_l("Enter the date the letters were "
                                                                               "posted."))])


def letter_error_message(error: LetterError) -> str:
    return {
        "already_sent": lambda: _("This letter was already recorded as posted."),
        "sent_in_future": lambda: _("The date posted cannot be in the future."),
        "sent_before_issue": lambda: _("The date posted cannot be before the letter was issued."),
    }.get(error.code, lambda: _("The letter could not be updated."))()


def _queue_or_403() -> None:
    if not may_use_queue(current_user):
        abort(403)


def _letter_ids() -> list[int]:
    """The ticked letters' ids; a value that is no id the database can hold is no letter (it is left out)."""
    return [n for v in request.form.getlist("letter_id") if (n := parse_int(v, low=1)) is not None]


def _selected_letters(ids: list[int]) -> list[NoticeLetter]:
    letters = list(db.session.scalars(select(NoticeLetter).where(NoticeLetter.id.in_(ids)).order_by(NoticeLetter.id)))
    if len(letters) != len(set(ids)) or any(not can_dispatch(current_user, letter.complaint) for letter in letters):
        abort(404)
    return letters


def _render_queue(form: MarkSentForm, status: str, department_id: int | None, code: int = 200,
                  selected: frozenset[int] = frozenset()):
    letters = list(db.session.scalars(queue_query(current_user, status=status, department_id=department_id)
                                      .limit(PAGE)))
    return render_template("civil_complaints/staff/letters.html", letters=letters, status=status, form=form,
                           departments=departments_with_pending(current_user), department_id=department_id,
                           dispatch_unit=is_dispatch_unit(current_user), notice_labels=NOTICE_LABELS,
                           mask_name=mask_name, can_view=lambda c: can_view(current_user, c), selected=selected,
                           today=now_utc().astimezone(KST).date()), code


@requires_permission(Permission.COMPLAINTS_HANDLE)
def letters_queue():
    """Pending letters (oldest first) or those posted (latest first); mark the selected ones posted."""
    _queue_or_403()
    status = "sent" if request.args.get("status") == "sent" else "pending"
    department_id = query_int("department", default=None, low=1, high=DB_INT_MAX)
    form = MarkSentForm()
    if request.method == "GET":
        form.sent_on.data = now_utc().astimezone(KST).date()
        return _render_queue(form, status, department_id)
    ids = _letter_ids()
    if not form.validate_on_submit() or not ids:
        if not ids:
            form.sent_on.errors = [*form.sent_on.errors, _("Choose the letters you posted.")]
        return _render_queue(form, "pending", department_id, 400, frozenset(ids))
    return _mark(form, _selected_letters(ids), department_id)


def _mark(form: MarkSentForm, letters: list[NoticeLetter], department_id: int | None):
    now = now_utc()
    try:
        for letter in letters:
            mark_sent(current_user, letter, sent_on=form.sent_on.data, now=now)
    except LetterError as error:
        db.session.rollback()
        form.sent_on.errors = [letter_error_message(error)]
        return _render_queue(form, "pending", department_id, 409, frozenset(letter.id for letter in letters))
    db.session.commit()
    flash(_("%(count)d letter(s) recorded as posted on %(day)s.", count=len(letters),
            day=_official(form.sent_on.data)), "success")
    back = request.form.get("return_to", "")
    if back and all(letter.complaint.receipt_no == back for letter in letters):
        return redirect(url_for(".staff_complaint", receipt_no=back) + "#letters", code=303)
    return redirect(url_for(".letters_queue", department=department_id), code=303)


def _official(day: date) -> str:
    from core.i18n import official_date

    return official_date(day)


@requires_permission(Permission.COMPLAINTS_HANDLE)
def print_letters():
    """The selected letters as one PDF; each 민원's data printed is written to the access log."""
    _queue_or_403()
    ids = _letter_ids()  # CSRF: checked app-wide
    if not ids:
        flash(_("Choose the letters to print."), "warning")
        return redirect(url_for(".letters_queue"), code=303)
    return _pdf_response(_selected_letters(ids))


@requires_permission(Permission.COMPLAINTS_HANDLE)
def letter_pdf(letter_id: int):
    """One letter (from the queue or the case page)."""
    letter = db.session.get(NoticeLetter, letter_id)
    if letter is None:
        abort(404)
    if not can_dispatch(current_user, letter.complaint):
        abort(403)
    return _pdf_response([letter])


def _pdf_response(letters: list[NoticeLetter]) -> Response:
    now = now_utc()
    for letter in letters:
        record_access(current_user, letter.complaint, action="print", ip_address=request.remote_addr or "", now=now,
                      reason=f"letter-print:{letter.template}")  # access_log_views.reason_text
    pdf = (letter_pdf_bytes(letters[0]) if len(letters) == 1
           else render_letters_pdf([letter_snapshot(letter) for letter in letters]))
    db.session.commit()
    response = Response(pdf, mimetype="application/pdf")
    single = letters[0].complaint.receipt_no if len(letters) == 1 else None
    name = f"letter-{single}.pdf" if single else f"letters-{len(letters)}.pdf"
    shown = (_("letter-%(number)s.pdf", number=single) if single
             else _("letters-%(count)s.pdf", count=len(letters)))  # in the reader's language
    response.headers["Content-Disposition"] = f"inline; filename=\"{name}\"; filename*=UTF-8''{quote(shown)}"
    response.headers["Cache-Control"] = "no-store"
    return response
