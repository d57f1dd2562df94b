"""The standing satisfaction survey of finished 민원 (source "complaint_satisfaction") and its settings.

`ensure_survey` creates it once, with ISO 10004-style questions (overall satisfaction on five points first — the
report's mean reads that question —, timeliness, clarity of the answer, courtesy, trust, and a free text), as a
draft: staff read and change it at /staff/surveys like any survey, and nothing is mailed before someone opens it.
The owner is the first 민원실 of CIVIL_OFFICE_DEPARTMENTS (its head and administrators may edit it).
`current_survey` is the newest open one. The engine never changes an open survey, so to change the questions
staff close it: the job's next run (or `ensure_survey`) then makes a new draft with the closed survey's
questions, which staff edit and open; the invited 민원 stay invited (once per 민원 whatever the version).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from civil_complaints.domain.satisfaction_sample import ROUND_KINDS
from core.extensions import db
from organization.models import Department
from surveys.domain import answers as rules
from surveys.models import Survey, SurveyChoice, SurveyQuestion

SOURCE = "complaint_satisfaction"
TITLE = "민원 처리 만족도 조사"
DESCRIPTION = ("최근 처리한 민원 가운데 일부를 골라 처리 과정에 대한 의견을 여쭙고 있습니다. "
               "답변은 이름이나 연락처 없이 저장되며, 부서별 결과는 응답이 5건 이상일 때만 집계해 봅니다.")
SATISFIED = ["매우 만족", "만족", "보통", "불만족", "매우 불만족"]
AGREE = ["매우 그렇다", "그렇다", "보통이다", "그렇지 않다", "전혀 그렇지 않다"]
#: (kind, text, required, choices): the first is the overall question the report's mean reads
QUESTIONS = [
    ("single", "민원 처리 결과에 전반적으로 얼마나 만족하십니까?", True, SATISFIED),
    ("single", "민원을 처리한 기간(신속성)에 얼마나 만족하십니까?", False, SATISFIED),
    ("single", "답변 내용은 이해하기 쉽고 분명했습니까?", False, AGREE),
    ("single", "담당 공무원은 친절하고 예의 발랐습니까?", False, AGREE),
    ("single", "이번 경험으로 우리 기관을 믿을 수 있게 되었습니까?", False, AGREE),
    ("text", "민원 처리에서 무엇을 개선하면 좋겠습니까?", False, []),
]


@dataclass(frozen=True)
class Settings:
    rate: float
    delay_days: int
    max_per_run: int
    round_kind: str


def settings() -> Settings:
    config = current_app.config
    found = Settings(float(config["SATISFACTION_SURVEY_SAMPLE_RATE"]), int(config["SATISFACTION_SURVEY_DELAY_DAYS"]),
                     int(config["SATISFACTION_SURVEY_MAX_PER_RUN"]), config["SATISFACTION_SURVEY_ROUND"])
    if not 0 <= found.rate <= 1 or found.delay_days < 0 or found.max_per_run < 0 or found.round_kind not in ROUND_KINDS:
        raise ValueError("SATISFACTION_SURVEY_*: a rate from 0 to 1, a delay and a maximum of 0 or more, "
                         f"a round of {ROUND_KINDS}")
    return found


def _owner() -> Department:
    codes = [c.strip() for c in current_app.config["CIVIL_OFFICE_DEPARTMENTS"].split(",") if c.strip()]
    department = db.session.scalar(select(Department).where(Department.code.in_(codes or [""]))
                                   .order_by(Department.id).limit(1))
    return department or db.session.scalar(select(Department).order_by(Department.id).limit(1))


def _new_draft(latest: Survey | None, now: datetime) -> Survey | None:
    """A draft with the standard questions, or a copy of `latest` (closed) to be changed."""
    owner_id = latest.department_id if latest is not None else getattr(_owner(), "id", None)
    if owner_id is None:
        return None
    questions = QUESTIONS if latest is None else [(q.kind, q.text, q.required, [c.text for c in q.choices])
                                                  for q in latest.questions]
    survey = Survey(title=latest.title if latest else TITLE, description=latest.description if latest else DESCRIPTION,
                    status=rules.DRAFT, source=SOURCE, department_id=owner_id, is_public=False, created_at=now,
                    updated_at=now)
    for position, (kind, text, required, choices) in enumerate(questions, start=1):
        survey.questions.append(SurveyQuestion(
            position=position, kind=kind, text=text, required=required,
            choices=[SurveyChoice(position=i, text=c) for i, c in enumerate(choices, start=1)]))
    db.session.add(survey)
    db.session.flush()
    return survey


def ensure_survey(*, now: datetime, open_it: bool = False) -> Survey | None:
    """The standing survey: the newest of its source, or a new draft (opened with `open_it`) when there is none
    or the newest was closed or is past its closing time (a copy of its questions, to be changed); None when no
    department can own it."""
    survey = db.session.scalar(select(Survey).where(Survey.source == SOURCE).order_by(Survey.id.desc()).limit(1))
    if survey is None or rules.is_closed(survey.status, survey.closes_at, now):
        survey = _new_draft(survey, now)
        if survey is None:
            return None
    if open_it and survey.status == rules.DRAFT:
        survey.status, survey.opens_at, survey.updated_at = rules.OPEN, now, now
    return survey


def current_survey(now: datetime) -> Survey | None:
    """The newest survey of the source that takes answers now."""
    for survey in db.session.scalars(select(Survey).where(Survey.source == SOURCE, Survey.status == rules.OPEN)
                                     .order_by(Survey.id.desc())):
        if rules.accepts(survey.status, survey.closes_at, now):
            return survey
    return None
