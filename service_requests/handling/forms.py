"""The forms of a request's page: one per step the viewer may take, each prefixed with its action so a page holds
them all with distinct ids, each carrying the request's version (the "someone else changed this" check)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from core.inputs import db_id, parse_int
from service_requests.domain.workflow import Action
from service_requests.handling.services import MAX_TEXT

#: steps whose form has a text box; ASSIGN chooses a handler, FORWARD a department
TEXT_ACTIONS = frozenset({Action.REJECT, Action.ASK, Action.REPLY, Action.COMMENT, Action.RESOLVE, Action.REOPEN,
                          Action.FORWARD, Action.CANCEL})


class StepForm(FlaskForm):
    class Meta:
        csrf = False  # the page's forms carry the one `csrf_token` field, checked for every POST (CSRFProtect)

    version = HiddenField()
    text = TextAreaField(validators=[Optional(), Length(max=MAX_TEXT)])
    assignee = SelectField(_l("Handler"), coerce=db_id, validate_choice=True, validators=[Optional()])
    department = SelectField(_l("Department to forward to"), coerce=db_id, validate_choice=True,
                             validators=[Optional()])

    def version_number(self) -> int | None:
        return parse_int(self.version.data, low=1)


def step_form(action: Action, *, submitted: bool = False, assignees=(), departments=()) -> StepForm:
    """The form of `action` with only its own fields: the request's data when `submitted`, else empty."""
    form = StepForm(prefix=action.value) if submitted else StepForm(prefix=action.value, formdata=None)
    if action not in TEXT_ACTIONS:
        del form["text"]
    if action is Action.ASSIGN:
        form.assignee.choices = list(assignees)
    else:
        del form["assignee"]
    if action is Action.FORWARD:
        form.department.choices = list(departments)
    else:
        del form["department"]
    return form
