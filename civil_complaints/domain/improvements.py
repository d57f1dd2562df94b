"""제도개선 과제 (issue 20): the life of an improvement a 민원 prompted, as a table (pure; as workflow.py:decide).

    제안 (proposed) → 검토 (reviewing) → 추진 (in progress) → 완료 (done)
    제안 · 검토 · 추진 → 보류 (on hold) → 검토

Starting needs the decision (what was decided and why); finishing needs what changed and every milestone done;
holding needs the decision that explains it. 완료 is final: a finished improvement is public (/improvements)
and its 민원인 were told, so it is not edited or reopened — a new improvement is proposed instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ImprovementStatus(StrEnum):
    PROPOSED = "proposed"
    REVIEWING = "reviewing"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ON_HOLD = "on_hold"


class ImprovementAction(StrEnum):
    REVIEW = "review"
    START = "start"
    FINISH = "finish"
    HOLD = "hold"
    RESUME = "resume"
    #: change the text, owner, progress, linked 민원 or milestones
    EDIT = "edit"


S, A = ImprovementStatus, ImprovementAction
UNFINISHED = frozenset({S.PROPOSED, S.REVIEWING, S.IN_PROGRESS, S.ON_HOLD})

#: action → (the statuses it is allowed from, the status after it; None: unchanged)
TRANSITIONS: dict[ImprovementAction, tuple[frozenset[ImprovementStatus], ImprovementStatus | None]] = {
    A.REVIEW: (frozenset({S.PROPOSED}), S.REVIEWING),
    A.START: (frozenset({S.REVIEWING}), S.IN_PROGRESS),
    A.FINISH: (frozenset({S.IN_PROGRESS}), S.DONE),
    A.HOLD: (frozenset({S.PROPOSED, S.REVIEWING, S.IN_PROGRESS}), S.ON_HOLD),
    A.RESUME: (frozenset({S.ON_HOLD}), S.REVIEWING),
    A.EDIT: (UNFINISHED, None),
}


@dataclass(frozen=True)
class ImprovementFacts:
    status: ImprovementStatus
    decision: str = ""
    what_changed: str = ""
    open_milestones: int = 0
    progress: int = 0


class ImprovementRefused(Exception):
    """A step the rules forbid; `code` is translated by the web layer."""

    def __init__(self, code: str, status: ImprovementStatus) -> None:
        super().__init__(f"{code} (status {status.value})")
        self.code, self.status, self.params = code, status, {}


def _needs_decision(facts: ImprovementFacts) -> None:
    if not facts.decision.strip():
        raise ImprovementRefused("improvement_decision_required", facts.status)


def _finish(facts: ImprovementFacts) -> None:
    if not facts.what_changed.strip():
        raise ImprovementRefused("improvement_change_required", facts.status)
    if facts.open_milestones:
        raise ImprovementRefused("improvement_milestones_open", facts.status)


def _edit(facts: ImprovementFacts) -> None:
    if not 0 <= facts.progress <= 100:
        raise ImprovementRefused("improvement_progress_invalid", facts.status)


_RULES = {A.START: _needs_decision, A.HOLD: _needs_decision, A.FINISH: _finish, A.EDIT: _edit}


def allowed(action: ImprovementAction, status: ImprovementStatus) -> bool:
    return status in TRANSITIONS[action][0]


def decide(action: ImprovementAction, facts: ImprovementFacts) -> ImprovementStatus:
    """The status after `action` (the facts as they will be once the step's input is applied), or
    `ImprovementRefused` with the reason's code."""
    sources, after = TRANSITIONS[action]
    if facts.status not in sources:
        code = "improvement_finished" if facts.status is S.DONE else "improvement_wrong_status"
        raise ImprovementRefused(code, facts.status)
    rule = _RULES.get(action)
    if rule is not None:
        rule(facts)
    return after or facts.status


def progress_after(action: ImprovementAction, progress: int) -> int:
    """Finishing makes the progress 100 %; nothing else moves it."""
    return 100 if action is A.FINISH else progress
