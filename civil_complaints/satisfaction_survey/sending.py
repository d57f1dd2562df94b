"""The `satisfaction-survey` job: invite this round's sample of finished 민원 to the standing survey, by e-mail.

Chosen: 민원 answered (status 답변 완료 or 종결, with an answer time) at least SATISFACTION_SURVEY_DELAY_DAYS ago and
at most 30 days more (domain/satisfaction_sample.py), in their round's deterministic sample
(SATISFACTION_SURVEY_SAMPLE_RATE), never invited (to this survey or an earlier one of the source), whose 민원인
chose e-mail notices and gave an address: the survey is optional (notice kind `complaint_satisfaction_survey`,
D14), so a 민원인 who chose no notices, text messages or post is not asked. At most SATISFACTION_SURVEY_MAX_PER_RUN
per run, oldest answers first; the rest wait for the next run.

Once per 민원, exactly once across hosts: the run holds the job's lock and slot (notifications/job_runner.py); the
`complaint_survey_invitations` row (unique per 민원 and survey), the engine's invitation and the outbox mail (key
`satisfaction_survey:<survey>:<receipt number>`) are written in the one commit of the run. The mail's language
is the one the 민원인 filed in (their receipt notice's), like every notice.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import datetime

from flask import current_app
from sqlalchemy import exists, select

from civil_complaints.casework.notices import delivery_of, notice_languages
from civil_complaints.casework.staff_notify import agency_name
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain import satisfaction_sample as sample
from civil_complaints.domain.notice_kinds import Channel
from civil_complaints.domain.status import ComplaintStatus
from civil_complaints.satisfaction_survey.models import ComplaintSurveyInvitation
from civil_complaints.satisfaction_survey.services import Settings, current_survey, ensure_survey, settings
from core.clock import today_kst
from core.extensions import db
from core.i18n import official_date
from notifications.batch import OutboxBatch
from organization.models import Department
from surveys import services as surveys
from surveys.models import Survey
from working_calendar.cache import load_calendar

TEMPLATE = "complaint_satisfaction_survey"
_ROW = (Complaint.id, Complaint.receipt_no, Complaint.title, Complaint.answered_at, Complaint.complainant_name,
        Complaint.complainant_email, Complaint.complainant_phone, Complaint.notify_channel, Complaint.postal_address,
        Complaint.online_progress_told_at, Department.code.label("department_code"))


def candidates(config: Settings, now: datetime) -> list:
    """The finished 민원 in the answer window, with an e-mail address, never invited (to any survey of the
    source: once per 민원), oldest first."""
    earliest, latest = sample.answered_window(now, config.delay_days)
    invited = exists().where(ComplaintSurveyInvitation.complaint_id == Complaint.id)  # to this or an older one
    return db.session.execute(select(*_ROW).join(Department, Department.id == Complaint.department_id).where(
        Complaint.status.in_([ComplaintStatus.ANSWERED.value, ComplaintStatus.CLOSED.value]),
        Complaint.answered_at.is_not(None), Complaint.answered_at > earliest, Complaint.answered_at <= latest,
        Complaint.complainant_email.is_not(None), Complaint.complainant_email != "", ~invited)
        .order_by(Complaint.answered_at, Complaint.id)).all()


def chosen(rows: list, config: Settings) -> tuple[list, int]:
    """(the sampled rows whose 민원인 takes e-mail notices, up to the run's maximum; how many were sampled)."""
    sampled = [r for r in rows if sample.in_sample(r.receipt_no, sample.round_of(today_kst(r.answered_at),
                                                                                   config.round_kind), config.rate)]
    by_mail = [r for r in sampled if delivery_of(r, TEMPLATE).channel is Channel.EMAIL]
    return by_mail[:config.max_per_run], len(sampled)


def _tokens(survey: Survey, rows: list, now: datetime) -> dict[int, str]:
    """complaint id -> a one-time token, made per department (the invitation's segment) and handed out in a
    shuffled order, so the invitations' row order says nothing of which 민원 got which."""
    by_department: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_department[row.department_code].append(row.id)
    found: dict[int, str] = {}
    shuffle = secrets.SystemRandom().shuffle
    for code, ids in by_department.items():
        tokens = surveys.invite(survey, len(ids), now=now, segment=code)
        shuffle(tokens)
        found.update(zip(ids, tokens, strict=True))
    return found


def _payload(row, survey: Survey, token: str, language: str) -> dict:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return {"agency": agency_name(language), "name": row.complainant_name, "receipt_no": row.receipt_no,
            "title": row.title, "answered": official_date(row.answered_at), "survey_title": survey.title,
            "survey_url": f"{base}/surveys/answer/{token}",
            "survey_until": official_date(survey.closes_at) if survey.closes_at else ""}


def send_satisfaction_survey(*, now: datetime) -> dict:
    """Scheduled job (working days): invite the sampled 민원 now due; the caller commits."""
    if not load_calendar().is_working_day(today_kst(now)):
        return {"non_working_day": 1}
    config = settings()
    survey = current_survey(now)
    if survey is None:
        ensure_survey(now=now)  # a draft for staff to read and open
        return {"no_open_survey": 1}
    rows = candidates(config, now)
    picked, sampled = chosen(rows, config)
    tokens = _tokens(survey, picked, now)
    languages = notice_languages([row.receipt_no for row in picked])
    batch = OutboxBatch()
    for row in picked:
        language = languages[row.receipt_no]
        batch.add(key=f"satisfaction_survey:{survey.id}:{row.receipt_no}", channel=Channel.EMAIL.value,
                  recipient=row.complainant_email, template=TEMPLATE, language=language, now=now,
                  payload=_payload(row, survey, tokens[row.id], language))
        db.session.add(ComplaintSurveyInvitation(
            complaint_id=row.id, survey_id=survey.id, invited_at=now,
            round=sample.round_of(today_kst(row.answered_at), config.round_kind)))
    db.session.flush()
    return {"examined": len(rows), "sampled": sampled, "invited": len(picked), "queued": batch.flush()}
