"""The `satisfaction-survey` job (civil_complaints/satisfaction_survey/sending.py) with explicit `now`: a
deterministic sample of the 민원 answered at least the delay ago, by e-mail only to a 민원인 who chose e-mail
notices, once per 민원 (a second run invites nobody twice), in the language they filed in."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from app.demo import seed_demo
from civil_complaints.casework.answers import answer as answer_complaint
from civil_complaints.domain.satisfaction_sample import in_sample
from civil_complaints.satisfaction_survey.models import ComplaintSurveyInvitation
from civil_complaints.satisfaction_survey.sending import send_satisfaction_survey
from civil_complaints.satisfaction_survey.services import QUESTIONS, SOURCE, ensure_survey
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from organization.models import User
from surveys.models import Survey, SurveyInvitation
from tests.monitoring_support import file_complaint_at


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=KST)


@pytest.fixture
def seeded(ctx, monkeypatch):
    seed_demo(now=at(2026, 11, 1))
    db.session.commit()
    monkeypatch.setitem(ctx.config, "SATISFACTION_SURVEY_SAMPLE_RATE", 1.0)
    monkeypatch.setitem(ctx.config, "SATISFACTION_SURVEY_DELAY_DAYS", 7)
    monkeypatch.setitem(ctx.config, "SATISFACTION_SURVEY_MAX_PER_RUN", 500)
    return ctx


def _answered(tmp_path, day: datetime, answered: datetime | None, **intake):
    language = intake.pop("language", "ko")
    complaint = file_complaint_at("ROAD-DAMAGE", day, now=day, upload_dir=tmp_path, language=language, **intake)
    if answered is not None:
        officer = db.session.scalar(select(User).where(User.login_id == "officer"))
        answer_complaint(officer, complaint, text="보수를 마쳤습니다.", now=answered)
    db.session.commit()
    return complaint


def _open_survey(now: datetime) -> Survey:
    survey = ensure_survey(now=now, open_it=True)
    db.session.commit()
    return survey


def _invited() -> set[int]:
    return set(db.session.scalars(select(ComplaintSurveyInvitation.complaint_id)))


def test_without_an_open_survey_nothing_is_sent_and_a_draft_waits_for_staff(seeded):
    assert send_satisfaction_survey(now=at(2026, 11, 30)) == {"no_open_survey": 1}
    db.session.commit()
    survey = db.session.scalar(select(Survey).where(Survey.source == SOURCE))
    assert survey.status == "draft" and len(survey.questions) == len(QUESTIONS) == 6
    assert [q.kind for q in survey.questions] == ["single"] * 5 + ["text"]
    assert [c.text for c in survey.questions[0].choices][0] == "매우 만족"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.template == "complaint_satisfaction_survey")) == 0
    assert send_satisfaction_survey(now=at(2026, 11, 30, 11)) == {"no_open_survey": 1}
    assert db.session.scalar(select(func.count()).select_from(Survey).where(Survey.source == SOURCE)) == 1


def test_delay_e_mail_refusal_and_once_per_complaint(seeded, tmp_path):
    survey = _open_survey(at(2026, 11, 1))
    due = _answered(tmp_path, at(2026, 11, 16), at(2026, 11, 20))
    english = _answered(tmp_path, at(2026, 11, 17), at(2026, 11, 20), language="en", name="Jane Doe")
    recent = _answered(tmp_path, at(2026, 11, 18), at(2026, 11, 25))  # 5 days before the run
    no_mail = _answered(tmp_path, at(2026, 11, 16), at(2026, 11, 20), email=None, phone="010-1234-5678",
                        notify_channel="sms")
    refused = _answered(tmp_path, at(2026, 11, 16), at(2026, 11, 20), notify_channel="none")
    by_sms = _answered(tmp_path, at(2026, 11, 16), at(2026, 11, 20), phone="010-2222-3333", notify_channel="sms")
    still_open = _answered(tmp_path, at(2026, 11, 16), None)
    result = send_satisfaction_survey(now=at(2026, 11, 30, 11))
    db.session.commit()
    assert result == {"examined": 4, "sampled": 4, "invited": 2, "queued": 2}  # due, english, refused, by_sms
    assert _invited() == {due.id, english.id}
    mails = {m.idempotency_key: m for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "complaint_satisfaction_survey"))}
    assert set(mails) == {f"satisfaction_survey:{survey.id}:{due.receipt_no}",
                          f"satisfaction_survey:{survey.id}:{english.receipt_no}"}
    korean = mails[f"satisfaction_survey:{survey.id}:{due.receipt_no}"]
    subject, body = render(korean)
    assert korean.language == "ko" and korean.recipient == "hong@example.kr" and korean.channel == "email"
    assert subject.startswith("[한빛시] 민원 처리 만족도 조사") and "http://127.0.0.1:5000/surveys/answer/" in body
    assert "2026. 11. 20." in body
    subject, body = render(mails[f"satisfaction_survey:{survey.id}:{english.receipt_no}"])
    assert mails[f"satisfaction_survey:{survey.id}:{english.receipt_no}"].language == "en"
    assert subject.startswith("[Hanbit City] Please tell us how we handled your complaint")
    invitations = db.session.scalars(select(SurveyInvitation)).all()
    assert [(i.survey_id, i.segment, i.answered) for i in invitations] == [(survey.id, "HB-ROADS", False)] * 2
    assert {r.round for r in db.session.scalars(select(ComplaintSurveyInvitation))} == {"2026-11"}
    # a second run (another host, a retry) invites nobody twice
    assert send_satisfaction_survey(now=at(2026, 11, 30, 12))["invited"] == 0
    db.session.commit()
    # two days later the recent one is due; the others never
    assert send_satisfaction_survey(now=at(2026, 12, 2, 11))["invited"] == 1
    db.session.commit()
    assert _invited() == {due.id, english.id, recent.id}
    assert not _invited() & {no_mail.id, refused.id, by_sms.id, still_open.id}
    assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)) == 3
    assert send_satisfaction_survey(now=at(2026, 12, 5, 11)) == {"non_working_day": 1}  # a Saturday


def test_the_sample_is_deterministic_and_capped_per_run(seeded, tmp_path, monkeypatch):
    survey = _open_survey(at(2026, 11, 1))
    complaints = [_answered(tmp_path, at(2026, 11, 16, 9 + n % 8), at(2026, 11, 19, 9 + n % 8)) for n in range(16)]
    monkeypatch.setitem(seeded.config, "SATISFACTION_SURVEY_SAMPLE_RATE", 0.5)
    expected = {c.id for c in complaints if in_sample(c.receipt_no, "2026-11", 0.5)}
    assert 0 < len(expected) < len(complaints)  # a real sample: some in, some out
    monkeypatch.setitem(seeded.config, "SATISFACTION_SURVEY_MAX_PER_RUN", 2)
    first = send_satisfaction_survey(now=at(2026, 11, 30, 11))
    db.session.commit()
    assert first["invited"] == 2 and first["sampled"] == len(expected)
    oldest = sorted((c for c in complaints if c.id in expected), key=lambda c: (c.answered_at, c.id))[:2]
    assert _invited() == {c.id for c in oldest}  # oldest answers first
    monkeypatch.setitem(seeded.config, "SATISFACTION_SURVEY_MAX_PER_RUN", 500)
    send_satisfaction_survey(now=at(2026, 11, 30, 12))
    db.session.commit()
    assert _invited() == expected
    assert send_satisfaction_survey(now=at(2026, 12, 1, 11))["invited"] == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.template == "complaint_satisfaction_survey")) == len(expected)
    assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)
                             .where(SurveyInvitation.survey_id == survey.id)) == len(expected)


def test_closing_the_survey_gives_a_draft_copy_to_change_and_nobody_is_invited_twice(seeded, tmp_path):
    from surveys import services as surveys

    first = _open_survey(at(2026, 11, 1))
    early = _answered(tmp_path, at(2026, 11, 16), at(2026, 11, 20))
    assert send_satisfaction_survey(now=at(2026, 11, 30, 11))["invited"] == 1
    db.session.commit()
    head = db.session.scalar(select(User).where(User.login_id == "admin"))
    surveys.close_survey(head, first, now=at(2026, 12, 1, 9))
    db.session.commit()
    assert send_satisfaction_survey(now=at(2026, 12, 1, 11)) == {"no_open_survey": 1}
    db.session.commit()
    draft = db.session.scalar(select(Survey).where(Survey.source == SOURCE, Survey.status == "draft"))
    assert draft.id != first.id and draft.department_id == first.department_id
    assert [(q.kind, q.text, [c.text for c in q.choices]) for q in draft.questions] == [
        (q.kind, q.text, [c.text for c in q.choices]) for q in first.questions]
    surveys.update_question(head, draft, draft.questions[1], kind="single", text="처리 기간은 적절했습니까?",
                            required=False, choices=["예", "아니요"], position=2, now=at(2026, 12, 1, 12))
    surveys.open_survey(head, draft, now=at(2026, 12, 1, 12))
    later = _answered(tmp_path, at(2026, 11, 20), at(2026, 11, 24))
    result = send_satisfaction_survey(now=at(2026, 12, 2, 11))
    db.session.commit()
    assert result["invited"] == 1
    rows = {(r.complaint_id, r.survey_id) for r in db.session.scalars(select(ComplaintSurveyInvitation))}
    assert rows == {(early.id, first.id), (later.id, draft.id)}  # the early one is not asked again
