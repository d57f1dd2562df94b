"""내 민원: a 민원인 who lost the receipt number asks for a one-time code at the phone or e-mail they filed with,
enters it, and sees every 민원 filed with that contact (access_codes.py). The pages answer alike whether or not
anybody filed with the contact given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from civil_complaints.citizen.access_codes import CodeRefused, request_code, verify_code
from civil_complaints.citizen.forms import CodeForm, ContactForm
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.contact_codes import normalise_contact
from civil_complaints.intake.notices import due_text
from civil_complaints.privacy.access_log import CITIZEN_BY_CODE, record_citizen_access
from civil_complaints.web_support import contact_access, end_contact_access, grant_contact_access
from core.clock import now_utc
from core.extensions import db, limiter
from core.masking import mask_email, mask_phone

PENDING_KEY = "complaint_contact_pending"


def _limit() -> str:
    return current_app.config["COMPLAINT_LOOKUP_RATE_LIMIT"]


def _client() -> str:
    return request.remote_addr or ""


@limiter.limit(_limit, methods=["POST"])
def my_complaints():
    """The list while a code holds; else the form asking for a code (POST: ask)."""
    now = now_utc()
    ids, until = contact_access(now)
    if request.method == "GET" and until is not None:
        return _list_page(ids, until, now)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            request_code(form.contact.data, client_address=_client(), language=str(get_locale()), now=now)
        except CodeRefused as refused:
            db.session.rollback()
            return _contact_page(form, refused)
        db.session.commit()
        minutes = current_app.config["CITIZEN_CODE_MINUTES"]
        session[PENDING_KEY] = {"contact": form.contact.data.strip(),
                                "until": (now + timedelta(minutes=minutes)).timestamp()}
        return redirect(url_for(".my_complaints_code"), code=303)
    return _contact_page(form)


def _contact_page(form: ContactForm, refused: CodeRefused | None = None):
    if refused is not None and refused.code == "too_many":
        form.form_errors.append(_("Too many codes were asked for. Please try again in %(minutes)d minutes.",
                                  minutes=refused.retry_minutes))
    elif refused is not None:
        form.contact.errors = [*form.contact.errors, _("Enter a phone number such as 010-1234-5678 or an e-mail "
                                                       "address such as hong@example.kr.")]
    code = 429 if refused is not None and refused.code == "too_many" else 400 if form.errors or form.form_errors \
        else 200
    return render_template("civil_complaints/mine_contact.html", form=form), code


def _pending(now: datetime) -> str | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("until"), int | float):
        return None
    if datetime.fromtimestamp(pending["until"], UTC) <= now:
        return None
    return pending.get("contact") if isinstance(pending.get("contact"), str) else None


def _masked(contact_text: str) -> str:
    contact = normalise_contact(contact_text)
    if contact is None:
        return ""
    return mask_email(contact.value) if contact.kind == "email" else mask_phone(contact.value)


@limiter.limit(_limit, methods=["POST"])
def my_complaints_code():
    """Enter the code sent; a wrong one counts against every live code of the contact."""
    now = now_utc()
    contact = _pending(now)
    if contact is None:
        session.pop(PENDING_KEY, None)
        return redirect(url_for(".my_complaints"), code=303)
    form = CodeForm()
    if form.validate_on_submit():
        granted = verify_code(contact, form.code.data, now=now)
        db.session.commit()  # a wrong try is counted even though the answer is a refusal
        if granted is not None:
            session.pop(PENDING_KEY, None)
            grant_contact_access(granted.complaint_ids, granted.until)
            return redirect(url_for(".my_complaints"), code=303)
        form.code.errors = [*form.code.errors, _("This code is not right, or it has expired or was already used. "
                                                 "Check it, or ask for a new code.")]
    form.code.data = ""
    code = 400 if form.errors else 200
    return render_template("civil_complaints/mine_code.html", form=form, masked_contact=_masked(contact),
                           minutes=current_app.config["CITIZEN_CODE_MINUTES"]), code


def _list_page(ids: list[int], until: datetime, now: datetime):
    complaints = list(db.session.scalars(select(Complaint).where(Complaint.id.in_(ids))
                                         .order_by(Complaint.received_at.desc(), Complaint.id.desc()))) if ids else []
    for complaint in complaints:
        record_citizen_access(complaint, action="view", ip_address=_client(), now=now, reason=CITIZEN_BY_CODE)
    db.session.commit()
    return render_template("civil_complaints/mine_list.html", complaints=complaints, due_text=due_text,
                           until=until)


def end_my_complaints():
    """Close 내 민원 in this browser (a shared computer)."""
    end_contact_access()
    session.pop(PENDING_KEY, None)
    return redirect(url_for(".my_complaints"), code=303)
