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
    WITHDRAWN = "withdrawn"  # 취하 (by the 민원인, or 취하 간주: 영 제25조②)
    RETURNED = "returned"  # 반려: not supplemented after the second request, returned with reasons (영 제25조①, D15)


# The one definition of which statuses are running, open and finished; everything else (the state machine,
# queues, badges, jobs, reports, templates) reads these three sets.
#: the processing clock runs (접수·배정·처리중)
RUNNING_STATUSES = frozenset({ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED, ComplaintStatus.IN_PROGRESS})
#: still being handled: running, or paused while a 보완 is awaited (영 제24조, D5)
OPEN_STATUSES = RUNNING_STATUSES | {ComplaintStatus.SUPPLEMENT_REQUESTED}
#: ended: 이송 (another agency), 답변, 종결, 취하 (간주), 반려
FINISHED_STATUSES = frozenset(ComplaintStatus) - OPEN_STATUSES


class TransitionRefused(Exception):
    """A transition the rules forbid; `code` is translated by the web layer, `params` fill its message."""

    def __init__(self, code: str, status: ComplaintStatus, **params: object) -> None:
        super().__init__(f"{code} (status {status.value})")
        self.code = code
        self.status = status
        self.params = params
