"""D15–D17 and the smaller points of issue 15 through the services, on SQLite and PostgreSQL: 반려 (영 제25조①),
다수인 병합 (영 제6조⑦), 반복민원 (법 제23조①) and the 감사부서 referral (영 제17조②), the 8-working-hour 보완 alert
(규칙 제9조①), 부서 이송 timing (영 제13조), and 반려 in the monthly check and the charter measures."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from app.demo import seed_demo
from charters.performance_queries import outcomes_by_type
from civil_complaints.casework import (
    answers as answer_services,
)
from civil_complaints.casework import (
    audit as audit_services,
)
from civil_complaints.casework import (
    closures as closure_services,
)
from civil_complaints.casework import (
    merges as merge_services,
)
from civil_complaints.casework import (
    returns as return_services,
)
from civil_complaints.casework import services
from civil_complaints.casework import (
    supplements as supplement_services,
)
from civil_complaints.citizen.services import withdraw
from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.domain.status import TransitionRefused
from civil_complaints.intake.services import IntakeData, receive_complaint
from civil_complaints.monitoring.audit_overdue import remind_overdue_audit_findings
from civil_complaints.monitoring.reminders import escalate_overdue
from civil_complaints.monitoring.supplement_alerts import alert_missing_supplement_requests
from civil_complaints.queues.queries import QueueFilters, Scope, Tab, queue_page
from civil_complaints.reports.monthly import monthly_figures
from civil_complaints.workflow_models import ComplaintLink
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from organization.models import Department
from tests.workflow_helpers import file_at, user
from working_calendar.cache import load_calendar

NOW = datetime(2026, 6, 8, 10, tzinfo=KST)  # Monday
PEOPLE = ["박하나", "최둘", "정셋", "강넷"]


@pytest.fixture
def seeded(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    return ctx


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


def messages(template: str) -> list[OutboxMessage]:
    return db.session.query(OutboxMessage).filter_by(template=template).order_by(OutboxMessage.id).all()


def department(code: str) -> Department:
    return db.session.query(Department).filter_by(code=code).one()


def refusal(call) -> str:
    with pytest.raises(TransitionRefused) as error:
        call()
    db.session.rollback()
    return error.value.code


def unanswered_twice(complaint: Complaint, officer: str, start: datetime) -> datetime:
    """Two 보완 requests of one round, both left unanswered; returns when the second one's 기한 has ended."""
    calendar = load_calendar()
    first = supplement_services.request_supplement(user(officer), complaint, request_text="등기부 등본을 내 주세요.",
                                                   days=3, calendar=calendar, now=start)
    second = supplement_services.repeat_supplement(
        user(officer), complaint, request_text="등기부 등본을 다시 요청합니다.", days=2, calendar=calendar,
        now=datetime.combine(first.respond_by + timedelta(days=1), start.timetz()))
    db.session.commit()
    return datetime.combine(second.respond_by + timedelta(days=1), start.timetz())


# D15 ------------------------------------------------------------------------------------------------------------


def test_unanswered_second_request_of_a_statutory_complaint_is_returned_with_remedies_decree_25_1(seeded, tmp_path):
    """반려 of a 법정민원 carries the reasons and, like a refusal, the remedies (법 제27조③, 제35조); not 취하."""
    c = file_at("ROAD-OCCUPANCY", NOW, tmp_path)
    later = unanswered_twice(c, "officer", NOW + timedelta(hours=1))
    assert refusal(lambda: return_services.return_complaint(user("officer"), c, reasons="보완 없음", remedies=" ",
                                                            now=later)) == "return_remedies_required"
    remedies = ("이 처분에 이의가 있으면 60일 이내에 이의신청(법 제35조)을, 90일 이내에 행정심판을 청구하거나 "
                "행정소송을 제기할 수 있습니다.")
    return_services.return_complaint(user("officer"), c, reasons="두 차례 요청한 등기부 등본을 내지 않으셨습니다.",
                                     remedies=remedies, now=later)
    db.session.commit()
    assert c.status == "returned" and c.withdrawn_at is None and c.returned_at is not None
    subject, body = render(messages("complaint_returned")[0])
    assert "반려" in subject and "등기부 등본" in body and "이의신청(법 제35조)" in body and "행정심판" in body
    assert "제27조제3항, 제35조" in body
    # its own line: the charter measure and the monthly check count it apart from 취하
    ctype = db.session.query(ComplaintType).filter_by(code="ROAD-OCCUPANCY").one()
    outcome = outcomes_by_type(kst(2026, 6, 1), kst(2026, 7, 1), later, [ctype.id])[ctype.id]
    assert (outcome.returned, outcome.withdrawn, outcome.measured) == (1, 0, 0)
    roads = next(r for r in monthly_figures(date(2026, 6, 1))["departments"] if r["code"] == "HB-ROADS")
    assert (roads["returned"], roads["answered"], roads["open"]) == (1, 0, 0)


