"""Forms of the 민원 feature: shape validation only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from civil_complaints.labels import HOLIDAY_KIND_LABELS
from core.inputs import BoundedDateField


class HolidayForm(FlaskForm):
    day = BoundedDateField(_l("Date"), validators=[DataRequired(message=_l("Enter the date."))])
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=100)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in HOLIDAY_KIND_LABELS.items()],
                       validators=[DataRequired()])
    note = StringField(_l("Note (legal basis, announcement)"), validators=[Optional(), Length(max=300)])


class HolidayChangeForm(FlaskForm):
    """A row's remove/restore button: it leads to the preview (HolidayReasonForm), which asks for the reason."""


class HolidayReasonForm(FlaskForm):
    """The second step of a holiday change: saved only with a reason (D7)."""

    reason = StringField(_l("Reason for the change"),
                         validators=[DataRequired(message=_l("Enter the reason for the change.")), Length(max=300)],
                         description=_l("Kept with the change and in the history of every complaint whose deadline "
                                        "moves; complainants do not see it."))
