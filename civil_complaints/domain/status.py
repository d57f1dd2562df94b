"""Statuses of a 민원 and the transitions the law allows, checked here (issue: officer workflow extends it)."""

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
    """A transition the rules forbid; `code` is translated by the web layer."""

    def __init__(self, code: str, status: ComplaintStatus) -> None:
        super().__init__(f"{code} (status {status.value})")
        self.code = code
        self.status = status


def check_can_withdraw(status: ComplaintStatus) -> None:
    """취하: the 민원인 may withdraw while the 민원 is still being handled."""
    if status not in OPEN_STATUSES:
        raise TransitionRefused("withdraw_not_open", status)


def check_can_supplement(status: ComplaintStatus) -> None:
    """보완 제출: only while a supplement was requested (영 제24조)."""
    if status is not ComplaintStatus.SUPPLEMENT_REQUESTED:
        raise TransitionRefused("no_supplement_requested", status)


def check_can_answer(status: ComplaintStatus) -> None:
    if status not in OPEN_STATUSES or status is ComplaintStatus.SUPPLEMENT_REQUESTED:
        raise TransitionRefused("answer_not_allowed", status)


def check_can_rate(status: ComplaintStatus, already_rated: bool) -> None:
    """만족도 (법 제26조): once per 민원, after it was answered or closed."""
    if status not in (ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED):
        raise TransitionRefused("rate_not_answered", status)
    if already_rated:
        raise TransitionRefused("already_rated", status)
