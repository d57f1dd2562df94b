"""Forms of the 고객헌장 feature: shape validation only (the services check the rules)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from charters.domain.content import CHANNEL_KINDS, StandardGroup
from charters.labels import CHANNEL_LABELS, GROUP_TITLES, MEASURE_LABELS, SECTION_TITLES
from charters.richtext import MAX_SOURCE_CHARS
from core.inputs import BoundedDateField, db_id

MAX_ROWS = 60
_NUMBER_MESSAGE = _l("Enter a whole number.")


def optional_int(value):
    if value in (None, "", "None"):
        return None
    return db_id(value)


class _Row(Form):
    """A repeated row: a row left completely empty is ignored, a row marked "remove" is dropped."""

    remove = BooleanField(_l("Remove this row"))
    required = ()

    def is_blank(self) -> bool:
        return not any((getattr(self, name).data or "").strip() for name in self.required)

    def check_required(self) -> bool:
        ok = True
        for name in self.required:
            field = getattr(self, name)
            if not (field.data or "").strip():
                field.errors = [*field.errors, _l("Fill this in, or leave the whole row empty.")]
                ok = False
        return ok


class StandardForm(_Row):
    service_group = SelectField(_l("Group"), choices=[SelectChoice(g.value, GROUP_TITLES[g.value])
                                                      for g in StandardGroup])
    service = StringField(_l("Service"), validators=[Length(max=200)],
                          description=_l("For example: road damage reports, answering the telephone."))
    promise = TextAreaField(_l("Our promise"), validators=[Length(max=500)],
                            description=_l("The promise as citizens will read it."))
    measure = SelectField(_l("How it is measured"), choices=[SelectChoice(k, v) for k, v in MEASURE_LABELS.items()])
    complaint_type_id = SelectField(_l("Complaint type"), coerce=optional_int, validate_choice=True,
                                    description=_l("Needed for a processing-time standard; optional for a "
                                                   "satisfaction rate (empty: all complaints)."))
    promise_spec = StringField(_l("Promised period"), validators=[Length(max=30)],
                               description=_l("Only for a promise stricter than the law, e.g. 5 days for an answer "
                                              "within 5 days, 2 working hours, immediately. Empty: the type's "
                                              "processing period."))
    target_percent = IntegerField(_l("Target (percent)"), validators=[Optional(), NumberRange(
        min=1, max=100, message=_l("Enter a percentage from 1 to 100."))],
        description=_l("Processing time: the share answered on time, 100 when empty. Satisfaction: the share "
                                     "satisfied."))
    required = ("service", "promise")

    def validate_target_percent(self, field):
        if field.raw_data and field.raw_data[0].strip() and field.data is None:
            raise ValidationError(_NUMBER_MESSAGE)


class CompensationForm(_Row):
    condition = TextAreaField(_l("When we compensate"), validators=[Length(max=300)])
    amount_won = IntegerField(_l("Amount (won)"), validators=[Optional(), NumberRange(
        min=0, max=10_000_000, message=_l("Enter an amount from 0 to 10,000,000 won."))],
        description=_l("Leave empty when the compensation is not money."))
    reward = StringField(_l("Form of compensation"), validators=[Length(max=100)],
                       description=_l("For example: gift certificate, cash, written apology."))
    basis = StringField(_l("Basis"), validators=[Optional(), Length(max=200)])
    required = ("condition", "reward")


class ChannelForm(_Row):
    kind = SelectField(_l("Kind of channel"), choices=[SelectChoice(k, CHANNEL_LABELS[k]) for k in CHANNEL_KINDS])
    name = StringField(_l("Where"), validators=[Length(max=100)])
    value = StringField(_l("Contact"), validators=[Length(max=200)],
                        description=_l("Telephone number, address, e-mail or web address (shown as text)."))
    hours = StringField(_l("Hours"), validators=[Optional(), Length(max=100)])
    required = ("name", "value")


def _section_field(key: str) -> TextAreaField:
    return TextAreaField(SECTION_TITLES[key], validators=[Length(max=MAX_SOURCE_CHARS)])


class CharterForm(FlaskForm):
    row_version = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter a title.")), Length(max=200)])
    preamble = _section_field("preamble")
    mission = _section_field("mission")
    services = _section_field("services")
    remedy = _section_field("remedy")
    improvement = _section_field("improvement")
    standards = FieldList(FormField(StandardForm), max_entries=MAX_ROWS)
    compensations = FieldList(FormField(CompensationForm), max_entries=MAX_ROWS)
    channels = FieldList(FormField(ChannelForm), max_entries=MAX_ROWS)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for rows in (self.standards, self.compensations, self.channels):
            for entry in rows:
                row = entry.form
                if not row.remove.data and not row.is_blank():
                    ok = row.check_required() and ok
        return ok

    def kept(self, rows: FieldList) -> list:
        """The rows to save: not removed, not left empty."""
        return [entry.form for entry in rows if not entry.form.remove.data and not entry.form.is_blank()]


class NewCharterForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Enter a title.")), Length(max=200)])
    copy_from = SelectField(_l("Start from"), coerce=optional_int, validate_choice=True)


class PeriodForm(FlaskForm):
    """The reporting period of 이행실적 (GET form: nothing is stored, no CSRF token)."""

    class Meta:
        csrf = False

    first_day = BoundedDateField(_l("From"), validators=[DataRequired(message=_l("Enter the first day."))])
    last_day = BoundedDateField(_l("To"), validators=[DataRequired(message=_l("Enter the last day."))])

    def validate_last_day(self, field):
        if self.first_day.data and field.data:
            if field.data < self.first_day.data:
                raise ValidationError(_l("The last day cannot be before the first day."))
            if (field.data - self.first_day.data).days > 5 * 366:
                raise ValidationError(_l("Choose a period of at most five years."))