def test_returned_complaint_is_listed_under_its_own_status_in_the_queue(seeded, tmp_path):
    c = file_at("PROCEDURE-QUERY", NOW, tmp_path)
    later = unanswered_twice(c, "civil", NOW + timedelta(hours=1))
    return_services.return_complaint(user("civil"), c, reasons="보완 없음", remedies="", now=later)
    db.session.commit()
    scope = Scope(user("civil").id, department("HB-CIVIL").id)
    returned = queue_page(scope, QueueFilters(tab=Tab.DEPARTMENT, status="returned"), later)
    assert [r.receipt_no for r in returned.rows] == [c.receipt_no]
    withdrawn = queue_page(scope, QueueFilters(tab=Tab.DEPARTMENT, status="withdrawn"), later)
    assert withdrawn.rows == []


# D16 ------------------------------------------------------------------------------------------------------------


def joint_group(tmp_path, *, at: datetime = NOW) -> tuple[Complaint, list[Complaint]]:
    """A primary and four later filings of the same purpose by others: 5 people (영 제6조⑦)."""
    primary = file_at("ROAD-DAMAGE", at, tmp_path)
    others = [file_at("ROAD-DAMAGE", at + timedelta(minutes=10 * (i + 1)), tmp_path, name=name,
                      email=f"p{i}@example.kr", phone=None) for i, name in enumerate(PEOPLE)]
    return primary, others


def end_primary(how: str, primary: Complaint, at: datetime) -> None:
    if how == "withdrawn":
        withdraw(primary, reason="더 필요 없습니다.", now=at)
    elif how == "transferred":
        services.transfer_to_agency(user("officer"), primary, agency="국토교통부", reason="국도 소관",
                                    calendar=load_calendar(), now=at)
    else:
        ready = unanswered_twice(primary, "officer", NOW + timedelta(hours=2))
        assert ready <= at
        return_services.return_complaint(user("officer"), primary, reasons="보완 없음", remedies="", now=at)


@pytest.mark.parametrize("how", ["withdrawn", "transferred", "returned"])
def test_primary_ending_without_an_answer_reopens_the_merged_complaints_decree_6_7(seeded, tmp_path, how):
    """D16: merged 민원 keep their own 처리기한; the primary ending without an answer undoes the merge."""
    primary, others = joint_group(tmp_path)
    merge_services.merge(user("officer"), primary, others=[o.receipt_no for o in others], now=NOW + timedelta(hours=1))
    db.session.commit()
    assert {o.status for o in others} == {"received"} and all(o.due_at > NOW for o in others)
    ended_at = NOW + timedelta(days=10)  # after the merged 민원's own 3-day deadlines
    end_primary(how, primary, ended_at)
    db.session.commit()
    assert {o.status for o in others} == {"received"}
    links = db.session.query(ComplaintLink).filter_by(linked_id=primary.id, kind="merged_into").all()
    assert {link.ended_reason for link in links} == {how} and all(link.ended_at for link in links)
    undone = [json.loads(e.detail) for o in others for e in o.events if e.action == "merge_undone"]
    assert len(undone) == 4 and {d["primary"] for d in undone} == {primary.receipt_no}
    assert {m.recipient for m in messages("complaint_merge_undone")} == {f"p{i}@example.kr" for i in range(4)}
    assert "처리기한이 지났습니다" in render(messages("complaint_merge_undone")[0])[1]
    # each continues on its own: the officer may answer it now, and it is watched as overdue
    scope = Scope(user("officer").id, department("HB-ROADS").id)
    overdue = queue_page(scope, QueueFilters(tab=Tab.OVERDUE), ended_at)
    assert {o.receipt_no for o in others} <= {r.receipt_no for r in overdue.rows}
    answer_services.answer(user("officer"), others[0], text="보수했습니다.", now=ended_at)
    db.session.commit()
    assert others[0].status == "answered"


