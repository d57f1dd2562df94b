"""Forms of the 민원 feature: shape validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.inputs import BoundedDateField
from civil_complaints.domain.kinds import DEFAULT_PERIODS, ComplaintKind
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.labels import HOLIDAY_KIND_LABELS, KIND_LABELS

CUSTOM = "custom"


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
        validators=[Length(max=10)],
        description=_l("For example 즉시, 3h (working hours), 5d, 14d, 2w, 1m."),
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
        try:
            ProcessingPeriod.parse(field.data.strip())
        except ValueError:
            raise ValidationError(_l("Write the period as 즉시, or a number followed by h, d, w, m or y.")) from None

    def validate_pause_end(self, field):
        start, end = self.pause_start.data, field.data
        if (start is None) != (end is None):
            raise ValidationError(_l("Enter both the first and the last day of the excluded period."))
        if start and end and end < start:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def period_spec(self) -> str:
        if self.kind.data == CUSTOM:
            return self.period.data.strip()
        return DEFAULT_PERIODS[ComplaintKind(self.kind.data)]


class HolidayForm(FlaskForm):
    day = BoundedDateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=100)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in HOLIDAY_KIND_LABELS.items()],
                       validators=[DataRequired()])
    note = StringField(_l("Note (legal basis, announcement)"), validators=[Optional(), Length(max=300)])


class HolidayChangeForm(FlaskForm):
    note = StringField(_l("Reason"), validators=[Optional(), Length(max=300)])
