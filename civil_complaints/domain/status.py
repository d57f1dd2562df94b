"""Statuses of a 민원; the transitions between them are checked by the state machine in workflow.py."""

from __future__ import annotations

from enum import StrEnum


class ComplaintStatus(StrEnum):
    RECEIVED = "received"  # 접수
    ASSIGNED = "assigned"  # 배정
    IN_PROGRESS = "in_progress"  # 처리중
    SUPPLEMENT_REQUESTED = "supplement_requested"  # 보완 요청 (clock paused, 영 제24조)
    TRANSFERRED = "transferred"  # 이송 (to another agency)
    ANSWERED = "answered"  # 답변 완료
    CLOSED = "closed"  # 종결
    WITHDRAWN = "withdrawn"  # 취하 (by the 민원인)


OPEN_STATUSES = frozenset(
    {ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED, ComplaintStatus.IN_PROGRESS,
     ComplaintStatus.SUPPLEMENT_REQUESTED}
)
FINISHED_STATUSES = frozenset(
    {ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED, ComplaintStatus.WITHDRAWN, ComplaintStatus.TRANSFERRED}
)


class TransitionRefused(Exception):
    """A transition the rules forbid; `code` is translated by the web layer, `params` fill its message."""

    def __init__(self, code: str, status: ComplaintStatus, **params: object) -> None:
        super().__init__(f"{code} (status {status.value})")
        self.code = code
        self.status = status
        self.params = params


# The checks below predate the full state machine (domain/workflow.py) and now delegate to it.


def check_can_withdraw(status: ComplaintStatus) -> None:
    """취하: the 민원인 may withdraw while the 민원 is still being handled."""
    from civil_complaints.domain.workflow import Action, CaseFacts, decide

    decide(Action.WITHDRAW, CaseFacts(status))


def check_can_supplement(status: ComplaintStatus) -> None:
    """보완 제출: only while a supplement was requested (영 제24조)."""
    from civil_complaints.domain.workflow import Action, CaseFacts, decide

    decide(Action.SUBMIT_SUPPLEMENT, CaseFacts(status))


def check_can_rate(status: ComplaintStatus, already_rated: bool) -> None:
    """만족도 (법 제26조): once per 민원, after it was answered or closed."""
    from civil_complaints.domain.workflow import Action, CaseFacts, decide

    decide(Action.RATE, CaseFacts(status, already_rated=already_rated))