def test_merged_complaints_stay_monitored_until_the_answer_reaches_them_decree_6_7(seeded, tmp_path):
    primary, others = joint_group(tmp_path)
    merge_services.merge(user("officer"), primary, others=[o.receipt_no for o in others], now=NOW + timedelta(hours=1))
    db.session.commit()
    assert refusal(lambda: answer_services.answer(user("officer"), others[0], text="따로 답변",
                                                  now=NOW + timedelta(hours=2))) == "merged_handled_with_primary"
    overdue_at = NOW + timedelta(days=4, hours=1)  # Friday: the 3-day deadlines ended on Thursday
    result = escalate_overdue(now=overdue_at)
    db.session.commit()
    escalated = {c.receipt_no for c in [primary, *others]
                 for e in c.events if e.action == "overdue_escalated"}
    assert result["overdue"] == 5 and escalated == {c.receipt_no for c in [primary, *others]}
    answer_services.answer(user("officer"), primary, text="모두 보수했습니다.", now=overdue_at)
    db.session.commit()
    assert {o.status for o in others} == {"answered"}
    shared = [json.loads(e.detail) for e in others[0].events if e.action == "answer_shared"][0]
    assert shared["on_time"] is False and shared["after"] == "answered"  # late against its own deadline


def test_merging_only_at_receipt_into_the_earliest_decree_6_7(seeded, tmp_path):
    primary, others = joint_group(tmp_path)
    services.start(user("officer"), others[0], now=NOW + timedelta(hours=1))
    db.session.commit()
    started = refusal(lambda: merge_services.merge(user("officer"), primary, others=[o.receipt_no for o in others],
                                                   now=NOW + timedelta(hours=2)))
    assert started == "merge_after_start"
    group = [primary.receipt_no, others[2].receipt_no, others[3].receipt_no]
    later = refusal(lambda: merge_services.merge(user("officer"), others[1], others=group,
                                                 now=NOW + timedelta(hours=2)))
    assert later == "merge_primary_not_earliest"


def test_moving_the_primary_moves_the_merged_complaints_decree_13(seeded, tmp_path):
    primary, others = joint_group(tmp_path)
    merge_services.merge(user("officer"), primary, others=[o.receipt_no for o in others], now=NOW + timedelta(hours=1))
    services.transfer_to_department(user("officer"), primary, department=department("HB-CLEAN"), reason="쓰레기",
                                    calendar=load_calendar(), now=NOW + timedelta(hours=2))
    db.session.commit()
    assert {c.department.code for c in [primary, *others]} == {"HB-CLEAN"}
    assert all(e.action == "transferred_department" for e in [o.events[-1] for o in others])


# D17 ------------------------------------------------------------------------------------------------------------


def test_repeat_received_before_the_second_answer_was_sent_is_not_closable_law_23_1(seeded, tmp_path):
    """법 제23조①: 「2회 이상 그 처리결과를 통지하고, 그 후에 접수되는 민원」 — a filing received before the second
    answer is not closable; one received after it is."""
    first = file_at("CITY-PROPOSAL", NOW, tmp_path)
    second = file_at("CITY-PROPOSAL", NOW + timedelta(days=20), tmp_path)
    third = file_at("CITY-PROPOSAL", NOW + timedelta(days=40), tmp_path)
    civil = user("civil")
    answer_services.answer(civil, first, text="검토했습니다.", now=NOW + timedelta(days=5))
    answer_services.answer(civil, second, text="같은 답변입니다.", now=NOW + timedelta(days=45))
    db.session.commit()
    code = refusal(lambda: closure_services.close_repeated(civil, third, earlier=[first.receipt_no, second.receipt_no],
                                                           committee_deliberated=False, now=NOW + timedelta(days=46)))
    assert code == "repeat_received_before_answers"
    fourth = file_at("CITY-PROPOSAL", NOW + timedelta(days=50), tmp_path)
    closure_services.close_repeated(civil, fourth, earlier=[first.receipt_no, second.receipt_no],
                                    committee_deliberated=False, now=NOW + timedelta(days=51))
    db.session.commit()
    assert (third.status, fourth.status) == ("received", "closed")


