"""The officer workflow of a 민원 as a pure state machine: every transition is checked here.

``decide(action, facts, params)`` returns the status after ``action`` or raises ``TransitionRefused``
with a stable ``code`` (the web layer translates it). ``facts`` describe the 민원 as it is now
(``CaseFacts``); ``params`` carry what the officer asks for (one small dataclass per action).

Statuses and where each action may start (ACTIVE = 접수·배정·처리중; OPEN = ACTIVE + 보완 요청):

* 배정·재배정 (ASSIGN, 부서장): OPEN; 접수 → 배정, otherwise the status stays.
* 처리 시작 (START): 접수·배정 → 처리중.
* 보완 요청 (REQUEST_SUPPLEMENT; 법 제22조①, 영 제24조①): ACTIVE → 보완 요청. The clock pauses from the
  day it is sent (D5). Its 기한 is counted under 민법 (영 제24조④) by the service.
* 다시 보완 요청 (REPEAT_SUPPLEMENT; 영 제24조③): only the second request of a round, only once the first
  request's 기한 has ended or the first request came back undeliverable, and with at most 10일.
* 반송 기록 (RECORD_RETURNED): a request of the open round came back (주소불명 등).
* 보완 기간 연장 (EXTEND_SUPPLEMENT_TIME, 민원인; 영 제24조②): while the round is open and its 기한 has not
  ended, stating how many days (this product: 1–30 per request), at most twice per round; the 기한 moves by that
  many days under 민법 counting (영 제24조④) and the clock stays paused.
* 보완 제출 (SUBMIT_SUPPLEMENT, 민원인): 보완 요청 → 처리중; the pause ends on the arrival day.
* 취하 간주 (DEEM_WITHDRAWN; 영 제25조②): two requests of the open round came back undeliverable.
* 반려 (RETURN; 영 제25조①, D15): the second request unanswered past its 기한 → 반려 with the reasons (for a
  법정민원 the remedies too), not 취하 (outcome_rules.py). The officer decides; the machine only allows it.
* 처리기간 연장 (EXTEND; 영 제21조, D6): ACTIVE and not yet overdue; at most twice, consent for the second,
  the grounds of 영 제21조① for 민원 received from 2026-05-06 (``extensions.check_extension``), and for 제4호
  (「준하는 사유」) a reason a reviewer can judge (``extensions.check_reason``).
* 부서 이송 (TRANSFER_DEPARTMENT; 영 제13조①②④, time limit in ``transfers.department_transfer_limit``): ACTIVE →
  접수 in the new department. A merged 민원 moves only with its primary.
* 타기관 이송 (TRANSFER_AGENCY; 법 제16조①, 영 제13조③, 8근무시간, notice): ACTIVE → 이송.
* 이송 후 확인 (RECORD_FOLLOW_UP): 이송 only, once — the original officer confirms what became of it.
* 협조 요청 (REQUEST_COOPERATION; 법 제20조①): ACTIVE, to another department, one open request per department,
  reply due inside the 민원's period.
* 협조 회신기간 연장 (EXTEND_COOPERATION; 법 제20조②③): once, before the reply period ends, by at most the
  original reply period, with a reason and the 처리진행상황 (both notified, ③).
* 협조 회신 (REPLY_COOPERATION): while the request is open and the 민원 open.
* 답변 (ANSWER; 법 제27조): ACTIVE → 답변 완료; a refusal needs its reasons and the remedies (③).
* 반복·중복민원 종결 (CLOSE_REPEATED; 법 제23조, D17), 감사부서 조사 의뢰 and its findings (REFER_AUDIT,
  RECORD_AUDIT_FINDINGS; 영 제17조②), 다수인 병합 (MERGE only at 접수; SHARE_ANSWER, UNDO_MERGE; 영 제6조⑦, D16)
  and 보완 필요 표시 (FLAG_SUPPLEMENT_NEEDED; 규칙 제9조①): the rules are in outcome_rules.py.
* 취하 (WITHDRAW; 법 제22조②, 민원인): OPEN → 취하.
* 만족도 (RATE; 법 제26조): 답변 완료·종결, once.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from civil_complaints.domain import outcome_rules as outcomes
from civil_complaints.domain.errors import ExtensionError
from civil_complaints.domain.extensions import check_extension, check_reason
from civil_complaints.domain.outcome_rules import may_return
from civil_complaints.domain.status import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    RUNNING_STATUSES,
    ComplaintStatus,
    TransitionRefused,
)
from civil_complaints.domain.workflow_params import (
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
)

__all__ = ["ACTIVE", "ALLOWED_FROM", "FINISHED", "OPEN", "Action", "AgencyTransferParams", "AnswerParams",
           "AssignParams", "CaseFacts", "CooperationExtendParams", "CooperationFacts", "CooperationParams",
           "CooperationReplyParams", "DepartmentTransferParams", "ExtendParams", "FollowUpParams", "MergeParams",
           "RepeatParams", "SupplementParams", "SupplementTimeParams", "WithdrawalGround", "decide", "may_return",
           "withdrawal_ground"]

S = ComplaintStatus
ACTIVE = RUNNING_STATUSES
OPEN = OPEN_STATUSES
FINISHED = FINISHED_STATUSES

MAX_SUPPLEMENT_DAYS = 60  # 법 제22조①: 「상당한 기간」; an upper bound chosen by this product
MAX_SECOND_SUPPLEMENT_DAYS = 10  # 영 제24조③
MAX_SUPPLEMENT_TIME_EXTENSIONS = 2  # 영 제24조②: 기간 연장 요청은 2회로 한정
MAX_SUPPLEMENT_TIME_DAYS = 30  # per request; an upper bound chosen by this product


class Action(StrEnum):
    ASSIGN = "assign"
    START = "start"
    REQUEST_SUPPLEMENT = "request_supplement"
    REPEAT_SUPPLEMENT = "repeat_supplement"
    RECORD_RETURNED = "record_returned"
    SUBMIT_SUPPLEMENT = "submit_supplement"
    EXTEND_SUPPLEMENT_TIME = "extend_supplement_time"
    DEEM_WITHDRAWN = "deem_withdrawn"
    RETURN = "return"
    FLAG_SUPPLEMENT_NEEDED = "flag_supplement_needed"
    EXTEND = "extend"
    TRANSFER_DEPARTMENT = "transfer_department"
    TRANSFER_AGENCY = "transfer_agency"
    RECORD_FOLLOW_UP = "record_follow_up"
    REQUEST_COOPERATION = "request_cooperation"
    EXTEND_COOPERATION = "extend_cooperation"
    REPLY_COOPERATION = "reply_cooperation"
    ANSWER = "answer"
    CLOSE_REPEATED = "close_repeated"
    MERGE = "merge"
    SHARE_ANSWER = "share_answer"
    UNDO_MERGE = "undo_merge"
    REFER_AUDIT = "refer_audit"
    RECORD_AUDIT_FINDINGS = "record_audit_findings"
    WITHDRAW = "withdraw"
    RATE = "rate"


class WithdrawalGround(StrEnum):
    UNDELIVERABLE_TWICE = "undeliverable_twice"  # 영 제25조②
    #: 영 제25조①: what this product recorded as 취하 간주 before D15 (kept to read old history); now 반려
    SECOND_REQUEST_UNANSWERED = "second_request_unanswered"


MERGE_AT_RECEIPT = frozenset({S.RECEIVED, S.ASSIGNED})  # 영 제6조⑦: 병합하여 「접수」 (D16)
#: what the primary does for the whole merged group; refused on a merged 민원 itself (D16)
MERGED_REFUSED = frozenset({Action.START, Action.REQUEST_SUPPLEMENT, Action.FLAG_SUPPLEMENT_NEEDED,
                            Action.TRANSFER_AGENCY, Action.REQUEST_COOPERATION, Action.ANSWER,
                            Action.CLOSE_REPEATED, Action.MERGE, Action.REFER_AUDIT})


ALLOWED_FROM: dict[Action, frozenset[ComplaintStatus]] = {
    Action.ASSIGN: OPEN,
    Action.START: frozenset({S.RECEIVED, S.ASSIGNED}),
    Action.REQUEST_SUPPLEMENT: ACTIVE,
    Action.REPEAT_SUPPLEMENT: frozenset({S.SUPPLEMENT_REQUESTED}),
    Action.RECORD_RETURNED: frozenset({S.SUPPLEMENT_REQUESTED}),
    Action.SUBMIT_SUPPLEMENT: frozenset({S.SUPPLEMENT_REQUESTED}),
    Action.EXTEND_SUPPLEMENT_TIME: frozenset({S.SUPPLEMENT_REQUESTED}),
    Action.DEEM_WITHDRAWN: frozenset({S.SUPPLEMENT_REQUESTED}),
    Action.RETURN: frozenset({S.SUPPLEMENT_REQUESTED}),
    Action.FLAG_SUPPLEMENT_NEEDED: ACTIVE,
    Action.EXTEND: ACTIVE,
    Action.TRANSFER_DEPARTMENT: ACTIVE,
    Action.TRANSFER_AGENCY: ACTIVE,
    Action.RECORD_FOLLOW_UP: frozenset({S.TRANSFERRED}),
    Action.REQUEST_COOPERATION: ACTIVE,
    Action.EXTEND_COOPERATION: OPEN,
    Action.REPLY_COOPERATION: OPEN,
    Action.ANSWER: ACTIVE,
    Action.CLOSE_REPEATED: ACTIVE,
    Action.MERGE: MERGE_AT_RECEIPT,
    Action.SHARE_ANSWER: ACTIVE,
    Action.UNDO_MERGE: OPEN,
    Action.REFER_AUDIT: ACTIVE,
    Action.RECORD_AUDIT_FINDINGS: OPEN,
    Action.WITHDRAW: OPEN,
    Action.RATE: frozenset({S.ANSWERED, S.CLOSED}),
}

_NEXT: dict[Action, ComplaintStatus | None] = {  # None: the status does not change
    Action.START: S.IN_PROGRESS,
    Action.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
    Action.SUBMIT_SUPPLEMENT: S.IN_PROGRESS,
    Action.DEEM_WITHDRAWN: S.WITHDRAWN,
    Action.RETURN: S.RETURNED,
    Action.TRANSFER_DEPARTMENT: S.RECEIVED,
    Action.TRANSFER_AGENCY: S.TRANSFERRED,
    Action.ANSWER: S.ANSWERED,
    Action.CLOSE_REPEATED: S.CLOSED,
    Action.SHARE_ANSWER: S.ANSWERED,
    Action.WITHDRAW: S.WITHDRAWN,
}

#: Codes kept from the first version of the workflow (the API documents ``answer_not_allowed``).
_WRONG_STATE_CODES = {
    Action.WITHDRAW: "withdraw_not_open",
    Action.ANSWER: "answer_not_allowed",
    Action.REQUEST_SUPPLEMENT: "supplement_not_allowed",
    Action.SUBMIT_SUPPLEMENT: "no_supplement_requested",
    Action.EXTEND_SUPPLEMENT_TIME: "no_supplement_requested",
    Action.RATE: "rate_not_answered",
    Action.RECORD_FOLLOW_UP: "not_transferred",
}
_ROUND_ACTIONS = frozenset({Action.REPEAT_SUPPLEMENT, Action.RECORD_RETURNED, Action.DEEM_WITHDRAWN,
                            Action.RETURN})


def wrong_state_code(action: Action, status: ComplaintStatus) -> str:
    """The refusal code for ``action`` in a status it may not start from."""
    if action is Action.ANSWER and status is S.SUPPLEMENT_REQUESTED:
        return "answer_during_supplement"
    if action in _WRONG_STATE_CODES:
        return _WRONG_STATE_CODES[action]
    if status in FINISHED:
        return "complaint_finished"
    if action is Action.MERGE:
        return "merge_after_start"
    if action in _ROUND_ACTIONS:
        return "no_supplement_requested"
    if action is Action.START:
        return "already_in_progress" if status is S.IN_PROGRESS else "supplement_pending"
    return "supplement_pending"


def decide(action: Action, facts: CaseFacts, params: object = None) -> ComplaintStatus:
    """The status after ``action``, or ``TransitionRefused`` with the reason's code."""
    status = facts.status
    if status not in ALLOWED_FROM[action]:
        raise TransitionRefused(wrong_state_code(action, status), status)
    if facts.merged and action in MERGED_REFUSED:
        raise _refuse("merged_handled_with_primary", facts)
    rule = _RULES.get(action)
    if rule is not None:
        rule(facts, params)
    if action is Action.ASSIGN:
        return S.ASSIGNED if status is S.RECEIVED else status
    return _NEXT.get(action) or status


