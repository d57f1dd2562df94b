"""What the workflow state machine is told: the facts of a 민원 and what the officer asks for (one small
frozen dataclass per action). Pure data; the rules are in workflow.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from civil_complaints.domain.extensions import Extension
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.status import ComplaintStatus


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the machine needs to know about the 민원 now (built by the service from stored rows)."""

    status: ComplaintStatus
    kind: str = "other"
    is_joint: bool = False
    received_on: date | None = None
    due_passed: bool = False  # the 처리기한 has ended (D3)
    extensions: int = 0
    supplement_requests: int = 0  # requests of the open 보완 round (1 or 2)
    supplement_returned: int = 0  # of those, recorded as returned undeliverable
    supplement_overdue: bool = False  # the latest request's 보완 기한 has ended
    supplement_last_returned: bool = False  # the latest request of the round came back undeliverable
    supplement_flagged: bool = False  # marked as needing a 보완 (규칙 제9조①) and no request sent yet
    supplement_time_extensions: int = 0  # 보완 기간 연장 asked for by the 민원인 in the open round (영 제24조②)
    followed_up: bool = False  # after a transfer to another agency
    already_rated: bool = False
    merged: bool = False  # merged into another 민원 (영 제6조⑦) that has not yet answered it (D16)
    audit_referred: bool = False  # a repeated 고충민원 referred to the 감사부서 (영 제17조②, D17)


@dataclass(frozen=True, slots=True)
class AssignParams:
    assignee_id: int
    current_assignee_id: int | None
    assignee_in_department: bool
    assignee_can_handle: bool


@dataclass(frozen=True, slots=True)
class SupplementParams:
    text: str
    days: int


@dataclass(frozen=True, slots=True)
class SupplementNeedParams:
    """The officer marks that a 보완 is needed (규칙 제9조①: to be requested within 8 working hours of receipt)."""

    note: str


@dataclass(frozen=True, slots=True)
class ReturnParams:
    """반려 (영 제25조①, D15): the reasons, and for a 법정민원 the remedies (법 제27조③, 제35조)."""

    reasons: str
    remedies: str = ""


@dataclass(frozen=True, slots=True)
class SupplementTimeParams:
    """The 민원인 asks for more time to supplement, stating how long (영 제24조②)."""

    days: int


@dataclass(frozen=True, slots=True)
class ExtendParams:
    original: ProcessingPeriod
    extension: Extension
    reason_text: str


@dataclass(frozen=True, slots=True)
class DepartmentTransferParams:
    same_department: bool
    target_active: bool
    reason: str
    with_primary: bool = False  # a merged 민원 moving with the 민원 it was merged into (D16)


@dataclass(frozen=True, slots=True)
class AgencyTransferParams:
    agency: str
    reason: str


@dataclass(frozen=True, slots=True)
class FollowUpParams:
    note: str


@dataclass(frozen=True, slots=True)
class CooperationParams:
    same_department: bool
    already_open: bool
    text: str
    reply_due: date
    today: date
    complaint_due: date


@dataclass(frozen=True, slots=True)
class CooperationFacts:
    """One 협조 request: whether it is open, extended, and its dates (법 제20조)."""

    is_open: bool
    extended: bool
    requested_on: date
    reply_due: date
    today: date


@dataclass(frozen=True, slots=True)
class CooperationExtendParams:
    cooperation: CooperationFacts
    new_due: date
    reason: str
    #: 법 제20조③: the 처리진행상황 notified with the extension
    progress: str = ""


@dataclass(frozen=True, slots=True)
class CooperationReplyParams:
    cooperation: CooperationFacts
    text: str


@dataclass(frozen=True, slots=True)
class AnswerParams:
    text: str
    refused: bool = False
    reasons: str = ""
    remedies: str = ""


@dataclass(frozen=True, slots=True)
class RepeatParams:
    filings: int  # same 민원인, same content, this one included
    answered: int  # of those, answered (처리결과 통지)
    answered_before: int = 0  # of those, answered before this 민원 was received (법 제23조①, D17)
    committee_deliberated: bool = False


@dataclass(frozen=True, slots=True)
class MergeParams:
    is_primary: bool
    primary_open: bool
    same_department: bool
    group_people: int
    primary_earliest: bool = True  # the primary was received no later than this 민원 (D16)
    primary_merged: bool = False  # the primary is itself merged into another 민원


@dataclass(frozen=True, slots=True)
class AuditReferralParams:
    """감사부서 조사 의뢰 of a repeated 고충민원 (영 제17조②, D17): what to investigate and by when."""

    text: str
    earlier: int  # earlier filings of the same content by the same 민원인
    due: date
    today: date
    complaint_due: date


@dataclass(frozen=True, slots=True)
class AuditFindingsParams:
    text: str
    already_recorded: bool = False