def grievance_filed_a_third_time(civil, tmp_path) -> tuple[Complaint, Complaint, Complaint]:
    """A 고충민원 answered twice (days 3 and 13), then filed again on day 20."""
    first = file_at("GRIEVANCE", NOW, tmp_path)
    second = file_at("GRIEVANCE", NOW + timedelta(days=10), tmp_path)
    answer_services.answer(civil, first, text="처분에 잘못이 없습니다.", now=NOW + timedelta(days=3))
    answer_services.answer(civil, second, text="같은 답변입니다.", now=NOW + timedelta(days=13))
    return first, second, file_at("GRIEVANCE", NOW + timedelta(days=20), tmp_path)


def test_repeated_grievance_cannot_be_closed_before_its_audit_referral_decree_17_2(seeded, tmp_path):
    """영 제17조②: a re-filed 고충민원 goes to the 감사부서 (a referral with its own record and deadline) first."""
    civil = user("civil")
    first, second, third = grievance_filed_a_third_time(civil, tmp_path)
    db.session.commit()
    earlier = [first.receipt_no, second.receipt_no]
    at = NOW + timedelta(days=21)
    assert refusal(lambda: closure_services.close_repeated(civil, third, earlier=earlier, committee_deliberated=False,
                                                           now=at)) == "repeat_grievance_needs_audit"
    audit = department("HB-AUDIT")
    assert refusal(lambda: audit_services.refer_to_audit(civil, third, department=audit, earlier=earlier,
                                                         text="재조사", due=third.due_date + timedelta(days=1),
                                                         now=at)) == "audit_after_due"
    referral = audit_services.refer_to_audit(civil, third, department=audit, earlier=earlier,
                                             text="같은 고충민원이 세 번째 접수되었습니다. 원처분을 조사해 주세요.",
                                             due=third.due_date, now=at)
    db.session.commit()
    assert referral.due_date == third.due_date and referral.to_department_id == audit.id
    assert referral.earlier == f"{first.receipt_no}, {second.receipt_no}"
    staff_mail = messages("staff_audit_referred")
    assert [m.recipient for m in staff_mail] == ["auditor@hanbit.example.go.kr"]
    assert "제17조제2항" in render(messages("complaint_audit_referred")[0])[1]
    closure_services.close_repeated(civil, third, earlier=earlier, committee_deliberated=False,
                                    now=at + timedelta(hours=1))
    db.session.commit()
    assert third.status == "closed"


def test_overdue_investigation_findings_are_chased_each_working_day_decree_17_2(seeded, tmp_path):
    """The referral's reply date passes without findings: the 감사부서 and the handler are reminded once per
    working day until the findings are recorded."""
    civil = user("civil")
    first, second, third = grievance_filed_a_third_time(civil, tmp_path)
    at = NOW + timedelta(days=21)
    due = at.date() + timedelta(days=2)
    audit_services.refer_to_audit(civil, third, department=department("HB-AUDIT"),
                                  earlier=[first.receipt_no, second.receipt_no], text="원처분을 조사해 주세요.",
                                  due=due, now=at)
    db.session.commit()
    calendar = load_calendar()
    late = due + timedelta(days=1)
    while not calendar.is_working_day(late):
        late += timedelta(days=1)

    assert remind_overdue_audit_findings(now=kst(due.year, due.month, due.day, 9, 40))["overdue_referrals"] == 0
    result = remind_overdue_audit_findings(now=kst(late.year, late.month, late.day, 9, 40))
    db.session.commit()
    reminded = [m.recipient for m in messages("staff_audit_overdue")]
    assert result == {"overdue_referrals": 1, "queued": len(reminded)}
    # the 감사부서 and the handling department's officers (it is unassigned), each once
    assert {user("auditor").email, civil.email} <= set(reminded) and len(set(reminded)) == len(reminded)
    assert "제17조제2항" in render(messages("staff_audit_overdue")[0])[1]
    again = remind_overdue_audit_findings(now=kst(late.year, late.month, late.day, 10, 40))
    assert again["queued"] == 0  # once per working day
    audit_services.record_findings(civil, third, text="원처분에 잘못이 없습니다.",
                                   now=kst(late.year, late.month, late.day, 11))
    db.session.commit()
    following = late + timedelta(days=1)
    while not calendar.is_working_day(following):
        following += timedelta(days=1)
    assert remind_overdue_audit_findings(
        now=kst(following.year, following.month, following.day, 9, 40))["overdue_referrals"] == 0


# 규칙 제9조①, 영 제13조 -------------------------------------------------------------------------------------------


