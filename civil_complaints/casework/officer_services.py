"""What an officer does to a 민원: the entry points used by the staff API (the full workflow lives in
workflow_services, supplement_services, cooperation_services, answer_services and closure_services)."""

from __future__ import annotations

from datetime import datetime

from civil_complaints.casework import answers as answer_services
from civil_complaints.complaint_models import Complaint
from organization.models import User


def answer_complaint(actor: User, complaint: Complaint, *, text: str, now: datetime) -> None:
    """답변: the result is recorded and the 민원인 is told (영 제31조: with the officer's 소속·성명·연락처)."""
    answer_services.answer(actor, complaint, text=text, now=now)
