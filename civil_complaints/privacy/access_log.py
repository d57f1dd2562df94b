"""접속기록 (개인정보 안전성 확보조치 기준 제8조): every view, print and download of a 민원인's data by staff.

Each entry has the user, the time, the address it came from, the data subject (receipt number and masked
name) and what was done; a download also carries its reason (제8조②). Entries are only ever added; they are
removed only after ACCESS_LOG_RETENTION_YEARS (at least two, 제8조①: 2년 이상 where 5만명 or 고유식별정보),
counted as the law counts years (D18, domain/retention.py): an entry of 2026-03-01 is kept through
2028-03-01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.retention import ACCESS_LOG_MIN_YEARS, access_log_cutoff
from core.clock import KST
from core.extensions import db
from core.masking import mask_name
from organization.access_log import PersonalDataAccess
from organization.models import User

ACTIONS = ("view", "print", "download", "export")
#: reasons of the 민원인's own entries: how they proved who they are (privacy/views.py words them)
CITIZEN_BY_RECEIPT, CITIZEN_BY_CODE = "citizen:receipt", "citizen:code"
PAGE_SIZE = 50


class AccessLogError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def record_access(user: User, complaint: Complaint, *, action: str, ip_address: str, now: datetime,
                  reason: str | None = None) -> PersonalDataAccess:
    """Add one entry; a download or export without a reason is refused."""
    if action not in ACTIONS:
        raise ValueError(f"unknown access action {action!r}")
    reason = (reason or "").strip() or None
    if action in ("download", "export") and reason is None:
        raise AccessLogError("reason_required")
    entry = PersonalDataAccess(at=now, user_id=user.id, ip_address=(ip_address or "")[:45], complaint_id=complaint.id,
                               subject=f"{complaint.receipt_no} {mask_name(complaint.complainant_name)}"[:150],
                               action=action, reason=reason[:300] if reason else None)
    db.session.add(entry)
    return entry


def record_citizen_access(complaint: Complaint, *, action: str, ip_address: str, now: datetime,
                          reason: str) -> PersonalDataAccess:
    """An entry for the 민원인 themselves (no user): what they opened of their own 민원 and how they proved who
    they are (`reason`), so that an access through a stolen code or password can be traced afterwards."""
    if action not in ACTIONS:
        raise ValueError(f"unknown access action {action!r}")
    entry = PersonalDataAccess(at=now, user_id=None, ip_address=(ip_address or "")[:45], complaint_id=complaint.id,
                               subject=f"{complaint.receipt_no} {mask_name(complaint.complainant_name)}"[:150],
                               action=action, reason=reason[:300])
    db.session.add(entry)
    return entry


def purge_expired(*, now: datetime, years: int = ACCESS_LOG_MIN_YEARS) -> int:
    """Delete the entries whose retention has ended by today (KST): `years` calendar years after the day of the
    entry, at least two, whatever is configured (domain/retention.py access_log_cutoff)."""
    first_kept = access_log_cutoff(now.astimezone(KST).date(), years)
    result = db.session.execute(delete(PersonalDataAccess).where(
        PersonalDataAccess.at < datetime.combine(first_kept, time(0), KST)))
    return result.rowcount or 0


@dataclass(frozen=True)
class LogFilter:
    login_id: str = ""
    subject: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class LogPage:
    entries: list[PersonalDataAccess]
    total: int
    page: int
    pages: int


def search(flt: LogFilter, *, page: int = 1, page_size: int = PAGE_SIZE) -> LogPage:
    """Entries matching the filter, newest first, one page at a time."""
    query = select(PersonalDataAccess)
    if flt.login_id:
        query = query.join(User, User.id == PersonalDataAccess.user_id).where(User.login_id == flt.login_id.lower())
    if flt.subject:
        query = query.where(PersonalDataAccess.subject.contains(flt.subject.strip(), autoescape=True))
    if flt.action in ACTIONS:
        query = query.where(PersonalDataAccess.action == flt.action)
    if flt.date_from:
        query = query.where(PersonalDataAccess.at >= datetime.combine(flt.date_from, time(0), KST))
    if flt.date_to:
        query = query.where(PersonalDataAccess.at < datetime.combine(flt.date_to + timedelta(days=1), time(0), KST))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    entries = db.session.scalars(query.options(selectinload(PersonalDataAccess.user))
                                 .order_by(PersonalDataAccess.at.desc(), PersonalDataAccess.id.desc())
                                 .limit(page_size).offset((page - 1) * page_size)).all()
    return LogPage(list(entries), total, page, pages)
