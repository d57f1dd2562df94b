"""What staff and respondents do with a survey. Verbs take an explicit actor (staff) and `now`; callers commit.

- `create`, `update`, `add_question`, `update_question`, `delete_question`: a draft only.
- `open_survey` (draft → open: at least one question, every choice question with two choices or more),
  `close_survey` (open → closed), `publish_summary` (a closed survey's counts on /surveys/<id>/results).
- `invite(survey, n, now, segment=None)`: n one-time tokens for an open survey (only their SHA-256 stored, with
  the optional segment the results are read by). Any feature may call it (policy news, the 민원 satisfaction
  survey) and mail the links itself. The answer of an invitation takes its segment, nothing else of it.
- `answer(token, submitted, now)` and `answer_public(survey, submitted, now)`: the answers checked by
  `domain/answers.py`; one refusal and nothing is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from core.clock import today_kst
from core.extensions import db
from organization.models import User
from surveys.access import require_edit
from surveys.domain import answers as rules
from surveys.models import ResponseAnswer, Survey, SurveyChoice, SurveyInvitation, SurveyQuestion, SurveyResponse


class SurveyRefused(Exception):
    """`code`: "not_draft", "not_open", "not_closed", "no_questions", "choices", "used", "unknown"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class AnswersRefused(Exception):
    """Some answers were refused: `errors` maps question ids to codes of domain/answers.py."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class SurveyData:
    title: str
    description: str
    department_id: int
    is_public: bool = False
    closes_at: datetime | None = None
    source: str = "policy"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _draft(survey: Survey) -> None:
    if survey.status != rules.DRAFT:
        raise SurveyRefused("not_draft")


def create(actor: User, data: SurveyData, *, now: datetime) -> Survey:
    require_edit(actor, data.department_id)
    survey = Survey(title=data.title.strip(), description=(data.description or "").strip(), status=rules.DRAFT,
                    source=data.source, department_id=data.department_id, is_public=data.is_public,
                    closes_at=data.closes_at, created_by_id=actor.id, created_at=now, updated_at=now)
    db.session.add(survey)
    db.session.flush()
    return survey


def update_survey(actor: User, survey: Survey, data: SurveyData, *, now: datetime) -> None:
    require_edit(actor, survey.department_id)
    require_edit(actor, data.department_id)
    _draft(survey)
    survey.title, survey.description = data.title.strip(), (data.description or "").strip()
    survey.department_id, survey.is_public, survey.closes_at = data.department_id, data.is_public, data.closes_at
    survey.updated_at = now


def _set_choices(question: SurveyQuestion, kind: str, choices: Sequence[str]) -> None:
    question.choices.clear()
    db.session.flush()
    if kind != rules.TEXT:
        texts = [c.strip() for c in choices if c.strip()]
        question.choices.extend(SurveyChoice(position=i, text=t[:200]) for i, t in enumerate(texts, start=1))


def add_question(actor: User, survey: Survey, *, kind: str, text: str, required: bool, choices: Sequence[str],
                 now: datetime) -> SurveyQuestion:
    require_edit(actor, survey.department_id)
    _draft(survey)
    position = max((q.position for q in survey.questions), default=0) + 1
    question = SurveyQuestion(kind=kind, text=text.strip(), required=required, position=position)
    survey.questions.append(question)
    _set_choices(question, kind, choices)
    survey.updated_at = now
    db.session.flush()
    return question


def update_question(actor: User, survey: Survey, question: SurveyQuestion, *, kind: str, text: str,
                    required: bool, choices: Sequence[str], position: int, now: datetime) -> None:
    require_edit(actor, survey.department_id)
    _draft(survey)
    question.kind, question.text, question.required, question.position = kind, text.strip(), required, position
    _set_choices(question, kind, choices)
    survey.updated_at = now
    db.session.flush()


def delete_question(actor: User, survey: Survey, question: SurveyQuestion, *, now: datetime) -> None:
    require_edit(actor, survey.department_id)
    _draft(survey)
    survey.questions.remove(question)
    survey.updated_at = now
    db.session.flush()


def open_survey(actor: User, survey: Survey, *, now: datetime) -> None:
    require_edit(actor, survey.department_id)
    _draft(survey)
    why = rules.openable((q.kind, len(q.choices)) for q in survey.questions)
    if why is not None:
        raise SurveyRefused(why)
    if survey.closes_at is not None and survey.closes_at <= now:
        raise SurveyRefused("closes_at")
    survey.status, survey.opens_at, survey.updated_at = rules.OPEN, now, now


def close_survey(actor: User, survey: Survey, *, now: datetime) -> None:
    require_edit(actor, survey.department_id)
    if survey.status != rules.OPEN:
        raise SurveyRefused("not_open")
    survey.status, survey.closed_at, survey.updated_at = rules.CLOSED, now, now


def publish_summary(actor: User, survey: Survey, *, now: datetime) -> None:
    require_edit(actor, survey.department_id)
    if not rules.is_closed(survey.status, survey.closes_at, now):
        raise SurveyRefused("not_closed")
    if survey.status == rules.OPEN:  # past its closing time
        survey.status, survey.closed_at = rules.CLOSED, survey.closes_at
    survey.summary_published_at, survey.updated_at = now, now


def invite(survey: Survey, n: int, *, now: datetime, segment: str | None = None) -> list[str]:
    """`n` one-time links' tokens for an open survey; only their SHA-256 are stored (the rows are flushed)."""
    if not rules.accepts(survey.status, survey.closes_at, now):
        raise SurveyRefused("not_open")
    tokens = [secrets.token_urlsafe(32) for _ in range(n)]
    db.session.add_all(SurveyInvitation(survey_id=survey.id, token_hash=token_hash(t), created_at=now,
                                        segment=segment[:40] if segment else None) for t in tokens)
    db.session.flush()
    return tokens


