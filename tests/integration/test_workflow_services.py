"""The workflow services on SQLite and PostgreSQL: transfers, 협조, repeat closure, merging, 취하 간주,
the version bump of every step, and the access log's retention."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from app.demo import seed_demo
from civil_complaints.access import can_view
from civil_complaints.casework import (
    answers as answer_services,
)
from civil_complaints.casework import (
    closures as closure_services,
)
from civil_complaints.casework import (
    cooperation as cooperation_services,
)
from civil_complaints.casework import (
    merges as merge_services,
)
from civil_complaints.casework import services
from civil_complaints.casework import (
    supplements as supplement_services,
)
from civil_complaints.domain.status import TransitionRefused
from civil_complaints.privacy.access_log import AccessLogError, purge_expired, record_access
from civil_complaints.workflow_models import ComplaintAnswer, ComplaintLink, ComplaintTransfer
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from organization.access_log import PersonalDataAccess
from organization.errors import PermissionDenied
from organization.models import Department
from tests.workflow_helpers import file_at, user
from working_calendar.cache import load_calendar

NOW = datetime(2026, 6, 8, 10, tzinfo=KST)  # Monday


@pytest.fixture
def seeded(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    return ctx


def department(code: str) -> Department:
    return db.session.query(Department).filter_by(code=code).one()


def test_every_step_bumps_the_version_and_records_before_after(seeded, tmp_path):
    c = file_at("ROAD-DAMAGE", NOW, tmp_path)
    versions = [c.version]
    services.assign(user("head"), c, assignee=user("officer"), now=NOW)
    db.session.commit()
    versions.append(c.version)
    services.start(user("officer"), c, now=NOW + timedelta(minutes=5))
    db.session.commit()
    versions.append(c.version)
    cooperation_services.request_cooperation(user("officer"), c, department=department("HB-CLEAN"), text="확인",
                                             reply_due=c.due_date, now=NOW + timedelta(minutes=6))
    db.session.commit()
    versions.append(c.version)
    assert versions == sorted(set(versions)), versions  # strictly increasing
    details = [json.loads(e.detail) for e in c.events]
    assert [e.action for e in c.events] == ["received", "assigned", "started", "cooperation_requested"]
    assert (details[1]["before"], details[1]["after"]) == ("received", "assigned")
    assert (details[2]["before"], details[2]["after"]) == ("assigned", "in_progress")
    assert all(e.actor_id for e in c.events[1:])


def test_only_the_department_head_assigns_within_the_department(seeded, tmp_path):
    c = file_at("ROAD-DAMAGE", NOW, tmp_path)
    with pytest.raises(PermissionDenied):
        services.assign(user("officer"), c, assignee=user("officer"), now=NOW)
    with pytest.raises(TransitionRefused) as refused:
        services.assign(user("head"), c, assignee=user("officer2"), now=NOW)
    assert refused.value.code == "assignee_not_in_department"
    with pytest.raises(TransitionRefused) as auditor:
        services.assign(user("head"), c, assignee=user("auditor"), now=NOW)
    assert auditor.value.code == "assignee_not_in_department"


def test_transfer_of_an_electronic_document_to_another_department_decree_13_4(seeded, tmp_path):
    # a web filing is an electronic document: 지체 없이 (영 제13조④), held to 1 working hour → 10:00 + 1h = 11:00
    c = file_at("ROAD-DAMAGE", NOW, tmp_path)
    services.assign(user("head"), c, assignee=user("officer"), now=NOW)
    cooperation_services.request_cooperation(user("officer"), c, department=department("HB-TRAFFIC"), text="x",
                                             reply_due=c.due_date, now=NOW)
    row = services.transfer_to_department(user("officer"), c, department=department("HB-CLEAN"),
                                          reason="쓰레기 문제입니다.", calendar=load_calendar(),
                                          now=datetime(2026, 6, 8, 14, 30, tzinfo=KST))
    db.session.commit()
    assert row.limit_at == datetime(2026, 6, 8, 11, 0, tzinfo=KST) and row.on_time is False
    assert row.basis == "13-4"
    assert (c.status, c.assignee_id, c.department.code) == ("received", None, "HB-CLEAN")
    assert not can_view(user("officer"), c) and can_view(user("officer2"), c)
    assert cooperation_services.open_requests(c) == []  # the sharing ended with the transfer
    with pytest.raises(TransitionRefused) as same:
        services.transfer_to_department(user("officer2"), c, department=department("HB-CLEAN"), reason="x",
                                        calendar=load_calendar(), now=NOW)
    assert same.value.code == "transfer_same_department"


def test_transfer_to_another_agency_notifies_and_asks_for_follow_up(seeded, tmp_path):
    c = file_at("ROAD-DAMAGE", NOW, tmp_path)
    row = services.transfer_to_agency(user("officer"), c, agency="국토교통부 서울지방국토관리청",
                                      reason="국도 관리 주체입니다.", calendar=load_calendar(),
                                      now=NOW + timedelta(hours=1))
    db.session.commit()
    assert c.status == "transferred" and row.on_time and row.limit_at == datetime(2026, 6, 9, 10, tzinfo=KST)
    assert services.awaiting_follow_up(c.department_id) == [row]
    body = render(db.session.query(OutboxMessage).filter_by(template="complaint_transferred").one())[1]
    assert "국토교통부 서울지방국토관리청" in body and "국도 관리 주체입니다." in body and "김담당" in body
    with pytest.raises(TransitionRefused) as answer:
        answer_services.answer(user("officer"), c, text="x", now=NOW)
    assert answer.value.code == "answer_not_allowed"
    db.session.rollback()
    services.record_follow_up(user("officer"), c, note="이송받은 기관이 6/9 접수함", now=NOW + timedelta(days=1))
    db.session.commit()
    assert db.session.query(ComplaintTransfer).one().followed_up_at is not None
    assert services.awaiting_follow_up(c.department_id) == []
    with pytest.raises(TransitionRefused) as twice:
        services.record_follow_up(user("officer"), c, note="다시", now=NOW + timedelta(days=2))
    assert twice.value.code == "follow_up_done"


def test_cooperation_one_extension_before_the_reply_period_ends(seeded, tmp_path):
    c = file_at("PARKING-LAW", NOW, tmp_path)  # 교통행정과, 14일 → 2026-06-25
    traffic_officer = user("officer")  # 도로과 is asked to cooperate
    from organization.services import create_user

    handler = create_user(login_id="traffic", display_name="오교통", password="x" * 12, roles=["officer"],
                          department=department("HB-TRAFFIC"), email="traffic@hanbit.example.go.kr", now=NOW)
    row = cooperation_services.request_cooperation(handler, c, department=department("HB-ROADS"), text="노면 표시?",
                                                   reply_due=date(2026, 6, 12), now=NOW)
    db.session.commit()
    assert can_view(traffic_officer, c) and not can_view(user("officer2"), c)
    with pytest.raises(PermissionDenied):
        cooperation_services.reply_cooperation(user("officer2"), row, text="x", now=NOW)
    with pytest.raises(TransitionRefused) as late:
        cooperation_services.extend_cooperation(traffic_officer, row, new_due=date(2026, 6, 16), reason="현장 확인",
                                                progress="도면 검토 중",
                                                now=datetime(2026, 6, 13, 9, tzinfo=KST))
    assert late.value.code == "cooperation_period_over"
    with pytest.raises(TransitionRefused) as long:
        cooperation_services.extend_cooperation(traffic_officer, row, new_due=date(2026, 6, 17), reason="현장 확인",
                                                progress="도면 검토 중",
                                                now=datetime(2026, 6, 11, 9, tzinfo=KST))
    assert long.value.code == "cooperation_extension_too_long"  # 6/8→6/12 is 4 days; at most to 6/16
    cooperation_services.extend_cooperation(traffic_officer, row, new_due=date(2026, 6, 16), reason="현장 확인",
                                            progress="도면 검토 중", now=datetime(2026, 6, 11, 9, tzinfo=KST))
    db.session.commit()
    # 법 제20조③: the extension notice carries the reason, the 처리진행상황 and the new reply date
    extended = db.session.query(OutboxMessage).filter_by(template="staff_cooperation_extended").first()
    body = render(extended)[1]
    assert "연장 사유: 현장 확인" in body and "처리진행상황: 도면 검토 중" in body and "2026. 6. 16." in body
    assert row.extension_progress == "도면 검토 중"
    with pytest.raises(TransitionRefused) as again:
        cooperation_services.extend_cooperation(traffic_officer, row, new_due=date(2026, 6, 17), reason="또",
                                                progress="검토 중",
                                                now=datetime(2026, 6, 12, 9, tzinfo=KST))
    assert again.value.code == "cooperation_already_extended"
    db.session.rollback()
    cooperation_services.reply_cooperation(traffic_officer, row, text="노면 표시 가능", now=datetime(
        2026, 6, 15, 9, tzinfo=KST))
    db.session.commit()
    assert row.status == "replied" and not can_view(traffic_officer, c)
    assert [e.action for e in c.events][-2:] == ["cooperation_extended", "cooperation_replied"]
    asked = db.session.query(OutboxMessage).filter_by(template="staff_cooperation_requested").all()
    assert {m.recipient for m in asked} == {"officer@hanbit.example.go.kr", "head@hanbit.example.go.kr"}  # 도로과
    subject, body = render(asked[0])
    assert subject == f"[한빛시] 협조 요청: {c.receipt_no} (교통행정과)"
    assert "요청 내용: 노면 표시?" in body and "회신 기한: 2026. 6. 12." in body
    extended = db.session.query(OutboxMessage).filter_by(template="staff_cooperation_extended").one()
    subject, body = render(extended)
    assert extended.recipient == "traffic@hanbit.example.go.kr"  # the requesting side is told (법 제20조③)
    assert "새 회신 기한: 2026. 6. 16." in body and "연장 사유: 현장 확인" in body


def test_repeated_complaint_closure_law_23(seeded, tmp_path):
    first = file_at("CITY-PROPOSAL", NOW, tmp_path)
    second = file_at("CITY-PROPOSAL", NOW + timedelta(days=20), tmp_path)
    someone = file_at("CITY-PROPOSAL", NOW + timedelta(days=21), tmp_path, name="다른사람", email="x@example.kr",
                      phone=None)
    third = file_at("CITY-PROPOSAL", NOW + timedelta(days=40), tmp_path, email="other@example.kr")  # same phone
    civil = user("civil")
    answer_services.answer(civil, first, text="검토했습니다.", now=NOW + timedelta(days=5))
    db.session.commit()
    with pytest.raises(TransitionRefused) as one_answer:
        closure_services.close_repeated(civil, third, earlier=[first.receipt_no, second.receipt_no],
                                        committee_deliberated=False, now=NOW + timedelta(days=41))
    assert one_answer.value.code == "repeat_too_few_answers"
    db.session.rollback()
    answer_services.answer(civil, second, text="같은 답변입니다.", now=NOW + timedelta(days=25))
    db.session.commit()
    with pytest.raises(TransitionRefused) as other_person:
        closure_services.close_repeated(civil, third, earlier=[first.receipt_no, someone.receipt_no],
                                        committee_deliberated=False, now=NOW + timedelta(days=41))
    assert other_person.value.code == "repeat_not_same_complainant"
    db.session.rollback()
    closure_services.close_repeated(civil, third, earlier=[first.receipt_no, second.receipt_no],
                                    committee_deliberated=False, now=NOW + timedelta(days=41))
    db.session.commit()
    assert third.status == "closed"
    links = db.session.query(ComplaintLink).filter_by(complaint_id=third.id).all()
    assert {link.linked_id for link in links} == {first.id, second.id} and {lk.kind for lk in links} == {"repeat_of"}
    body = render(db.session.query(OutboxMessage).filter_by(template="complaint_closed").one())[1]
    assert "제23조" in body and first.receipt_no in body


def test_statutory_complaints_are_never_closed_as_repeats(seeded, tmp_path):
    earlier = [file_at("ROAD-OCCUPANCY", NOW + timedelta(days=i), tmp_path) for i in range(2)]
    for c in earlier:
        answer_services.answer(user("officer"), c, text="허가", now=NOW + timedelta(days=3))
    latest = file_at("ROAD-OCCUPANCY", NOW + timedelta(days=4), tmp_path)
    with pytest.raises(TransitionRefused) as refused:
        closure_services.close_repeated(user("officer"), latest, earlier=[c.receipt_no for c in earlier],
                                        committee_deliberated=False, now=NOW + timedelta(days=5))
    assert refused.value.code == "repeat_statutory"


def test_merging_five_people_and_sharing_the_answer(seeded, tmp_path):
    primary = file_at("ROAD-DAMAGE", NOW, tmp_path)
    others = [file_at("ROAD-DAMAGE", NOW, tmp_path, name=name, email=f"p{i}@example.kr", phone=None)
              for i, name in enumerate(["박하나", "최둘", "정셋", "강넷"])]
    with pytest.raises(TransitionRefused) as few:
        merge_services.merge(user("officer"), primary, others=[o.receipt_no for o in others[:3]], now=NOW)
    assert few.value.code == "merge_too_few"  # 4 people
    db.session.rollback()
    merge_services.merge(user("officer"), primary, others=[o.receipt_no for o in others], now=NOW)
    db.session.commit()
    assert {o.status for o in others} == {"received"}  # D16: they keep their own status and 처리기한
    answer_services.answer(user("officer"), primary, text="모두 보수했습니다.", now=NOW + timedelta(hours=2))
    db.session.commit()
    assert others[0].answer_text == "모두 보수했습니다." and db.session.query(ComplaintAnswer).count() == 5
    assert {o.status for o in others} == {"answered"}
    recipients = {m.recipient for m in db.session.query(OutboxMessage).filter_by(template="complaint_answered")}
    assert recipients == {"hong@example.kr"} | {f"p{i}@example.kr" for i in range(4)}


def test_two_undeliverable_requests_treat_the_complaint_as_withdrawn(seeded, tmp_path):
    c = file_at("PROCEDURE-QUERY", NOW, tmp_path)
    civil, calendar = user("civil"), load_calendar()
    supplement_services.request_supplement(civil, c, request_text="서류", days=7, calendar=calendar, now=NOW)
    supplement_services.record_returned(civil, c, note="수취인 불명", now=NOW + timedelta(days=2))
    supplement_services.repeat_supplement(civil, c, request_text="다시", days=10, calendar=calendar,
                                          now=NOW + timedelta(days=2))
    supplement_services.record_returned(civil, c, note="수취인 불명", now=NOW + timedelta(days=4))
    with pytest.raises(TransitionRefused) as third:
        supplement_services.record_returned(civil, c, note="또", now=NOW + timedelta(days=4))
    assert third.value.code == "supplement_already_returned"
    assert supplement_services.deem_withdrawn(civil, c, now=NOW + timedelta(days=4)) == "undeliverable_twice"
    db.session.commit()
    assert c.status == "withdrawn"
    returned = [e for e in c.events if e.action == "supplement_returned"]
    assert len(returned) == 2 and not any(e.is_public for e in returned)


def test_access_log_needs_a_reason_for_downloads_and_keeps_two_years(seeded, tmp_path):
    """D18 (안전성 확보조치 기준 제8조①): an entry of 2026-03-01 survives until 2028-03-01, never pruned earlier,
    whatever is configured."""
    c = file_at("ROAD-DAMAGE", NOW, tmp_path)
    auditor = user("auditor")
    with pytest.raises(AccessLogError):
        record_access(auditor, c, action="download", ip_address="10.0.0.1", now=NOW)
    march_first = record_access(auditor, c, action="view", ip_address="10.0.0.1",
                                now=datetime(2026, 3, 1, 23, 50, tzinfo=KST))
    next_day = record_access(auditor, c, action="view", ip_address="10.0.0.1",
                             now=datetime(2026, 3, 2, 0, 10, tzinfo=KST))
    db.session.commit()
    first_id, second_id = march_first.id, next_day.id
    assert purge_expired(now=datetime(2028, 3, 1, 23, 59, tzinfo=KST), years=1) == 0  # 1 year asked: 2 apply
    assert purge_expired(now=datetime(2028, 3, 2, 0, 1, tzinfo=KST)) == 1
    db.session.commit()
    remaining = {e.id for e in db.session.query(PersonalDataAccess)}
    assert second_id in remaining and first_id not in remaining
