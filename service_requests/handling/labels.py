"""Words for a request's codes: statuses, priorities, steps, refusals, history fields, badges (through Babel)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from service_requests.domain.ola import Target
from service_requests.domain.workflow import Action
from service_requests.labels import PRIORITY_LABELS, STATUS_LABELS, badge_text  # noqa: F401 - the rooms' words

#: what each step is called on its button and in the history
ACTION_LABELS = {
    "create": _l("Request sent"), Action.APPROVE.value: _l("Approve"), Action.REJECT.value: _l("Refuse approval"),
    Action.ASSIGN.value: _l("Assign a handler"), Action.START.value: _l("Start work"),
    Action.ASK.value: _l("Ask the requester"), Action.REPLY.value: _l("Answer the question"),
    Action.COMMENT.value: _l("Comment"), Action.RESOLVE.value: _l("Resolve"),
    Action.CONFIRM.value: _l("Confirm the resolution"), Action.REOPEN.value: _l("Reopen"),
    Action.FORWARD.value: _l("Forward to another department"), Action.CANCEL.value: _l("Cancel the request"),
    "due_soon": _l("Reminder: due soon"), "overdue": _l("Overdue notice"), "rate": _l("Rated"),
}
#: the label of the text box of each step that carries a text
TEXT_LABELS = {
    Action.REJECT.value: _l("Reason for refusing"), Action.ASK.value: _l("Question to the requester"),
    Action.REPLY.value: _l("Your answer"), Action.COMMENT.value: _l("Comment"),
    Action.RESOLVE.value: _l("What was done"), Action.REOPEN.value: _l("Why it is not resolved"),
    Action.FORWARD.value: _l("Reason for forwarding"), Action.CANCEL.value: _l("Reason for cancelling"),
}
#: what the history says changed
CHANGE_LABELS = {
    "handler": _l("Handler"), "provider_department": _l("Providing department"),
    "resolution_due_at": _l("Resolution due"), "response_due_at": _l("First response due"),
    "responded_at": _l("First response"), "resolved_at": _l("Resolved at"), "reopen_count": _l("Times reopened"),
}


def refusal_message(code: str) -> str:
    return {
        "wrong_status": _("This step is not possible in the request's present status."),
        "not_your_side": _("You may not take this step on this request."),
        "text_required": _("Write the text this step needs."),
        "text_too_long": _("The text is too long: at most 4,000 characters."),
        "reopen_closed": _("A completed request can be reopened only by the providing department's head after a "
                           "poor rating."),
        "forward_same_department": _("The request is already with this department. Choose another one."),
        "assignee_department": _("Choose a handler of the providing department with an active account."),
        "assignee_required": _("Choose a handler."),
        "department_required": _("Choose the department to forward to."),
    }.get(code, _("This step is not possible now."))


def target_text(target: str) -> str:
    """A service level target in words: "4h" → 4 working hours, "2d" → 2 working days."""
    try:
        parsed = Target.parse(target)
    except ValueError:
        return target
    if parsed.unit == "h":
        return ngettext("%(num)d working hour", "%(num)d working hours", parsed.amount)
    return ngettext("%(num)d working day", "%(num)d working days", parsed.amount)
