"""The 처리기한 a 민원인 was last told, for the 민원 a holiday change moved (D7): written by every notice stating it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import bindparam, update

from civil_complaints.workflow_models import ComplaintDueNotice
from core.extensions import db

_TABLE = ComplaintDueNotice.__table__


def record_told(told: Mapping[int, datetime], *, now: datetime) -> None:
    """{complaint id: the 처리기한 the 민원인 has just been told}. Only 민원 a holiday change has moved keep a row;
    for the others the date last told is their current deadline anyway."""
    if told:
        db.session.execute(update(_TABLE).where(_TABLE.c.complaint_id == bindparam("cid"))
                           .values(told_due_at=bindparam("due"), told_at=now),
                           [{"cid": cid, "due": due} for cid, due in told.items()])
