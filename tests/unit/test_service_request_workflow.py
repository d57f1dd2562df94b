"""The internal request state machine (service_requests.domain.workflow.decide): every action from where it may
start, by the side that may take it, with the text it needs; and the refusals."""

from __future__ import annotations

import pytest

from service_requests.domain.workflow import (
    RULES,
    Action,
    RequestFacts,
    RequestRefused,
    RequestStatus,
    Side,
    allowed_actions,
    decide,
)

S = RequestStatus
REQUESTER, REQUESTER_HEAD = frozenset({Side.REQUESTER}), frozenset({Side.REQUESTER, Side.REQUESTER_HEAD})
PROVIDER, PROVIDER_HEAD = frozenset({Side.PROVIDER}), frozenset({Side.PROVIDER, Side.PROVIDER_HEAD})


@pytest.mark.parametrize(("action", "status", "sides", "expected"), [
    (Action.APPROVE, S.PENDING_APPROVAL, REQUESTER_HEAD, S.RECEIVED),
    (Action.REJECT, S.PENDING_APPROVAL, REQUESTER_HEAD, S.REJECTED),
    (Action.START, S.RECEIVED, PROVIDER, S.IN_PROGRESS),
    (Action.ASK, S.IN_PROGRESS, PROVIDER, S.WAITING),
    (Action.REPLY, S.WAITING, REQUESTER, S.IN_PROGRESS),
    (Action.RESOLVE, S.RECEIVED, PROVIDER, S.RESOLVED),
    (Action.CONFIRM, S.RESOLVED, REQUESTER, S.CLOSED),
    (Action.REOPEN, S.RESOLVED, REQUESTER, S.IN_PROGRESS),
    (Action.FORWARD, S.IN_PROGRESS, PROVIDER, S.RECEIVED),
    (Action.CANCEL, S.WAITING, REQUESTER, S.CANCELLED),
    (Action.ASSIGN, S.WAITING, PROVIDER_HEAD, S.WAITING),
    (Action.COMMENT, S.PENDING_APPROVAL, REQUESTER, S.PENDING_APPROVAL),
])
def test_allowed_transitions(action, status, sides, expected):
    assert decide(action, RequestFacts(status=status, sides=sides, text="사유")) is expected


@pytest.mark.parametrize(("action", "status", "sides", "code"), [
    (Action.APPROVE, S.PENDING_APPROVAL, REQUESTER, "not_your_side"),  # a member is not the head
    (Action.APPROVE, S.RECEIVED, REQUESTER_HEAD, "wrong_status"),
    (Action.RESOLVE, S.WAITING, PROVIDER, "wrong_status"),  # answer the question first (or it is resolved)
    (Action.RESOLVE, S.IN_PROGRESS, REQUESTER, "not_your_side"),
    (Action.CONFIRM, S.RESOLVED, PROVIDER_HEAD, "not_your_side"),
    (Action.REOPEN, S.CLOSED, REQUESTER, "reopen_closed"),
    (Action.REOPEN, S.RESOLVED, PROVIDER_HEAD, "not_your_side"),
    (Action.ASSIGN, S.RECEIVED, PROVIDER, "not_your_side"),
    (Action.CANCEL, S.RESOLVED, REQUESTER, "wrong_status"),
    (Action.START, S.RECEIVED, frozenset(), "not_your_side"),  # an auditor reads but never acts
])
def test_refused_transitions(action, status, sides, code):
    with pytest.raises(RequestRefused) as refused:
        decide(action, RequestFacts(status=status, sides=sides, text="사유"))
    assert refused.value.code == code


@pytest.mark.parametrize("action", [a for a, rule in RULES.items() if rule.needs_text])
def test_actions_that_carry_a_text_refuse_an_empty_one(action):
    rule = RULES[action]
    status = sorted(rule.allowed_from)[0]
    with pytest.raises(RequestRefused) as refused:
        decide(action, RequestFacts(status=status, sides=frozenset(rule.sides), text="  "))
    assert refused.value.code == "text_required"


def test_a_confirmed_request_reopens_only_by_the_provider_head_after_a_poor_rating():
    facts = RequestFacts(status=S.CLOSED, sides=PROVIDER_HEAD, text="다시 처리", poor_rating=False)
    with pytest.raises(RequestRefused):
        decide(Action.REOPEN, facts)
    assert decide(Action.REOPEN, RequestFacts(status=S.CLOSED, sides=PROVIDER_HEAD, text="다시 처리",
                                              poor_rating=True)) is S.IN_PROGRESS


def test_forward_and_assign_special_rules():
    with pytest.raises(RequestRefused) as refused:
        decide(Action.FORWARD, RequestFacts(status=S.RECEIVED, sides=PROVIDER, text="x", same_department=True))
    assert refused.value.code == "forward_same_department"
    with pytest.raises(RequestRefused) as refused:
        decide(Action.ASSIGN, RequestFacts(status=S.RECEIVED, sides=PROVIDER_HEAD, assignee_in_department=False))
    assert refused.value.code == "assignee_department"


def test_allowed_actions_lists_what_each_side_may_do_now():
    assert allowed_actions(RequestFacts(status=S.RESOLVED, sides=REQUESTER)) == [
        Action.CONFIRM, Action.REOPEN]
    assert set(allowed_actions(RequestFacts(status=S.RECEIVED, sides=PROVIDER_HEAD))) == {
        Action.ASSIGN, Action.START, Action.ASK, Action.COMMENT, Action.RESOLVE, Action.FORWARD}
    assert allowed_actions(RequestFacts(status=S.IN_PROGRESS, sides=frozenset())) == []
