"""Words of the 제도개선 register: statuses, steps, history entries and refusals, in the page's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from civil_complaints.domain.improvements import ImprovementAction as A
from civil_complaints.domain.improvements import ImprovementStatus as S

STATUS_LABELS = {S.PROPOSED.value: _l("Proposed"), S.REVIEWING.value: _l("Under review"),
                 S.IN_PROGRESS.value: _l("Being carried out"), S.DONE.value: _l("Done"), S.ON_HOLD.value: _l("On hold")}
#: the steps offered on the page, in this order, with the button's words
STEP_LABELS = {A.REVIEW.value: _l("Start the review"), A.START.value: _l("Decide and start"),
               A.FINISH.value: _l("Mark as done"), A.HOLD.value: _l("Put on hold"),
               A.RESUME.value: _l("Resume the review")}
EVENT_LABELS = {"proposed": _l("Proposed"), "edited": _l("Edited"), "review": _l("Review started"),
                "start": _l("Decided and started"), "finish": _l("Done"), "hold": _l("Put on hold"),
                "resume": _l("Review resumed"), "milestone_added": _l("Milestone added"),
                "milestone_done": _l("Milestone done")}


def refusal_message(code: str) -> str:
    return {
        "improvement_decision_required": _("Write the decision first: what was decided, by whom and why."),
        "improvement_change_required": _("Write what changed first: it is published on the public page."),
        "improvement_milestones_open": _("Every milestone must be done (with its date) before the improvement is "
                                         "done."),
        "improvement_finished": _("This improvement is done and published; it is no longer changed. Propose a "
                                  "new one instead."),
        "improvement_progress_invalid": _("Enter a number from 0 to 100."),
    }.get(code, _("This step is not possible in the improvement's current status."))
