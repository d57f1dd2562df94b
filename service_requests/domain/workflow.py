"""The life of an internal request (내부 서비스 요청) as a pure state machine: every transition is checked here.

``decide(action, facts)`` returns the status after ``action`` or raises ``RequestRefused`` with a stable ``code``
(the web layer translates it). ``facts`` describe the request as it is now and who acts (``RequestFacts``).

Sides: the *requester* side is the person who asked and their department (its head approves); the *provider*
side is the department that provides the service (its head assigns; its members handle).

| Action | From | To | Who | Clocks |
|---|---|---|---|---|
| 승인 APPROVE | 승인 대기 | 접수 | requesting department's head | both clocks start now (GLPI #5621: not before) |
| 승인 거절 REJECT | 승인 대기 | 승인 거절 | requesting department's head, with a reason | never started |
| 배정 ASSIGN | 접수·처리 중·요청자 확인 대기 | same | provider head | unchanged |
| 처리 시작 START | 접수 | 처리 중 | provider (handler or head) | first response met |
| 질문 ASK | 접수·처리 중 | 요청자 확인 대기 | provider, with the question | first response met; resolution paused |
| 답변 REPLY | 요청자 확인 대기 | 처리 중 | requester side, with the answer | resolution runs again, due pushed back |
| 의견 COMMENT | any open status | same | either side | a provider's comment meets the first response |
| 해결 RESOLVE | 접수·처리 중 | 해결 | provider, with what was done | resolution met |
| 확인 CONFIRM | 해결 | 완료 | requester side | — |
| 재요청 REOPEN | 해결; 완료 (poor rating) | 처리 중 | requester; provider head (완료) | new resolution clock; counted |
| 이관 FORWARD | 접수·처리 중 | 접수 (another department) | provider, with a reason | see below |
| 취소 CANCEL | 승인 대기·접수·처리 중·요청자 확인 대기 | 취소 | requester side, with a reason | stop |

Forwarding to another providing department (decided for this product, written down in docs/service_requests.md):
the request keeps the terms it was made under; its resolution clock keeps running from the original start with
every pause kept (a misrouted request does not give anyone more time, and paused time is never lost: GLPI #1912,
#15605); the first-response clock starts again for the new department from the forward (it has to own the
request: GLPI #1911), unless the old department had already answered the requester.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RequestStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"  # 승인 대기
    REJECTED = "rejected"  # 승인 거절
    RECEIVED = "received"  # 접수
    IN_PROGRESS = "in_progress"  # 처리 중
    WAITING = "waiting"  # 요청자 확인 대기 (clock paused)
    RESOLVED = "resolved"  # 해결
    CLOSED = "closed"  # 완료 (confirmed)
    CANCELLED = "cancelled"  # 취소


class Action(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    ASSIGN = "assign"
    START = "start"
    ASK = "ask"
    REPLY = "reply"
    COMMENT = "comment"
    RESOLVE = "resolve"
    CONFIRM = "confirm"
    REOPEN = "reopen"
    FORWARD = "forward"
    CANCEL = "cancel"


class Side(StrEnum):
    REQUESTER = "requester"  # the person who asked, or a colleague of their department
    REQUESTER_HEAD = "requester_head"  # the requesting department's head
    PROVIDER = "provider"  # a member of the providing department
    PROVIDER_HEAD = "provider_head"  # the providing department's head


#: the clock of these statuses runs (WAITING pauses it; the others have not started or have ended)
RUNNING = frozenset({RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS})
OPEN = RUNNING | {RequestStatus.WAITING}
ENDED = frozenset({RequestStatus.REJECTED, RequestStatus.RESOLVED, RequestStatus.CLOSED, RequestStatus.CANCELLED})
S = RequestStatus
REQUESTERS = frozenset({Side.REQUESTER, Side.REQUESTER_HEAD})
PROVIDERS = frozenset({Side.PROVIDER, Side.PROVIDER_HEAD})


@dataclass(frozen=True)
class Rule:
    allowed_from: frozenset[RequestStatus]
    to: RequestStatus | None  # None: the status stays
    sides: frozenset[Side]
    needs_text: bool = False


RULES: dict[Action, Rule] = {
    Action.APPROVE: Rule(frozenset({S.PENDING_APPROVAL}), S.RECEIVED, frozenset({Side.REQUESTER_HEAD})),
    Action.REJECT: Rule(frozenset({S.PENDING_APPROVAL}), S.REJECTED, frozenset({Side.REQUESTER_HEAD}), True),
    Action.ASSIGN: Rule(OPEN, None, frozenset({Side.PROVIDER_HEAD})),
    Action.START: Rule(frozenset({S.RECEIVED}), S.IN_PROGRESS, PROVIDERS),
    Action.ASK: Rule(RUNNING, S.WAITING, PROVIDERS, True),
    Action.REPLY: Rule(frozenset({S.WAITING}), S.IN_PROGRESS, REQUESTERS, True),
    Action.COMMENT: Rule(OPEN | {S.PENDING_APPROVAL}, None, REQUESTERS | PROVIDERS, True),
    Action.RESOLVE: Rule(RUNNING, S.RESOLVED, PROVIDERS, True),
    Action.CONFIRM: Rule(frozenset({S.RESOLVED}), S.CLOSED, REQUESTERS),
    Action.REOPEN: Rule(frozenset({S.RESOLVED, S.CLOSED}), S.IN_PROGRESS, REQUESTERS | {Side.PROVIDER_HEAD}, True),
    Action.FORWARD: Rule(RUNNING, S.RECEIVED, PROVIDERS, True),
    Action.CANCEL: Rule(OPEN | {S.PENDING_APPROVAL}, S.CANCELLED, REQUESTERS, True),
}


@dataclass(frozen=True)
class RequestFacts:
    status: RequestStatus
    sides: frozenset[Side]  # every side the actor stands on (a head is also a member)
    text: str = ""  # the reason, question, answer or resolution the action carries
    poor_rating: bool = False  # the requester rated the resolution 1 or 2 of 5
    same_department: bool = False  # FORWARD: the target is the current providing department
    assignee_in_department: bool = True  # ASSIGN: the chosen handler belongs to the providing department


class RequestRefused(Exception):
    """A transition the rules forbid; `code` is translated by the web layer."""

    def __init__(self, code: str, status: RequestStatus) -> None:
        super().__init__(f"{code} (status {status})")
        self.code = code
        self.status = status


def _special_checks(action: Action, facts: RequestFacts) -> None:
    if action is Action.REOPEN and facts.status is S.CLOSED and not (
            Side.PROVIDER_HEAD in facts.sides and facts.poor_rating):
        # a confirmed request reopens only when the requester rated it poorly, by the provider's head
        raise RequestRefused("reopen_closed", facts.status)
    if action is Action.REOPEN and facts.status is S.RESOLVED and not facts.sides & REQUESTERS:
        raise RequestRefused("not_your_side", facts.status)
    if action is Action.FORWARD and facts.same_department:
        raise RequestRefused("forward_same_department", facts.status)
    if action is Action.ASSIGN and not facts.assignee_in_department:
        raise RequestRefused("assignee_department", facts.status)


def decide(action: Action, facts: RequestFacts) -> RequestStatus:
    """The status after `action`, or RequestRefused: wrong status, wrong side, missing text, or a special rule."""
    rule = RULES[action]
    if facts.status not in rule.allowed_from:
        raise RequestRefused("wrong_status", facts.status)
    if not facts.sides & rule.sides:
        raise RequestRefused("not_your_side", facts.status)
    if rule.needs_text and not facts.text.strip():
        raise RequestRefused("text_required", facts.status)
    _special_checks(action, facts)
    return rule.to or facts.status


def allowed_actions(facts: RequestFacts) -> list[Action]:
    """The actions `facts.sides` may take now (the page shows only these forms); text is not checked."""
    allowed = []
    for action in Action:
        try:
            decide(action, RequestFacts(**{**facts.__dict__, "text": "x"}))
        except RequestRefused:
            continue
        allowed.append(action)
    return allowed