def test_flagged_complaint_without_a_request_alerts_the_officer_once_rule_9_1(seeded, tmp_path):
    """8 working hours from receipt (Mon 10:00 → Tue 10:00); one alert; a later request is recorded as late."""
    c = file_at("PROCEDURE-QUERY", NOW, tmp_path)
    supplement_services.flag_supplement_needed(user("civil"), c, note="신분증 사본 누락", now=NOW + timedelta(hours=1))
    db.session.commit()
    assert alert_missing_supplement_requests(now=kst(2026, 6, 9, 9, 59))["alerted"] == 0
    assert alert_missing_supplement_requests(now=kst(2026, 6, 9, 10, 7))["alerted"] == 1
    db.session.commit()
    assert alert_missing_supplement_requests(now=kst(2026, 6, 9, 10, 22))["alerted"] == 0  # exactly once
    db.session.commit()
    mail = messages("staff_supplement_due")
    assert [m.recipient for m in mail] == ["civil@hanbit.example.go.kr"]  # unassigned: the department's officers
    assert "신분증 사본 누락" in render(mail[0])[1] and "2026. 6. 9. 10:00" in render(mail[0])[1]
    request = supplement_services.request_supplement(
        user("civil"), c, request_text="신분증 사본을 내 주세요.", days=7, calendar=load_calendar(),
        now=kst(2026, 6, 9, 11), late_reason="담당자가 서류를 늦게 확인했습니다.")
    db.session.commit()
    assert request.limit_at == kst(2026, 6, 9, 10) and request.late and request.late_reason.startswith("담당자")
    on_time = file_at("PROCEDURE-QUERY", NOW, tmp_path)
    early = supplement_services.request_supplement(user("civil"), on_time, request_text="서류", days=7,
                                                   calendar=load_calendar(), now=NOW + timedelta(hours=2),
                                                   late_reason="무시됨")
    assert not early.late and early.late_reason is None


def register_letter(code: str, received_at: datetime, tmp_path) -> Complaint:
    ctype = db.session.query(ComplaintType).filter_by(code=code).one()
    data = IntakeData(title="우편 민원", content="도로가 파였습니다.", name="우편인", email="post@example.kr",
                      phone=None, consent=True)
    complaint, _ = receive_complaint(ctype, data, channel="letter", received_at=received_at, arrived_at=received_at,
                                     calendar=load_calendar(), agency_code="HB", upload_dir=tmp_path,
                                     now=received_at)
    db.session.commit()
    return complaint


@pytest.mark.parametrize(("code", "far", "limit", "basis"), [
    ("PROCEDURE-QUERY", False, kst(2026, 6, 8, 11), "13-1"),  # the 민원실 (HB-CIVIL): 1 working hour
    ("PROCEDURE-QUERY", True, kst(2026, 6, 8, 14), "13-1-far"),  # 단서: 3 (10–12, 13–14)
    ("ROAD-DAMAGE", False, kst(2026, 6, 8, 14), "13-2"),  # another unit: 3 working hours
])
def test_department_transfer_of_paper_decree_13(seeded, tmp_path, code, far, limit, basis):
    c = register_letter(code, NOW, tmp_path)
    officer = "civil" if code == "PROCEDURE-QUERY" else "officer"
    row = services.transfer_to_department(user(officer), c, department=department("HB-TRAFFIC"), reason="소관",
                                          calendar=load_calendar(), now=kst(2026, 6, 8, 11, 30), far=far)
    db.session.commit()
    assert (row.limit_at, row.basis, row.on_time) == (limit, basis, kst(2026, 6, 8, 11, 30) <= limit)


def test_the_new_notices_are_declared_and_exist_in_both_languages():
    """D14: 반려 is required by law (영 제25조①); the merge and referral notices are progress information."""
    from pathlib import Path

    from civil_complaints.domain.notice_kinds import Requirement, kind_of

    assert (kind_of("complaint_returned").requirement, kind_of("complaint_returned").basis) == (
        Requirement.ALWAYS, "영 제25조①")
    progress = ["complaint_merged", "complaint_merge_undone", "complaint_audit_referred"]
    assert {kind_of(t).requirement for t in progress} == {Requirement.UNLESS_ONLINE}
    folder = Path(__file__).resolve().parents[2] / "notifications" / "templates" / "notifications"
    for template in ["complaint_returned", *progress]:
        assert {f"{template}.ko.txt", f"{template}.en.txt"} <= {p.name for p in folder.glob(f"{template}.*.txt")}
