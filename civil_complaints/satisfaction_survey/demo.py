"""Demo satisfaction survey (demo only): the standing survey, opened, with the invitations of the last weeks and
their answers — 도로과 with enough answers to be shown by department, 자원순환과 with too few. Made through the
survey engine's real services (invite, answer), as the job and the answer page do."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from civil_complaints.satisfaction_survey.services import SOURCE, ensure_survey
from core.extensions import db
from surveys import services as surveys
from surveys.models import Survey

# department code, invitations, answers: (positions of questions 1-5, free text)
PLAN = [
    ("HB-ROADS", 10, [((1, 1, 2, 1, 1), "현장 확인이 빨라서 좋았습니다."), ((2, 3, 2, 2, 2), ""),
                      ((2, 2, 1, 1, 2), ""), ((3, 4, 3, 2, 3), "처리 기간을 미리 알려 주면 좋겠습니다."),
                      ((1, 2, 2, 1, 1), ""), ((4, 4, 4, 3, 4), "답변이 어려운 용어로 적혀 있었습니다.")]),
    ("HB-CLEAN", 4, [((2, 2, 2, 2, 2), ""), ((3, 3, 3, 3, 3), "")]),
]


def _answers(survey: Survey, positions: tuple[int, ...], text: str) -> dict[int, list[str]]:
    *choices, free = survey.questions
    found = {q.id: [str(q.choices[p - 1].id)] for q, p in zip(choices, positions, strict=True)}
    found[free.id] = [text]
    return found


def seed_demo_satisfaction_survey(*, now: datetime) -> dict[str, int]:
    """The survey, its invitations and answers, unless a survey of the source exists."""
    if db.session.scalar(select(Survey.id).where(Survey.source == SOURCE)) is not None:
        return {}
    opened = now - timedelta(days=30)
    survey = ensure_survey(now=opened, open_it=True)
    if survey is None:
        return {}
    answered = 0
    for code, invited, answers in PLAN:
        tokens = surveys.invite(survey, invited, now=opened + timedelta(days=3), segment=code)
        for day, (token, (positions, text)) in enumerate(zip(tokens, answers, strict=False)):
            surveys.answer(token, _answers(survey, positions, text), now=opened + timedelta(days=4 + day))
            answered += 1
    db.session.flush()
    return {"satisfaction_survey_answers": answered}
