"""What a person asks of 민원 분석, read from the address (a GET form: nothing stored, no CSRF token): the period
(reporting's presets and dates), the grouping, a department, the size of a repeated group, and the figure whose
민원 to list. Refused input stays on the form, with its error."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, Regexp

from civil_complaints.domain.analysis import MAX_KEYWORD_LENGTH, MIN_REPEATED
from reporting.params import ReportForm

DIMENSION_LABELS = {"category": _l("Category"), "department": _l("Department"), "type": _l("Complaint type"),
                    "channel": _l("Channel"), "place": _l("Place")}


class AnalysisForm(FlaskForm):
    class Meta:
        csrf = False

    preset = ReportForm.preset
    date_from = ReportForm.date_from
    date_to = ReportForm.date_to
    by = SelectField(_l("Group by"), choices=[SelectChoice(k, v) for k, v in DIMENSION_LABELS.items()],
                     validators=[Optional()])
    department = SelectField(_l("Department"), validators=[Optional()], validate_choice=False)
    minimum = IntegerField(_l("Complaints in a group, at least"), validators=[
        Optional(), NumberRange(min=2, max=100000, message=_l("Enter a number from 2 to 100,000."))],
        default=MIN_REPEATED)


class DrillForm(AnalysisForm):
    month = StringField(_l("Month"), validators=[Optional(), Regexp(r"^[0-9]{4}-(0[1-9]|1[0-2])$",
                                                                    message=_l("Enter the month as YYYY-MM."))])
    category = StringField(_l("Category"), validators=[Optional(), Regexp(r"^(-|[0-9]{1,9})$",
                                                                          message=_l("Choose a category."))])
    type = StringField(_l("Complaint type"), validators=[Optional(), Regexp(r"^[0-9]{1,9}$",
                                                                            message=_l("Choose a type."))])
    channel = StringField(_l("Channel"), validators=[Optional(), Length(max=10)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=100)])
    keyword = StringField(_l("Keyword"), validators=[Optional(), Length(
        max=MAX_KEYWORD_LENGTH, message=_l("Write at most %(max)d characters.", max=MAX_KEYWORD_LENGTH))])
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(min=1, max=100000)], default=1)