def _refuse(code: str, facts: CaseFacts, **params: object) -> TransitionRefused:
    return TransitionRefused(code, facts.status, **params)


def _assign(facts: CaseFacts, p: AssignParams) -> None:
    if not p.assignee_in_department:
        raise _refuse("assignee_not_in_department", facts)
    if not p.assignee_can_handle:
        raise _refuse("assignee_cannot_handle", facts)
    if p.assignee_id == p.current_assignee_id:
        raise _refuse("already_assigned_to_them", facts)


def _supplement_days(facts: CaseFacts, p: SupplementParams, limit: int) -> None:
    if not p.text.strip():
        raise _refuse("supplement_text_required", facts)
    if p.days < 1:
        raise _refuse("supplement_days_invalid", facts, limit=limit)
    if p.days > limit:
        code = "second_supplement_too_long" if limit == MAX_SECOND_SUPPLEMENT_DAYS else "supplement_days_invalid"
        raise _refuse(code, facts, limit=limit)


def _request_supplement(facts: CaseFacts, p: SupplementParams) -> None:
    _supplement_days(facts, p, MAX_SUPPLEMENT_DAYS)


def _repeat_supplement(facts: CaseFacts, p: SupplementParams) -> None:
    if facts.supplement_requests >= 2:
        raise _refuse("second_supplement_already", facts)
    if not (facts.supplement_overdue or facts.supplement_returned >= 1):
        raise _refuse("supplement_not_yet_due", facts)
    _supplement_days(facts, p, MAX_SECOND_SUPPLEMENT_DAYS)


