"""Every view and download of a report is logged (issue 19 item 9): who, when, from where, which report, with what
parameters, how many rows, and — for the register shown unmasked — the reason, which also goes to the
personal-data access log (개인정보의 안전성 확보조치 기준 제8조)."""

from __future__ import annotations

import json
from datetime import datetime

from flask import request

from core.extensions import db
from organization.access_log import PersonalDataAccess
from organization.models import User
from reporting.models import ReportDownload


def client_address() -> str:
    return (request.remote_addr or "unknown")[:45]


def log_download(user: User | None, report: str, fmt: str, params: dict, *, now: datetime,
                 frozen_id: int | None = None, rows: int | None = None, reason: str | None = None) -> ReportDownload:
    entry = ReportDownload(at=now, user_id=user.id if user else None,
                           ip_address=client_address() if request else None, report=report, format=fmt,
                           params=json.dumps(params, ensure_ascii=False, sort_keys=True), frozen_id=frozen_id,
                           rows=rows, unmasked=reason is not None, reason=reason)
    db.session.add(entry)
    return entry


def log_unmasked_export(user: User, subject: str, reason: str, *, now: datetime) -> None:
    """One entry for the whole export: its subject names the report and the period (the rows are many)."""
    db.session.add(PersonalDataAccess(at=now, user_id=user.id, ip_address=client_address(), complaint_id=None,
                                      subject=subject[:150], action="export", reason=reason[:300]))
