"""Forms of the 제도개선 register (shape only: the rules live in domain/improvements.py). The forms that change an
improvement carry its version: a stale one is refused with the input kept."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.inputs import BoundedDateField, db_id


class ImprovementForm(FlaskForm):
    version = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Give the improvement a title.")),
                                                 Length(max=200)])
    problem = TextAreaField(_l("What the complaints asked"), validators=[
        DataRequired(message=_l("Say what the complaints asked.")), Length(max=5000)],
        description=_l("Published on the public page once finished: write it without names, contacts or "
                       "receipt numbers."))
    department_id = SelectField(_l("Owner department"), coerce=db_id,
                                validators=[InputRequired(message=_l("Choose a department."))])
    receipt_numbers = TextAreaField(_l("Complaints that prompted it"), validators=[Optional(), Length(max=2000)],
                                    description=_l("Receipt numbers, one per line, e.g. HB-2606-000123."))
    progress = IntegerField(_l("Progress (%)"), default=0, validators=[
        InputRequired(message=_l("Enter a number from 0 to 100.")), NumberRange(min=0, max=100)])
    decision = TextAreaField(_l("Decision taken"), validators=[Optional(), Length(max=5000)],
                             description=_l("What was decided, by whom and why (needed to start or hold it)."))
    what_changed = TextAreaField(_l("What changed"), validators=[Optional(), Length(max=5000)],
                                 description=_l("Published on the public page once finished (needed to finish)."))
    changed_on = BoundedDateField(_l("In effect from"), validators=[Optional()])

    def version_number(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class StepForm(FlaskForm):
    """A move of the state machine; the texts it needs may be given with it."""

    version = HiddenField()
    step = HiddenField(validators=[DataRequired()])
    step_decision = TextAreaField(_l("Decision taken"), validators=[Optional(), Length(max=5000)])
    step_what_changed = TextAreaField(_l("What changed"), validators=[Optional(), Length(max=5000)])
    step_changed_on = BoundedDateField(_l("In effect from"), validators=[Optional()])

    def version_number(self) -> int | None:
        return ImprovementForm.version_number(self)  # type: ignore[arg-type]


class MilestoneForm(FlaskForm):
    version = HiddenField()
    milestone_title = StringField(_l("Milestone"), validators=[DataRequired(message=_l("Name the milestone.")),
                                                                Length(max=200)])
    milestone_due = BoundedDateField(_l("Due by"), validators=[DataRequired(message=_l("Enter a date."))])

    def version_number(self) -> int | None:
        return ImprovementForm.version_number(self)  # type: ignore[arg-type]


class MilestoneDoneForm(FlaskForm):
    version = HiddenField()
    done_on = BoundedDateField(_l("Done on"), validators=[DataRequired(message=_l("Enter a date."))])
    evidence = StringField(_l("Evidence"), validators=[Optional(), Length(max=500)],
                           description=_l("A document number, a short note or a link."))

    def version_number(self) -> int | None:
        return ImprovementForm.version_number(self)  # type: ignore[arg-type]
