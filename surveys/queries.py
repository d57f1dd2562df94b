"""What staff and the public read of surveys: the list, and the results (counts per choice, the free texts)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from core.extensions import db
from organization.domain.roles import Permission
from organization.models import User
from surveys.domain import answers as rules
from surveys.models import ResponseAnswer, Survey, SurveyInvitation, SurveyQuestion, SurveyResponse


def visible_surveys(user: User, *, source: str | None = None) -> list[Survey]:
    query = select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc())
    if not (user.can(Permission.SURVEYS_VIEW_ALL) or user.can(Permission.SURVEYS_MANAGE_ALL)):
        query = query.where(Survey.department_id == user.department_id)
    if source:
        query = query.where(Survey.source == source)
    return list(db.session.scalars(query))


def open_surveys_of(department_ids: list[int] | None) -> list[Survey]:
    """Open surveys (of these departments; every department when None), newest first: those a message may attach."""
    query = select(Survey).where(Survey.status == rules.OPEN).order_by(Survey.id.desc())
    if department_ids is not None:
        query = query.where(Survey.department_id.in_(department_ids))
    return list(db.session.scalars(query))


def public_index(now) -> tuple[list[Survey], list[Survey]]:
    """The surveys anyone may answer now, and the published summaries, newest first."""
    open_ = [s for s in db.session.scalars(select(Survey).where(Survey.status == rules.OPEN, Survey.is_public)
                                           .order_by(Survey.id.desc()))
             if rules.accepts(s.status, s.closes_at, now)]
    published = list(db.session.scalars(select(Survey).where(Survey.summary_published_at.is_not(None))
                                        .order_by(Survey.summary_published_at.desc(), Survey.id.desc())))
    return open_, published


@dataclass(frozen=True)
class QuestionResult:
    question: SurveyQuestion
    #: (choice, count) in the choices' order
    counts: list[tuple[object, int]]
    texts: list[str]
    answered: int


@dataclass(frozen=True)
class Results:
    survey: Survey
    responses: int
    invited: int
    invited_answered: int
    questions: list[QuestionResult]


def results(survey: Survey, *, with_texts: bool = True) -> Results:
    per_choice = dict(db.session.execute(
        select(ResponseAnswer.choice_id, func.count()).join(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id, ResponseAnswer.choice_id.is_not(None))
        .group_by(ResponseAnswer.choice_id)).all())
    per_question = dict(db.session.execute(
        select(ResponseAnswer.question_id, func.count(func.distinct(ResponseAnswer.response_id))).join(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id).group_by(ResponseAnswer.question_id)).all())
    texts: dict[int, list[str]] = {}
    if with_texts:
        for question_id, text in db.session.execute(
                select(ResponseAnswer.question_id, ResponseAnswer.text).join(SurveyResponse)
                .where(SurveyResponse.survey_id == survey.id, ResponseAnswer.text.is_not(None))
                .order_by(ResponseAnswer.id)):
            texts.setdefault(question_id, []).append(text)
    found = [QuestionResult(q, [(c, per_choice.get(c.id, 0)) for c in q.choices], texts.get(q.id, []),
                            per_question.get(q.id, 0)) for q in survey.questions]
    responses = db.session.scalar(select(func.count()).select_from(SurveyResponse)
                                  .where(SurveyResponse.survey_id == survey.id))
    invited = db.session.execute(select(func.count(), func.count().filter(SurveyInvitation.answered))
                                 .where(SurveyInvitation.survey_id == survey.id)).one()
    return Results(survey, responses, invited[0], invited[1] or 0, found)
