"""The rules of the workflow's outcomes that the law ties to earlier steps (D15–D17), used by workflow.decide.

* 반려 (RETURN; 영 제25조①, D15): 「민원인이 제24조에 따른 기간 내에 민원문서를 보완하지 아니한 경우에는 그 이유를
  분명히 밝혀 접수된 민원문서를 되돌려 보낼 수 있다」. Only once the second request of the round (영 제24조③) has
  gone unanswered past its 기한 and did not itself come back undeliverable; the reasons are required, and for a
  법정민원 the remedies as for a refusal (법 제27조③: 이의신청 법 제35조, 행정심판·행정소송). Its own status
  (반려), never 취하. Two requests returned undeliverable stay 취하 간주 (영 제25조②, workflow.withdrawal_ground).
* 다수인 병합 (MERGE; 영 제6조⑦ 「…접수할 때에는 이를 병합하여 접수할 수 있다」, D16): only at 접수, i.e. the merged
  민원 has not been started (접수·배정); the primary is open, of the same department, received no later than every
  민원 merged into it, and not itself merged; the group counts 5 or more 민원인. A merged 민원 keeps its own status
  and 처리기한 (so it stays in the queues and in overdue monitoring); the primary's answer is shared with it
  (SHARE_ANSWER), or the merge is undone when the primary ends without an answer (UNDO_MERGE). While merged, the
  steps the primary takes for the group are refused on it (``MERGED_REFUSED``).
* 반복민원 종결 (CLOSE_REPEATED; 법 제23조①, D17): 「…2회 이상 그 처리결과를 통지하고, 그 후에 접수되는 민원에
  대하여는 종결처리할 수 있다」: 3+ filings, 2+ of the earlier ones answered *before this one was received*; never
  법정민원; a 다수인관련민원 only after the 민원조정위원회 (영 제26조); a 고충민원 only after its referral to the
  감사부서 was recorded (영 제17조②).
* 감사부서 조사 의뢰 (REFER_AUDIT; 영 제17조② 「민원인이 동일한 내용의 고충민원을 다시 제출한 경우에는 감사부서 등으로
  하여금 이를 조사하도록 하여야 한다」): a 고충민원 with at least one earlier filing of the same content, once; what
  to investigate and a reply date inside the 민원's 처리기한 (the investigation is part of processing it, 영
  제17조①). The findings are recorded once (RECORD_AUDIT_FINDINGS).
* 보완 필요 표시 (FLAG_SUPPLEMENT_NEEDED; 규칙 제9조①): the officer notes what is missing before asking; the
  reminder job alerts once when no request went out within 8 working hours of receipt.
"""

from __future__ import annotations

from civil_complaints.domain.status import ComplaintStatus, TransitionRefused
from civil_complaints.domain.workflow_params import (
    AuditFindingsParams,
    AuditReferralParams,
    CaseFacts,
    MergeParams,
    RepeatParams,
    ReturnParams,
    SupplementNeedParams,
)

REPEAT_MIN_FILINGS = 3  # 법 제23조①: 3회 이상 반복
REPEAT_MIN_ANSWERS = 2  # 법 제23조①: 2회 이상 처리결과 통지
MERGE_MIN_PEOPLE = 5  # 영 제6조⑦: 5명 이상 동일한 취지


def _refuse(code: str, facts: CaseFacts, **params: object) -> TransitionRefused:
    return TransitionRefused(code, facts.status, **params)


def may_return(facts: CaseFacts) -> bool:
    """영 제25조①: the second request of the open round was delivered and is unanswered past its 기한."""
    return (facts.status is ComplaintStatus.SUPPLEMENT_REQUESTED and facts.supplement_requests >= 2
            and facts.supplement_overdue and not facts.supplement_last_returned and facts.supplement_returned < 2)


def return_documents(facts: CaseFacts, p: ReturnParams) -> None:
    if not may_return(facts):
        raise _refuse("return_not_allowed", facts)
    if not p.reasons.strip():
        raise _refuse("return_reasons_required", facts)
    if facts.kind == "statutory" and not p.remedies.strip():
        raise _refuse("return_remedies_required", facts)


def merge(facts: CaseFacts, p: MergeParams) -> None:
    if p.is_primary:
        raise _refuse("merge_self", facts)
    if not p.primary_open:
        raise _refuse("merge_primary_finished", facts)
    if p.primary_merged:
        raise _refuse("merge_primary_merged", facts)
    if not p.same_department:
        raise _refuse("merge_other_department", facts)
    if not p.primary_earliest:
        raise _refuse("merge_primary_not_earliest", facts)
    if p.group_people < MERGE_MIN_PEOPLE:
        raise _refuse("merge_too_few", facts, minimum=MERGE_MIN_PEOPLE)


def merged_only(facts: CaseFacts, _p: object) -> None:
    """SHARE_ANSWER and UNDO_MERGE concern a merged 민원 only."""
    if not facts.merged:
        raise _refuse("not_merged", facts)


def close_repeated(facts: CaseFacts, p: RepeatParams) -> None:
    if facts.kind == "statutory":
        raise _refuse("repeat_statutory", facts)
    if p.filings < REPEAT_MIN_FILINGS:
        raise _refuse("repeat_too_few_filings", facts, minimum=REPEAT_MIN_FILINGS)
    if p.answered < REPEAT_MIN_ANSWERS:
        raise _refuse("repeat_too_few_answers", facts, minimum=REPEAT_MIN_ANSWERS)
    if p.answered_before < REPEAT_MIN_ANSWERS:
        raise _refuse("repeat_received_before_answers", facts, minimum=REPEAT_MIN_ANSWERS)
    if facts.kind == "grievance" and not facts.audit_referred:
        raise _refuse("repeat_grievance_needs_audit", facts)
    if facts.is_joint and not p.committee_deliberated:
        raise _refuse("repeat_joint_needs_committee", facts)


def refer_audit(facts: CaseFacts, p: AuditReferralParams) -> None:
    if facts.kind != "grievance":
        raise _refuse("audit_not_grievance", facts)
    if facts.audit_referred:
        raise _refuse("audit_already_referred", facts)
    if p.earlier < 1:
        raise _refuse("audit_needs_earlier", facts)
    if not p.text.strip():
        raise _refuse("audit_text_required", facts)
    if p.due < p.today:
        raise _refuse("audit_due_past", facts)
    if p.due > p.complaint_due:
        raise _refuse("audit_after_due", facts, complaint_due=p.complaint_due)


def record_audit_findings(facts: CaseFacts, p: AuditFindingsParams) -> None:
    if not facts.audit_referred:
        raise _refuse("audit_not_referred", facts)
    if p.already_recorded:
        raise _refuse("audit_findings_done", facts)
    if not p.text.strip():
        raise _refuse("audit_findings_required", facts)


def flag_supplement(facts: CaseFacts, p: SupplementNeedParams) -> None:
    if facts.supplement_flagged:
        raise _refuse("supplement_need_flagged", facts)
    if not p.note.strip():
        raise _refuse("supplement_need_note_required", facts)
