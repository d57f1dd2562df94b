"""The workflow state machine: every status × every action, then every rule of every action."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from civil_complaints.domain.extensions import Extension
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.status import ComplaintStatus, TransitionRefused
from civil_complaints.domain.workflow import (
    Action,
    AgencyTransferParams,
    AnswerParams,
    AssignParams,
    CaseFacts,
    CooperationExtendParams,
    CooperationFacts,
    CooperationParams,
    CooperationReplyParams,
    DepartmentTransferParams,
    ExtendParams,
    FollowUpParams,
    MergeParams,
    RepeatParams,
    SupplementParams,
    SupplementTimeParams,
    WithdrawalGround,
    decide,
    may_return,
    withdrawal_ground,
)
from civil_complaints.domain.workflow_params import (
    AuditFindingsParams,
    AuditReferralParams,
    ReturnParams,
    SupplementNeedParams,
)

R, A, P, SR = "received", "assigned", "in_progress", "supplement_requested"
T, AN, C, W, RT = "transferred", "answered", "closed", "withdrawn", "returned"
STATUSES = [R, A, P, SR, T, AN, C, W, RT]
ENDED = [T, AN, C, W, RT]
TODAY = date(2026, 6, 10)
COOP = CooperationFacts(is_open=True, extended=False, requested_on=date(2026, 6, 8), reply_due=date(2026, 6, 12),
                        today=TODAY)

# Parameters that satisfy every rule of the action, so only the status decides.
VALID = {
    Action.ASSIGN: AssignParams(assignee_id=2, current_assignee_id=1, assignee_in_department=True,
                                assignee_can_handle=True),
    Action.START: None,
    Action.REQUEST_SUPPLEMENT: SupplementParams("주민등록등본을 내 주세요.", 7),
    Action.REPEAT_SUPPLEMENT: SupplementParams("다시 요청합니다.", 10),
    Action.RECORD_RETURNED: None,
    Action.SUBMIT_SUPPLEMENT: None,
    Action.EXTEND_SUPPLEMENT_TIME: SupplementTimeParams(14),
    Action.DEEM_WITHDRAWN: None,
    Action.RETURN: ReturnParams("보완 요청에 두 번 응하지 않으셨습니다.", "이의신청 (법 제35조)"),
    Action.FLAG_SUPPLEMENT_NEEDED: SupplementNeedParams("신분증 사본이 없습니다."),
    Action.EXTEND: ExtendParams(ProcessingPeriod.parse("7d"), Extension.of("7d", "FACT_OR_SITE_CHECK"), "현장 확인"),
    Action.TRANSFER_DEPARTMENT: DepartmentTransferParams(same_department=False, target_active=True, reason="소관"),
    Action.TRANSFER_AGENCY: AgencyTransferParams(agency="국토교통부", reason="소관 기관"),
    Action.RECORD_FOLLOW_UP: FollowUpParams("접수 확인"),
    Action.REQUEST_COOPERATION: CooperationParams(same_department=False, already_open=False, text="검토 요청",
                                                  reply_due=date(2026, 6, 12), today=TODAY,
                                                  complaint_due=date(2026, 6, 17)),
    Action.EXTEND_COOPERATION: CooperationExtendParams(COOP, date(2026, 6, 15), "현장 확인", "도면 검토 중"),
    Action.REPLY_COOPERATION: CooperationReplyParams(COOP, "검토 결과입니다."),
    Action.ANSWER: AnswerParams("답변입니다."),
    Action.CLOSE_REPEATED: RepeatParams(filings=3, answered=2, answered_before=2),
    Action.MERGE: MergeParams(is_primary=False, primary_open=True, same_department=True, group_people=5),
    Action.SHARE_ANSWER: None,
    Action.UNDO_MERGE: None,
    Action.REFER_AUDIT: AuditReferralParams("같은 고충민원이 다시 들어왔습니다. 조사해 주세요.", earlier=1,
                                            due=date(2026, 6, 12), today=TODAY, complaint_due=date(2026, 6, 17)),
    Action.RECORD_AUDIT_FINDINGS: AuditFindingsParams("조사 결과: 처분에 잘못이 없었습니다."),
    Action.WITHDRAW: None,
    Action.RATE: None,
}

# Facts that satisfy the rules that look at the 민원 itself (a 보완 round whose 2nd request is unanswered).
FACTS = dict(kind="query_system", received_on=date(2026, 6, 2), supplement_requests=2, supplement_returned=0,
             supplement_overdue=True)
REPEAT_FACTS = dict(FACTS, supplement_requests=1)
RUNNING_ROUND = dict(FACTS, supplement_requests=1, supplement_overdue=False)  # more time is asked before the end
UNDELIVERABLE = dict(FACTS, supplement_returned=2, supplement_last_returned=True)  # 영 제25조②
ACTION_FACTS = {
    Action.REPEAT_SUPPLEMENT: REPEAT_FACTS,
    Action.EXTEND_SUPPLEMENT_TIME: RUNNING_ROUND,
    Action.DEEM_WITHDRAWN: UNDELIVERABLE,
    Action.SHARE_ANSWER: dict(FACTS, merged=True),
    Action.UNDO_MERGE: dict(FACTS, merged=True),
    Action.REFER_AUDIT: dict(FACTS, kind="grievance"),
    Action.RECORD_AUDIT_FINDINGS: dict(FACTS, kind="grievance", audit_referred=True),
}

FIN = "complaint_finished"
PEND = "supplement_pending"
NOSUP = "no_supplement_requested"
# action -> {status: next status, or the refusal code}. Written out by hand from the law (see workflow.py).
EXPECTED = {
    Action.ASSIGN: {R: A, A: A, P: P, SR: SR, **dict.fromkeys(ENDED, FIN)},
    Action.START: {R: P, A: P, P: "already_in_progress", SR: PEND, **dict.fromkeys(ENDED, FIN)},
    Action.REQUEST_SUPPLEMENT: {R: SR, A: SR, P: SR, **dict.fromkeys([SR, *ENDED], "supplement_not_allowed")},
    Action.REPEAT_SUPPLEMENT: {R: NOSUP, A: NOSUP, P: NOSUP, SR: SR, **dict.fromkeys(ENDED, FIN)},
    Action.RECORD_RETURNED: {R: NOSUP, A: NOSUP, P: NOSUP, SR: SR, **dict.fromkeys(ENDED, FIN)},
    Action.SUBMIT_SUPPLEMENT: {**dict.fromkeys([R, A, P, *ENDED], NOSUP), SR: P},
    Action.EXTEND_SUPPLEMENT_TIME: {**dict.fromkeys([R, A, P, *ENDED], NOSUP), SR: SR},
    Action.DEEM_WITHDRAWN: {R: NOSUP, A: NOSUP, P: NOSUP, SR: W, **dict.fromkeys(ENDED, FIN)},
    Action.RETURN: {R: NOSUP, A: NOSUP, P: NOSUP, SR: RT, **dict.fromkeys(ENDED, FIN)},
    Action.FLAG_SUPPLEMENT_NEEDED: {R: R, A: A, P: P, SR: PEND, **dict.fromkeys(ENDED, FIN)},
    Action.EXTEND: {R: R, A: A, P: P, SR: PEND, **dict.fromkeys(ENDED, FIN)},
    Action.TRANSFER_DEPARTMENT: {R: R, A: R, P: R, SR: PEND, **dict.fromkeys(ENDED, FIN)},
    Action.TRANSFER_AGENCY: {R: T, A: T, P: T, SR: PEND, **dict.fromkeys(ENDED, FIN)},
    Action.RECORD_FOLLOW_UP: {**dict.fromkeys([R, A, P, SR, AN, C, W, RT], "not_transferred"), T: T},
    Action.REQUEST_COOPERATION: {R: R, A: A, P: P, SR: PEND, **dict.fromkeys(ENDED, FIN)},
    Action.EXTEND_COOPERATION: {R: R, A: A, P: P, SR: SR, **dict.fromkeys(ENDED, FIN)},
    Action.REPLY_COOPERATION: {R: R, A: A, P: P, SR: SR, **dict.fromkeys(ENDED, FIN)},
    Action.ANSWER: {R: AN, A: AN, P: AN, SR: "answer_during_supplement",
                    **dict.fromkeys(ENDED, "answer_not_allowed")},
    Action.CLOSE_REPEATED: {R: C, A: C, P: C, SR: PEND, **dict.fromkeys(ENDED, FIN)},
    # D16: merged only at 접수, before processing started; the merged 민원 keeps its status
    Action.MERGE: {R: R, A: A, P: "merge_after_start", SR: "merge_after_start", **dict.fromkeys(ENDED, FIN)},
    Action.SHARE_ANSWER: {R: AN, A: AN, P: AN, SR: PEND, **dict.fromkeys(ENDED, FIN)},
    Action.UNDO_MERGE: {R: R, A: A, P: P, SR: SR, **dict.fromkeys(ENDED, FIN)},
    Action.REFER_AUDIT: {R: R, A: A, P: P, SR: PEND, **dict.fromkeys(ENDED, FIN)},
    Action.RECORD_AUDIT_FINDINGS: {R: R, A: A, P: P, SR: SR, **dict.fromkeys(ENDED, FIN)},
    Action.WITHDRAW: {R: W, A: W, P: W, SR: W, **dict.fromkeys(ENDED, "withdraw_not_open")},
    Action.RATE: {**dict.fromkeys([R, A, P, SR, T, W, RT], "rate_not_answered"), AN: AN, C: C},
}


def test_the_table_covers_every_action_and_status():
    assert set(EXPECTED) == set(Action) == set(VALID)
    for action, row in EXPECTED.items():
        assert set(row) == set(STATUSES), action
    assert {s.value for s in ComplaintStatus} == set(STATUSES)


def refusal(action, facts, params=None) -> str:
    with pytest.raises(TransitionRefused) as error:
        decide(action, facts, params)
    return error.value.code


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", list(Action))
def test_every_status_and_action(action, status):
    facts = CaseFacts(ComplaintStatus(status), **ACTION_FACTS.get(action, FACTS))
    expected = EXPECTED[action][status]
    if expected in STATUSES:
        assert decide(action, facts, VALID[action]) == ComplaintStatus(expected)
    else:
        assert refusal(action, facts, VALID[action]) == expected


def facts(status=P, **kw) -> CaseFacts:
    return CaseFacts(ComplaintStatus(status), **{**FACTS, **kw})


def test_assign_rules():
    ok = VALID[Action.ASSIGN]
    assert refusal(Action.ASSIGN, facts(), AssignParams(2, 1, False, True)) == "assignee_not_in_department"
    assert refusal(Action.ASSIGN, facts(), AssignParams(2, 1, True, False)) == "assignee_cannot_handle"
    assert refusal(Action.ASSIGN, facts(), AssignParams(1, 1, True, True)) == "already_assigned_to_them"
    assert decide(Action.ASSIGN, facts(R), AssignParams(1, None, True, True)) is ComplaintStatus.ASSIGNED
    assert decide(Action.ASSIGN, facts(A), ok) is ComplaintStatus.ASSIGNED  # 재배정 keeps the status


def test_supplement_requests_first_and_second():
    assert refusal(Action.REQUEST_SUPPLEMENT, facts(), SupplementParams(" ", 7)) == "supplement_text_required"
    assert refusal(Action.REQUEST_SUPPLEMENT, facts(), SupplementParams("x", 0)) == "supplement_days_invalid"
    assert refusal(Action.REQUEST_SUPPLEMENT, facts(), SupplementParams("x", 61)) == "supplement_days_invalid"
    assert decide(Action.REQUEST_SUPPLEMENT, facts(), SupplementParams("x", 60)) is ComplaintStatus.SUPPLEMENT_REQUESTED
    round1 = dict(supplement_requests=1, supplement_returned=0)
    # 영 제24조③: only after the first request went unanswered (or came back), and at most 10일
    waiting = facts(SR, **round1, supplement_overdue=False)
    assert refusal(Action.REPEAT_SUPPLEMENT, waiting, SupplementParams("x", 5)) == "supplement_not_yet_due"
    overdue = facts(SR, **round1, supplement_overdue=True)
    with pytest.raises(TransitionRefused) as error:
        decide(Action.REPEAT_SUPPLEMENT, overdue, SupplementParams("x", 11))
    assert error.value.code == "second_supplement_too_long" and error.value.params == {"limit": 10}
    assert decide(Action.REPEAT_SUPPLEMENT, overdue, SupplementParams("x", 10)) is ComplaintStatus.SUPPLEMENT_REQUESTED
    returned = facts(SR, supplement_requests=1, supplement_returned=1, supplement_overdue=False)
    assert decide(Action.REPEAT_SUPPLEMENT, returned, SupplementParams("x", 3)) is ComplaintStatus.SUPPLEMENT_REQUESTED
    second = facts(SR, supplement_requests=2, supplement_overdue=True)
    assert refusal(Action.REPEAT_SUPPLEMENT, second, SupplementParams("x", 3)) == "second_supplement_already"


def test_returned_requests_are_counted_once_each():
    assert decide(Action.RECORD_RETURNED, facts(SR, supplement_requests=1, supplement_returned=0)) is (
        ComplaintStatus.SUPPLEMENT_REQUESTED)
    assert refusal(Action.RECORD_RETURNED, facts(SR, supplement_requests=1, supplement_returned=1)) == (
        "supplement_already_returned")


@pytest.mark.parametrize(("requests", "returned", "last_returned", "overdue", "outcome"), [
    (1, 0, False, False, None),  # first request still running
    (1, 0, False, True, None),  # first request unanswered: a second request must come first (영 제24조③)
    (1, 1, True, False, None),  # one returned: try again first
    (2, 0, False, False, None),  # second request still running
    (2, 0, False, True, "return"),  # 영 제25조①: 반려 with reasons (D15), not 취하
    (2, 1, False, True, "return"),  # the first came back, the second was delivered and went unanswered
    (2, 1, True, True, None),  # the second came back: record it; nothing reached the 민원인 in time
    (2, 2, True, False, "withdrawn"),  # 영 제25조②: 취하 간주
])
def test_decree_25_return_or_treated_as_withdrawn(requests, returned, last_returned, overdue, outcome):
    case = facts(SR, supplement_requests=requests, supplement_returned=returned,
                 supplement_last_returned=last_returned, supplement_overdue=overdue)
    assert withdrawal_ground(case) == (WithdrawalGround.UNDELIVERABLE_TWICE if outcome == "withdrawn" else None)
    assert may_return(case) is (outcome == "return")
    reasons = ReturnParams("두 차례 보완을 요청했으나 기한까지 보완하지 않으셨습니다.")
    if outcome == "withdrawn":
        assert decide(Action.DEEM_WITHDRAWN, case) is ComplaintStatus.WITHDRAWN
    else:
        assert refusal(Action.DEEM_WITHDRAWN, case) == "deem_withdrawn_not_allowed"
    if outcome == "return":
        assert decide(Action.RETURN, case, reasons) is ComplaintStatus.RETURNED
    else:
        assert refusal(Action.RETURN, case, reasons) == "return_not_allowed"
    assert withdrawal_ground(facts(P, supplement_requests=2, supplement_returned=2)) is None


def test_unanswered_second_request_is_returned_with_reasons_and_remedies_decree_25_1():
    """D15, 영 제25조①: 반려 with the reasons, for a 법정민원 the remedies too (법 제27조③, 제35조); not 취하."""
    unanswered = facts(SR, supplement_requests=2, supplement_overdue=True)
    assert refusal(Action.DEEM_WITHDRAWN, unanswered) == "deem_withdrawn_not_allowed"  # it used to be 취하 간주
    assert refusal(Action.RETURN, unanswered, ReturnParams(" ")) == "return_reasons_required"
    assert decide(Action.RETURN, unanswered, ReturnParams("보완하지 않으셨습니다.")) is ComplaintStatus.RETURNED
    statutory = replace(unanswered, kind="statutory")
    assert refusal(Action.RETURN, statutory, ReturnParams("보완하지 않으셨습니다.")) == "return_remedies_required"
    assert decide(Action.RETURN, statutory, ReturnParams("보완하지 않으셨습니다.", "이의신청 (법 제35조)")) is (
        ComplaintStatus.RETURNED)
    assert ComplaintStatus.RETURNED is not ComplaintStatus.WITHDRAWN


def extend(number_before: int, ground: str, *, consent=False, received=date(2026, 6, 2), period="7d",
           due_passed=False, reason="현장 확인 필요"):
    case = facts(P, extensions=number_before, received_on=received, due_passed=due_passed)
    return decide(Action.EXTEND, case, ExtendParams(ProcessingPeriod.parse("7d"),
                                                    Extension.of(period, ground, consent), reason))


@pytest.mark.parametrize(("kwargs", "code"), [
    (dict(number_before=2, ground="FACT_OR_SITE_CHECK", consent=True), "extension_limit_reached"),
    (dict(number_before=1, ground="FACT_OR_SITE_CHECK"), "extension_consent_required"),
    (dict(number_before=0, ground="SIMPLE_WORKLOAD"), "extension_ground_refused"),
    (dict(number_before=0, ground="OFFICER_ASSIGNMENT_DELAY"), "extension_ground_refused"),
    (dict(number_before=0, ground="OFFICER_ABSENCE"), "extension_ground_refused"),
    (dict(number_before=0, ground="UNAVOIDABLE"), "extension_ground_not_allowed"),
    (dict(number_before=0, ground=""), "extension_ground_required"),
    (dict(number_before=0, ground="FORCE_MAJEURE", period="8d"), "extension_too_long"),
    (dict(number_before=0, ground="FORCE_MAJEURE", period="1w"), "extension_unit_mismatch"),
    (dict(number_before=0, ground="FORCE_MAJEURE", due_passed=True), "extension_after_due"),
    (dict(number_before=0, ground="FORCE_MAJEURE", reason=" "), "extension_reason_required"),
    # 영 제21조① 제4호: a reason a reviewer can judge — not a barred ground in other words, not stock phrases
    (dict(number_before=0, ground="EQUIVALENT", reason="업무 많음"), "extension_reason_barred"),
    (dict(number_before=0, ground="EQUIVALENT", reason="담당자 휴가로 처리가 어렵습니다"), "extension_reason_barred"),
    (dict(number_before=0, ground="EQUIVALENT", reason="부득이한 사유로 연장합니다."), "extension_reason_vague"),
    (dict(number_before=0, ground="EQUIVALENT", reason="내부 사정"), "extension_reason_vague"),
])
def test_extension_refusals(kwargs, code):
    with pytest.raises(TransitionRefused) as error:
        extend(**kwargs)
    assert error.value.code == code


def test_extensions_allowed_per_d6():
    assert extend(0, "COOPERATION_REQUIRED") is ComplaintStatus.IN_PROGRESS
    judgeable = "관련 소송의 1심 판결이 6월 20일 선고되어 그 결과를 반영해야 합니다."
    assert extend(1, "EQUIVALENT", consent=True, period="3d", reason=judgeable) is ComplaintStatus.IN_PROGRESS
    # before 2026-05-06 there was no 제4호 and no minimum
    assert extend(0, "EQUIVALENT", received=date(2026, 5, 5), reason="업무 많음") is ComplaintStatus.IN_PROGRESS
    # before 2026-05-06 the old 영 제21조① asked only for 부득이한 사유; 업무과중 was not yet barred
    assert extend(0, "SIMPLE_WORKLOAD", received=date(2026, 5, 5)) is ComplaintStatus.IN_PROGRESS
    assert extend(0, "UNAVOIDABLE", received=date(2025, 12, 24)) is ComplaintStatus.IN_PROGRESS


def test_transfer_rules():
    dept = Action.TRANSFER_DEPARTMENT
    assert refusal(dept, facts(), DepartmentTransferParams(True, True, "x")) == "transfer_same_department"
    assert refusal(dept, facts(), DepartmentTransferParams(False, False, "x")) == "transfer_target_inactive"
    assert refusal(dept, facts(), DepartmentTransferParams(False, True, "")) == "transfer_reason_required"
    assert refusal(Action.TRANSFER_AGENCY, facts(), AgencyTransferParams(" ", "x")) == "transfer_agency_required"
    assert refusal(Action.TRANSFER_AGENCY, facts(), AgencyTransferParams("국토부", "")) == "transfer_reason_required"
    assert refusal(Action.RECORD_FOLLOW_UP, facts(T, followed_up=True), FollowUpParams("x")) == "follow_up_done"
    assert refusal(Action.RECORD_FOLLOW_UP, facts(T), FollowUpParams(" ")) == "follow_up_note_required"


def cooperation(**kw) -> CooperationParams:
    base = dict(same_department=False, already_open=False, text="검토", reply_due=date(2026, 6, 12), today=TODAY,
                complaint_due=date(2026, 6, 17))
    return CooperationParams(**{**base, **kw})


def test_cooperation_request_rules():
    act = Action.REQUEST_COOPERATION
    assert refusal(act, facts(), cooperation(same_department=True)) == "cooperation_same_department"
    assert refusal(act, facts(), cooperation(already_open=True)) == "cooperation_already_open"
    assert refusal(act, facts(), cooperation(text="")) == "cooperation_text_required"
    assert refusal(act, facts(), cooperation(reply_due=date(2026, 6, 9))) == "cooperation_due_past"
    # 법 제20조①: the reply period lies inside the 민원's processing period
    assert refusal(act, facts(), cooperation(reply_due=date(2026, 6, 18))) == "cooperation_after_due"
    assert decide(act, facts(), cooperation(reply_due=date(2026, 6, 17))) is ComplaintStatus.IN_PROGRESS


def test_cooperation_extension_and_reply_rules():
    act = Action.EXTEND_COOPERATION

    def ext(new_due, reason="사유", progress="현장 조사를 마쳤고 도면을 검토 중", **kw):
        return CooperationExtendParams(replace(COOP, **kw), new_due, reason, progress)

    assert refusal(act, facts(), ext(date(2026, 6, 15), is_open=False)) == "cooperation_closed"
    assert refusal(act, facts(), ext(date(2026, 6, 15), extended=True)) == "cooperation_already_extended"
    assert refusal(act, facts(), ext(date(2026, 6, 15), today=date(2026, 6, 13))) == "cooperation_period_over"
    assert refusal(act, facts(), ext(date(2026, 6, 12))) == "cooperation_extension_not_later"
    # requested 6/8, due 6/12 (4 days): at most 4 more days, to 6/16
    assert refusal(act, facts(), ext(date(2026, 6, 17))) == "cooperation_extension_too_long"
    assert refusal(act, facts(), ext(date(2026, 6, 16), reason="")) == "cooperation_reason_required"
    # 법 제20조③: the extension notice carries the 처리진행상황 too
    assert refusal(act, facts(), ext(date(2026, 6, 16), progress=" ")) == "cooperation_progress_required"
    assert decide(act, facts(), ext(date(2026, 6, 16))) is ComplaintStatus.IN_PROGRESS
    closed = CooperationFacts(False, False, date(2026, 6, 8), date(2026, 6, 12), TODAY)
    assert refusal(Action.REPLY_COOPERATION, facts(), CooperationReplyParams(closed, "x")) == "cooperation_closed"
    assert refusal(Action.REPLY_COOPERATION, facts(), CooperationReplyParams(COOP, " ")) == "cooperation_reply_required"


def test_answer_and_refusal_need_reasons_and_remedies():
    assert refusal(Action.ANSWER, facts(), AnswerParams(" ")) == "answer_empty"
    assert refusal(Action.ANSWER, facts(), AnswerParams("거부", refused=True, remedies="이의신청")) == (
        "refusal_reasons_required")
    assert refusal(Action.ANSWER, facts(), AnswerParams("거부", refused=True, reasons="요건 미비")) == (
        "refusal_remedies_required")
    assert decide(Action.ANSWER, facts(), AnswerParams("거부", True, "요건 미비", "이의신청 60일")) is (
        ComplaintStatus.ANSWERED)


def test_repeated_complaints_law_23():
    act = Action.CLOSE_REPEATED
    assert refusal(act, facts(kind="statutory"), RepeatParams(5, 4, 4)) == "repeat_statutory"
    assert refusal(act, facts(), RepeatParams(2, 2, 2)) == "repeat_too_few_filings"
    assert refusal(act, facts(), RepeatParams(3, 1, 1)) == "repeat_too_few_answers"
    assert refusal(act, facts(is_joint=True), RepeatParams(3, 2, 2)) == "repeat_joint_needs_committee"
    assert decide(act, facts(is_joint=True), RepeatParams(3, 2, 2, committee_deliberated=True)) is (
        ComplaintStatus.CLOSED)


@pytest.mark.parametrize("answered_before", [0, 1])
def test_repeat_received_before_the_second_answer_is_not_closable_law_23_1(answered_before):
    """D17, 법 제23조①: 「2회 이상 그 처리결과를 통지하고, 그 후에 접수되는 민원」 — both answers before receipt."""
    refused = refusal(Action.CLOSE_REPEATED, facts(), RepeatParams(3, 2, answered_before))
    assert refused == "repeat_received_before_answers"
    assert decide(Action.CLOSE_REPEATED, facts(), RepeatParams(3, 2, 2)) is ComplaintStatus.CLOSED


def test_repeated_grievance_is_not_closed_before_its_audit_referral_decree_17_2():
    """D17, 영 제17조②: a re-filed 고충민원 goes to the 감사부서 first; only then may it be closed as repeated."""
    grievance = facts(kind="grievance")
    assert refusal(Action.CLOSE_REPEATED, grievance, RepeatParams(3, 2, 2)) == "repeat_grievance_needs_audit"
    assert decide(Action.CLOSE_REPEATED, replace(grievance, audit_referred=True), RepeatParams(3, 2, 2)) is (
        ComplaintStatus.CLOSED)


def test_audit_referral_rules_decree_17_2():
    def referral(**kw):
        base = dict(text="조사 요청", earlier=1, due=date(2026, 6, 12), today=TODAY, complaint_due=date(2026, 6, 17))
        return AuditReferralParams(**{**base, **kw})

    grievance = facts(kind="grievance")
    assert refusal(Action.REFER_AUDIT, facts(), referral()) == "audit_not_grievance"
    assert refusal(Action.REFER_AUDIT, replace(grievance, audit_referred=True), referral()) == "audit_already_referred"
    assert refusal(Action.REFER_AUDIT, grievance, referral(earlier=0)) == "audit_needs_earlier"
    assert refusal(Action.REFER_AUDIT, grievance, referral(text=" ")) == "audit_text_required"
    assert refusal(Action.REFER_AUDIT, grievance, referral(due=date(2026, 6, 9))) == "audit_due_past"
    assert refusal(Action.REFER_AUDIT, grievance, referral(due=date(2026, 6, 18))) == "audit_after_due"
    assert decide(Action.REFER_AUDIT, grievance, referral(due=date(2026, 6, 17))) is ComplaintStatus.IN_PROGRESS
    referred = replace(grievance, audit_referred=True)
    assert refusal(Action.RECORD_AUDIT_FINDINGS, grievance, AuditFindingsParams("x")) == "audit_not_referred"
    assert refusal(Action.RECORD_AUDIT_FINDINGS, referred, AuditFindingsParams("x", True)) == "audit_findings_done"
    assert refusal(Action.RECORD_AUDIT_FINDINGS, referred, AuditFindingsParams(" ")) == "audit_findings_required"


def test_merging_joint_filings():
    def merge(**kw):
        return MergeParams(**{**dict(is_primary=False, primary_open=True, same_department=True, group_people=5),
                              **kw})

    received = facts(R)
    assert refusal(Action.MERGE, received, merge(is_primary=True)) == "merge_self"
    assert refusal(Action.MERGE, received, merge(primary_open=False)) == "merge_primary_finished"
    assert refusal(Action.MERGE, received, merge(primary_merged=True)) == "merge_primary_merged"
    assert refusal(Action.MERGE, received, merge(same_department=False)) == "merge_other_department"
    assert refusal(Action.MERGE, received, merge(primary_earliest=False)) == "merge_primary_not_earliest"
    assert refusal(Action.MERGE, received, merge(group_people=4)) == "merge_too_few"
    # 영 제6조⑦ 「접수할 때」 (D16): not once processing has started
    assert refusal(Action.MERGE, facts(P), merge()) == "merge_after_start"
    assert decide(Action.MERGE, received, merge()) is ComplaintStatus.RECEIVED  # keeps its own status


def test_a_merged_complaint_is_handled_through_its_primary():
    merged = facts(A, merged=True)
    for action in (Action.START, Action.ANSWER, Action.TRANSFER_AGENCY, Action.CLOSE_REPEATED,
                   Action.REQUEST_SUPPLEMENT):
        assert refusal(action, merged, VALID[action]) == "merged_handled_with_primary"
    moving = DepartmentTransferParams(same_department=False, target_active=True, reason="소관")
    assert refusal(Action.TRANSFER_DEPARTMENT, merged, moving) == "merged_handled_with_primary"
    assert decide(Action.TRANSFER_DEPARTMENT, merged, replace(moving, with_primary=True)) is ComplaintStatus.RECEIVED
    assert decide(Action.SHARE_ANSWER, merged) is ComplaintStatus.ANSWERED
    assert decide(Action.UNDO_MERGE, merged) is ComplaintStatus.ASSIGNED
    assert decide(Action.WITHDRAW, merged) is ComplaintStatus.WITHDRAWN  # the 민원인 may still withdraw
    assert refusal(Action.SHARE_ANSWER, facts(A)) == "not_merged"
    assert refusal(Action.UNDO_MERGE, facts(A)) == "not_merged"


def test_supplement_need_flag_rules_rule_9_1():
    flag = Action.FLAG_SUPPLEMENT_NEEDED
    assert decide(flag, facts(R), SupplementNeedParams("등본 누락")) is ComplaintStatus.RECEIVED
    assert refusal(flag, facts(R), SupplementNeedParams(" ")) == "supplement_need_note_required"
    assert refusal(flag, facts(R, supplement_flagged=True), SupplementNeedParams("x")) == "supplement_need_flagged"


def test_rating_once():
    assert refusal(Action.RATE, facts(AN, already_rated=True)) == "already_rated"


def test_supplement_time_extension_rules_decree_24_2():
    """The 민원인 may ask for more time twice per round, before its 기한 ends, stating 1–30 days."""
    running = CaseFacts(status=ComplaintStatus.SUPPLEMENT_REQUESTED, supplement_requests=1)
    action = Action.EXTEND_SUPPLEMENT_TIME
    assert decide(action, running, SupplementTimeParams(1)) is ComplaintStatus.SUPPLEMENT_REQUESTED
    assert decide(action, replace(running, supplement_time_extensions=1), SupplementTimeParams(30))
    assert refusal(action, replace(running, supplement_time_extensions=2), SupplementTimeParams(7)) == \
        "supplement_time_extended_twice"
    assert refusal(action, replace(running, supplement_overdue=True), SupplementTimeParams(7)) == \
        "supplement_time_over"
    assert refusal(action, running, SupplementTimeParams(0)) == "supplement_time_days_invalid"
    assert refusal(action, running, SupplementTimeParams(31)) == "supplement_time_days_invalid"