def _extend_supplement_time(facts: CaseFacts, p: SupplementTimeParams) -> None:
    if facts.supplement_overdue:
        raise _refuse("supplement_time_over", facts)
    if facts.supplement_time_extensions >= MAX_SUPPLEMENT_TIME_EXTENSIONS:
        raise _refuse("supplement_time_extended_twice", facts)
    if not 1 <= p.days <= MAX_SUPPLEMENT_TIME_DAYS:
        raise _refuse("supplement_time_days_invalid", facts, limit=MAX_SUPPLEMENT_TIME_DAYS)


def _record_returned(facts: CaseFacts, _p: object) -> None:
    if facts.supplement_returned >= facts.supplement_requests:
        raise _refuse("supplement_already_returned", facts)


def withdrawal_ground(facts: CaseFacts) -> WithdrawalGround | None:
    """영 제25조②: two requests of the open round came back undeliverable (반려 of ① is ``may_return``)."""
    if facts.status is S.SUPPLEMENT_REQUESTED and facts.supplement_returned >= 2:
        return WithdrawalGround.UNDELIVERABLE_TWICE
    return None


def _deem_withdrawn(facts: CaseFacts, _p: object) -> None:
    if withdrawal_ground(facts) is None:
        raise _refuse("deem_withdrawn_not_allowed", facts)