def invitation_for(token: str) -> SurveyInvitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.token_hash == token_hash(token)))


def _specs(survey: Survey) -> list[rules.QuestionSpec]:
    return [rules.QuestionSpec(q.id, q.kind, q.required, frozenset(c.id for c in q.choices))
            for q in survey.questions]


def _store(survey: Survey, submitted: Mapping[int, Sequence[str]], channel: str, now: datetime,
           segment: str | None = None) -> SurveyResponse:
    if not rules.accepts(survey.status, survey.closes_at, now):
        raise SurveyRefused("not_open")
    checked = rules.check(_specs(survey), submitted)
    if checked.errors:
        raise AnswersRefused(checked.errors)
    response = SurveyResponse(survey_id=survey.id, channel=channel, submitted_on=today_kst(now), segment=segment)
    for question_id, value in checked.answers.items():
        if isinstance(value, str):
            response.answers.append(ResponseAnswer(question_id=question_id, text=value))
        else:
            response.answers.extend(ResponseAnswer(question_id=question_id, choice_id=c) for c in value)
    db.session.add(response)
    db.session.flush()
    return response


def answer(token: str, submitted: Mapping[int, Sequence[str]], *, now: datetime) -> SurveyResponse:
    """Store the answers of an invitation, once: the invitation is marked used by a guarded UPDATE, so two
    requests with one link store one response."""
    invitation = invitation_for(token)
    if invitation is None:
        raise SurveyRefused("unknown")
    if invitation.answered:
        raise SurveyRefused("used")
    survey = db.session.get(Survey, invitation.survey_id)
    response = _store(survey, submitted, "invited", now, invitation.segment)
    marked = db.session.execute(update(SurveyInvitation).where(SurveyInvitation.id == invitation.id,
                                                               SurveyInvitation.answered.is_(False))
                                .values(answered=True).execution_options(synchronize_session=False)).rowcount
    if marked != 1:
        raise SurveyRefused("used")
    return response


def answer_public(survey: Survey, submitted: Mapping[int, Sequence[str]], *, now: datetime) -> SurveyResponse:
    if not survey.is_public:
        raise SurveyRefused("unknown")
    return _store(survey, submitted, "public", now)
