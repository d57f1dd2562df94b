"""The form of the public 처리기한 계산기 (shape only; the rules live in the domain)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from civil_complaints.deadlines.period_input import parse_period_input
from civil_complaints.domain.kinds import DEFAULT_PERIODS, ComplaintKind
from civil_complaints.labels import KIND_LABELS
from core.inputs import BoundedDateField

CUSTOM = "custom"


PERIOD_FORMAT_MESSAGE = _l("Write the period as a number and its unit, e.g. 3 working hours, 14 days, 2 weeks, "
                           "1 month, or as immediately.")


def _kind_choices():
    choices = [SelectChoice("", _l("Choose a kind of complaint"))]
    for kind, spec in DEFAULT_PERIODS.items():
        if spec is not None:
            choices.append(SelectChoice(kind.value, KIND_LABELS[kind]))
    choices.append(SelectChoice(CUSTOM, _l("Enter a period (e.g. statutory complaints)")))
    return choices



class DeadlineForm(FlaskForm):
    """The public 처리기한 계산기. GET form: no CSRF token needed, nothing is stored."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind of complaint"), choices=_kind_choices(),
                       validators=[DataRequired(message=_l("Choose a kind of complaint or enter a period."))])
    period = StringField(
        _l("Processing period"),
        validators=[Length(max=30)],
        description=_l("For example: immediately, 3 working hours, 5 days, 14 days, 2 weeks, 1 month."),
    )
    received_on = BoundedDateField(_l("Date received"),
                                   validators=[DataRequired(message=_l("Enter the date received."))])
    received_time = TimeField(_l("Time received"),
                              validators=[DataRequired(message=_l("Enter the time received."))])
    pause_start = BoundedDateField(_l("Excluded period from"), validators=[Optional()])
    pause_end = BoundedDateField(_l("Excluded period to"), validators=[Optional()])

    def validate_period(self, field):
        if self.kind.data != CUSTOM:
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter a processing period."))
        if parse_period_input(field.data) is None:
            raise ValidationError(PERIOD_FORMAT_MESSAGE)

    def validate_pause_end(self, field):
        start, end = self.pause_start.data, field.data
        if (start is None) != (end is None):
            raise ValidationError(_l("Enter both the first and the last day of the excluded period."))
        if start and end and end < start:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def period_spec(self) -> str:
        if self.kind.data == CUSTOM:
            return parse_period_input(self.period.data)
        return DEFAULT_PERIODS[ComplaintKind(self.kind.data)]

