"""A notice by post (D14) as an A4 PDF: the agency's letterhead, the address block of the 민원인, the date of
issue, the notice's text and the officer's 소속·성명·연락처 (영 제31조).

The template gets plain snapshots (:class:`LetterSnapshot`), never ORM objects; the text is the notice's own
template (its `.letter.txt` variant when there is one, see letters.letter_template), rendered from the payload
stored when the notice was issued. Several letters print as one PDF, one letter per page (or more when long).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import select

from civil_complaints.intake.receipt_pdf import keep_dates_together
from civil_complaints.letters.services import NoticeLetter, letter_template
from core.extensions import db
from core.i18n import official_date
from core.pdf import render_pdf
from core.pdf_files import RenderCache
from notifications.services import TEMPLATES
from organization.models import Agency

_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined,  # noqa: S701 - plain text
                   keep_trailing_newline=True)


@dataclass(frozen=True)
class LetterSnapshot:
    lang: str
    agency_name: str
    agency_address: str
    agency_phone: str
    receipt_no: str
    recipient: str
    postal_code: str
    postal_address: str
    issued: str
    subject: str
    body: str
    officer_department: str
    officer_name: str
    officer_phone: str
    created_at: datetime


def render_text(letter: NoticeLetter) -> tuple[str, str]:
    """(subject, body) of the letter, from its stored payload."""
    text = _env.get_template(letter_template(letter.template, letter.language)).render(**letter.payload_data)
    subject, _, body = text.partition("\n")
    return subject.strip(), body.strip("\n")


def _officer(payload: dict) -> tuple[str, str, str]:
    """영 제31조: the notice's officer; the 30-day progress notice names the department and the assignee."""
    if "officer_department" in payload:
        return payload["officer_department"], payload.get("officer_name", ""), payload.get("officer_phone", "")
    return payload.get("department", ""), payload.get("officer", ""), payload.get("phone", "")


def letter_snapshot(letter: NoticeLetter) -> LetterSnapshot:
    agency = db.session.scalar(select(Agency).order_by(Agency.id).limit(1))
    payload = json.loads(letter.payload)
    subject, body = render_text(letter)
    department, name, phone = _officer(payload)
    with force_locale(letter.language):
        issued = official_date(letter.created_at)
        recipient = _("To %(name)s", name=letter.recipient_name)
    return LetterSnapshot(
        lang=letter.language, agency_name=payload.get("agency") or (agency.name_ko if agency else ""),
        agency_address=(agency.address if agency else "") or "", agency_phone=(agency.phone if agency else "") or "",
        receipt_no=letter.complaint.receipt_no, recipient=recipient, postal_code=letter.postal_code or "",
        postal_address=letter.postal_address, issued=keep_dates_together(issued), subject=subject,
        body=keep_dates_together(body), officer_department=department, officer_name=name, officer_phone=phone,
        created_at=letter.created_at)


def render_letters_pdf(snapshots: list[LetterSnapshot]) -> bytes:
    """One PDF with every letter, each starting on a new page."""
    lang = snapshots[0].lang if len({s.lang for s in snapshots}) == 1 else "ko"
    with force_locale(lang):
        html = render_template("civil_complaints/pdf/letter.html", letters=snapshots, lang=lang,
                               title=_("Notice by post"))
        title = (_("Notice by post") + " " + snapshots[0].receipt_no if len(snapshots) == 1
                 else _("Notices by post (%(count)d)", count=len(snapshots)))
    return render_pdf(html, title=title, lang=lang, created_at=max(s.created_at for s in snapshots))


_LETTERS = RenderCache(32)


def letter_pdf_bytes(letter: NoticeLetter) -> bytes:
    """One letter as a PDF; rendered when the case page states its size, then served from the cache (the bytes are
    determined by the snapshot: core/pdf_files.py)."""
    snapshot = letter_snapshot(letter)
    return _LETTERS.get_or_render(snapshot, lambda: render_letters_pdf([snapshot]))


def letter_pdf_size(letter: NoticeLetter) -> int:
    return len(letter_pdf_bytes(letter))