def _extend(facts: CaseFacts, p: ExtendParams) -> None:
    if facts.due_passed:
        raise _refuse("extension_after_due", facts)
    if not p.reason_text.strip():
        raise _refuse("extension_reason_required", facts)
    try:
        check_extension(p.original, facts.received_on, facts.extensions + 1, p.extension)
        check_reason(p.extension.ground, facts.received_on, p.reason_text)
    except ExtensionError as error:
        raise _refuse(error.code.lower(), facts, **error.params) from None


def _transfer_department(facts: CaseFacts, p: DepartmentTransferParams) -> None:
    if facts.merged and not p.with_primary:
        raise _refuse("merged_handled_with_primary", facts)
    if p.same_department:
        raise _refuse("transfer_same_department", facts)
    if not p.target_active:
        raise _refuse("transfer_target_inactive", facts)
    if not p.reason.strip():
        raise _refuse("transfer_reason_required", facts)


def _transfer_agency(facts: CaseFacts, p: AgencyTransferParams) -> None:
    if not p.agency.strip():
        raise _refuse("transfer_agency_required", facts)
    if not p.reason.strip():
        raise _refuse("transfer_reason_required", facts)


def _follow_up(facts: CaseFacts, p: FollowUpParams) -> None:
    if facts.followed_up:
        raise _refuse("follow_up_done", facts)
    if not p.note.strip():
        raise _refuse("follow_up_note_required", facts)


