"""POST /staff/complaints/<receipt_no>/notes: a 내부 메모 on the case page (casework/notes.py).

Like `case_views.act` without the version check (a note does not change the 민원): refused input is shown again
on the case page (400) with the typed text kept; one commit.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from civil_complaints.casework import notes
from civil_complaints.casework.case_views import render_case, staff_complaint_or_404
from civil_complaints.casework.forms import NoteForm
from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission


@requires_permission(Permission.COMPLAINTS_HANDLE)
def add_note(receipt_no: str):
    complaint = staff_complaint_or_404(receipt_no)
    if not notes.can_write_note(current_user, complaint):
        abort(403)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            notes.add_note(current_user, complaint, text=form.note_text.data, now=now_utc())
        except notes.EmptyNote:
            db.session.rollback()
            form.note_text.errors = [_("Write the note.")]
        else:
            db.session.commit()
            flash(_("The internal note was saved. Only staff can see it."), "success")
            return redirect(url_for(".staff_complaint", receipt_no=receipt_no, _anchor="history"), code=303)
    return render_case(complaint, forms={"note": form}, open_panel="note", code=400)
