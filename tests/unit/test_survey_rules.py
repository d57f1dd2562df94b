"""The survey rules (surveys/domain/answers.py): when a survey takes answers and which answer sets it accepts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from surveys.domain import answers as rules

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
QUESTIONS = [rules.QuestionSpec(1, rules.SINGLE, True, frozenset({10, 11})),
             rules.QuestionSpec(2, rules.MULTI, False, frozenset({20, 21, 22})),
             rules.QuestionSpec(3, rules.TEXT, True, frozenset())]


def test_a_survey_takes_answers_only_while_open_and_before_its_end():
    assert rules.accepts(rules.OPEN, None, NOW)
    assert rules.accepts(rules.OPEN, NOW + timedelta(seconds=1), NOW)
    assert not rules.accepts(rules.OPEN, NOW, NOW)
    assert not rules.accepts(rules.DRAFT, None, NOW) and not rules.accepts(rules.CLOSED, None, NOW)
    assert rules.is_closed(rules.OPEN, NOW, NOW) and not rules.is_closed(rules.OPEN, None, NOW)


def test_good_answers_are_kept_and_unanswered_optional_questions_left_out():
    checked = rules.check(QUESTIONS, {1: ["11"], 2: ["20", "22", "20"], 3: ["  좋아요 "]})
    assert checked.errors == {}
    assert checked.answers == {1: (11,), 2: (20, 22), 3: "좋아요"}
    assert rules.check(QUESTIONS, {1: ["10"], 3: ["x"]}).answers == {1: (10,), 3: "x"}


def test_each_bad_answer_has_its_reason():
    checked = rules.check(QUESTIONS, {1: ["10", "11"], 2: ["99"], 3: [" "]})
    assert checked.errors == {1: "one_choice", 2: "unknown_choice", 3: "required"}
    assert rules.check(QUESTIONS, {1: ["x"], 3: ["a" * 2001]}).errors == {1: "unknown_choice", 3: "too_long"}
    assert rules.check(QUESTIONS, {1: ["9" * 40], 3: ["ok"]}).errors == {1: "unknown_choice"}
    assert rules.check(QUESTIONS, {}).errors == {1: "required", 3: "required"}


def test_a_draft_opens_with_questions_whose_choices_are_enough():
    assert rules.openable([]) == "no_questions"
    assert rules.openable([(rules.SINGLE, 1)]) == "choices"
    assert rules.openable([(rules.TEXT, 0), (rules.MULTI, 2)]) is None
