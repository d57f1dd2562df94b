"""The 민원인 downloads the files of their own 민원: their attachments and those sent with the answer."""

from __future__ import annotations

from flask import abort

from civil_complaints.complaint_models import Attachment
from civil_complaints.web_support import citizen_complaint_or_404, send_attachment
from core.extensions import db


def citizen_file(receipt_no: str, attachment_id: int):
    complaint = citizen_complaint_or_404(receipt_no)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.complaint_id != complaint.id:
        abort(404)
    return send_attachment(attachment)
