"""The rules of a survey (의견수렴) as pure code: when it takes answers, and whether a set of answers is acceptable.

A survey is a draft while it is written, open while it takes answers (until it is closed, or until its closing
time has passed), then closed; only a closed survey's summary may be published. An answer set is checked question
by question; each refusal is a code the page words in the reader's language (nothing half-saved: one refusal and
nothing is stored).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
STATUSES = (DRAFT, OPEN, CLOSED)
SINGLE, MULTI, TEXT = "single", "multi", "text"
KINDS = (SINGLE, MULTI, TEXT)
#: the longest free-text answer, in characters
MAX_TEXT = 2000
#: a question with choices needs at least this many
MIN_CHOICES = 2
#: the results of one segment (e.g. one department) are shown from this many answers up; below it, "too few
#: answers to show", so that a small group's answers cannot be told apart (개인정보 보호법 제3조⑦, 익명처리)
MIN_SEGMENT_RESPONSES = 5


def accepts(status: str, closes_at: datetime | None, now: datetime) -> bool:
    """True while the survey takes answers."""
    return status == OPEN and (closes_at is None or now < closes_at)


def segment_shown(responses: int) -> bool:
    """May the results of a segment with this many answers be shown?"""
    return responses >= MIN_SEGMENT_RESPONSES


def is_closed(status: str, closes_at: datetime | None, now: datetime) -> bool:
    """Closed by staff, or open past its closing time."""
    return status == CLOSED or (status == OPEN and closes_at is not None and now >= closes_at)


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    kind: str
    required: bool
    choice_ids: frozenset[int]


@dataclass(frozen=True)
class Checked:
    #: question id -> the chosen choice ids (choice questions) or the text (free text); unanswered left out
    answers: dict[int, tuple[int, ...] | str]
    #: question id -> refusal code: "required", "one_choice", "unknown_choice", "too_long"
    errors: dict[int, str]


def _choice_ids(values: Sequence[str]) -> tuple[int, ...] | None:
    found = []
    for value in values:
        if not (str(value).isascii() and str(value).isdigit()) or len(str(value)) > 12:  # not "²"
            return None
        found.append(int(value))
    return tuple(dict.fromkeys(found))


def _one(question: QuestionSpec, values: Sequence[str]) -> tuple[tuple[int, ...] | str | None, str | None]:
    if question.kind == TEXT:
        text = "\n".join(v for v in values if v).strip()
        if len(text) > MAX_TEXT:
            return None, "too_long"
        return (text or None), None
    ids = _choice_ids([v for v in values if v != ""])
    if ids is None or any(i not in question.choice_ids for i in ids):
        return None, "unknown_choice"
    if question.kind == SINGLE and len(ids) > 1:
        return None, "one_choice"
    return (ids or None), None


def check(questions: Iterable[QuestionSpec], submitted: Mapping[int, Sequence[str]]) -> Checked:
    """Check every question's submitted values (strings as a form sends them)."""
    answers: dict[int, tuple[int, ...] | str] = {}
    errors: dict[int, str] = {}
    for question in questions:
        value, error = _one(question, submitted.get(question.id, ()))
        if error is None and value is None and question.required:
            error = "required"
        if error is not None:
            errors[question.id] = error
        elif value is not None:
            answers[question.id] = value
    return Checked(answers, errors)


def openable(question_kinds_and_choices: Iterable[tuple[str, int]]) -> str | None:
    """Why a draft cannot open (None when it can): "no_questions", or "choices" (a choice question with fewer
    than MIN_CHOICES options)."""
    found = list(question_kinds_and_choices)
    if not found:
        return "no_questions"
    if any(kind != TEXT and count < MIN_CHOICES for kind, count in found):
        return "choices"
    return None
