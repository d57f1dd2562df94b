"""law.md §9 E12 (보완) and E13 (two extensions) end to end through the services, on SQLite and PostgreSQL,
with the history, the stored inputs (D13), the notices, and a D7 recomputation that keeps every input."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from app.demo import seed_demo
from civil_complaints.casework import (
    returns as return_services,
)
from civil_complaints.casework import (
    services as workflow_services,
)
from civil_complaints.casework import (
    supplements as supplement_services,
)
from civil_complaints.citizen.services import submit_supplement
from civil_complaints.deadlines.services import deadline_of
from civil_complaints.domain.status import TransitionRefused
from civil_complaints.holidays.due_notices import send_due_change_notices
from civil_complaints.holidays.recompute import recompute_open_deadlines
from civil_complaints.workflow_models import ComplaintExtension, SupplementRequest
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from tests.workflow_helpers import file_at, user
from working_calendar.cache import load_calendar
from working_calendar.holidays import add_holiday


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


def notices(template: str) -> list[OutboxMessage]:
    return db.session.query(OutboxMessage).filter_by(template=template).order_by(OutboxMessage.id).all()


def test_e12_supplement_pauses_the_clock(ctx, tmp_path):
    """질의 (제도) 7일, received 2025-06-02; 보완 sent 6/4, arrived 6/9 (both excluded) → due 2025-06-17."""
    seed_demo(now=kst(2025, 6, 1, 9))
    complaint = file_at("PROCEDURE-QUERY", kst(2025, 6, 2, 10), tmp_path)
    assert complaint.due_date == date(2025, 6, 12)  # 6/3 대통령선거 and 6/6 현충일 skipped, no 보완 yet
    version = complaint.version

    request = supplement_services.request_supplement(user("civil"), complaint, request_text="신분증 사본을 내 주세요.",
                                                     days=7, calendar=load_calendar(), now=kst(2025, 6, 4, 11))
    db.session.commit()
    assert complaint.status == "supplement_requested" and complaint.version > version
    # 영 제24조④ (민법): from 6/5, 7 days → 6/11 (수)
    assert request.respond_by == date(2025, 6, 11) and request.number == 1
    mail = notices("complaint_supplement_requested")[0]
    subject, body = render(mail)
    assert "보완" in subject and "신분증 사본" in body and "2025. 6. 11." in body
    assert "민원여권과 한민원 (031-000-1111)" in body  # 영 제31조: 소속·성명·연락처

    submit_supplement(complaint, text="첨부합니다.", uploads=[], upload_dir=tmp_path, calendar=load_calendar(),
                      now=kst(2025, 6, 9, 15))
    db.session.commit()
    assert complaint.status == "in_progress"
    assert complaint.due_date == date(2025, 6, 17)  # law.md E12
    steps = deadline_of(complaint, load_calendar(), kst(2025, 6, 9, 16)).explain()
    paused = [s.day for s in steps if s.code.startswith("PAUSED")]
    assert date(2025, 6, 4) in paused and date(2025, 6, 9) in paused
    event = complaint.events[-1]
    detail = json.loads(event.detail)
    assert event.action == "supplemented" and detail["before"] == "supplement_requested"
    assert detail["due_after"].startswith("2025-06-17")


def test_e13_two_extensions_with_consent(ctx, tmp_path):
    """질의 (제도) 7일, received 2025-12-24 → 2026-01-05 → 2026-01-14 → 2026-01-23; a third is refused."""
    seed_demo(now=kst(2025, 12, 1, 9))
    complaint = file_at("PROCEDURE-QUERY", kst(2025, 12, 24, 10), tmp_path)
    assert complaint.due_date == date(2026, 1, 5)
    civil = user("civil")
    calendar = load_calendar()

    first = workflow_services.extend(civil, complaint, period_spec="7d", ground="UNAVOIDABLE",
                                     reason_text="관계 법령 해석을 상급 기관에 묻고 있습니다.", consent_recorded=False,
                                     consent_note=None, calendar=calendar, now=kst(2026, 1, 2, 10))
    db.session.commit()
    assert (first.number, complaint.due_date) == (1, date(2026, 1, 14))

    with pytest.raises(TransitionRefused) as refused:
        workflow_services.extend(civil, complaint, period_spec="7d", ground="UNAVOIDABLE", reason_text="추가 검토",
                                 consent_recorded=False, consent_note=None, calendar=calendar,
                                 now=kst(2026, 1, 13, 10))
    assert refused.value.code == "extension_consent_required"
    db.session.rollback()

    workflow_services.extend(civil, complaint, period_spec="7d", ground="UNAVOIDABLE", reason_text="추가 검토",
                             consent_recorded=True, consent_note="2026. 1. 13. 전화로 동의", calendar=calendar,
                             now=kst(2026, 1, 13, 10))
    db.session.commit()
    assert complaint.due_date == date(2026, 1, 23)  # law.md E13
    stored = db.session.query(ComplaintExtension).filter_by(complaint_id=complaint.id).order_by("number").all()
    assert [(e.number, e.consent_recorded) for e in stored] == [(1, False), (2, True)]
    assert stored[1].due_before.astimezone(KST).date() == date(2026, 1, 14)

    with pytest.raises(TransitionRefused) as third:
        workflow_services.extend(civil, complaint, period_spec="7d", ground="UNAVOIDABLE", reason_text="또",
                                 consent_recorded=True, consent_note="x", calendar=calendar, now=kst(2026, 1, 20, 10))
    assert third.value.code == "extension_limit_reached"
    db.session.rollback()

    mails = notices("complaint_extended")
    assert len(mails) == 2
    subject, body = render(mails[0])
    assert "연장" in subject and "2026. 1. 5." in body and "2026. 1. 14." in body
    assert "관계 법령 해석을 상급 기관에 묻고 있습니다." in body and "한민원" in body
    assert "2026. 1. 23." in render(mails[1])[1]
    assert [e.action for e in complaint.events].count("extended") == 2


def test_extension_grounds_after_the_2026_amendment(ctx, tmp_path):
    seed_demo(now=kst(2026, 6, 1, 9))
    complaint = file_at("PROCEDURE-QUERY", kst(2026, 6, 8, 10), tmp_path)
    before = (complaint.due_at, complaint.version)
    for ground in ("SIMPLE_WORKLOAD", "OFFICER_ASSIGNMENT_DELAY", "OFFICER_ABSENCE", "UNAVOIDABLE"):
        with pytest.raises(TransitionRefused) as refused:
            workflow_services.extend(user("civil"), complaint, period_spec="7d", ground=ground, reason_text="바쁨",
                                     consent_recorded=False, consent_note=None, calendar=load_calendar(),
                                     now=kst(2026, 6, 9, 10))
        assert refused.value.code == ("extension_ground_not_allowed" if ground == "UNAVOIDABLE"
                                      else "extension_ground_refused")
        db.session.rollback()
    assert (complaint.due_at, complaint.version) == before
    assert db.session.query(ComplaintExtension).count() == 0 and not notices("complaint_extended")
    workflow_services.extend(user("civil"), complaint, period_spec="5d", ground="FACT_OR_SITE_CHECK",
                             reason_text="현장 확인", consent_recorded=False, consent_note=None,
                             calendar=load_calendar(), now=kst(2026, 6, 9, 10))
    assert complaint.due_date == date(2026, 6, 23)  # 7일: 6/16; +5 working days from 6/17


def test_recompute_keeps_pauses_and_extensions(ctx, tmp_path):
    """D7 after E13: a new holiday inside the extended period moves the due by one day, not back to 01-05."""
    seed_demo(now=kst(2025, 12, 1, 9))
    complaint = file_at("PROCEDURE-QUERY", kst(2025, 12, 24, 10), tmp_path)
    paused = file_at("PROCEDURE-QUERY", kst(2026, 1, 12, 10), tmp_path, name="김철수", email="kim@example.kr")
    civil = user("civil")
    for number, at in ((1, kst(2026, 1, 2, 10)), (2, kst(2026, 1, 13, 10))):
        workflow_services.extend(civil, complaint, period_spec="7d", ground="UNAVOIDABLE", reason_text="검토",
                                 consent_recorded=number == 2, consent_note="동의", calendar=load_calendar(), now=at)
    supplement_services.request_supplement(civil, paused, request_text="서류", days=5, calendar=load_calendar(),
                                           now=kst(2026, 1, 13, 10))
    db.session.commit()
    paused_due = paused.due_at
    add_holiday(user("admin"), day=date(2026, 1, 20), name="임시공휴일", kind="temporary", note=None,
                now=kst(2026, 1, 14, 9))
    result = recompute_open_deadlines(load_calendar(), now=kst(2026, 1, 14, 9), reason="holiday_added", batch_size=1)
    db.session.commit()
    assert result.changed == 1
    assert complaint.due_date == date(2026, 1, 26)
    assert paused.due_at == paused_due  # paused (D5): recomputed when the supplement arrives
    event = [e for e in complaint.events if e.action == "deadline_recomputed"][-1]
    assert json.loads(event.detail)["after"].startswith("2026-01-26")
    assert not notices("complaint_due_changed")  # told once the change has settled
    send_due_change_notices(now=kst(2026, 1, 14, 9, 10))
    db.session.commit()
    mail = notices("complaint_due_changed")[-1]
    assert "2026. 1. 26." in render(mail)[1] and "한민원" not in render(mail)[1]  # unassigned: the department


def test_second_supplement_unanswered_is_returned_with_reasons_decree_25_1(ctx, tmp_path):
    """영 제24조③ (≤ 10일 after the first went unanswered) and 영 제25조① (second unanswered → 반려, D15).

    Until D15 this ended as 취하 간주 with a notice saying the 민원 was treated as withdrawn; the article only allows
    returning the documents with the reasons, so it now ends as 반려: its own status, record, history and notice.
    """
    seed_demo(now=kst(2026, 6, 1, 9))
    complaint = file_at("PROCEDURE-QUERY", kst(2026, 6, 8, 10), tmp_path)
    civil, calendar = user("civil"), load_calendar()
    supplement_services.request_supplement(civil, complaint, request_text="서류", days=3, calendar=calendar,
                                           now=kst(2026, 6, 8, 11))  # 민법: 6/9..6/11 → 6/11
    db.session.commit()
    with pytest.raises(TransitionRefused) as early:
        supplement_services.repeat_supplement(civil, complaint, request_text="다시", days=5, calendar=calendar,
                                              now=kst(2026, 6, 11, 17))
    assert early.value.code == "supplement_not_yet_due"
    db.session.rollback()
    with pytest.raises(TransitionRefused) as long:
        supplement_services.repeat_supplement(civil, complaint, request_text="다시", days=11, calendar=calendar,
                                              now=kst(2026, 6, 12, 9))
    assert long.value.code == "second_supplement_too_long"
    db.session.rollback()
    second = supplement_services.repeat_supplement(civil, complaint, request_text="다시 요청", days=10,
                                                   calendar=calendar, now=kst(2026, 6, 12, 9))
    assert second.respond_by == date(2026, 6, 22)  # 6/13..6/22 (월)
    db.session.commit()
    with pytest.raises(TransitionRefused) as running:
        return_services.return_complaint(civil, complaint, reasons="보완 없음", remedies="", now=kst(2026, 6, 22, 17))
    assert running.value.code == "return_not_allowed"
    db.session.rollback()
    with pytest.raises(TransitionRefused) as not_withdrawn:
        supplement_services.deem_withdrawn(civil, complaint, now=kst(2026, 6, 23, 9))
    assert not_withdrawn.value.code == "deem_withdrawn_not_allowed"  # 취하 간주 is only 영 제25조②
    db.session.rollback()
    record = return_services.return_complaint(civil, complaint, reasons="두 차례 요청한 서류를 내지 않으셨습니다.",
                                              remedies="", now=kst(2026, 6, 23, 9))
    db.session.commit()
    assert (complaint.status, complaint.withdrawn_at) == ("returned", None)
    assert complaint.returned_at is not None and record.reasons.startswith("두 차례")
    event = complaint.events[-1]
    assert (event.action, event.is_public, json.loads(event.detail)["after"]) == ("returned", True, "returned")
    assert notices("complaint_closed") == []
    subject, body = render(notices("complaint_returned")[0])
    assert "반려" in subject and "두 차례 요청한 서류" in body and "제25조제1항" in body
    assert "취하한 것으로 처리하였습니다" not in body and "민원여권과 한민원" in body
    assert db.session.query(SupplementRequest).filter_by(complaint_id=complaint.id).count() == 2
