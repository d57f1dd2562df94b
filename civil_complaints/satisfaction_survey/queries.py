"""The satisfaction survey's figures by handling department (the answers' `segment`) over a period.

Per department: the invitations made in the period and how many of them were answered (the response rate), the
answers received in the period, the mean of the overall question (scored 5 … 1, domain/satisfaction_sample.py),
the distribution of every choice question and the free texts. Everything but the counts of invitations and
answers is given only for a department with MIN_SEGMENT_RESPONSES answers or more (surveys/domain/answers.py);
the mean of all departments is taken over those departments only, so a small department's answers cannot be worked
out by subtracting the others from the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from civil_complaints.domain.satisfaction_sample import score
from civil_complaints.satisfaction_survey.services import SOURCE
from core.clock import KST
from core.extensions import db
from surveys.domain import answers as rules
from surveys.models import ResponseAnswer, Survey, SurveyInvitation, SurveyQuestion, SurveyResponse


@dataclass
class SegmentFigures:
    code: str
    invited: int = 0
    invited_answered: int = 0
    responses: int = 0
    scores: list[int] = field(default_factory=list)
    #: (question text, choice text) -> answers, in the questions' and choices' order
    choices: dict[tuple[str, str], int] = field(default_factory=dict)
    #: question text -> answers to it (the denominator of a choice's share)
    answered: dict[str, int] = field(default_factory=dict)
    texts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return rules.segment_shown(self.responses)

    @property
    def mean(self) -> float | None:
        return round(sum(self.scores) / len(self.scores), 2) if self.shown and self.scores else None


@dataclass(frozen=True)
class _Layout:
    """The questions of the source's surveys: question id -> text; choice id -> (question text, choice text,
    score or None); and every (question text, choice text) in order."""

    questions: dict[int, str]
    choices: dict[int, tuple[str, str, int | None]]
    order: list[tuple[str, str]]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (datetime.combine(start, time(), tzinfo=KST), datetime.combine(end + timedelta(days=1), time(), tzinfo=KST))


def _layout(survey_ids: list[int]) -> _Layout:
    questions: dict[int, str] = {}
    choices: dict[int, tuple[str, str, int | None]] = {}
    order: list[tuple[str, str]] = []
    rows = db.session.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id.in_(survey_ids))
                              .order_by(SurveyQuestion.survey_id.desc(), SurveyQuestion.position, SurveyQuestion.id))
    first_of: dict[int, int] = {}
    for question in rows:
        first_of.setdefault(question.survey_id, question.id)
        questions[question.id] = question.text
        overall = first_of[question.survey_id] == question.id and question.kind == rules.SINGLE
        for index, choice in enumerate(question.choices, start=1):
            choices[choice.id] = (question.text, choice.text, score(index, len(question.choices)) if overall else None)
            if (question.text, choice.text) not in order:
                order.append((question.text, choice.text))
    return _Layout(questions, choices, order)


def _segment(found: dict[str, SegmentFigures], code: str | None) -> SegmentFigures:
    return found.setdefault(code or "", SegmentFigures(code or ""))


def _count_invitations(found, survey_ids, start, end) -> None:
    since, until = _bounds(start, end)
    for code, invited, answered in db.session.execute(
            select(SurveyInvitation.segment, func.count(), func.count().filter(SurveyInvitation.answered))
            .where(SurveyInvitation.survey_id.in_(survey_ids), SurveyInvitation.created_at >= since,
                   SurveyInvitation.created_at < until).group_by(SurveyInvitation.segment)):
        figures = _segment(found, code)
        figures.invited, figures.invited_answered = invited, answered or 0


def _in_period(survey_ids: list[int], start: date, end: date):
    return (SurveyResponse.survey_id.in_(survey_ids), SurveyResponse.submitted_on >= start,
            SurveyResponse.submitted_on <= end)


def _count_answers(found, survey_ids, start, end, layout: _Layout) -> None:
    where = _in_period(survey_ids, start, end)
    for code, count in db.session.execute(select(SurveyResponse.segment, func.count()).where(*where)
                                          .group_by(SurveyResponse.segment)):
        _segment(found, code).responses = count
    seen: set[tuple[int, str]] = set()
    for code, response_id, choice_id, text, question_id in db.session.execute(
            select(SurveyResponse.segment, ResponseAnswer.response_id, ResponseAnswer.choice_id, ResponseAnswer.text,
                   ResponseAnswer.question_id).join(SurveyResponse).where(*where).order_by(ResponseAnswer.id)):
        figures = _segment(found, code)
        if choice_id is None:
            if text:
                figures.texts.append((layout.questions.get(question_id, ""), text))
            continue
        question, choice, points = layout.choices[choice_id]
        figures.choices[(question, choice)] = figures.choices.get((question, choice), 0) + 1
        if (response_id, question) not in seen:
            seen.add((response_id, question))
            figures.answered[question] = figures.answered.get(question, 0) + 1
        if points is not None:
            figures.scores.append(points)


def figures_by_segment(start: date, end: date, codes: set[str] | None) -> tuple[list[SegmentFigures], _Layout]:
    """The departments' figures (only `codes` when given), by code; and the questions' layout."""
    survey_ids = list(db.session.scalars(select(Survey.id).where(Survey.source == SOURCE)))
    layout = _layout(survey_ids)
    found: dict[str, SegmentFigures] = {}
    if survey_ids:
        _count_invitations(found, survey_ids, start, end)
        _count_answers(found, survey_ids, start, end, layout)
    kept = [f for code, f in sorted(found.items()) if code and (codes is None or code in codes)]
    return kept, layout


def shown_mean(figures: list[SegmentFigures]) -> float | None:
    """The mean of the overall question over the departments shown (none below the threshold)."""
    scores = [s for f in figures if f.shown for s in f.scores]
    return round(sum(scores) / len(scores), 2) if scores else None


def choice_order(layout: _Layout) -> list[tuple[str, str]]:
    return layout.order