def _request_cooperation(facts: CaseFacts, p: CooperationParams) -> None:
    if p.same_department:
        raise _refuse("cooperation_same_department", facts)
    if p.already_open:
        raise _refuse("cooperation_already_open", facts)
    if not p.text.strip():
        raise _refuse("cooperation_text_required", facts)
    if p.reply_due < p.today:
        raise _refuse("cooperation_due_past", facts)
    if p.reply_due > p.complaint_due:
        raise _refuse("cooperation_after_due", facts, complaint_due=p.complaint_due)


def _open_cooperation(facts: CaseFacts, c: CooperationFacts) -> None:
    if not c.is_open:
        raise _refuse("cooperation_closed", facts)


def _extend_cooperation(facts: CaseFacts, p: CooperationExtendParams) -> None:
    c = p.cooperation
    _open_cooperation(facts, c)
    if c.extended:
        raise _refuse("cooperation_already_extended", facts)
    if c.today > c.reply_due:
        raise _refuse("cooperation_period_over", facts)
    if p.new_due <= c.reply_due:
        raise _refuse("cooperation_extension_not_later", facts)
    if (p.new_due - c.reply_due) > (c.reply_due - c.requested_on):
        raise _refuse("cooperation_extension_too_long", facts)
    if not p.reason.strip():
        raise _refuse("cooperation_reason_required", facts)
    if not p.progress.strip():
        raise _refuse("cooperation_progress_required", facts)


def _reply_cooperation(facts: CaseFacts, p: CooperationReplyParams) -> None:
    _open_cooperation(facts, p.cooperation)
    if not p.text.strip():
        raise _refuse("cooperation_reply_required", facts)


def _answer(facts: CaseFacts, p: AnswerParams) -> None:
    if not p.text.strip():
        raise _refuse("answer_empty", facts)
    if p.refused and not p.reasons.strip():
        raise _refuse("refusal_reasons_required", facts)
    if p.refused and not p.remedies.strip():
        raise _refuse("refusal_remedies_required", facts)


def _rate(facts: CaseFacts, _p: object) -> None:
    if facts.already_rated:
        raise _refuse("already_rated", facts)


_RULES: dict[Action, Callable[[CaseFacts, object], None]] = {
    Action.ASSIGN: _assign,
    Action.REQUEST_SUPPLEMENT: _request_supplement,
    Action.REPEAT_SUPPLEMENT: _repeat_supplement,
    Action.RECORD_RETURNED: _record_returned,
    Action.EXTEND_SUPPLEMENT_TIME: _extend_supplement_time,
    Action.DEEM_WITHDRAWN: _deem_withdrawn,
    Action.RETURN: outcomes.return_documents,
    Action.FLAG_SUPPLEMENT_NEEDED: outcomes.flag_supplement,
    Action.EXTEND: _extend,
    Action.TRANSFER_DEPARTMENT: _transfer_department,
    Action.TRANSFER_AGENCY: _transfer_agency,
    Action.RECORD_FOLLOW_UP: _follow_up,
    Action.REQUEST_COOPERATION: _request_cooperation,
    Action.EXTEND_COOPERATION: _extend_cooperation,
    Action.REPLY_COOPERATION: _reply_cooperation,
    Action.ANSWER: _answer,
    Action.CLOSE_REPEATED: outcomes.close_repeated,
    Action.MERGE: outcomes.merge,
    Action.SHARE_ANSWER: outcomes.merged_only,
    Action.UNDO_MERGE: outcomes.merged_only,
    Action.REFER_AUDIT: outcomes.refer_audit,
    Action.RECORD_AUDIT_FINDINGS: outcomes.record_audit_findings,
    Action.RATE: _rate,
}
