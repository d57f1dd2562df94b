"""What the 민원인's status page adds from the workflow: the public timeline (with each notice's content), the
answer with a refusal's reasons and remedies and the officer's 소속·성명·연락처 (영 제31조), answer files, and a
반려's reasons and remedies (영 제25조①, D15)."""

from __future__ import annotations

from sqlalchemy import select

from civil_complaints.casework import timeline
from civil_complaints.complaint_models import Complaint
from civil_complaints.workflow_models import ComplaintAnswer, ComplaintReturn
from core.extensions import db


def status_extras(complaint: Complaint) -> dict:
    return {
        "timeline": timeline.rows(complaint, public=True),
        "answer_record": db.session.scalar(select(ComplaintAnswer).where(ComplaintAnswer.complaint_id ==
                                                                         complaint.id)),
        "staff_files": [a for a in complaint.attachments if a.uploaded_by == "staff"],
        "return_record": db.session.scalar(select(ComplaintReturn).where(ComplaintReturn.complaint_id ==
                                                                         complaint.id)),
    }
